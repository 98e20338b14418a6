//! TypeScript declarations of every input and output type. They mirror the
//! core's serde types as the JS boundary converts them (camelCase keys, see
//! `convert.rs`) and the option structs of `types.rs`. Kept in sync by the Node
//! tests: every key of real outputs must be declared here, the verdicts case
//! table is fed through these names, and `tsc --strict` compiles a usage file.

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
  | "dnsbl" | "uribl" | "uri" | "policy" | "bayes" | "reputation"
  | "body";

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
  scores?: Record<string, ScoreOverride>;
  /** Tests that never run. */
  disabled?: string[];
  /** Bounds on the work done per message. */
  limits?: Limits;
  /** DNS block and allow lists and their tests; default: the stock lists. Replaces them all. */
  dnsLists?: DnsList[];
  /** Outright refusals: sender TLDs, senders, attachments. */
  policy?: Policy;
  /** SMTP replies recommended in `Report.action`. */
  replies?: Replies;
  /** Authserv-ids whose Authentication-Results fields are believed (inside the trust boundary). */
  trustedAuthservIds?: string[];
  /** Networks whose relays are trusted ("192.0.2.0/24", "10/8", "!192.0.2.7"); default: inferred. */
  trustedNetworks?: string[];
  /** Networks of our own mail servers; default: the trusted networks. */
  internalNetworks?: string[];
  /** Networks of our own mail submission agents (not MX relays): older hops take their standing; default: none. */
  msaNetworks?: string[];
  /** Domains never sent to URI block lists; default: our list of very large sites. */
  uridnsblSkipDomains?: string[];
  /**
   * The site's own rules in SpamAssassin's rule language (local.cf), one text per file:
   * header, body, rawbody, uri and meta rules, score (also of built-in tests), describe,
   * lang fr describe, tflags. Default: none. An error names `customRules[i]` and the line.
   */
  customRules?: string[];
  /**
   * Address welcome and block lists (SpamAssassin's welcomelist_from, blocklist_to, …),
   * applied before the same directives of `customRules`. Default: every list empty.
   */
  addressLists?: AddressLists;
}

/**
 * Address lists: glob patterns (`*`, `?`), case-insensitive, matched with whole addresses.
 * The old names (`whitelistFrom`, `blacklistFrom`, `whitelistTo`, `blacklistTo`,
 * `whitelistAuth`, `defWhitelistAuth`, …) are read too.
 */
export interface AddressLists {
  /** Senders always welcome: USER_IN_WELCOMELIST (-100). */
  welcomelistFrom?: string[];
  /** Entries removed from `welcomelistFrom`. */
  unwelcomelistFrom?: string[];
  /** Senders always refused: USER_IN_BLOCKLIST (100). */
  blocklistFrom?: string[];
  /** Entries removed from `blocklistFrom`. */
  unblocklistFrom?: string[];
  /** Senders welcome when a listed relay (rDNS domain or "[IP/len]") delivered: USER_IN_WELCOMELIST. */
  welcomelistFromRcvd?: RcvdEntry[];
  /** The site's default entries of the same kind: USER_IN_DEF_WELCOMELIST (-15). */
  defWelcomelistFromRcvd?: RcvdEntry[];
  /** Sender patterns removed from both `…FromRcvd` lists. */
  unwelcomelistFromRcvd?: string[];
  /** Recipients filtered less strictly: USER_IN_WELCOMELIST_TO (-6). */
  welcomelistTo?: string[];
  /** Recipients who accept more spam: USER_IN_MORE_SPAM_TO (-20). */
  moreSpamTo?: string[];
  /** Recipients who want all mail: USER_IN_ALL_SPAM_TO (-100). */
  allSpamTo?: string[];
  /** Recipients whose mail is refused: USER_IN_BLOCKLIST_TO (10). */
  blocklistTo?: string[];
  /** Senders welcome when SPF passes or their domain signed (DKIM): USER_IN_SPF_WELCOMELIST, USER_IN_DKIM_WELCOMELIST (-100). */
  welcomelistAuth?: string[];
  /** The site's default entries of the same kind: USER_IN_DEF_SPF_WL, USER_IN_DEF_DKIM_WL (-7.5). */
  defWelcomelistAuth?: string[];
  /** Entries removed from both `…Auth` lists. */
  unwelcomelistAuth?: string[];
}

/** A `welcomelistFromRcvd` entry. */
export interface RcvdEntry {
  address: string;
  /** The relay's rDNS name or a parent domain, or "[192.0.2.1]", "[192.0.2.0/24]". */
  relay: string;
}

/** One score, or one per score set [0, 1, 2, 3]. */
export type ScoreOverride = number | [number, number, number, number];

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

/** A DNS block or allow list. */
export interface DnsList {
  /** A short identifier, e.g. "spamcop". */
  name: string;
  /** The name shown in texts; default: `name`. */
  label?: string | null;
  /** The DNS zone, e.g. "bl.spamcop.net". */
  zone: string;
  /** What is asked: relay IPs (default), URI domains, or the IPv4 addresses of URI domains' name servers or of URI hosts. */
  kind?: "ip" | "domain" | "name_server_ip" | "host_ip";
  /** The record type asked; default "A". */
  type?: "A" | "TXT";
  /** A list of good senders: its tests lower the score. */
  allow?: boolean;
  /** Domain lists: ask about the full host name rather than its registrable domain. */
  fullHost?: boolean;
  /** Domain lists: also ask about URIs whose host is an IP address. */
  ips?: boolean;
  /** A listing rejects the message outright. */
  rejects?: boolean;
  tests: ListTest[];
}

/** A test of a DNS list. */
export interface ListTest {
  name: string;
  /** Which answers hit: a bit mask, a list of return codes, or a TXT pattern; default: any. */
  match?: { mask: number } | { codes: string[] } | { txt: string } | null;
  /** Answers that keep the test from firing even when another record matches. */
  unless?: { mask: number } | { codes: string[] } | { txt: string } | null;
  /** Which relays are asked about; default "last_external". */
  relays?: "all" | "last_external" | "not_first_hop" | "first_trusted" | "untrusted";
  /** The test for "this list refused to answer". */
  blocked?: boolean;
  score: ScoreOverride;
  ours?: boolean;
}

/** Outright refusals. */
export interface Policy {
  /** Sender TLDs refused, with their leading dot (".xyz"). */
  blockedTlds?: string[];
  blockedSenders?: { sender: string; reason: "spam" | "abusive_domain" | "compromised_account" }[];
  /** Attachment extensions refused (".exe"). */
  blockedExtensions?: string[];
  /** Refuse `.doc` attachments named like "facture". Default true. */
  blockFactureDoc?: boolean;
}

/** An SMTP reply template; the text may hold `{placeholders}`. */
export interface ReplyTemplate {
  code: number;
  enhanced: string;
  text: string;
}

/** SMTP replies recommended in the report. */
export interface Replies {
  clientBlocked?: ReplyTemplate;
  uriBlocked?: ReplyTemplate;
  senderTld?: ReplyTemplate;
  senderBlocked?: ReplyTemplate;
  attachment?: ReplyTemplate;
  policy?: ReplyTemplate;
  spam?: ReplyTemplate;
  tempfail?: ReplyTemplate;
  /** Tempfail an otherwise accepted message when SPF or DMARC had a temporary error. Default false. */
  tempfailOnTemperror?: boolean;
}

/** A time: whole seconds since the Unix epoch, or RFC 3339 text ("2026-01-01T00:00:00Z"). */
export type Time = number | string;

/** The SMTP envelope and the client, as the receiving MTA saw them. */
export interface Envelope {
  /** The connecting client's IP address. */
  clientIp?: string;
  /** The HELO/EHLO name. */
  helo?: string;
  /** The client's reverse-DNS name; null, "" or "unknown": none. */
  clientRdns?: string | null;
  /** MAIL FROM; "" is the null sender. */
  mailFrom?: string;
  rcptTo?: string[];
  /** The client used SMTP AUTH (it is then trusted). */
  authenticated?: boolean;
  /** The time of reception, RFC 3339. */
  now?: string;
}

export type SpfResult = "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror";
export type DkimResult = "pass" | "fail" | "neutral" | "policy" | "temperror" | "permerror" | "none";

/** One DKIM signature and the result of verifying it. */
export interface DkimSignature {
  /** The signing domain (d=). */
  domain: string;
  selector?: string | null;
  identity?: string | null;
  result: DkimResult;
  keyBits?: number | null;
}

/** SPF, DKIM and DMARC results; an absent field means "not checked". */
export interface AuthResults {
  spf?: SpfResult;
  spfHelo?: SpfResult;
  /** Every signature; [] means checked, none found. */
  dkim?: DkimSignature[];
  dmarc?: { result: "pass" | "fail" | "none" | "temperror" | "permerror"; policy?: "none" | "quarantine" | "reject" | null };
}

/** What the resolver answered: records, or a status. */
export type Answer = string[] | "NXDOMAIN" | "NODATA" | "TIMEOUT" | "SERVFAIL" | "REFUSED";

/** The answer to one question of `lookups` or `followUp`. */
export interface DnsAnswer {
  name: string;
  type: RecordType;
  answer: Answer;
}

export type RecordType = "A" | "AAAA" | "TXT" | "MX" | "NS";

/**
 * What the caller resolved. Any `auth` result or `dns` answer switches on the
 * network score sets; an envelope alone does not.
 */
export interface Verdicts {
  envelope?: Envelope;
  auth?: AuthResults;
  dns?: DnsAnswer[];
}

/** One DNS question from `lookups` or `followUp`, and why it is asked. */
export interface Question {
  /** The name to look up, without a trailing dot. */
  name: string;
  type: RecordType;
  purpose:
    | { kind: "dnsbl"; list: string; ip: string }
    | { kind: "uribl"; list: string; subject: string }
    | { kind: "uri_name_servers"; domain: string }
    | { kind: "uri_address"; host: string }
    | { kind: "sender_domain" | "from_domain" | "recipient_domain"; domain: string };
}

/** A sender's stored auto-whitelist entry. */
export interface AwlEntry {
  /** Messages scored. */
  count: number;
  /** Sum of their scores (before AWL). */
  total: number;
}

/** What `BayesDb.learn` did. */
export type LearnOutcome = "learned" | "relearned" | "already_learned" | "no_tokens";

/** Options of `score`. */
export interface ScoreOptions {
  /** The current time (date tests run only when set). */
  now?: Time;
  /** Envelope, SPF/DKIM/DMARC results and DNS answers resolved by the caller. */
  verdicts?: Verdicts;
  /** The sender's stored auto-whitelist entry. */
  awl?: AwlEntry;
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
  /** The current time. */
  now?: Time;
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
  /** The limit's name, as in `Limits` ("maxParts"). */
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
  /** What to do during the SMTP dialogue. */
  action: Action;
  /** The SMTP reply line to give ("554 5.7.1 ..."); null when accepting. */
  smtpReply: string | null;
  /** Set by `scoreTemplate`, `null` otherwise. */
  template: TemplateInfo | null;
}

/** The recommended action. */
export interface Action {
  kind: "accept" | "reject" | "tempfail";
  /** The reply to give; null when accepting. */
  reply: SmtpReply | null;
  /** The test that decided; null when accepting or for a spam score. */
  cause: string | null;
}

/** One SMTP reply. */
export interface SmtpReply {
  code: number;
  enhanced: string;
  text: string;
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
