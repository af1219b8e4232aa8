import { Browser, expect, Page } from "@playwright/test";

export const DEMO_PASSWORD = "patuh-demo-2026";

/**
 * Collects console errors (CSP violations, hydration panics), page errors and failed requests,
 * so a test can assert a clean page. A server function's 4xx answer is an expected refusal
 * (wrong password: 401) that the page shows; a 5xx never is.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  const expectedRefusal = (url: string, status: number) =>
    (url.includes("/api/") || url.includes("/bukti")) && status >= 400 && status < 500;
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const status = Number(/status of (\d{3})/.exec(msg.text())?.[1] ?? 0);
    if (expectedRefusal(msg.location().url, status)) return;
    problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400 && !expectedRefusal(res.url(), res.status()) && !res.url().includes("/tidak-ada")) {
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

/** A new browser context signed in as `email` (on a phone-sized screen when `phone`). */
export async function signInAs(browser: Browser, email: string, phone = false): Promise<Page> {
  const context = await browser.newContext({
    acceptDownloads: true,
    ...(phone ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  await page.goto("/masuk");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("heading", { name: /^Selamat datang/ })).toBeVisible();
  return page;
}
