//! TypeScript declarations of every input and output type. They mirror the
//! serde structs of `types.rs` field for field (camelCase); the Node tests check
//! that every key of real outputs is declared here (`bindings/js/test`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A language of the texts. */
export type Lang = "en" | "fr";

/** Which kind of filter the engine acts as. */
export type Profile = "inbound" | "outbound";

/** The engine's conclusion. */
export type Decision = "ham" | "spam";

/** What a test looks at. */
export type Family =
  | "html" | "mime" | "header" | "date" | "relay" | "auth"
  | "dnsbl" | "uribl" | "policy" | "bayes" | "reputation";

/** A text in every supported language. */
export interface Localized {
  en: string;
  fr: string;
}

/**
 * What an `Engine` is built from. Every field is optional; an unknown field or
 * a bad value makes the constructor throw an `Error` naming the field.
 */
export interface EngineConfig {
  /** Default `"inbound"` (spam at score >= 5); `"outbound"` clamps to 0..15, spam above 3. */
  profile?: Profile;
  /** The decision threshold; default: the profile's. Must be finite. */
  threshold?: number;
  /** Score overrides by test name: one score, or one per score set [0, 1, 2, 3]. */
  scores?: Record<string, number | [number, number, number, number]>;
  /** Tests that never run. */
  disabled?: string[];
  /** Bounds on the work done per message. */
  limits?: Limits;
}

/** Bounds on the work done per message; hitting one is listed in `Report.limitsHit`. */
export interface Limits {
  /** Bytes of the raw message parsed. Default 33554432 (32 MiB), at least 1024. */
  maxMessageBytes?: number;
  /** Decoded bytes kept per MIME part. Default 4194304 (4 MiB), at least 1024. */
  maxPartBytes?: number;
  /** Depth of nested multiparts. Default 20. */
  maxMimeDepth?: number;
  /** MIME parts kept. Default 1000. */
  maxParts?: number;
  /** Header fields kept. Default 10000. */
  maxHeaders?: number;
  /** URIs kept. Default 10000. */
  maxUris?: number;
  /** HTML tag events per HTML part. Default 100000. */
  maxHtmlTags?: number;
}

/** Options of `score`. */
export interface ScoreOptions {
  /** The current time, in whole seconds since the Unix epoch (date tests run only when set). */
  now?: number;
}

/** What a template is; guessed when absent. */
export type TemplateKind = "html" | "text" | "message";

/** Options of `scoreTemplate`. */
export interface TemplateOptions {
  /** What the input is; guessed when absent (a header line first: message; `<`: HTML; else text). */
  kind?: TemplateKind;
  /** Subject of the wrapper message; default: the HTML `<title>`, else "Template preview". */
  subject?: string;
  /** From of the wrapper message; default "Template Preview <preview@example.com>". */
  from?: string;
  /** Add a text/plain alternative made from the HTML's visible text (default true). */
  textPart?: boolean;
  /** The current time, in whole seconds since the Unix epoch. */
  now?: number;
}

/** One test that fired. */
export interface Hit {
  /** SpamAssassin's name of the test (or spamgauge's, when `ours`). */
  name: string;
  /** The score it added. */
  score: number;
  family: Family;
  /** A spamgauge test rather than a SpamAssassin one. */
  ours: boolean;
  /** One line: what the test detects. */
  description: Localized;
  /** What it means that it fired. */
  explanation: Localized;
  /** How a legitimate sender makes it stop firing. */
  fix: Localized;
  /** Why it fired on this message. */
  evidence: Localized;
}

/** A limit that cut the scan: what was kept is still scored. */
export interface LimitHit {
  /** The limit's name, as in `Limits`. */
  limit: string;
  /** The configured bound. */
  bound: number;
  /** Where it was hit, e.g. "part 3". */
  at: string;
}

/** Present in template mode: what was assumed and what was left out. */
export interface TemplateInfo {
  /** What the input was taken for. */
  kind: TemplateKind;
  /** Results assumed rather than checked, e.g. "spf=pass". */
  assumed: string[];
  /** Families of tests left out: they judge the sending path or the wrapper, not the content. */
  excludedFamilies: Family[];
}

/** The scored, explained result for one message. */
export interface Report {
  /** The total (clamped to 0..15 for the outbound profile). */
  score: number;
  /** The sum of the hits' scores, before clamping. */
  rawScore: number;
  threshold: number;
  isSpam: boolean;
  decision: Decision;
  profile: Profile;
  /** SpamAssassin's score set, 0..3 (network verdicts: +1, Bayes: +2). */
  scoreSet: number;
  /** Every test that fired, in evaluation order. */
  hits: Hit[];
  limitsHit: LimitHit[];
  /** Set by `scoreTemplate`, `null` otherwise. */
  template: TemplateInfo | null;
}

/** A test as an engine runs it. */
export interface TestInfo {
  name: string;
  family: Family;
  /** Effective scores in the four score sets. */
  scores: [number, number, number, number];
  /** Needs network verdicts (score sets 1 and 3 only). */
  net: boolean;
  /** Needs Bayes (score sets 2 and 3 only). */
  learn: boolean;
  ours: boolean;
  /** A policy test: the message is rejected whatever the score. */
  rejects: boolean;
  /** Tests that must have fired for this one to run. */
  requires: string[];
  description: Localized;
  explanation: Localized;
  fix: Localized;
}

/** One test's texts in one language. */
export interface Explanation {
  name: string;
  lang: Lang;
  family: Family;
  scores: [number, number, number, number];
  ours: boolean;
  description: string;
  explanation: string;
  fix: string;
}
"#;
