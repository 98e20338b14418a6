// Per-message latency of the npm package in Node and in headless Chromium, for
// a typical message (fixtures/typical.eml: a 6 KB multipart/alternative
// newsletter). Compare with the native figure:
//   cargo run --release -p spamgauge-wasm --example native_latency -- bindings/js/fixtures/typical.eml
// Usage: node bindings/js/bench/latency.mjs [ITERATIONS]   (after scripts/test-wasm.sh)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";
import { Engine } from "spamgauge";

import { serve } from "../serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const message = readFileSync(join(here, "..", "fixtures", "typical.eml"));
const iterations = Number(process.argv[2] ?? 2000);

function measure(engine, bytes, n) {
  for (let i = 0; i < n / 10; i += 1) engine.score(bytes);
  const start = performance.now();
  for (let i = 0; i < n; i += 1) engine.score(bytes);
  return ((performance.now() - start) / n) * 1000;
}

const engine = new Engine();
const node = measure(engine, message, iterations);
console.log(`node ${process.version}: ${node.toFixed(1)} µs per message (${message.length} bytes, ${iterations} iterations)`);

const server = await serve(0);
const browser = await chromium.launch({
  executablePath: execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim(),
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/checker/`);
  await page.waitForSelector("body[data-ready=true]");
  const result = await page.evaluate(async ({ text, n }) => {
    const { Engine } = await import("spamgauge");
    const engine = new Engine();
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < n / 10; i += 1) engine.score(bytes);
    const start = performance.now();
    for (let i = 0; i < n; i += 1) engine.score(bytes);
    return { us: ((performance.now() - start) / n) * 1000, agent: navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] };
  }, { text: message.toString("utf8"), n: iterations });
  console.log(`chromium ${result.agent}: ${result.us.toFixed(1)} µs per message (${message.length} bytes, ${iterations} iterations)`);
} finally {
  await browser.close();
  server.close();
}
