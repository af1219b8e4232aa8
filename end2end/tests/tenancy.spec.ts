import { test, expect, Page, Browser } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, watchProblems } from "./helpers";

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/masuk");
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("heading", { name: /^Selamat datang/ })).toBeVisible();
}

/** The newest link in the outbox for `to`, read by the operator in the admin console. */
async function linkFromOutbox(operator: Page, to: string): Promise<string> {
  await operator.goto("/admin/kotak-keluar");
  const mail = operator.locator("article.mail").filter({ hasText: to }).first();
  await expect(mail).toBeVisible();
  const body = await mail.locator("pre").innerText();
  const link = body.split(/\s+/).find((w) => w.startsWith("http"));
  expect(link, body).toBeTruthy();
  return new URL(link!).pathname;
}

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

test("operator opens a pemda; its coordinator joins, imports OPDs, invites a PIC and grants a mentor office", async ({ browser }) => {
  const operator = await newPage(browser);
  const problems = watchProblems(operator);
  await signIn(operator, "operator@patuh.test", DEMO_PASSWORD);
  await operator.getByRole("link", { name: "Konsol operator" }).click();

  // A new pemda with its first coordinator invited.
  await operator.getByRole("navigation", { name: "Konsol operator" }).getByRole("link", { name: "Pemda" }).click();
  await hydrated(operator);
  await operator.getByLabel("Nama", { exact: true }).fill("Kota Uji Coba");
  await operator.getByLabel("Slug (untuk alamat /t/…)").fill("kota-uji");
  await operator.getByLabel("Jenis").selectOption("kota");
  await operator.getByLabel("Provinsi", { exact: true }).fill("Provinsi Uji");
  await operator.getByLabel(/Email koordinator pertama/).fill("koordinator@kota-uji.test");
  await operator.getByRole("button", { name: "Tambah pemda" }).click();
  await expect(operator.getByRole("link", { name: "Kota Uji Coba" })).toBeVisible();

  // A mentor office and its mentor.
  await operator.getByRole("navigation", { name: "Konsol operator" }).getByRole("link", { name: "Kantor mentor" }).click();
  // The page's code arrives as its own chunk: the pemda list stays until it has.
  await expect(operator.getByRole("button", { name: "Tambah kantor mentor" })).toBeVisible();
  await hydrated(operator);
  await operator.getByLabel("Nama", { exact: true }).fill("Perwakilan Ombudsman RI Provinsi Uji");
  await operator.getByLabel("Provinsi", { exact: true }).fill("Provinsi Uji");
  await operator.getByRole("button", { name: "Tambah kantor mentor" }).click();
  const office = operator.locator("article.office").filter({ hasText: "Provinsi Uji" });
  await expect(office).toBeVisible();
  await office.getByLabel("Email mentor").fill("mentor@ombudsman-uji.test");
  await office.getByRole("button", { name: "Undang mentor" }).click();
  await expect(operator.getByRole("status")).toContainText("Undangan sudah dikirim");

  // The coordinator accepts from the link the outbox shows.
  const coordinator = await newPage(browser);
  await coordinator.goto(await linkFromOutbox(operator, "koordinator@kota-uji.test"));
  await expect(coordinator.getByText("Kota Uji Coba")).toBeVisible();
  await hydrated(coordinator);
  await coordinator.getByLabel("Nama lengkap Anda").fill("Wulan Sari");
  await coordinator.getByLabel("Kata sandi baru").fill("sandi koordinator uji");
  await coordinator.getByRole("button", { name: "Terima undangan" }).click();
  await expect(coordinator.getByRole("status")).toContainText("Undangan diterima");
  await signIn(coordinator, "koordinator@kota-uji.test", "sandi koordinator uji");
  await coordinator.getByRole("link", { name: "Kota Uji Coba" }).click();

  // Import the OPD list.
  await coordinator.getByRole("navigation", { name: "Bagian pemda" }).getByRole("link", { name: "Organisasi" }).click();
  const csv =
    "kode_opd,nama_opd,kepala_opd,kode_unit,nama_unit,kepala_unit,lokus\n" +
    "DUKCAPIL,Dinas Kependudukan dan Pencatatan Sipil,,DUKCAPIL-1,Loket Pelayanan Adminduk,,ya\n" +
    "DINKES,Dinas Kesehatan,,PKM-1,Puskesmas Uji,,ya\n";
  await coordinator.getByLabel("Berkas CSV atau XLSX").setInputFiles({ name: "opd.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await coordinator.getByRole("button", { name: "Impor" }).click();
  await expect(coordinator.getByRole("status")).toContainText("2 OPD baru");
  await expect(coordinator.getByText("Puskesmas Uji", { exact: true })).toBeVisible();

  // Invite a PIC of Disdukcapil.
  await coordinator.getByRole("navigation", { name: "Bagian pemda" }).getByRole("link", { name: "Orang & peran" }).click();
  await coordinator.getByLabel("Email", { exact: true }).fill("pic@kota-uji.test");
  await coordinator.getByLabel("Peran").selectOption("OpdStaff");
  await coordinator.getByLabel("OPD (untuk kepala dan staf OPD)").selectOption({ label: "DUKCAPIL — Dinas Kependudukan dan Pencatatan Sipil" });
  await coordinator.getByRole("button", { name: "Kirim undangan" }).click();
  await expect(coordinator.getByText("pic@kota-uji.test")).toBeVisible();

  // Grant the office access.
  await coordinator.getByRole("navigation", { name: "Bagian pemda" }).getByRole("link", { name: "Akses mentor" }).click();
  const row = coordinator.locator("li.office-row").filter({ hasText: "Provinsi Uji" });
  await row.getByRole("button", { name: "Beri akses" }).click();
  await expect(row).toContainText("Punya akses");

  // The mentor joins and sees exactly that pemda.
  const mentor = await newPage(browser);
  await mentor.goto(await linkFromOutbox(operator, "mentor@ombudsman-uji.test"));
  await hydrated(mentor);
  await mentor.getByLabel("Nama lengkap Anda").fill("Yusuf Mentor");
  await mentor.getByLabel("Kata sandi baru").fill("sandi mentor uji coba");
  await mentor.getByRole("button", { name: "Terima undangan" }).click();
  await expect(mentor.getByRole("status")).toContainText("Undangan diterima");
  await signIn(mentor, "mentor@ombudsman-uji.test", "sandi mentor uji coba");
  const access = mentor.getByRole("list");
  await expect(access).toContainText("Kota Uji Coba");
  await expect(access).toContainText("Mentor Ombudsman");
  await expect(access).not.toContainText("Kabupaten Contoh");
  const res = await mentor.goto("/t/kab-contoh");
  expect(res?.status()).toBe(404);

  await coordinator.screenshot({ path: "screenshots/mentor-access.png", fullPage: true });

  // The coordinator's pages fit a 360-pixel phone (wide tables scroll inside their box).
  await coordinator.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/t/kota-uji/organisasi", "/t/kota-uji/orang", "/t/kota-uji/mentor", "/t/kota-uji/audit"]) {
    await coordinator.goto(path);
    const overflow = await coordinator.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
  expect(problems).toEqual([]);
});
