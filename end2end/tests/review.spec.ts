import { test, expect, Page, Browser, APIRequestContext } from "@playwright/test";
import { signInAs, hydrated, markNoReload, stillSamePage, watchProblems } from "./helpers";

const SLUG = "kab-contoh";
const pdf = (text: string) =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);


async function call(request: APIRequestContext, path: string, form: Record<string, string>) {
  const res = await request.post(path, { form, headers: { accept: "application/json" } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return res.json();
}

/** An active cycle whose Disdukcapil items are Dewi's: the cycle id. */
async function activeCycle(coordinator: Page): Promise<string> {
  const r = coordinator.request;
  const options = await call(r, "/api/siklus/pilihan", { slug: SLUG });
  const version = options.versions.find((v: [string, string]) => v[1] === "ombudsman-kepatuhan@2023")[0];
  const form: Record<string, string> = {
    slug: SLUG,
    name: "Penilaian Kepatuhan 2026",
    version_id: version,
    starts_on: "2026-01-01",
    ends_on: "2026-12-31",
    self_deadline: "2026-12-30",
  };
  options.units.filter((u: any) => u.is_lokus).forEach((u: any, n: number) => (form[`units[${n}]`] = u.id));
  const cycle = await call(r, "/api/siklus/baru", form);
  const board = await call(r, "/api/siklus/papan", { slug: SLUG, id: cycle });
  const opd = board.rows.find((row: any) => row.opd.includes("Kependudukan")).opd_id;
  const assign = await call(r, "/api/siklus/penugasan", { slug: SLUG, id: cycle });
  const pic = assign.people.find((p: any) => p.name === "Dewi Lestari").id;
  await call(r, "/api/siklus/tugaskan", { slug: SLUG, id: cycle, opd_id: opd, pic });
  await call(r, "/api/siklus/status", { slug: SLUG, id: cycle, status: "Active", revision: String(board.cycle.revision) });
  return cycle;
}

test("review: the mentor sends an item back, the PIC sees it live, fixes and resubmits, the mentor accepts with a verified score", async ({ browser }) => {
  test.setTimeout(240_000);
  const coordinator = await signInAs(browser, "koordinator@kab-contoh.test");
  const coordinatorProblems = watchProblems(coordinator);
  const cycle = await activeCycle(coordinator);

  // The PIC, on a phone, has answered everything; she submits her OPD's package in the page.
  const pic = await signInAs(browser, "pic.disdukcapil@kab-contoh.test", true);
  const picProblems = watchProblems(pic);
  // Only this cycle's items (other journeys may have left cycles of their own).
  const tasks = (await call(pic.request, "/api/tugas/saya", { slug: SLUG })).filter((t: any) => t.cycle_id === cycle);
  expect(tasks.length).toBeGreaterThan(0);
  for (const t of tasks) {
    const it = await call(pic.request, "/api/butir", { slug: SLUG, id: t.id });
    await call(pic.request, "/api/butir/simpan", { slug: SLUG, id: t.id, revision: String(it.revision), answer: "2" });
  }
  const item = tasks[0].id as string;
  const itemInfo = await call(pic.request, "/api/butir", { slug: SLUG, id: item });
  await pic.goto(`/t/${SLUG}/paket/${itemInfo.package_id}`);
  await hydrated(pic);
  await pic.getByRole("button", { name: "Kirim paket OPD" }).click();
  await expect(pic.getByRole("status")).toContainText("Paket sudah dikirim");

  // The mentor's workspace: the pemda, the queue, a new reason template.
  const mentor = await signInAs(browser, "mentor@ombudsman-contoh.test");
  const mentorProblems = watchProblems(mentor);
  await mentor.getByRole("link", { name: "Ruang mentor" }).click();
  await expect(mentor.getByRole("heading", { name: "Ruang mentor" })).toBeVisible();
  await hydrated(mentor);
  await expect(mentor.locator("table").first()).toContainText("Kabupaten Contoh");
  await expect(mentor.getByText(/Menampilkan \d+ dari \d+ butir/)).toBeVisible();
  await expect(mentor.locator(`a[href="/t/${SLUG}/butir/${tasks[0].id}#tinjauan"]`)).toHaveCount(1);
  await mentor.getByLabel("Templat baru").fill("Maklumat pelayanan belum ditandatangani pimpinan");
  await mentor.getByRole("button", { name: "Tambah templat" }).click();
  await expect(mentor.locator(".templates")).toContainText("Maklumat pelayanan belum ditandatangani pimpinan");
  // Filtering works as a plain form.
  await mentor.getByLabel("Pemda").selectOption({ label: "Kabupaten Contoh" });
  await mentor.getByRole("button", { name: "Tampilkan" }).click();
  await expect(mentor).toHaveURL(/pemda=kab-contoh/);
  await expect(mentor.getByLabel("OPD", { exact: true })).toBeVisible();

  // Both open the same item; the PIC's page keeps its live stream open.
  const picStream = pic.waitForResponse((r) => r.url().includes("/langsung"));
  await pic.goto(`/t/${SLUG}/butir/${item}`);
  await hydrated(pic);
  await picStream;
  await markNoReload(pic);
  const picReview = pic.locator("#tinjauan");
  await expect(picReview).toContainText("Menunggu tinjauan");

  await mentor.goto(`/t/${SLUG}/butir/${item}`);
  await hydrated(mentor);
  const review = mentor.locator("#tinjauan");
  await expect(review).toContainText("Menunggu tinjauan");
  await review.getByLabel("Templat alasan").selectOption({ label: "Maklumat pelayanan belum ditandatangani pimpinan" });
  await review.getByRole("button", { name: "Minta perbaikan" }).click();
  await expect(review.locator(".review-status")).toContainText("Perlu perbaikan");

  // The PIC sees it without reloading: the state, the reason, and a comment from the mentor.
  await expect(picReview.locator(".review-status")).toContainText("Perlu perbaikan");
  await expect(picReview).toContainText("Maklumat pelayanan belum ditandatangani pimpinan");
  const thread = mentor.locator("#komentar");
  await thread.getByLabel("Komentar baru").fill("Mohon @pic.disdukcapil unggah maklumat yang sudah **ditandatangani**.");
  await thread.getByRole("button", { name: "Kirim", exact: true }).click();
  await expect(thread.locator(".comment")).toHaveCount(1);
  const picThread = pic.locator("#komentar");
  await expect(picThread.locator(".comment-body strong")).toHaveText("ditandatangani");
  await expect(picThread.locator(".mention")).toHaveText("@Dewi Lestari");
  await stillSamePage(pic);

  // She replies, uploads the signed declaration and resubmits.
  await picThread.locator(".comment-actions summary", { hasText: "Balas" }).first().click();
  await picThread.locator(".comment-actions textarea").first().fill("Sudah kami unggah, terima kasih.");
  await picThread.locator(".comment-actions").first().getByRole("button", { name: "Kirim" }).click();
  await expect(picThread.locator(".comment.reply")).toContainText("Sudah kami unggah");
  await expect(thread.locator(".comment.reply")).toContainText("Sudah kami unggah");
  const evidence = pic.locator("#bukti");
  await evidence.getByLabel("Pilih berkas").setInputFiles({ name: "maklumat-ttd.pdf", mimeType: "application/pdf", buffer: pdf("maklumat bertanda tangan") });
  await evidence.getByRole("button", { name: "Unggah" }).click();
  await expect(evidence.getByRole("link", { name: /maklumat-ttd\.pdf/ }).first()).toBeVisible();
  await pic.goto(`/t/${SLUG}/tugas`);
  await expect(pic.locator("#perbaikan")).toContainText("Maklumat pelayanan belum ditandatangani pimpinan");
  await expect(pic.locator("#perbaikan"), "the to-do names the mentor who asked").toContainText("Made Wirawan");
  await pic.goto(`/t/${SLUG}/paket/${itemInfo.package_id}`);
  await hydrated(pic);
  await pic.getByRole("button", { name: "Kirim paket OPD" }).click();
  await expect(pic.getByRole("status")).toContainText("Paket sudah dikirim");

  // The mentor's page follows; she accepts with a lower verified score and says why.
  await expect(review.locator(".review-status")).toContainText("Dikirim ulang");
  await expect(mentor.locator("#bukti")).toContainText("maklumat-ttd.pdf");
  await review.locator('input[name="verified"][value="1"]').check();
  await review.getByLabel("Alasan / dasar penilaian").fill("Maklumat ditandatangani, tetapi belum dipajang di ruang layanan.");
  await review.getByRole("button", { name: "Terima", exact: true }).click();
  await expect(review.locator(".review-status")).toContainText("Diterima");
  await expect(review.locator("dd.verified")).toContainText("1 · ");

  // The coordinator sees the item accepted and the verified projection on the board.
  await coordinator.goto(`/t/${SLUG}/butir/${item}`);
  await hydrated(coordinator);
  await expect(coordinator.locator("#tinjauan .review-status")).toContainText("Diterima");
  await expect(coordinator.locator("#tinjauan")).toContainText("belum dipajang");
  await coordinator.goto(`/t/${SLUG}/siklus/${cycle}`);
  await hydrated(coordinator);
  await expect(coordinator.getByRole("heading", { name: "Proyeksi terverifikasi" })).toBeVisible();
  const unit = coordinator.locator("tr").filter({ hasText: "Loket Pelayanan Disdukcapil" });
  await expect(unit).toContainText(`1/${tasks.length}`);

  // The PIC's notification centre has the acceptance.
  await pic.goto("/notifikasi");
  await hydrated(pic);
  await expect(pic.locator(".notices")).toContainText("Diterima");
  const overflow = await pic.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);

  expect(coordinatorProblems).toEqual([]);
  expect(picProblems).toEqual([]);
  expect(mentorProblems).toEqual([]);
});
