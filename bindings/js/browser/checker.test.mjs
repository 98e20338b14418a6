// The checker page in headless Chromium (Debian's, driven by playwright-core):
// it loads the package, scores a sample spam, a sample ham and an HTML
// template, and shows exactly what the package returns, in English and French.
// Saves a screenshot (SCREENSHOT, default target/checker.png).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";
import { Engine } from "spamgauge";

import { serve } from "../serve.mjs";
import { fixture } from "../test/helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const screenshot = resolve(process.env.SCREENSHOT ?? join(here, "..", "..", "..", "target", "checker.png"));
const SPAM = fixture("spam.eml").toString("utf8");
const HAM = fixture("ham.eml").toString("utf8");
const TEMPLATE = '<html><head><title>Autumn sale</title></head><body><p>V<b></b>I<i></i>A<b></b>G<i></i>R<b></b>A at 90% off</p><img src="http://shop.example/a.gif" width="600" height="400"></body></html>';

let server;
let browser;
let page;
const engine = new Engine();

before(async () => {
  server = await serve(0);
  const executablePath = execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  browser = await chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/checker/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 }).catch((error) => {
    throw new Error(`${error.message}; page errors: ${errors.join("; ")}`);
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Pastes `text`, checks it, and reads what the page shows. */
async function check(text, mode = "auto") {
  await page.fill("#input", text);
  await page.selectOption("#mode", mode);
  await page.click("#check");
  await page.waitForSelector("#result:not([hidden])");
  return page.evaluate(() => ({
    decision: document.querySelector("#decision").dataset.decision,
    badge: document.querySelector("#decision").textContent,
    score: Number(document.querySelector("#score").dataset.score),
    summary: document.querySelector("#summary").textContent,
    hits: [...document.querySelectorAll("#hits li")].map((li) => ({
      name: li.dataset.test,
      score: li.querySelector("[data-testid=hit-score]").textContent,
      description: li.querySelector("[data-testid=description]").textContent,
      explanation: li.querySelector("[data-testid=explanation]").textContent,
      fix: li.querySelector("[data-testid=fix]").textContent,
      evidence: li.querySelector("[data-testid=evidence]").textContent,
    })),
  }));
}

function assertShows(shown, report, lang) {
  assert.equal(shown.decision, report.decision);
  assert.equal(shown.score, report.score);
  const byName = new Map(report.hits.map((hit) => [hit.name, hit]));
  assert.deepEqual(new Set(shown.hits.map((hit) => hit.name)), new Set(byName.keys()));
  for (const hit of shown.hits) {
    const expected = byName.get(hit.name);
    assert.equal(hit.description, expected.description[lang]);
    assert.equal(hit.explanation, expected.explanation[lang]);
    assert.equal(hit.fix, expected.fix[lang]);
    assert.equal(hit.evidence, expected.evidence[lang]);
  }
}

test("a sample spam is shown as blocked, each failed test with its explanation and fix", async () => {
  const shown = await check(SPAM);
  const report = engine.score(SPAM);
  assert.equal(report.decision, "spam", "the sample spam is spam");
  assertShows(shown, report, "en");
  assert.equal(shown.badge, "blocked");
  assert.ok(shown.hits.length >= 3);
});

test("the French switch shows the same findings in French", async () => {
  await page.click("[data-lang=fr]");
  const shown = await page.evaluate(() => ({
    title: document.querySelector("h1").textContent,
    lang: document.documentElement.lang,
  }));
  assert.equal(shown.title, "Sera-t-il bloqué ?");
  assert.equal(shown.lang, "fr");
  const fr = await check(SPAM);
  assertShows(fr, engine.score(SPAM), "fr");
  assert.equal(fr.badge, "bloqué");
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.click("[data-lang=en]");
});

test("a sample ham is shown as delivered, with no failed test", async () => {
  const shown = await check(HAM);
  const report = engine.score(HAM);
  assert.equal(report.decision, "ham");
  assertShows(shown, report, "en");
  assert.equal(shown.badge, "delivered");
  assert.equal(shown.summary, "No test failed.");
});

test("an HTML template is read as a template and scored for its content", async () => {
  const shown = await check(TEMPLATE);
  const report = engine.scoreTemplate(TEMPLATE);
  assertShows(shown, report, "en");
  assert.ok(shown.hits.some((hit) => hit.name.startsWith("HTML_OBFUSCATE")));
  const mode = await page.textContent("#mode-used");
  assert.match(mode, /template/);
});

test("input that is not a message shows the error", async () => {
  await page.fill("#input", "   ");
  await page.selectOption("#mode", "template");
  await page.click("#check");
  await page.waitForSelector("#error:not([hidden])");
  assert.equal(await page.textContent("#error"), "invalid template: it is empty");
});
