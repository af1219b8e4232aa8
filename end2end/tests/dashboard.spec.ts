import { test, expect, Page, Browser } from "@playwright/test";
import ExcelJS from "exceljs";
import { signInAs, hydrated, watchProblems } from "./helpers";

const SLUG = "kab-contoh";


/** The demo's own active cycle: the oldest active one (other journeys make more). */
async function demoCycle(page: Page): Promise<string> {
  const res = await page.request.post("/api/siklus/daftar", { form: { slug: SLUG }, headers: { accept: "application/json" } });
  expect(res.status()).toBe(200);
  const [rows] = await res.json();
  const active = rows.filter((c: any) => c.status === "Active").map((c: any) => c.id as string).sort();
  expect(active.length).toBeGreaterThan(0);
  return active[0];
}

/** "85,12" → 85.12 */
const number = (text: string) => Number(text.trim().replace(/\./g, "").replace(",", "."));

async function pdfText(bytes: Buffer): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: true }).promise;
  let text = "";
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text += content.items.map((i: any) => i.str).join(" ") + "\n";
  }
  return text;
}

test("dashboard: the coordinator sees band, gap and ranking, downloads the reports, records the official result; leadership and the mentor read theirs", async ({ browser }) => {
  const coordinator = await signInAs(browser, "koordinator@kab-contoh.test");
  const problems = watchProblems(coordinator);
  const cycle = await demoCycle(coordinator);

  // From the board to the dashboard, as a person clicks.
  await coordinator.goto(`/t/${SLUG}/siklus/${cycle}`);
  await hydrated(coordinator);
  await coordinator.getByRole("link", { name: "Dasbor" }).click();
  await expect(coordinator.getByRole("heading", { name: "Posisi pemda" })).toBeVisible();
  await hydrated(coordinator);
  const standing = coordinator.locator("section", { has: coordinator.getByRole("heading", { name: "Posisi pemda" }) });
  const score = number(await standing.locator(".score").first().innerText());
  expect(score).toBeGreaterThan(0);
  await expect(standing).toContainText("Predikat");
  await expect(standing).toContainText(/Dibanding Penilaian Kepatuhan \d{4}/);
  // The gap and the ranked steps.
  const steps = coordinator.locator("section", { has: coordinator.getByRole("heading", { name: "Langkah yang paling menaikkan nilai pemda" }) });
  await expect(steps.locator("li").first()).toContainText("poin");
  // Charts are SVG with their data as a table.
  const chart = coordinator.getByRole("img", { name: /Proyeksi nilai per unit lokus/ });
  await expect(chart).toBeVisible();
  await coordinator.getByText("Lihat data sebagai tabel").first().click();
  await expect(coordinator.locator("figure").first().locator("table")).toContainText("Loket Pelayanan Disdukcapil");
  // The OPD ranking starts at 1.
  const ranking = coordinator.locator("table.ranking");
  await expect(ranking.locator("tbody tr").first().locator("td").first()).toHaveText("1");
  await expect(coordinator.getByRole("heading", { name: "Kemajuan", exact: true })).toBeVisible();

  // The workbook opens and carries the same figures.
  const [xlsxDownload] = await Promise.all([
    coordinator.waitForEvent("download"),
    coordinator.getByRole("link", { name: "Unduh Excel (XLSX)" }).click(),
  ]);
  expect(xlsxDownload.suggestedFilename()).toMatch(/^laporan-penilaian-kepatuhan-\d{4}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await xlsxDownload.path());
  const summary = book.getWorksheet("Ringkasan")!;
  const rows: any[][] = [];
  summary.eachRow((row) => rows.push(row.values as any[]));
  expect(rows.find((r) => r[1] === "Pemda")?.[2]).toBe("Kabupaten Contoh");
  expect(rows.find((r) => r[1] === "Proyeksi penilaian mandiri")?.[2]).toBeCloseTo(score, 2);
  const dukcapil = book.getWorksheet("DUKCAPIL")!;
  expect(dukcapil.getCell("A1").value).toBe("Dinas Kependudukan dan Pencatatan Sipil");
  expect(dukcapil.rowCount).toBe(3 + 36);

  // The PDF opens and reads in Indonesian.
  const [pdfDownload] = await Promise.all([
    coordinator.waitForEvent("download"),
    coordinator.getByRole("link", { name: "Unduh laporan PDF" }).click(),
  ]);
  const fs = await import("node:fs/promises");
  const text = await pdfText(await fs.readFile(await pdfDownload.path()));
  expect(text).toContain("LAPORAN PENILAIAN");
  expect(text).toContain("Kabupaten Contoh");
  expect(text).toContain("Loket Pelayanan Disdukcapil");
  expect(text).toContain(score.toFixed(2).replace(".", ","));

  // The official result, typed as published.
  await coordinator.getByRole("textbox", { name: /^Nilai pemda/ }).fill("88,23");
  await coordinator.getByRole("button", { name: "Simpan" }).click();
  await expect(coordinator.getByText("Tersimpan.")).toBeVisible();
  const official = coordinator.locator(".standing > div").filter({ has: coordinator.getByRole("heading", { name: "Hasil resmi" }) });
  await expect(official).toContainText("88,23");
  await expect(official).toContainText("Predikat A");
  expect(problems).toEqual([]);

  // Leadership: the one-screen summary, on a phone, without sideways scrolling.
  const sekda = await signInAs(browser, "sekda@kab-contoh.test", true);
  const sekdaProblems = watchProblems(sekda);
  await sekda.goto(`/t/${SLUG}/siklus/${cycle}/ringkasan`);
  await expect(sekda.getByRole("heading", { name: /Ringkasan untuk pimpinan/ })).toBeVisible();
  await expect(sekda.locator(".summary-score")).toContainText("88,23");
  await expect(sekda.getByText("Lima langkah teratas")).toBeVisible();
  await expect(sekda.getByText(/Dibanding Penilaian Kepatuhan \d{4}/)).toBeVisible();
  await expect(sekda.getByText("Catat hasil resmi")).toHaveCount(0);
  expect(await sekda.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  await sekda.goto(`/t/${SLUG}/siklus/${cycle}/dasbor`);
  await hydrated(sekda);
  expect(await sekda.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  expect(sekdaProblems).toEqual([]);

  // The mentor: every granted pemda side by side, ranked, sortable without JavaScript.
  const mentor = await signInAs(browser, "mentor@ombudsman-contoh.test");
  const mentorProblems = watchProblems(mentor);
  await mentor.getByRole("link", { name: "Ruang mentor" }).click();
  await mentor.getByRole("link", { name: "Ikhtisar wilayah dan peringkat" }).click();
  await expect(mentor.getByRole("heading", { name: "Ikhtisar wilayah" })).toBeVisible();
  const row = mentor.locator("table.ranking tbody tr").filter({ hasText: "Kabupaten Contoh" });
  await expect(row.locator("td").first()).toHaveText("1");
  await expect(row).toContainText("88,23");
  await mentor.getByRole("link", { name: /Antrean/ }).click();
  await expect(mentor).toHaveURL(/urut=antrean/);
  await expect(mentor.locator("th[aria-sort=descending]")).toContainText("Antrean");
  expect(mentorProblems).toEqual([]);
});
