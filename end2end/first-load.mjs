// Measures a first visit the way a browser makes it: opens URL in headless Chromium with an
// empty cache, waits until the page has hydrated and the network is idle, and prints as JSON
// every response with the bytes that crossed the wire (Chrome's encodedDataLength: headers and
// compressed body). The load benchmark (server/benches/load.rs) runs it for the first-load budget.
//
//   node end2end/first-load.mjs http://127.0.0.1:3000/masuk
import { chromium } from "@playwright/test";

const url = process.argv[2];
if (!url) {
  console.error("usage: node first-load.mjs URL");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.PATUH_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  // Behind the TLS proxy browsers ask for brotli; Chromium leaves it out on plain http.
  await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": "br, gzip" } });
  const urls = new Map();
  const files = [];
  cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
  cdp.on("Network.loadingFinished", (e) => {
    const u = urls.get(e.requestId);
    if (u) files.push([new URL(u).pathname, e.encodedDataLength]);
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForSelector("body[data-hydrated='true']", { timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  const total = files.reduce((sum, [, n]) => sum + n, 0);
  console.log(JSON.stringify({ total, hydrated: true, files }));
} finally {
  await browser.close();
}
