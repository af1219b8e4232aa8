import { test, expect } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, markNoReload, stillSamePage, watchProblems } from "./helpers";

test("coordinator signs in, sees home, switches language and signs out, all without a reload", async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/masuk$/);
  await expect(page.getByRole("heading", { name: "Masuk ke Patuh" })).toBeVisible();
  await hydrated(page);
  await markNoReload(page);

  await page.getByLabel("Email").fill("koordinator@kab-contoh.test");
  await page.getByLabel("Kata sandi").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();

  await expect(page.getByRole("heading", { name: "Selamat datang, Siti Rahmawati" })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  const access = page.getByRole("list").filter({ hasText: "Kabupaten Contoh" });
  await expect(access).toContainText("Koordinator (Biro/Bagian Organisasi)");
  await stillSamePage(page);

  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Siti Rahmawati" })).toBeVisible();
  await expect(access).toContainText("Coordinator (organisation bureau)");
  await stillSamePage(page);

  // The choice is remembered across a reload.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Welcome, Siti Rahmawati" })).toBeVisible();
  await hydrated(page);
  await page.getByRole("link", { name: "Bahasa Indonesia" }).click();
  await expect(page.getByRole("heading", { name: "Selamat datang, Siti Rahmawati" })).toBeVisible();

  await page.getByRole("button", { name: "Keluar" }).click();
  await expect(page.getByRole("heading", { name: "Masuk ke Patuh" })).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/masuk$/);
  expect(problems).toEqual([]);
});

test("a wrong password shows one clear message and keeps the visitor on the form", async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto("/masuk");
  await hydrated(page);
  await page.getByLabel("Email").fill("pic.disdukcapil@kab-contoh.test");
  await page.getByLabel("Kata sandi").fill("bukan-kata-sandinya");
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("alert")).toHaveText("Email atau kata sandi salah.");
  await expect(page).toHaveURL(/\/masuk/);

  // An unknown account gets exactly the same answer.
  await page.getByLabel("Email").fill("tidak.ada@kab-contoh.test");
  await page.getByLabel("Kata sandi").fill("apa-saja-123");
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("alert")).toHaveText("Email atau kata sandi salah.");
  expect(problems).toEqual([]);
});

test("mentor sees the pemda granted to their office", async ({ page }) => {
  await page.goto("/masuk");
  await page.getByLabel("Email").fill("mentor@ombudsman-contoh.test");
  await page.getByLabel("Kata sandi").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("heading", { name: "Selamat datang, Made Wirawan" })).toBeVisible();
  await expect(page.getByRole("list")).toContainText("Mentor Ombudsman");
  await expect(page.getByRole("list")).toContainText("Perwakilan Ombudsman RI Provinsi Contoh");
  await page.getByRole("button", { name: "Keluar" }).click();
  await expect(page.getByRole("heading", { name: "Masuk ke Patuh" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sign-in, wrong password, language and sign-out work as plain forms and links", async ({ page }) => {
    await page.goto("/masuk");
    await page.getByLabel("Email").fill("kepala.disdukcapil@kab-contoh.test");
    await page.getByLabel("Kata sandi").fill("salah-sekali-123");
    await page.getByRole("button", { name: "Masuk" }).click();
    await expect(page.getByRole("alert")).toHaveText("Email atau kata sandi salah.");

    await page.getByLabel("Email").fill("kepala.disdukcapil@kab-contoh.test");
    await page.getByLabel("Kata sandi").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Masuk" }).click();
    await expect(page.getByRole("heading", { name: "Selamat datang, Budi Santoso" })).toBeVisible();
    await expect(page.getByRole("list")).toContainText("Dinas Kependudukan dan Pencatatan Sipil");

    await page.getByRole("link", { name: "English" }).click();
    await expect(page.getByRole("heading", { name: "Welcome, Budi Santoso" })).toBeVisible();
    await page.getByRole("link", { name: "Bahasa Indonesia" }).click();

    await page.getByRole("button", { name: "Keluar" }).click();
    await expect(page.getByRole("heading", { name: "Masuk ke Patuh" })).toBeVisible();
  });
});

test("unknown address shows the 404 page", async ({ page }) => {
  const res = await page.goto("/tidak-ada");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Halaman tidak ditemukan" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Kembali ke beranda" })).toBeVisible();
});

test("the sign-in and home pages fit a 360-pixel phone", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const page = await context.newPage();
  await page.goto("/masuk");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByLabel("Email").fill("sekda@kab-contoh.test");
  await page.getByLabel("Kata sandi").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("heading", { name: "Selamat datang, Agus Pratama" })).toBeVisible();
  const overflowHome = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflowHome).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "screenshots/home-phone.png", fullPage: true });
  await context.close();
});
