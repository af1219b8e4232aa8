import { test, expect, Page } from "@playwright/test";
import { signInAs, hydrated, watchProblems } from "./helpers";

const SLUG = "kab-contoh";
/** The demo's running survey at the Disdukcapil counter (the code on its QR poster). */
const CODE = "CONTOH26";

/** "81,94" → 81.94 */
const number = (text: string) => Number(text.trim().replace(/\./g, "").replace(",", "."));

async function standing(page: Page): Promise<{ responses: number; ikm: number }> {
  const sample = await page.locator(".sample").first().innerText();
  const responses = Number(/(\d+) dari minimal/.exec(sample)?.[1]);
  const result = page.locator("section", { has: page.getByRole("heading", { name: "Hasil", exact: true }) });
  const ikm = number(await result.locator(".score").first().innerText());
  return { responses, ikm };
}

test("skm: a respondent answers on a phone from the QR link; the coordinator sees the response counted and the index updated", async ({ browser }) => {
  // The coordinator opens the running period from the survey list.
  const coordinator = await signInAs(browser, "koordinator@kab-contoh.test");
  const problems = watchProblems(coordinator);
  await coordinator.goto(`/t/${SLUG}`);
  await hydrated(coordinator);
  await coordinator.getByRole("link", { name: "SKM", exact: true }).click();
  await expect(coordinator.getByRole("heading", { name: "Survei Kepuasan Masyarakat (SKM)" })).toBeVisible();
  await hydrated(coordinator);
  const row = coordinator.getByRole("row").filter({ hasText: "Loket Pelayanan Disdukcapil" }).filter({ hasText: "Menerima jawaban" });
  await row.getByRole("link").first().click();
  await expect(coordinator.getByRole("heading", { name: "Tautan kuesioner" })).toBeVisible();
  await expect(coordinator.getByText(`/s/${CODE}`).first()).toBeVisible();
  await expect(coordinator.getByRole("img", { name: "Kode QR menuju kuesioner" })).toBeVisible();
  const before = await standing(coordinator);
  expect(before.responses).toBeGreaterThan(0);
  expect(before.ikm).toBeGreaterThan(25);

  // The poster for the counter carries the address and the code.
  const [poster] = await Promise.all([
    coordinator.waitForEvent("download"),
    coordinator.getByRole("link", { name: "Unduh poster (PDF)" }).click(),
  ]);
  const bytes = await (await import("fs/promises")).readFile(await poster.path());
  expect(bytes.subarray(0, 4).toString()).toBe("%PDF");

  // A respondent on a phone, no account, opens the QR link.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const respondent = await phone.newPage();
  const publicProblems = watchProblems(respondent);
  const res = await respondent.goto(`/s/${CODE}`);
  expect(res?.status()).toBe(200);
  await expect(respondent.getByRole("heading", { name: "Survei Kepuasan Masyarakat" })).toBeVisible();
  await expect(respondent.getByText("Loket Pelayanan Disdukcapil").first()).toBeVisible();
  expect(await respondent.locator("script").count()).toBe(0);
  // Answering everything with the lowest answer moves the index down for sure.
  const lowest = ["Tidak sesuai", "Tidak mudah", "Tidak cepat", "Sangat mahal", "Tidak sesuai", "Tidak kompeten", "Tidak sopan dan ramah", "Buruk", "Tidak ada"];
  for (const [i, label] of lowest.entries()) {
    const group = respondent.getByRole("group", { name: new RegExp(`^${i + 1}\\. `) });
    await group.getByLabel(label, { exact: true }).check();
  }
  await respondent.getByLabel("Umur (tahun)").fill("35");
  await respondent.getByLabel("Perempuan").check();
  await respondent.getByLabel("Pendidikan terakhir").selectOption("SMA");
  await respondent.getByLabel("Saran dan masukan untuk perbaikan pelayanan").fill("Antrean pagi terlalu panjang (uji e2e).");
  await respondent.screenshot({ path: "test-results/skm-form-phone.png", fullPage: true });
  await respondent.getByRole("button", { name: "Kirim jawaban" }).click();
  await expect(respondent.getByRole("heading", { name: "Terima kasih!" })).toBeVisible();
  expect(publicProblems).toEqual([]);

  // The coordinator reloads: one more response, a lower index, the suggestion listed.
  await coordinator.reload();
  await hydrated(coordinator);
  const after = await standing(coordinator);
  expect(after.responses).toBe(before.responses + 1);
  expect(after.ikm).toBeLessThan(before.ikm);
  await expect(coordinator.getByText("Antrean pagi terlalu panjang (uji e2e).")).toBeVisible();
  expect(problems).toEqual([]);
  await phone.close();
});
