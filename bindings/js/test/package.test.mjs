// The package as npm ships it: manifest, files, types, version.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import init, { initSync, version } from "spamgauge";
import { declaredInterfaces, packageDir, packageJson } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));

test("package.json declares types, exports, files and no side effects", () => {
  assert.equal(packageJson.name, "spamgauge");
  assert.equal(packageJson.type, "module");
  assert.equal(packageJson.sideEffects, false);
  assert.equal(packageJson.types, "./web/spamgauge.d.ts");
  const root = packageJson.exports["."];
  assert.deepEqual(Object.keys(root), ["types", "node", "default"], "types must come first");
  for (const target of [root.types, root.node, root.default, packageJson.exports["./spamgauge_bg.wasm"]]) {
    assert.ok(existsSync(join(packageDir, target)), `${target} is in the tarball`);
  }
  assert.ok(Array.isArray(packageJson.files) && packageJson.files.includes("web/spamgauge_bg.wasm"));
});

test("the tarball holds exactly the listed files", () => {
  for (const file of packageJson.files) {
    assert.ok(existsSync(join(packageDir, file)), `${file} shipped`);
  }
  // Near miss: wasm-bindgen's own package.json and .gitignore are not shipped.
  assert.equal(existsSync(join(packageDir, "web", "package.json")), false);
  assert.equal(existsSync(join(packageDir, "web", ".gitignore")), false);
});

test("version() agrees with package.json (and so with Cargo.toml)", () => {
  assert.equal(version(), packageJson.version);
});

test("init() is a harmless no-op in Node, where the module is ready at import", async () => {
  const exports = await init();
  assert.ok(exports.memory instanceof WebAssembly.Memory);
  assert.equal(initSync({ module: new Uint8Array() }), exports, "already initialised");
});

test("the .d.ts declares every input and output type", () => {
  const declared = declaredInterfaces();
  for (const name of [
    "EngineConfig", "Limits", "ScoreOptions", "TemplateOptions", "Report", "Hit",
    "LimitHit", "TemplateInfo", "TestInfo", "Explanation", "Localized",
  ]) {
    assert.ok(declared.has(name), `interface ${name}`);
  }
});

test("TypeScript (strict) accepts typical use and rejects mistakes", () => {
  const tsc = join(here, "..", "node_modules", ".bin", "tsc");
  const run = spawnSync(tsc, ["-p", join(here, "types", "tsconfig.json")], { encoding: "utf8" });
  const output = run.stdout + run.stderr;
  // types/usage.ts compiles clean except for the lines marked @ts-expect-error,
  // which must each be an error (tsc reports unused expectations).
  assert.equal(run.status, 0, output);
});
