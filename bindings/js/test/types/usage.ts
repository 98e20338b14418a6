// Compiled by package.test.mjs with `tsc --strict`: the declarations must
// accept what a user writes and reject typical mistakes.
import init, { Engine, explain, followUp, score, scoreTemplate, tests } from "spamgauge";
import type { EngineConfig, Explanation, Hit, Question, Report, TestInfo, Verdicts } from "spamgauge";

export async function typical(message: string, bytes: Uint8Array): Promise<number> {
  await init();
  const config: EngineConfig = { profile: "outbound", threshold: 4, scores: { MISSING_DATE: [1, 2, 3, 4] }, limits: { maxParts: 10 } };
  const engine = new Engine(config);
  const report: Report = engine.score(bytes, { now: 1_700_000_000 });
  const hits: Hit[] = report.hits;
  const text: string = hits.length > 0 ? hits[0].explanation.fr : "";
  const template = scoreTemplate("<p>hi</p>", { kind: "html", subject: "Hello", textPart: false });
  const explanation: Explanation = explain("MISSING_DATE", "fr");
  const all: TestInfo[] = tests();
  engine.free();
  return score(message).score + template.score + text.length + explanation.fix.length + all.length;
}

export function rounds(engine: Engine, message: string, verdicts: Verdicts): Question[] {
  const open: Question[] = engine.followUp(message, verdicts);
  return open.length > 0 ? open : followUp(message);
}

export function mistakes(engine: Engine): void {
  // @ts-expect-error: profile is "inbound" | "outbound"
  new Engine({ profile: "sideways" });
  // @ts-expect-error: unknown config field
  new Engine({ treshold: 5 });
  // @ts-expect-error: a message is a string or a Uint8Array
  engine.score(42);
  // @ts-expect-error: a record type is "A" | "AAAA" | "TXT" | "MX" | "NS"
  engine.followUp("x", { dns: [{ name: "a.example", type: "SRV", answer: "NXDOMAIN" }] });
  // @ts-expect-error: lang is "en" | "fr"
  explain("MISSING_DATE", "de");
  // @ts-expect-error: decision is "ham" | "spam"
  const decision: "maybe" = engine.score("x").decision;
  void decision;
}
