import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser (this machine has no internet beyond registries).
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.PATUH_E2E_BASE_URL ?? "http://127.0.0.1:3000",
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.PATUH_CHROMIUM ?? "/usr/bin/chromium",
      args: chromiumArgs,
    },
    trace: "off",
    screenshot: "only-on-failure",
  },
});
