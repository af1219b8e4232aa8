import { test, expect, Page } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, watchProblems } from "./helpers";

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/masuk");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("heading", { name: /^Selamat datang/ })).toBeVisible();
}

test("operator copies a built-in instrument to a draft, re-weights it, compares and publishes", async ({ page }) => {
  const problems = watchProblems(page);
  await signIn(page, "operator@patuh.test", DEMO_PASSWORD);
  await page.goto("/admin/instrumen");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik" })).toBeVisible();
  await page.getByRole("link", { name: "ombudsman-kepatuhan@2023" }).click();

  // The version: public-sources warning, bands, the tree with weights.
  await expect(page.getByText("Disusun dari sumber publik").first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Kualitas Tertinggi" })).toBeVisible();
  await expect(page.locator("details.tree-section").first()).toContainText("21,85");

  // Copy to a new draft: the draft opens.
  await hydrated(page);
  await page.getByLabel("Label versi baru").fill("2026");
  await page.getByRole("button", { name: "Salin ke draf baru" }).first().click();
  await expect(page.getByRole("status")).toContainText("Draf baru sudah dibuat");
  await expect(page.locator("code").filter({ hasText: "ombudsman-kepatuhan@2026" })).toBeVisible();

  // Edit the YAML: a wrong weight is refused with its line, a right one saves.
  await page.getByRole("link", { name: "Ubah draf (YAML)" }).click();
  await hydrated(page);
  const editor = page.locator("textarea#yaml");
  const source = await editor.inputValue();
  await editor.fill(source.replace("weight: 21.85", "weight: 25"));
  await page.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByRole("alert")).toContainText("jumlah bobot");
  await expect(page.getByRole("alert")).toContainText("baris");
  await editor.fill(source.replace("weight: 21.85", "weight: 20.85").replace("weight: 32.37", "weight: 33.37"));
  await page.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByRole("status")).toContainText("Tersimpan");

  // Compare with 2023, then publish.
  await page.getByRole("link", { name: "Kembali ke versi ini" }).click();
  await hydrated(page);
  await page.getByLabel("Bandingkan dengan versi lama").selectOption({ label: "2023" });
  await page.getByRole("button", { name: "Bandingkan versi" }).click();
  await expect(page.getByRole("heading", { name: /Bobot berubah/ })).toBeVisible();
  await expect(page.getByText("21,85 → 20,85")).toBeVisible();
  await page.getByRole("link", { name: "ombudsman-kepatuhan@2026" }).click();
  await hydrated(page);
  await page.getByRole("button", { name: "Terbitkan" }).click();
  await expect(page.getByRole("status")).toContainText("diterbitkan dan dibekukan");
  await expect(page.getByRole("link", { name: "Ubah draf (YAML)" })).toHaveCount(0);
  expect(problems).toEqual([]);
});
