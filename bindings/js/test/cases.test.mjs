// The verdicts case table (core/tests/cases/verdicts.json) replayed through the
// npm package: each report and each list of DNS questions (`lookups`, and
// `followUp` given the case's verdicts) must be identical, field for field, to
// the native Rust result of the same case (written by `cargo run -p
// spamgauge-wasm --example native_reports`, see scripts/test-wasm.sh), and must
// meet the table's expectations.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { Engine } from "spamgauge";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const table = JSON.parse(readFileSync(join(root, "core", "tests", "cases", "verdicts.json"), "utf8"));
const nativePath = process.env.SPAMGAUGE_NATIVE_REPORTS ?? join(root, "target", "npm", "native-reports.json");

/** The table is in the core's snake_case JSON; JS callers write camelCase. */
function camel(value, dataMap = false) {
  if (Array.isArray(value)) return value.map((item) => camel(item));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [
    dataMap ? key : key.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()),
    camel(item, !dataMap && key === "scores"),
  ]));
}

test("native results are there to compare with", () => {
  assert.ok(existsSync(nativePath), `${nativePath}: run scripts/test-wasm.sh`);
});

test("every case: same report and questions as Rust, and the expected outcome", () => {
  const native = new Map(JSON.parse(readFileSync(nativePath, "utf8")).map((entry) => [entry.name, entry]));
  let ran = 0;
  for (const testCase of table.cases) {
    const expected = native.get(testCase.name);
    assert.ok(expected, `${testCase.name}: native result`);
    const engine = new Engine(camel(testCase.config ?? undefined));
    const verdicts = testCase.verdicts == null ? undefined : camel(testCase.verdicts);
    const report = engine.score(testCase.message, verdicts === undefined ? {} : { verdicts });
    assert.deepEqual(report, expected.report, testCase.name);
    assert.deepEqual(engine.lookups(testCase.message, verdicts?.envelope), expected.lookups, testCase.name);
    assert.deepEqual(engine.followUp(testCase.message, verdicts), expected.followUp, testCase.name);
    engine.free();
    if (!expected.ready) continue; // as the Rust replay: facts another module extracts are missing
    ran += 1;
    const names = report.hits.map((hit) => hit.name);
    for (const hit of testCase.expect.hits ?? []) assert.ok(names.includes(hit), `${testCase.name}: ${hit} missing from ${names}`);
    for (const absent of testCase.expect.absent ?? []) assert.ok(!names.includes(absent), `${testCase.name}: ${absent} fired`);
    assert.equal(report.action.kind, testCase.expect.action, testCase.name);
    if (testCase.expect.reply_starts_with) {
      assert.ok((report.smtpReply ?? "").startsWith(testCase.expect.reply_starts_with), testCase.name);
    } else {
      assert.equal(report.smtpReply, testCase.expect.reply ?? null, testCase.name);
    }
    assert.equal(report.action.kind === "accept", report.smtpReply === null, testCase.name);
  }
  assert.ok(ran * 2 > table.cases.length, `most cases must run (${ran} of ${table.cases.length})`);
});
