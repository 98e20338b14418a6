// Shared by the Node tests: fixtures, and the interfaces declared in the
// package's .d.ts, so outputs can be checked against their declarations.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = join(here, "..", "fixtures");
export const fixture = (name) => readFileSync(join(fixtures, name));

const require = createRequire(import.meta.url);
/** The installed package's directory (node_modules/spamgauge). */
export const packageDir = dirname(require.resolve("spamgauge/package.json"));
export const packageJson = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

/**
 * Interfaces of the package's .d.ts: name -> Map(field -> optional?).
 * A small reader for the shapes we write (one field per line).
 */
export function declaredInterfaces() {
  const dts = readFileSync(join(packageDir, packageJson.types), "utf8");
  const interfaces = new Map();
  for (const match of dts.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    const fields = new Map();
    for (const field of match[2].matchAll(/^\s+(\w+)(\??):/gm)) {
      fields.set(field[1], field[2] === "?");
    }
    interfaces.set(match[1], fields);
  }
  return interfaces;
}

/** A message without a Date: field (MISSING_DATE fires). */
export const NO_DATE = "From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nhello\r\n";
