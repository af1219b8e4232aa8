import { test, expect, Page } from "@playwright/test";
import { signInAs, hydrated, markNoReload, stillSamePage, watchProblems } from "./helpers";

const SLUG = "kab-contoh";

/**
 * Every page is a lazily loaded route: its code arrives as its own wasm chunk beside the app
 * shell. A page whose chunk is missing, fails to load or does not match the server's HTML
 * never hydrates (or logs an error), so each one is opened directly and must hydrate cleanly.
 */
async function opens(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBeLessThan(400);
  await hydrated(page);
  await expect(page.locator("main h1").first(), path).toBeVisible();
}

/** The `href` of the first link on the page whose address contains `fragment`. */
async function firstLink(page: Page, fragment: string): Promise<string> {
  const link = page.locator(`main a[href*='${fragment}']`).first();
  await expect(link).toBeVisible();
  return (await link.getAttribute("href"))!;
}

/** Records the wasm files a page fetched: the main bundle and the chunks of the page. */
function wasmFetched(page: Page): Map<string, number> {
  const files = new Map<string, number>();
  page.on("requestfinished", async (req) => {
    const url = new URL(req.url());
    if (!url.pathname.endsWith(".wasm")) return;
    const sizes = await req.sizes().catch(() => null);
    files.set(url.pathname, sizes?.responseBodySize ?? 0);
  });
  return files;
}

test("the sign-in page loads the app shell and its own chunk, not the code of every page", async ({ page }) => {
  const problems = watchProblems(page);
  const wasm = wasmFetched(page);
  await opens(page, "/masuk");
  await page.waitForLoadState("networkidle");
  const names = [...wasm.keys()];
  expect(names.some((n) => n.endsWith("_bg.wasm") || /\/patuh[^/]*\.wasm$/.test(n)), names.join(", ")).toBe(true);
  expect(names.length, names.join(", ")).toBeGreaterThan(1);
  const total = [...wasm.values()].reduce((a, b) => a + b, 0);
  console.log(`first load of /masuk: ${names.length} wasm files, ${(total / 1024).toFixed(0)} KB as received`);
  expect(problems).toEqual([]);
});

test("every page hydrates when opened directly, and moving between pages fetches the next page's chunk without a reload", async ({ browser }) => {
  test.setTimeout(240_000);

  // Before signing in.
  const visitor = await browser.newPage();
  const visitorProblems = watchProblems(visitor);
  for (const path of ["/masuk", "/masuk/dua-langkah", "/lupa-sandi", "/atur-ulang-sandi/bukan-token", "/undangan/bukan-token"]) {
    await opens(visitor, path);
  }
  expect(visitorProblems).toEqual([]);

  // The coordinator's pages.
  const coordinator = await signInAs(browser, "koordinator@kab-contoh.test");
  const problems = watchProblems(coordinator);
  await opens(coordinator, `/t/${SLUG}/siklus`);
  const board = await firstLink(coordinator, `/t/${SLUG}/siklus/`);
  await opens(coordinator, board);
  const pkg = await firstLink(coordinator, `/t/${SLUG}/paket/`);
  await opens(coordinator, pkg);
  const item = await firstLink(coordinator, `/t/${SLUG}/butir/`);
  await opens(coordinator, `/t/${SLUG}/skm`);
  const period = await firstLink(coordinator, `/t/${SLUG}/skm/`);
  for (const path of [
    "/",
    "/akun",
    "/akun/dua-langkah",
    "/akun/kode-pemulihan",
    "/notifikasi",
    `/t/${SLUG}`,
    `${board}/dasbor`,
    `${board}/ringkasan`,
    `${board}/penugasan`,
    `/t/${SLUG}/tugas`,
    period,
    item,
    `/t/${SLUG}/organisasi`,
    `/t/${SLUG}/orang`,
    `/t/${SLUG}/mentor`,
    `/t/${SLUG}/audit`,
  ]) {
    await opens(coordinator, path);
  }

  // Client-side navigation: the board's link to the dashboard loads that page's chunk in place.
  await opens(coordinator, board);
  await markNoReload(coordinator);
  await coordinator.getByRole("link", { name: "Dasbor" }).click();
  await expect(coordinator.getByRole("heading", { name: "Posisi pemda" })).toBeVisible();
  await stillSamePage(coordinator);
  expect(problems).toEqual([]);

  // The mentor's workspace.
  const mentor = await signInAs(browser, "mentor@ombudsman-contoh.test");
  const mentorProblems = watchProblems(mentor);
  await opens(mentor, "/mentor");
  await opens(mentor, "/mentor/ikhtisar");
  expect(mentorProblems).toEqual([]);

  // The operator's console.
  const operator = await signInAs(browser, "operator@patuh.test");
  const operatorProblems = watchProblems(operator);
  await opens(operator, "/admin");
  await opens(operator, "/admin/pemda");
  await opens(operator, await firstLink(operator, "/admin/pemda/"));
  for (const path of ["/admin/kantor", "/admin/pengguna", "/admin/kotak-keluar", "/admin/audit", "/admin/instrumen/banding"]) {
    await opens(operator, path);
  }
  await opens(operator, "/admin/instrumen");
  await opens(operator, await firstLink(operator, "/admin/instrumen/"));
  expect(operatorProblems).toEqual([]);
});
