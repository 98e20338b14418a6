//! The rule-file language end to end: each directive, each refusal, and the
//! rules' hits in reports.

use proptest::prelude::*;

use super::perl_regex::{PerlRegex, split_regex};
use crate::error::{ConfigError, RuleProblem};
use crate::rules::testing::assert_hits;
use crate::{Config, Engine, Family, Inputs, Report};

/// A message with HTML and plain text, a link, and no Date (so the
/// built-in MISSING_DATE fires).
const MESSAGE: &str = "From: \"Prize Desk\" <desk@winner.example>\n\
To: a@example.org\n\
Cc: Boss <b@example.org>\n\
Subject: You have WON\n\
Message-ID: <1@winner.example>\n\
X-Mailer: BulkBlaster 3\n\
MIME-Version: 1.0\n\
Content-Type: multipart/alternative; boundary=b\n\
\n\
--b\n\
Content-Type: text/plain\n\
\n\
Claim your prize at http://claim.winner.com/now today\n\
--b\n\
Content-Type: text/html\n\
\n\
<p>Claim your <b>prize</b></p>\n\
--b--\n";

fn engine(rules: &str) -> Result<Engine, ConfigError> {
    Engine::new(Config::default().custom_rules(rules))
}

fn report(rules: &str) -> Report {
    engine(rules)
        .unwrap()
        .check(MESSAGE.as_bytes(), &Inputs::default())
        .unwrap()
}

/// The line and problem of the error `rules` give.
#[track_caller]
fn refused(rules: &str) -> (usize, Option<String>, RuleProblem) {
    match engine(rules) {
        Err(ConfigError::CustomRule {
            line,
            rule,
            problem,
            ..
        }) => (line, rule, problem),
        other => panic!("{rules:?} gave {other:?}"),
    }
}

#[test]
fn header_rules_fire_and_do_not_fire() {
    let report = report(
        "header L_SUBJ Subject =~ /\\bwon$/i\n\
         header L_SUBJ_NOT Subject =~ /lost/\n\
         header L_MAILER_NEG X-Mailer !~ /Outlook/\n\
         header L_MISSING_NEG X-Absent !~ /x/\n\
         header L_PRESENT_NEG X-Mailer !~ /Bulk/\n\
         header L_UNSET X-Absent =~ /^none$/ [if-unset: none]\n\
         header L_UNSET_NOT X-Mailer =~ /^none$/ [if-unset: none]\n\
         header L_EXISTS exists:X-Mailer\n\
         header L_EXISTS_NOT exists:X-Absent\n\
         header L_RAW From:raw =~ /^ \"Prize/\n\
         header L_ADDR From:addr =~ /^desk\\@winner\\.example$/\n\
         header L_NAME From:name =~ /^Prize Desk$/\n\
         header L_TOCC ToCc =~ /b\\@example\\.org/\n\
         header L_ALL ALL =~ /^X-Mailer: Bulk/m\n\
         header L_MSGID MESSAGEID =~ /winner/\n",
    );
    assert_hits(
        &report,
        &[
            "L_SUBJ",
            "L_MAILER_NEG",
            "L_MISSING_NEG",
            "L_UNSET",
            "L_EXISTS",
            "L_RAW",
            "L_ADDR",
            "L_NAME",
            "L_TOCC",
            "L_ALL",
            "L_MSGID",
        ],
        &["L_SUBJ_NOT", "L_PRESENT_NEG", "L_UNSET_NOT", "L_EXISTS_NOT"],
    );
    let hit = report.hit("L_SUBJ").unwrap();
    assert_eq!(hit.family, Family::Header);
    assert_eq!(hit.score, 1.0);
    assert_eq!(hit.evidence.en, "\"WON\" in the Subject: field");
    assert_eq!(hit.evidence.fr, "« WON » dans le champ Subject:");
    assert!(hit.explanation.en.contains("local rule"));
    assert!(hit.explanation.fr.contains("règle locale"));
    assert_eq!(
        report.hit("L_MAILER_NEG").unwrap().evidence.en,
        "no match in the X-Mailer: field"
    );
    assert_eq!(
        report.hit("L_UNSET").unwrap().evidence.en,
        "the X-Absent: field is absent, read as \"none\""
    );
}

#[test]
fn body_rawbody_and_uri_rules() {
    let report = report(
        "body L_BODY /claim your prize/i\n\
         body L_BODY_SUBJECT /^You have WON$/\n\
         body L_BODY_NOT /<b>/\n\
         rawbody L_RAW /<b>prize<\\/b>/\n\
         rawbody L_RAW_NOT /unsubscribe/\n\
         uri L_URI m{^http://claim\\.winner\\.com/}\n\
         uri L_URI_NOT m!\\.invalid/!\n",
    );
    assert_hits(
        &report,
        &["L_BODY", "L_BODY_SUBJECT", "L_RAW", "L_URI"],
        &["L_BODY_NOT", "L_RAW_NOT", "L_URI_NOT"],
    );
    assert_eq!(report.hit("L_BODY").unwrap().family, Family::Body);
    assert_eq!(report.hit("L_RAW").unwrap().family, Family::Body);
    assert_eq!(report.hit("L_URI").unwrap().family, Family::Uri);
    assert_eq!(
        report.hit("L_BODY").unwrap().evidence.en,
        "\"Claim your prize\" in the text (or the Subject)"
    );
}

#[test]
fn metas_read_custom_and_builtin_hits() {
    let report = report(
        "body __L_PRIZE /prize/\n\
         header __L_BULK X-Mailer =~ /Bulk/\n\
         meta L_BOTH __L_PRIZE && __L_BULK\n\
         meta L_WITH_BUILTIN L_BOTH && MISSING_DATE\n\
         meta L_COUNT (__L_PRIZE + __L_BULK + MISSING_DATE + NO_SUCH_TEST) >= 3\n\
         meta L_COUNT_NOT (__L_PRIZE + NO_SUCH_TEST) > 1\n\
         meta L_NOT !MISSING_DATE\n\
         meta __L_SUM __L_PRIZE + __L_BULK\n\
         meta L_SUM_READ __L_SUM == 2\n\
         score L_BOTH 2.5\n",
    );
    assert_hits(
        &report,
        &[
            "L_BOTH",
            "L_WITH_BUILTIN",
            "L_COUNT",
            "L_SUM_READ",
            "MISSING_DATE",
        ],
        &["L_COUNT_NOT", "L_NOT", "__L_PRIZE", "__L_BULK", "__L_SUM"],
    );
    let both = report.hit("L_BOTH").unwrap();
    assert_eq!(both.score, 2.5);
    assert_eq!(both.family, Family::Body);
    assert_eq!(both.evidence.en, "after __L_BULK, __L_PRIZE");
    // Sub-rules add nothing to the total.
    let total: f64 = report.hits.iter().map(|hit| hit.score).sum();
    assert!((report.raw_score - total).abs() < 1e-9);
}

#[test]
fn scores_texts_and_flags() {
    let report = report(
        "score MISSING_DATE 2.5\n\
         body L_A /prize/\n\
         describe L_A Mentions a prize\n\
         lang fr describe L_A Parle d'un prix\n\
         body T_L_B /prize/\n\
         describe T_L_B Mentions a prize, testing\n\
         body L_NICE /prize/\n\
         tflags L_NICE nice publish\n\
         body L_SETS /prize/\n\
         score L_SETS 0.5 1 2 3\n\
         body L_ZERO /prize/\n\
         score L_ZERO 0\n\
         body L_NET /prize/\n\
         tflags L_NET net\n\
         body L_LEARN /prize/\n\
         tflags L_LEARN learn\n",
    );
    assert_hits(
        &report,
        &["MISSING_DATE", "L_A", "T_L_B", "L_NICE", "L_SETS"],
        &["L_ZERO", "L_NET", "L_LEARN"],
    );
    assert_eq!(report.hit("MISSING_DATE").unwrap().score, 2.5);
    let a = report.hit("L_A").unwrap();
    assert_eq!(a.description.en, "Mentions a prize");
    assert_eq!(a.description.fr, "Parle d'un prix");
    let b = report.hit("T_L_B").unwrap();
    assert_eq!(b.score, 0.01);
    assert_eq!(b.description.fr, "Mentions a prize, testing");
    assert_eq!(report.hit("L_NICE").unwrap().score, -1.0);
    assert_eq!(report.hit("L_SETS").unwrap().score, 0.5);
    // The configuration's own overrides and disabled tests cover local rules.
    let engine = Engine::new(
        Config::default()
            .custom_rules("body L_A /prize/\nbody L_B /prize/\nscore L_A 3\n")
            .score("L_A", 4.0)
            .disable("L_B"),
    )
    .unwrap();
    let report = engine
        .check(MESSAGE.as_bytes(), &Inputs::default())
        .unwrap();
    assert_eq!(report.hit("L_A").unwrap().score, 4.0);
    assert!(report.hit("L_B").is_none());
}

#[test]
fn several_files_and_the_file_in_errors() {
    let config = Config::default()
        .custom_rules("body L_A /prize/\n")
        .custom_rules("# second\nmeta L_B L_A\nscore L_A 2\nbody L_C /(?=x)/\n");
    match Engine::new(config) {
        Err(ConfigError::CustomRule {
            file: 1, line: 4, ..
        }) => {}
        other => panic!("{other:?}"),
    }
    let config = Config::default()
        .custom_rules("body L_A /prize/\n")
        .custom_rules("meta L_B L_A\nscore L_A 2\n");
    let report = Engine::new(config)
        .unwrap()
        .check(MESSAGE.as_bytes(), &Inputs::default())
        .unwrap();
    assert_eq!(report.hit("L_A").unwrap().score, 2.0);
    assert!(report.hit("L_B").is_some());
}

#[test]
fn every_refusal_names_line_rule_and_reason() {
    let cases: &[(&str, usize, Option<&str>, RuleProblem)] = &[
        (
            "\nfrobnicate X 1\n",
            2,
            Some("X"),
            RuleProblem::UnknownDirective("frobnicate".into()),
        ),
        (
            "full L_X /x/\n",
            1,
            Some("L_X"),
            RuleProblem::Unsupported {
                what: "full".into(),
                why: "the analysis does not keep the raw message; use body, rawbody or header ALL",
            },
        ),
        (
            "ifplugin Mail::SpamAssassin::Plugin::X\n",
            1,
            Some("Mail::SpamAssassin::Plugin::X"),
            RuleProblem::Unsupported {
                what: "ifplugin".into(),
                why: "conditional sections are not read; keep only the rules meant to run",
            },
        ),
        (
            "body 9X /x/\n",
            1,
            Some("9X"),
            RuleProblem::BadName("9X".into()),
        ),
        ("body\n", 1, None, RuleProblem::Syntax("a rule name")),
        (
            "body L_X /x/\nbody L_X /y/\n",
            2,
            Some("L_X"),
            RuleProblem::Duplicate { builtin: false },
        ),
        (
            "body MISSING_DATE /x/\n",
            1,
            Some("MISSING_DATE"),
            RuleProblem::Duplicate { builtin: true },
        ),
        (
            "body AWL /x/\n",
            1,
            Some("AWL"),
            RuleProblem::Duplicate { builtin: true },
        ),
        (
            "score L_NONE 1\n",
            1,
            Some("L_NONE"),
            RuleProblem::UnknownRule,
        ),
        (
            "describe MISSING_DATE text\n",
            1,
            Some("MISSING_DATE"),
            RuleProblem::UnknownRule,
        ),
        (
            "body L_X /x/\nscore L_X 1 2\n",
            2,
            Some("L_X"),
            RuleProblem::BadScore,
        ),
        (
            "body L_X /x/\nscore L_X (1)\n",
            2,
            Some("L_X"),
            RuleProblem::BadScore,
        ),
        (
            "body L_X /x/\nscore L_X inf\n",
            2,
            Some("L_X"),
            RuleProblem::BadScore,
        ),
        (
            "body L_X /x/\ntflags L_X multiple\n",
            2,
            Some("L_X"),
            RuleProblem::Unsupported {
                what: "tflags multiple".into(),
                why: "it changes how the rule matches, which spamgauge does not emulate",
            },
        ),
        (
            "body L_X /a(?=b)/\n",
            1,
            Some("L_X"),
            RuleProblem::RegexFeature("a look-around"),
        ),
        (
            "body L_X /(?<!a)b/\n",
            1,
            Some("L_X"),
            RuleProblem::RegexFeature("a look-around"),
        ),
        (
            "body L_X /(a)\\1/\n",
            1,
            Some("L_X"),
            RuleProblem::RegexFeature("a back-reference"),
        ),
        (
            "body L_X /(?>a)/\n",
            1,
            Some("L_X"),
            RuleProblem::RegexFeature("an atomic group"),
        ),
        (
            "body L_X /a++/\n",
            1,
            Some("L_X"),
            RuleProblem::RegexFeature("a possessive quantifier"),
        ),
        (
            "body L_X /a{2}+/\n",
            1,
            Some("L_X"),
            RuleProblem::RegexFeature("a possessive quantifier"),
        ),
        (
            "body L_X /(?{ 1 })/\n",
            1,
            Some("L_X"),
            RuleProblem::RegexFeature("code"),
        ),
        (
            "body L_X /x/e\n",
            1,
            Some("L_X"),
            RuleProblem::Unsupported {
                what: "regex flag e".into(),
                why: "only the flags i, m, s and x are read",
            },
        ),
        (
            "body L_X /x\n",
            1,
            Some("L_X"),
            RuleProblem::Syntax("a closing delimiter after the regex"),
        ),
        (
            "body L_X x\n",
            1,
            Some("L_X"),
            RuleProblem::Syntax("a regex: /…/flags or m{…}flags"),
        ),
        (
            "body L_X /x/ y\n",
            1,
            Some("L_X"),
            RuleProblem::Syntax("nothing after the regex's flags"),
        ),
        (
            "body L_X eval:foo()\n",
            1,
            Some("L_X"),
            RuleProblem::Unsupported {
                what: "eval:".into(),
                why: "eval tests are SpamAssassin's Perl code; write a regex, or a meta over the built-in tests",
            },
        ),
        (
            "header L_X Subject /x/\n",
            1,
            Some("L_X"),
            RuleProblem::Syntax("FIELD =~ /regex/ or FIELD !~ /regex/"),
        ),
        (
            "header L_X Subject =~ /x/ [unset: y]\n",
            1,
            Some("L_X"),
            RuleProblem::Syntax("[if-unset: TEXT] or nothing after the regex"),
        ),
        (
            "header L_X From:first =~ /x/\n",
            1,
            Some("L_X"),
            RuleProblem::Unsupported {
                what: ":first".into(),
                why: "the modifiers read are :raw, :addr and :name, one per field, not on pseudo-fields",
            },
        ),
        (
            "header L_X ALL-TRUSTED =~ /x/\n",
            1,
            Some("L_X"),
            RuleProblem::Unsupported {
                what: "ALL-TRUSTED".into(),
                why: "of the pseudo-fields, only ALL, MESSAGEID, ToCc and X-Spam-Relays-External are read",
            },
        ),
        (
            "header L_X exists:\n",
            1,
            Some("L_X"),
            RuleProblem::Syntax("exists:FIELD"),
        ),
        (
            "body L_X /[a/\n",
            1,
            Some("L_X"),
            RuleProblem::Regex("unclosed character class".into()),
        ),
        (
            "body L_X /x/\nlang fr score L_X 2\n",
            2,
            Some("L_X"),
            RuleProblem::Unsupported {
                what: "lang fr score".into(),
                why: "only describe lines are read per language",
            },
        ),
        (
            "lang fr body L_X /x/\n",
            1,
            Some("L_X"),
            RuleProblem::Unsupported {
                what: "lang fr body".into(),
                why: "only describe lines are read per language",
            },
        ),
        (
            "meta L_X (A\n",
            1,
            Some("L_X"),
            RuleProblem::Meta("a missing `)`"),
        ),
        (
            "meta L_X L_Y\nmeta L_Y L_Z && 1\nmeta L_Z !L_X\n",
            1,
            Some("L_X"),
            RuleProblem::MetaCycle,
        ),
        ("meta L_X L_X\n", 1, Some("L_X"), RuleProblem::MetaCycle),
        (
            "required_score 4\n",
            1,
            Some("4"),
            RuleProblem::Unsupported {
                what: "required_score".into(),
                why: "set the threshold in the configuration",
            },
        ),
    ];
    for (text, line, rule, problem) in cases {
        let found = refused(text);
        assert_eq!(
            found,
            (*line, rule.map(str::to_owned), problem.clone()),
            "{text:?}"
        );
    }
    let error = engine("body L_X /(?=a)/\n").unwrap_err().to_string();
    assert_eq!(
        error,
        "custom rules 1, line 1, rule `L_X`: the regex uses a look-around, which needs a backtracking engine"
    );
}

#[test]
fn hostile_rule_files_are_bounded() {
    let many: String = (0..=super::build::MAX_RULES)
        .map(|at| format!("body L_{at} /x/\n"))
        .collect();
    assert!(matches!(
        refused(&many).2,
        RuleProblem::TooLarge("more than 2000 rules")
    ));
    assert!(matches!(
        refused("body L_X /(?:a{1000}){1000}/\n").2,
        RuleProblem::Regex(_)
    ));
    // Each meta doubles what the next one evaluates.
    let mut diamond = String::from("body L_0 /x/\n");
    for at in 1..40 {
        diamond.push_str(&format!("meta L_{at} L_{} + L_{}\n", at - 1, at - 1));
    }
    assert!(matches!(refused(&diamond).2, RuleProblem::TooLarge(_)));
    // Three metas, each 400 deep (`L + 0 + 0 + …` leans left), one over the
    // other: 1200 nested evaluations.
    let chain: String = std::iter::once("body L_0 /x/\n".to_owned())
        .chain((1..4).map(|at| format!("meta L_{at} L_{}{}\n", at - 1, " + 0".repeat(400))))
        .collect();
    assert_eq!(
        refused(&chain),
        (
            4,
            Some("L_3".to_owned()),
            RuleProblem::TooLarge("metas nested over 1000 deep through the metas they read")
        )
    );
}

/// The `regex` syntax a Perl regex becomes.
fn translate(text: &str) -> String {
    let (regex, rest) = split_regex(text).unwrap();
    assert_eq!(rest, "");
    regex.translate().unwrap()
}

#[test]
fn delimiters_and_flags() {
    let found = |text| split_regex(text).unwrap();
    assert_eq!(
        found("/a\\/b/i rest"),
        (
            PerlRegex {
                pattern: "a\\/b".into(),
                flags: "i".into()
            },
            " rest"
        )
    );
    assert_eq!(found("m{a{2}}s").0.pattern, "a{2}");
    assert_eq!(found("m!a!").0.pattern, "a");
    assert_eq!(found("m(a(b))").0.pattern, "a(b)");
    assert_eq!(translate("/a/ims"), "(?ims)a");
}

#[test]
fn perl_meanings_are_kept() {
    assert_eq!(translate("/a$/"), "a(?:\\n?\\z)");
    assert_eq!(translate("/a$/m"), "(?m)a$");
    assert_eq!(translate("/a\\Z/"), "a(?:\\n?\\z)");
    assert_eq!(translate("/[[a]/"), "[\\[a]");
    assert_eq!(translate("/[[:alpha:]]/"), "[[:alpha:]]");
    assert_eq!(translate("/[]a]/"), "[\\]a]");
    assert_eq!(translate("/[a&&b~~]/"), "[a\\x26\\x26b\\x7E\\x7E]");
    assert_eq!(translate("/\\e\\<\\>\\@/"), "\\x1B\\x3C\\x3E\\x40");
    assert_eq!(translate("/\\x4\\x41\\012/"), "\\x04\\x41\\x0A");
    assert_eq!(translate("/é[é]/"), "\\xC3\\xA9[\\xC3\\xA9]");
    assert_eq!(translate("/a{/"), "a\\{");
    assert_eq!(translate("/a{2,3}b{,}c}/"), "a{2,3}b\\{,\\}c\\}");
    assert_eq!(translate("/ a b # c/x"), "ab");
    assert_eq!(translate("/[ ]/x"), "[ ]");
    assert_eq!(translate("/a+?b??(?i:c)/"), "a+?b??(?i:c)");
    assert_eq!(translate("/[\\b]/"), "[\\x08]");
}

#[test]
fn regexes_match_as_perl_does() {
    let matches = |text: &str, haystack: &[u8]| {
        let (regex, _) = split_regex(text).unwrap().0.compile().unwrap();
        regex.is_match(haystack)
    };
    assert!(matches("/foo$/", b"foo\n"));
    assert!(!matches("/foo$/", b"foo\nbar\n"));
    assert!(matches("/foo$/m", b"foo\nbar\n"));
    assert!(!matches("/\\w/", "é".as_bytes()));
    assert!(matches("/caf\u{e9}/i", "CAF\u{e9}".as_bytes()));
    assert!(matches("/a.b/s", b"a\nb"));
    assert!(!matches("/a.b/", b"a\nb"));
    assert!(matches("/\\xff/", b"\xff"));
}

#[test]
fn inline_flags_that_change_the_translation_are_refused() {
    for text in ["/(?m)a$/", "/(?x)a/", "/(?^i)a/"] {
        let (regex, _) = split_regex(text).unwrap();
        assert!(
            matches!(regex.translate(), Err(RuleProblem::Unsupported { .. })),
            "{text}"
        );
    }
    for text in ["/\\h/", "/\\K/", "/\\p{L}/", "/\\Q/", "/\\b{wb}/"] {
        let (regex, _) = split_regex(text).unwrap();
        assert!(regex.translate().is_err(), "{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// No rule text makes the parser panic.
    #[test]
    fn no_rule_text_panics(text in "(?s).{0,200}") {
        let _ = super::rules(&[text], &mut []);
    }

    /// Nor does text built from the language's own pieces.
    #[test]
    fn no_rule_like_text_panics(
        lines in proptest::collection::vec(
            (
                prop::sample::select(vec!["body", "rawbody", "uri", "header", "meta", "score", "describe", "tflags", "lang fr describe"]),
                "[A-Z_]{1,6}",
                "[ a-z/\\\\()\\[\\]{}?*+|$^!=~:&<>0-9.#-]{0,30}",
            ),
            0..8,
        )
    ) {
        let text: String = lines
            .iter()
            .map(|(key, name, rest)| format!("{key} {name} {rest}\n"))
            .collect();
        let _ = super::rules(&[text], &mut []);
    }
}
