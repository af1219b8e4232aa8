// cargo-leptos starts the server and Playwright at the same time: wait until it answers.
export default async function globalSetup() {
  const base = process.env.PATUH_E2E_BASE_URL ?? "http://127.0.0.1:3000";
  const deadline = Date.now() + 120_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Patuh did not answer at ${base} within 120 s (${last})`);
}
