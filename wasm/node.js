// Node entry point of the `spamgauge` package (the "node" export condition).
//
// The package ships one build, wasm-bindgen's `web` target (an ES module that
// works in browsers and bundlers). Browsers fetch the .wasm in `await init()`;
// Node cannot fetch a file: URL, so here the module is read from disk and
// instantiated synchronously at import time. Everything is re-exported
// unchanged, `init` included (a no-op once initialised), so the same code runs
// in both: `import init, { Engine } from "spamgauge"; await init();`.
import { readFileSync } from "node:fs";
import { initSync } from "./web/spamgauge.js";

initSync({ module: readFileSync(new URL("./web/spamgauge_bg.wasm", import.meta.url)) });

export * from "./web/spamgauge.js";
export { default } from "./web/spamgauge.js";
