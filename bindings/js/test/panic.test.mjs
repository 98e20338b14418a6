// A Rust panic reaches JS as an Error, never as an opaque trap, and poisons the
// module (its own process: node --test runs each file in a fresh one).
import assert from "node:assert/strict";
import { test } from "node:test";

import * as spamgauge from "spamgauge";
import { NO_DATE } from "./helpers.mjs";

test("a panic throws an Error naming it, then every call says the module is unusable", () => {
  // Before: the module works.
  assert.ok(spamgauge.score(NO_DATE).hits.length > 0);
  const engine = new spamgauge.Engine();

  assert.throws(() => spamgauge.__panicForTests(), (error) => {
    assert.ok(error instanceof Error);
    assert.ok(!(error instanceof WebAssembly.RuntimeError), "not a trap");
    assert.equal(error.name, "PanicError");
    assert.match(error.message, /^spamgauge panicked \(a bug, please report it\): panicked at .*deliberate panic for the boundary test; the module is now unusable: reload it$/s);
    return true;
  });

  for (const call of [
    () => spamgauge.score(NO_DATE),
    () => spamgauge.scoreTemplate("<p>x</p>"),
    () => spamgauge.explain("MISSING_DATE"),
    () => spamgauge.tests(),
    () => new spamgauge.Engine(),
    () => engine.score(NO_DATE),
    () => spamgauge.__panicForTests(),
  ]) {
    assert.throws(call, (error) => {
      assert.ok(error instanceof Error && !(error instanceof WebAssembly.RuntimeError));
      assert.match(error.message, /^spamgauge is unusable after an earlier panic \(panicked at .*deliberate panic.*\): reload the module$/s);
      return true;
    });
  }
});
