import { expect, test } from "@playwright/test";
import { createHmac } from "node:crypto";
import { DEMO_PASSWORD, hydrated, signInAs, watchProblems } from "./helpers";

/** The bytes of a Base32 key as the page shows it ("ABCD EFGH …"). */
function base32(key: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of key.replace(/[\s=]/g, "").toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** What an authenticator app shows for `key`, `steps` time steps from now (RFC 6238, SHA-1). */
function totp(key: string, steps = 0): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + steps));
  const mac = createHmac("sha1", base32(key)).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, "0");
}

test("a person turns on two-step verification on a phone and signs in with it", async ({ browser }) => {
  const page = await signInAs(browser, "sekda@kab-contoh.test", true);
  const problems = watchProblems(page);

  // Account → set up: the QR code and the key to type.
  await page.goto("/akun");
  await hydrated(page);
  await page.getByRole("link", { name: "Aktifkan verifikasi dua langkah" }).click();
  await expect(page.getByRole("heading", { name: "Aktifkan verifikasi dua langkah" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Kode QR untuk aplikasi autentikator" })).toBeVisible();
  await hydrated(page);
  const key = (await page.locator("code.key").textContent()) ?? "";
  expect(key.replace(/\s/g, "")).toMatch(/^[A-Z2-7]{32}$/);
  await page.screenshot({ path: "screenshots/two-factor-setup-phone.png", fullPage: true });

  // A wrong code is refused next to its field; the right one turns it on.
  await page.getByRole("textbox", { name: "Kode" }).fill("000000");
  await page.getByRole("button", { name: "Aktifkan verifikasi dua langkah" }).click();
  await expect(page.getByText("Isian tidak valid.").first()).toBeVisible();
  await page.getByRole("textbox", { name: "Kode" }).fill(totp(key));
  await page.getByRole("button", { name: "Aktifkan verifikasi dua langkah" }).click();
  await expect(page.getByRole("heading", { name: "Kode pemulihan" })).toBeVisible();
  const codes = await page.locator("ul.codes code").allTextContents();
  expect(codes).toHaveLength(10);
  await page.screenshot({ path: "screenshots/two-factor-codes-phone.png", fullPage: true });
  await page.getByRole("link", { name: "Sudah saya simpan, lanjutkan" }).click();
  await expect(page.getByText("Aktif.")).toBeVisible();

  // Signing in again asks for the code after the password.
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("button", { name: "Keluar" }).click();
  await expect(page.getByLabel("Email")).toBeVisible();
  await hydrated(page);
  await page.getByLabel("Email").fill("sekda@kab-contoh.test");
  await page.getByLabel("Kata sandi").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByRole("heading", { name: "Verifikasi dua langkah" })).toBeVisible();
  await hydrated(page);
  // The code that turned it on was used; the next one is good.
  await page.getByRole("textbox", { name: "Kode" }).fill(totp(key, 1));
  await page.getByRole("button", { name: "Lanjut" }).click();
  await expect(page.getByRole("heading", { name: /^Selamat datang/ })).toBeVisible();

  // A leadership viewer may switch it off again, here with a recovery code.
  await page.goto("/akun");
  await hydrated(page);
  await page.getByText("Matikan verifikasi dua langkah", { exact: true }).first().click();
  const off = page.locator("details").filter({ hasText: "Matikan verifikasi dua langkah" });
  await off.getByRole("textbox", { name: "Kode" }).fill(codes[0]);
  await off.getByRole("button", { name: "Matikan verifikasi dua langkah" }).click();
  await expect(page.getByText("Verifikasi dua langkah sudah dimatikan.")).toBeVisible();
  expect(problems).toEqual([]);
  await page.context().close();
});
