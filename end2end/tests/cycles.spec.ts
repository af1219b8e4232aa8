import { test, expect, Page, Browser } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, watchProblems } from "./helpers";

async function signIn(page: Page, email: string) {
  await page.goto("/masuk");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("heading", { name: /^Selamat datang/ })).toBeVisible();
}

async function newPage(browser: Browser, phone = false) {
  const context = await browser.newContext(phone ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } : {});
  return context.newPage();
}

test("coordinator runs a cycle on the Ombudsman instrument; a PIC answers on a phone and submits", async ({ browser }) => {
  test.setTimeout(180_000);
  const coordinator = await newPage(browser);
  const problems = watchProblems(coordinator);
  await signIn(coordinator, "koordinator@kab-contoh.test");

  // A new cycle on the built-in Ombudsman instrument; lokus units are preselected.
  await coordinator.goto("/t/kab-contoh/siklus");
  await hydrated(coordinator);
  await coordinator.getByLabel("Nama", { exact: true }).fill("Penilaian Kepatuhan 2026");
  await coordinator.getByLabel("Instrumen").selectOption({ label: "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik (ombudsman-kepatuhan@2023)" });
  await coordinator.getByLabel("Awal periode").fill("2026-01-01");
  await coordinator.getByLabel("Akhir periode").fill("2026-12-31");
  await coordinator.getByLabel("Batas penilaian mandiri").fill("2026-12-30");
  await expect(coordinator.getByRole("checkbox", { name: /Loket Pelayanan Disdukcapil/ })).toBeChecked();
  await coordinator.getByRole("button", { name: "Buat siklus" }).click();
  await expect(coordinator.getByRole("heading", { name: /Penilaian Kepatuhan 2026/ })).toBeVisible();
  await expect(coordinator.getByText("Kemajuan per OPD dan bagian")).toBeVisible();

  // Two OPDs get their PICs.
  await coordinator.getByRole("link", { name: "Penugasan" }).first().click();
  // The assignment page's code arrives as its own chunk: the board stays until it has.
  await expect(coordinator.locator("select#a-opd")).toBeVisible();
  await hydrated(coordinator);
  await coordinator.getByLabel("OPD", { exact: true }).selectOption({ label: "Dinas Kependudukan dan Pencatatan Sipil" });
  await coordinator.getByLabel("PIC", { exact: true }).selectOption({ label: "Dewi Lestari (Dinas Kependudukan dan Pencatatan Sipil)" });
  await coordinator.getByRole("button", { name: "Tugaskan" }).click();
  await expect(coordinator.getByRole("status")).toContainText("36 butir diperbarui");
  await coordinator.getByLabel("OPD", { exact: true }).selectOption({ label: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu" });
  await coordinator.getByLabel("PIC", { exact: true }).selectOption({ label: "Siti Rahmawati" });
  await coordinator.getByRole("button", { name: "Tugaskan" }).click();
  await expect(coordinator.getByRole("status")).toContainText("36 butir diperbarui");

  // Start the cycle.
  await coordinator.getByRole("link", { name: /Kembali ke papan siklus/ }).click();
  await hydrated(coordinator);
  await coordinator.getByRole("button", { name: "Mulai siklus" }).click();
  await expect(coordinator.locator("h2 .badge").first()).toHaveText("berjalan");

  // The PIC, on a phone: her tasks, each answered.
  const pic = await newPage(browser, true);
  const picProblems = watchProblems(pic);
  await signIn(pic, "pic.disdukcapil@kab-contoh.test");
  await pic.goto("/t/kab-contoh/tugas");
  await expect(pic.getByText("36 dari 36 butir belum dijawab.")).toBeVisible();
  const links = await pic.locator(".task-list a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  expect(links.length).toBe(36);
  for (const link of links) {
    await pic.goto(link);
    await hydrated(pic);
    await pic.locator(`input[name=answer][value="3"]`).check();
    await pic.getByRole("button", { name: "Simpan" }).click();
    await expect(pic.getByRole("status")).toContainText("Tersimpan");
  }
  const overflow = await pic.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
  await pic.getByRole("link", { name: "dikerjakan" }).click();
  await hydrated(pic);
  await pic.getByRole("button", { name: "Kirim paket OPD" }).click();
  await expect(pic.getByRole("status")).toContainText("Paket sudah dikirim");
  await expect(pic.getByRole("heading", { name: /terkirim/ })).toBeVisible();

  // The coordinator sees the progress and the projected band.
  await coordinator.reload();
  const row = coordinator.locator("table.board tr").filter({ hasText: "Dinas Kependudukan dan Pencatatan Sipil" });
  await expect(row).toContainText("100%");
  await expect(row).toContainText("terkirim");
  const unit = coordinator.locator("tr").filter({ hasText: "Loket Pelayanan Disdukcapil" });
  await expect(unit).toContainText("100,00");
  await expect(unit).toContainText("Predikat A");
  expect(problems).toEqual([]);
  expect(picProblems).toEqual([]);
});
