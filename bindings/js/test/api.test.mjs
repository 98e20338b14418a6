// Every exported function, as a user imports them, with good and bad input.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inspect } from "node:util";

import { BayesDb, Engine, explain, followUp, lookups, score, scoreTemplate, tests } from "spamgauge";
import { NO_DATE, declaredInterfaces, fixture } from "./helpers.mjs";

const HAM = fixture("ham.eml");
const SPAM = fixture("spam.eml");

/** Asserts `value` has every required field of `name` and no undeclared one. */
function assertShape(value, name, declared = declaredInterfaces()) {
  const fields = declared.get(name);
  assert.ok(fields, `interface ${name} is declared`);
  for (const key of Object.keys(value)) {
    assert.ok(fields.has(key), `${name}.${key} is declared in the .d.ts`);
  }
  for (const [key, optional] of fields) {
    if (!optional) assert.ok(key in value, `${name}.${key} is present`);
  }
}

describe("score", () => {
  test("takes a string, a Uint8Array or a Buffer, with the same result", () => {
    const fromBuffer = score(SPAM);
    assert.deepEqual(score(SPAM.toString("utf8")), fromBuffer);
    assert.deepEqual(score(new Uint8Array(SPAM)), fromBuffer);
  });

  test("a test that fires is listed with its texts; its near miss is not", () => {
    const fired = score(NO_DATE).hits.find((hit) => hit.name === "MISSING_DATE");
    assert.ok(fired, "MISSING_DATE fires without a Date:");
    assert.equal(fired.family, "header");
    assert.ok(fired.score > 0);
    for (const text of [fired.description, fired.explanation, fired.fix, fired.evidence]) {
      assert.ok(text.en.length > 0 && text.fr.length > 0 && text.en !== text.fr);
    }
    const near = score(NO_DATE.replace("Subject: hi", "Subject: hi\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100"));
    assert.equal(near.hits.find((hit) => hit.name === "MISSING_DATE"), undefined);
  });

  test("the report is consistent and matches its declaration", () => {
    const declared = declaredInterfaces();
    for (const message of [HAM, SPAM, NO_DATE]) {
      const report = score(message);
      assertShape(report, "Report", declared);
      report.hits.forEach((hit) => {
        assertShape(hit, "Hit", declared);
        for (const key of ["description", "explanation", "fix", "evidence"]) assertShape(hit[key], "Localized", declared);
      });
      const sum = report.hits.reduce((total, hit) => total + hit.score, 0);
      assert.ok(Math.abs(report.rawScore - sum) < 1e-9, "total = sum of hits");
      assert.equal(report.isSpam, report.score >= report.threshold);
      assert.equal(report.decision, report.isSpam ? "spam" : "ham");
      assert.equal(report.template, null);
      assert.ok(!Object.is(report.score, -0), "no negative zero");
    }
  });

  test("the clean ham is ham", () => {
    const report = score(HAM);
    assert.equal(report.decision, "ham");
    // It was never relayed: only SpamAssassin's informational tests for a
    // message with no Received field fire, and they lower the score.
    assert.deepEqual(report.hits.map((hit) => hit.name), ["NO_RELAYS", "NO_RECEIVED"]);
    assert.ok(report.hits.every((hit) => hit.score < 0));
  });

  test("is deterministic", () => {
    assert.deepEqual(score(SPAM, { now: 1_800_000_000 }), score(SPAM, { now: 1_800_000_000 }));
  });

  test("input that is not a message throws an Error saying why", () => {
    assert.throws(() => score(""), { name: "Error", message: "invalid message: the message is empty" });
  });

  test("a message of the wrong type throws an Error naming the argument", () => {
    for (const [value, type] of [[42, "number"], [null, "null"], [undefined, "undefined"], [{}, "object"], [[1], "an array"]]) {
      assert.throws(() => score(value), { name: "Error", message: `invalid message: expected a string or a Uint8Array, got ${type}` });
    }
  });

  test("options are read strictly", () => {
    assert.throws(() => score(HAM, { nowe: 1 }), /invalid options: .*unknown field `nowe`/);
    assert.throws(() => score(HAM, { now: "yesterday" }), /^Error: invalid options: `now`: not an RFC 3339 timestamp/);
    assert.throws(() => score(HAM, { now: 1.5 }), /^Error: invalid options: `now`: data did not match any variant/);
    // Near miss: seconds and RFC 3339 text name the same instant.
    assert.deepEqual(score(HAM, { now: 1_767_225_600 }), score(HAM, { now: "2026-01-01T00:00:00Z" }));
    assert.throws(() => score(HAM, 7), /invalid options: invalid type/);
    // Near miss: absent, undefined and null options are the defaults.
    assert.deepEqual(score(HAM, undefined), score(HAM));
    assert.deepEqual(score(HAM, null), score(HAM));
    assert.deepEqual(score(HAM, {}), score(HAM));
  });
});

describe("Engine", () => {
  test("is built once and reused; defaults match the free functions", () => {
    const engine = new Engine();
    assert.equal(engine.threshold, 5);
    assert.equal(engine.profile, "inbound");
    for (let i = 0; i < 50; i += 1) assert.deepEqual(engine.score(SPAM), score(SPAM));
    assert.deepEqual(engine.tests(), tests());
    engine.free();
  });

  test("takes the profile, threshold, scores, disabled tests and limits", () => {
    const outbound = new Engine({ profile: "outbound" });
    assert.equal(outbound.threshold, 3);
    assert.equal(outbound.profile, "outbound");
    assert.equal(outbound.score(HAM).profile, "outbound");
    assert.equal(new Engine({ threshold: 2.5 }).score(HAM).threshold, 2.5);

    const rescored = new Engine({ scores: { MISSING_DATE: 9 } }).score(NO_DATE);
    assert.equal(rescored.hits.find((hit) => hit.name === "MISSING_DATE").score, 9);
    assert.equal(rescored.decision, "spam");
    const perSet = new Engine({ scores: { MISSING_DATE: [1, 2, 3, 4] } });
    assert.deepEqual(perSet.tests().find((t) => t.name === "MISSING_DATE").scores, [1, 2, 3, 4]);

    const disabled = new Engine({ disabled: ["MISSING_DATE"] });
    assert.equal(disabled.score(NO_DATE).hits.find((hit) => hit.name === "MISSING_DATE"), undefined);
    assert.equal(disabled.tests().find((t) => t.name === "MISSING_DATE"), undefined);

    const limited = new Engine({ limits: { maxMessageBytes: 1024 } }).score(HAM + "x".repeat(4096));
    assert.ok(limited.limitsHit.some((hit) => hit.limit === "maxMessageBytes" && hit.bound === 1024), JSON.stringify(limited.limitsHit));
  });

  test("bad configuration throws an Error naming the field", () => {
    const cases = [
      [{ treshold: 5 }, /^invalid config: .*unknown field `treshold`, expected one of/],
      [{ profile: "sideways" }, /^invalid config: `profile`: unknown variant `sideways`/],
      [{ threshold: "5" }, /^invalid config: `threshold`: invalid type: string "5"/],
      [{ threshold: NaN }, /^invalid config: `threshold`: NaN is not a finite number$/],
      [{ threshold: Infinity }, /^invalid config: `threshold`: Infinity is not a finite number$/],
      [{ scores: { MISSING_DATE: NaN } }, /^invalid config: `scores.MISSING_DATE`: NaN is not a finite number$/],
      [{ scores: { MISSING_DATE: [1, 2, -Infinity, 4] } }, /^invalid config: `scores.MISSING_DATE\[2\]`: -Infinity is not a finite number$/],
      [{ scores: { MISSING_DATE: [1, 2] } }, /^invalid config: `scores.MISSING_DATE`/],
      [{ scores: { NO_SUCH_TEST: 1 } }, /^invalid config: `scores.NO_SUCH_TEST`: unknown test `NO_SUCH_TEST`$/],
      [{ disabled: ["NO_SUCH_TEST"] }, /^invalid config: `disabled`: unknown test `NO_SUCH_TEST`$/],
      [{ disabled: "MISSING_DATE" }, /^invalid config: `disabled`: invalid type: string/],
      [{ limits: { maxPart: 1 } }, /^invalid config: `limits.maxPart`: unknown field `maxPart`/],
      [{ limits: { max_parts: 1 } }, /unknown field `max_parts`/],
      [{ limits: { maxParts: 0 } }, /^invalid config: `limits.maxParts`: must be at least 1$/],
      [{ limits: { maxParts: -1 } }, /^invalid config: `limits.maxParts`: invalid value: integer `-1`, expected usize$/],
      [{ limits: { maxParts: 1.5 } }, /^invalid config: `limits.maxParts`: invalid type: floating point `1.5`, expected usize$/],
      [{ limits: { maxParts: () => 1 } }, /^invalid config: `limits.maxParts`: invalid type: function$/],
      [{ threshold: new Date() }, /^invalid config: `threshold`: invalid type: expected a plain object$/],
      [{ threshold: 5n }, /^invalid config: `threshold`: invalid type: bigint$/],
      [{ limits: { maxMessageBytes: 10 } }, /^invalid config: `limits.maxMessageBytes`: must be at least 1024$/],
      ["inbound", /^invalid config: invalid type: string "inbound", expected struct/],
    ];
    for (const [config, message] of cases) {
      assert.throws(() => new Engine(config), (error) => error instanceof Error && message.test(error.message), inspect(config));
    }
    // Near miss: every field at a valid value.
    assert.doesNotThrow(() => new Engine({
      profile: "inbound", threshold: 6, scores: { MISSING_DATE: 1 }, disabled: [],
      limits: { maxMessageBytes: 1024, maxPartBytes: 1024, maxMimeDepth: 1, maxParts: 1, maxHeaders: 1, maxUris: 1, maxHtmlTags: 1 },
    }));
  });

  test("a freed engine cannot be used", () => {
    const engine = new Engine();
    engine.free();
    assert.throws(() => engine.score(HAM), Error);
  });
});

describe("explain and tests", () => {
  test("explain gives one test's texts in English or French", () => {
    const en = explain("MISSING_DATE");
    assertShape(en, "Explanation");
    assert.equal(en.lang, "en");
    assert.match(en.description, /Date/);
    const fr = explain("MISSING_DATE", "fr");
    assert.equal(fr.lang, "fr");
    assert.notEqual(fr.explanation, en.explanation);
    assert.deepEqual(explain("MISSING_DATE", "en"), en);
  });

  test("explain rejects unknown tests and languages", () => {
    assert.throws(() => explain("NO_SUCH_TEST"), { message: "invalid test: unknown test `NO_SUCH_TEST`" });
    assert.throws(() => explain("MISSING_DATE", "de"), { message: 'invalid lang: expected "en" or "fr", got "de"' });
    assert.throws(() => explain("MISSING_DATE", 1), { message: 'invalid lang: expected "en" or "fr", got number' });
    assert.throws(() => explain(undefined), { message: "invalid test: expected a test name (a string), got undefined" });
  });

  test("tests lists every test once, each with texts in both languages", () => {
    const all = tests();
    assert.ok(all.length > 0);
    const declared = declaredInterfaces();
    assert.equal(new Set(all.map((t) => t.name)).size, all.length, "unique names");
    for (const info of all) {
      assertShape(info, "TestInfo", declared);
      assert.equal(info.scores.length, 4);
      for (const text of [info.description, info.explanation, info.fix]) {
        assert.ok(text.en.trim() && text.fr.trim(), `${info.name} has both languages`);
      }
      assert.deepEqual(explain(info.name, "fr").fix, info.fix.fr);
    }
  });
});

describe("scoreTemplate", () => {
  test("an HTML fragment is scored for its content only", () => {
    const report = scoreTemplate("<p>Our <b>autumn</b> collection is here.</p>");
    assertShape(report, "Report");
    assertShape(report.template, "TemplateInfo");
    assert.equal(report.template.kind, "html");
    assert.deepEqual(report.template.assumed, ["spf=pass", "dkim=pass", "dmarc=pass"]);
    for (const family of ["header", "date", "auth", "relay", "dnsbl"]) {
      assert.ok(report.template.excludedFamilies.includes(family), family);
    }
    assert.ok(report.hits.every((hit) => !report.template.excludedFamilies.includes(hit.family)));
  });

  test("a full message keeps its header tests; a fragment cannot fail them", () => {
    const message = scoreTemplate(NO_DATE);
    assert.equal(message.template.kind, "message");
    assert.ok(message.hits.some((hit) => hit.name === "MISSING_DATE"));
    assert.ok(!message.template.excludedFamilies.includes("header"));
    const fragment = scoreTemplate("hello\nthere", { kind: "text" });
    assert.equal(fragment.template.kind, "text");
    assert.ok(!fragment.hits.some((hit) => hit.name === "MISSING_DATE"));
  });

  test("the kind is guessed, or forced", () => {
    assert.equal(scoreTemplate("<div>x</div>").template.kind, "html");
    assert.equal(scoreTemplate("Dear customer,\nthanks.").template.kind, "text");
    assert.equal(scoreTemplate(NO_DATE, { kind: "html" }).template.kind, "html");
  });

  test("options are read strictly", () => {
    assert.throws(() => scoreTemplate("<p>x</p>", { kind: "pdf" }), /^Error: invalid options: `kind`: unknown variant `pdf`/);
    assert.throws(() => scoreTemplate("<p>x</p>", { subjet: "x" }), /unknown field `subjet`/);
    assert.throws(() => scoreTemplate("<p>x</p>", { textPart: "yes" }), /`textPart`: invalid type/);
    assert.throws(() => scoreTemplate("   "), { message: "invalid template: it is empty" });
    assert.throws(() => scoreTemplate(3), { message: "invalid template: expected a string or a Uint8Array, got number" });
    assert.doesNotThrow(() => scoreTemplate("<p>Bonjour</p>", { subject: "Été 2026 : -20 %", from: "Boutique <news@shop.example>", textPart: false, now: 1_800_000_000 }));
  });
});

describe("verdicts and lookups", () => {
  const VERDICTS = {
    envelope: { clientIp: "203.0.113.7", helo: "mail.example.com", clientRdns: "mail.example.com", mailFrom: "alice@example.com", rcptTo: ["bob@example.org"] },
    auth: { spf: "pass", spfHelo: "none", dkim: [{ domain: "example.com", selector: "s1", result: "pass", keyBits: 2048 }], dmarc: { result: "pass", policy: "reject" } },
    dns: [{ name: "7.113.0.203.zen.spamhaus.org", type: "A", answer: "NXDOMAIN" }],
  };

  test("lookups lists DNS questions for the envelope's client, each with its purpose", () => {
    const questions = lookups(HAM, VERDICTS.envelope);
    assert.ok(questions.length > 0);
    for (const question of questions) assertShape(question, "Question");
    assert.ok(questions.some((q) => q.name === "7.113.0.203.zen.spamhaus.org" && q.type === "A" && q.purpose.kind === "dnsbl" && q.purpose.ip === "203.0.113.7"));
    // Near miss: without a client IP there is no relay to ask about.
    assert.ok(!lookups(HAM).some((q) => q.purpose.kind === "dnsbl" && q.purpose.ip === "203.0.113.7"));
    assert.deepEqual(new Engine().lookups(HAM, VERDICTS.envelope), questions);
  });

  test("followUp asks, round by round, what follows from the answers given", () => {
    const message = "From: a@example.com\r\n\r\nsee http://shop.example.net/\r\n";
    const find = (questions, name, type) => questions.find((q) => q.name === name && q.type === type);
    // Nothing answered yet: the questions of lookups, among them the URI domain's name servers.
    assert.deepEqual(followUp(message), lookups(message));
    assert.deepEqual(followUp(message, { dns: [] }), lookups(message));
    assert.deepEqual(find(followUp(message), "example.net", "NS")?.purpose, { kind: "uri_name_servers", domain: "example.net" });
    // The name server given: its address is asked, the answered question is gone.
    const dns = [{ name: "example.net", type: "NS", answer: ["ns1.host.example"] }];
    let questions = followUp(message, { dns });
    for (const question of questions) assertShape(question, "Question");
    assert.deepEqual(find(questions, "ns1.host.example", "A")?.purpose, { kind: "uri_address", host: "ns1.host.example" });
    assert.equal(find(questions, "example.net", "NS"), undefined);
    // Its address given: the address is asked in Spamhaus ZEN.
    dns.push({ name: "ns1.host.example", type: "A", answer: ["198.51.100.53"] });
    questions = followUp(message, { dns });
    assert.deepEqual(find(questions, "53.100.51.198.zen.spamhaus.org", "A")?.purpose, { kind: "uribl", list: "zen-uri-ns", subject: "198.51.100.53" });
    assert.equal(find(questions, "ns1.host.example", "A"), undefined);
    // Listed: nothing of the walk is left, and the report has URIBL_SBL.
    dns.push({ name: "53.100.51.198.zen.spamhaus.org", type: "A", answer: ["127.0.0.2"] });
    questions = new Engine().followUp(message, { dns });
    assert.deepEqual(questions, followUp(message, { dns }));
    assert.equal(find(questions, "53.100.51.198.zen.spamhaus.org", "A"), undefined);
    assert.ok(score(message, { verdicts: { dns } }).hits.some((hit) => hit.name === "URIBL_SBL"));
    // Verdicts are read as strictly as score's.
    assert.throws(() => followUp(message, { dns: [{ name: "x.example", type: "A", answer: ["nope"] }] }),
      { message: 'invalid verdicts: `dns[0].answer[0]`: "nope" is not an IPv4 address' });
    assert.throws(() => followUp(message, { envelope: { client_ip: "203.0.113.7" } }), /^Error: invalid verdicts: `envelope.client_ip`: unknown field/);
  });

  test("verdicts switch on the network score set and the auth tests", () => {
    const report = score(HAM, { verdicts: VERDICTS });
    assert.equal(report.scoreSet, 1);
    assert.ok(report.hits.some((hit) => hit.family === "auth"), JSON.stringify(report.hits.map((h) => h.name)));
    assertShape(report.action, "Action");
    assert.equal(report.action.kind, "accept");
    assert.equal(report.smtpReply, null);
    assert.equal(score(HAM, { verdicts: { envelope: VERDICTS.envelope } }).scoreSet, 0, "an envelope alone is not network");
  });

  test("verdicts are read strictly, in camelCase, errors naming the field", () => {
    const cases = [
      [{ envelope: { client_ip: "203.0.113.7" } }, "invalid options: `verdicts.envelope.client_ip`: unknown field `client_ip` (did you mean `clientIp`?)"],
      [{ envelope: { clientIp: "nope" } }, /^invalid options: `verdicts.envelope.clientIp`: invalid IP address syntax$/],
      [{ envelope: { heloName: "x" } }, /^invalid options: `verdicts.envelope.heloName`: unknown field `heloName`, expected one of `clientIp`, `helo`/],
      [{ auth: { spf: "passed" } }, /^invalid options: `verdicts.auth.spf`: unknown variant `passed`/],
      [{ auth: { dkim: [{ result: "pass" }] } }, /^invalid options: `verdicts.auth.dkim\[0\]`: missing field `domain`$/],
      [{ auth: { dkim: [{ domain: "example.com", result: "pass", keyBits: -1 }] } }, /^invalid options: `verdicts.auth.dkim\[0\].keyBits`: invalid value/],
      [{ dns: [{ name: "x.example", type: "A", answer: ["nope"] }] }, /^invalid options: `verdicts.dns\[0\].answer\[0\]`: "nope" is not an IPv4 address$/],
      [{ dns: [{ name: "x.example", type: "SRV", answer: "NXDOMAIN" }] }, /^invalid options: `verdicts.dns\[0\].type`: unknown variant `SRV`/],
    ];
    for (const [verdicts, message] of cases) {
      assert.throws(() => score(HAM, { verdicts }), (error) => error instanceof Error && (typeof message === "string" ? error.message === message : message.test(error.message)), inspect(verdicts) + " -> " + (() => { try { score(HAM, { verdicts }); } catch (e) { return e.message; } })());
    }
    assert.throws(() => lookups(HAM, { clientIp: "x" }), /^Error: invalid envelope: `clientIp`: invalid IP address syntax$/);
  });

  test("the AWL entry is taken", () => {
    assert.throws(() => score(HAM, { awl: { count: 1 } }), /^Error: invalid options: `awl`: missing field `total`$/);
    assert.doesNotThrow(() => score(HAM, { awl: { count: 3, total: 30 } }));
  });
});

describe("BayesDb", () => {
  test("learns, saves to bytes and loads back", () => {
    const db = new BayesDb();
    assert.equal(db.nspam, 0);
    assert.equal(db.learn(SPAM, "spam", 1_767_225_600), "learned");
    assert.equal(db.learn(SPAM, "spam", "2026-01-01T00:00:00Z"), "already_learned");
    assert.equal(db.learn(HAM, "ham"), "learned");
    assert.equal(db.learn(SPAM, "ham"), "relearned");
    assert.deepEqual([db.nspam, db.nham], [0, 2]);
    assert.ok(db.tokens > 0);
    assert.equal(db.isUsable, false, "two messages are not enough");
    const bytes = db.save();
    assert.ok(bytes instanceof Uint8Array && bytes.length > 0);
    const loaded = BayesDb.load(bytes);
    assert.deepEqual([loaded.nspam, loaded.nham, loaded.tokens], [db.nspam, db.nham, db.tokens]);
    assert.deepEqual(loaded.save(), bytes);
  });

  test("scoreWithBayes uses the database and leaves it usable", () => {
    const db = new BayesDb();
    db.learn(HAM, "ham");
    const engine = new Engine();
    assert.deepEqual(engine.scoreWithBayes(HAM, db), engine.score(HAM), "an unusable database changes nothing");
    assert.equal(db.nham, 1, "the database is still there after the call");
  });

  test("bad input throws", () => {
    assert.throws(() => BayesDb.load(new Uint8Array([1, 2, 3])), /^Error: invalid Bayes database: /);
    assert.throws(() => new BayesDb().learn(HAM, "spammy"), { message: 'invalid class: expected "spam" or "ham", got "spammy"' });
    assert.throws(() => new BayesDb().learn(HAM, "spam", 1.5), { message: "invalid now: 1.5 is not a whole number of seconds" });
    assert.throws(() => new BayesDb().learn(42, "spam"), { message: "invalid message: expected a string or a Uint8Array, got number" });
  });
});
