import { test, expect, Page } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, watchProblems } from "./helpers";

const pdf = (text: string) =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
// A real 1×1 PNG, so the thumbnail renders.
const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

async function signInPlain(page: Page, email: string) {
  await page.goto("/masuk");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("heading", { name: /^Selamat datang/ })).toBeVisible();
}

test("evidence: checked before sending, uploaded with progress, revised, dropped in, and sent without JavaScript", async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto("/masuk");
  await hydrated(page);
  await signInPlain(page, "koordinator@kab-contoh.test");

  // An active cycle to attach evidence to.
  await page.goto("/t/kab-contoh/siklus");
  await hydrated(page);
  await page.getByLabel("Nama", { exact: true }).fill("Siklus Bukti 2026");
  await page.getByLabel("Instrumen").selectOption({ label: "Penilaian Kepatuhan Penyelenggaraan Pelayanan Publik (ombudsman-kepatuhan@2023)" });
  await page.getByLabel("Awal periode").fill("2026-01-01");
  await page.getByLabel("Akhir periode").fill("2026-12-31");
  await page.getByLabel("Batas penilaian mandiri").fill("2026-12-30");
  await page.getByRole("button", { name: "Buat siklus" }).click();
  await expect(page.getByRole("heading", { name: /Siklus Bukti 2026/ })).toBeVisible();
  const cycleId = /siklus\/([0-9a-f-]+)/.exec(page.url())![1];
  await hydrated(page);
  await page.getByRole("button", { name: "Mulai siklus" }).click();
  await expect(page.locator("h2 .badge").first()).toHaveText("berjalan");
  const options = await (
    await page.request.post("/api/siklus/penugasan", { form: { slug: "kab-contoh", id: cycleId }, headers: { accept: "application/json" } })
  ).json();
  const item = options.unassigned[0].id as string;

  await page.goto(`/t/kab-contoh/butir/${item}`);
  await hydrated(page);
  const section = page.locator("#bukti");
  const uploadForm = section.locator("form.upload");
  await expect(section.getByText("Belum ada bukti untuk jawaban ini.")).toBeVisible();
  await expect(section.locator('input[type="file"][capture="environment"]')).toHaveCount(1);
  await expect(section.getByText(/maks\. 25 MB per berkas/)).toBeVisible();

  // Too large: said before a byte is sent.
  await section.getByLabel("Pilih berkas").setInputFiles({ name: "pindaian-besar.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(26 * 1024 * 1024, 1) });
  await section.getByRole("button", { name: "Unggah" }).click();
  await expect(section.getByRole("alert")).toContainText("melebihi batas 25 MB per berkas; tidak dikirim");

  // A signed document, over a slow link: the progress bar shows, then the file is listed.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 50, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
  await uploadForm.getByLabel("Tanggal berlaku / ditandatangani").fill("2026-02-01");
  const big = Buffer.concat([pdf("Maklumat Pelayanan Disdukcapil"), Buffer.alloc(1_500_000, 32)]);
  await section.getByLabel("Pilih berkas").setInputFiles({ name: "Maklumat Pelayanan.pdf", mimeType: "application/pdf", buffer: big });
  await section.getByRole("button", { name: "Unggah" }).click();
  await expect(section.locator("progress")).toBeVisible();
  await expect(section.getByText(/Mengunggah Maklumat Pelayanan\.pdf: \d+%/)).toBeVisible();
  await expect(section.getByText("1 berkas tersimpan.")).toBeVisible({ timeout: 30_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const link = section.getByRole("link", { name: "Maklumat Pelayanan.pdf" });
  await expect(link).toBeVisible();
  await expect(section.getByText(/Revisi 1 · PDF · 1,4 MB · berlaku 1 Februari 2026/)).toBeVisible();
  const file = await page.request.get((await link.getAttribute("href"))!);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-type"]).toBe("application/pdf");
  expect(file.headers()["content-disposition"]).toContain("inline");

  // Content that is not what its name says: refused with a reason.
  await section.getByLabel("Pilih berkas").setInputFiles({ name: "laporan.pdf", mimeType: "application/pdf", buffer: Buffer.from("ini bukan PDF") });
  await section.getByRole("button", { name: "Unggah" }).click();
  await expect(section.getByRole("alert")).toContainText("Isi berkas tidak sesuai dengan ekstensinya (.pdf)");

  // A new revision of the same document keeps the earlier one.
  await uploadForm.getByLabel("Simpan sebagai").selectOption({ label: "Revisi baru dari “Maklumat Pelayanan.pdf”" });
  await section.getByLabel("Pilih berkas").setInputFiles({ name: "Maklumat Pelayanan (ttd).pdf", mimeType: "application/pdf", buffer: pdf("ditandatangani") });
  await section.getByRole("button", { name: "Unggah" }).click();
  await expect(section.getByText(/Revisi 2 · PDF/)).toBeVisible();
  await expect(section.getByText("Revisi sebelumnya (1)")).toBeVisible();

  // A photo dropped onto the form shows as a thumbnail.
  const dataTransfer = await page.evaluateHandle((b64) => {
    const dt = new DataTransfer();
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    dt.items.add(new File([bytes], "foto-ruang-tunggu.png", { type: "image/png" }));
    return dt;
  }, PNG_B64);
  await section.locator("form.upload").dispatchEvent("drop", { dataTransfer });
  await section.getByRole("button", { name: "Unggah" }).click();
  await expect(section.getByRole("img", { name: "foto-ruang-tunggu.png" })).toBeVisible();
  expect(problems).toEqual([]);

  // Without JavaScript the same form posts plainly and the page says what happened.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await signInPlain(plain, "koordinator@kab-contoh.test");
  await plain.goto(`/t/kab-contoh/butir/${item}`);
  await plain.getByLabel("Pilih berkas").setInputFiles({ name: "SOP Pelayanan.pdf", mimeType: "application/pdf", buffer: pdf("SOP") });
  await plain.getByRole("button", { name: "Unggah" }).click();
  await expect(plain.getByText("1 berkas tersimpan.")).toBeVisible();
  await expect(plain.getByRole("link", { name: "SOP Pelayanan.pdf" })).toBeVisible();
  await plain.getByLabel("Pilih berkas").setInputFiles({ name: "SOP lagi.pdf", mimeType: "application/pdf", buffer: pdf("SOP") });
  await plain.getByRole("button", { name: "Unggah" }).click();
  await expect(plain.getByRole("alert")).toContainText("Berkas yang sama persis sudah ada pada jawaban ini");
  await noJs.close();
  await context.close();
});
