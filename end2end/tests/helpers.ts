import { expect, Page } from "@playwright/test";

export const DEMO_PASSWORD = "patuh-demo-2026";

/** Collects console errors and failed requests so a test can assert a clean page. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400 && !res.url().includes("/tidak-ada")) {
      problems.push(`${res.status()} ${res.url()}`);
    }
  });
  return problems;
}

/** Waits until the wasm has hydrated the page (the body carries the marker the app sets). */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated='true']")).toHaveCount(1);
}

/** Sets a marker on `window` that only survives if the page is not reloaded. */
export async function markNoReload(page: Page) {
  await page.evaluate(() => ((window as any).__patuhNoReload = true));
}

export async function stillSamePage(page: Page) {
  expect(await page.evaluate(() => (window as any).__patuhNoReload === true)).toBe(true);
}
