//! Pharmacy spam: erectile-dysfunction, diet and anxiety drugs named
//! outright or spelled with look-alike characters, drugs "without
//! prescription", impotence cures, and "enlargement" offers.
//!
//! The diet and anxiety names have no literal a message must hold (any
//! letter may be a look-alike, any two separated); their look-alike classes
//! are written once, as the macros below, and spelled into both. A cheap
//! search of the text's letters settles most messages before them (see
//! [`may_name_drugs`]).
//!
//! SpamAssassin writes the look-alike letters as Latin-1 byte ranges
//! (`\xE0-\xE6` for accented "a") matched case-insensitively, and Perl folds
//! those bytes too: each range below lists its capital bytes as well
//! (`\xC0-\xC6`). On UTF-8 text this means the lead byte `\xC3` of "à"
//! stands for a letter and its second byte for a non-word separator, as it
//! does for SpamAssassin.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::{Expr, View, body_text, content_rule, subject_from_a_word_start};
use crate::analysis::Analysis;
use crate::rules::{Family, Rule, RuleContext};
use crate::text;

/// Compiles one of this file's constant byte patterns.
fn compile(pattern: &str) -> Regex {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(&format!("(?-u){pattern}")).expect("valid built-in pattern")
}

/// `__DRUGS_ERECTILE1`: Viagra, letters possibly replaced by look-alikes
/// and separated by up to three non-letters.
macro_rules! erectile1 {
    () => {
        r"(?i)(?:\b|\s)[_\W]{0,3}(?:\\/|V)[_\W]{0,3}[ij1!|l\xEC-\xEF\xCC-\xCF][_\W]{0,3}[a40\xE0-\xE6\xC0-\xC6@][_\W]{0,3}[xyz]?[gj][_\W]{0,3}r[_\W]{0,3}[a40\xE0-\xE6\xC0-\xC6@][_\W]{0,3}x?[_\W]{0,3}(?:\b|\s)"
    };
}

/// `__DRUGS_ERECTILE2`: misspellings of Viagra (to be matched without
/// regard to case, as the next two).
macro_rules! erectile2 {
    () => {
        r"\bV(?:agira|igara|iaggra|iaegra)\b"
    };
}

/// `__DRUGS_ERECTILE6`: Levitra, look-alikes and single separators allowed.
macro_rules! erectile6 {
    () => {
        r"\b_{0,3}L[_\W]?[e3\xE8-\xEB\xC8-\xCB][_\W]?(?:\\/|V)[_\W]?[i1!|l\xEC-\xEF\xCC-\xCF][_\W]?t[_\W]?r[_\W]?[a4\xE0-\xE6\xC0-\xC6@][_\W]?(?:\b|\s)"
    };
}

/// `__DRUGS_ERECTILE1`, `2`, `4`, `5`, `6`, `8` and `11` in one pass:
/// [`erectile1!`], [`erectile2!`], Cialis misspellings, sildenafil citrate,
/// [`erectile6!`], tadalafil and Apcalis.
macro_rules! erectile_words {
    () => {
        concat!(
            erectile1!(),
            "|",
            erectile2!(),
            r"|\bC(?:alis|ilias|ilais)\b",
            r"|\b_{0,3}s[_\W]?[i1!|l\xEC-\xEF\xCC-\xCF][_\W]?l[_\W]?d[_\W]?[e3\xE8-\xEB\xC8-\xCB][_\W]?n[_\W]?[a4\xE0-\xE6\xC0-\xC6@][_\W]?f[_\W]?[i1!|l\xEC-\xEF\xCC-\xCF][_\W]?l c[_\W]?[i1!|l\xEC-\xEF\xCC-\xCF][_\W]?t[_\W]?r[_\W]?[a4\xE0-\xE6\xC0-\xC6@][_\W]?t[_\W]?[e3\xE8-\xEB\xC8-\xCB]_{0,3}(?:\b|\s)",
            "|",
            erectile6!(),
            r"|\b_{0,3}T[_\W]?[a4\xE0-\xE6\xC0-\xC6@][_\W]?d[_\W]?[a4\xE0-\xE6\xC0-\xC6@][_\W]?l[_\W]?[a4\xE0-\xE6\xC0-\xC6@][_\W]?f[_\W]?[i1!|l\xEC-\xEF\xCC-\xCF][_\W]?l_{0,3}\b",
            r"|(?:\b|\s)_{0,3}[a4\xE0-\xE6\xC0-\xC6@][_\W]{0,3}p[_\W]{0,3}c[_\W]{0,3}[a4\xE0-\xE6\xC0-\xC6@][_\W]{0,3}[l!|1][_\W]{0,3}[i1!|l\xEC-\xEF\xCC-\xCF][_\W]{0,3}s_{0,3}\b",
        )
    };
}

/// [`erectile_words!`] as a pattern.
const ERECTILE_WORDS: &str = erectile_words!();

/// `__DRUGS_ERECTILE10`: Viagra in the HTML source, its accented letters
/// possibly written as entities.
const ERECTILE_ENTITIES: Expr = Expr::Match(
    View::RawBody,
    r"(?i)\b_{0,3}V[_\W]?(?:i|&iuml;)[_\W]?(?:a|&agrave|&aring);?[_\W]?g[_\W]?r[_\W]?(?:a|&agrave|&aring)\b",
);

/// The letters of Cialis from the "C", look-alikes and separators allowed.
macro_rules! cialis {
    () => {
        r"(?i)C[_\W]{0,3}[ij1!|l\xEC-\xEF\xCC-\xCF][_\W]{0,3}[a4\xE0-\xE6\xC0-\xC6@][_\W]{0,3}l?[l!|1][_\W]{0,3}[i1!|l\xEC-\xEF\xCC-\xCF][_\W]{0,3}s[_\W]{0,3}(?:\b|\s)"
    };
}

/// [`cialis!`] from the start of the text.
static CIALIS_HERE: LazyLock<Regex> = LazyLock::new(|| compile(concat!(r"\A", cialis!())));

/// The French and Spanish words that begin like Cialis ("cialista",
/// "cialisé"), which SpamAssassin's look-ahead spares.
static CIALIS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i)\A(?:cialis|c i a l i s )(?:t|[\xC3\xE3]\xA9|[\xE9\xC9]|&#xe9;|&eacute;)")
});

/// Whether the byte may stand before the three separators that precede the
/// "C" of Cialis: a blank, or an ASCII byte other than a letter or digit.
fn cialis_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b < 0x80 && !b.is_ascii_alphanumeric()
}

/// Whether the byte is one of Perl's `[_\W]` under `/aa`.
fn separator(b: u8) -> bool {
    !b.is_ascii_alphanumeric()
}

/// `__DRUGS_ERECTILE3`: Cialis, look-alikes allowed, after the start of a
/// line or a delimiter and up to three separators, but not the words
/// [`CIALIS_WORD`] spares.
fn names_cialis(analysis: &Analysis) -> bool {
    analysis.body.lines.iter().any(|line| {
        let bytes = line.as_bytes();
        (0..bytes.len()).any(|at| {
            let Some(rest) = bytes.get(at..) else {
                return false;
            };
            if !matches!(rest.first(), Some(b'c' | b'C')) {
                return false;
            }
            let delimited = (0..=3.min(at)).any(|back| {
                let start = at - back;
                bytes
                    .get(start..at)
                    .is_some_and(|run| run.iter().all(|&b| separator(b)))
                    && (start == 0 || bytes.get(start - 1).is_some_and(|&b| cialis_delimiter(b)))
            });
            delimited && !CIALIS_WORD.is_match(rest) && CIALIS_HERE.is_match(rest)
        })
    })
}

/// `DRUGS_ERECTILE`: any of the erectile-drug sub-rules. The exact Cialis
/// check runs only on text where the letters of Cialis appear.
const DRUGS_ERECTILE: Expr = Expr::Any(&[
    Expr::Match(View::Body, ERECTILE_WORDS),
    Expr::All(&[
        Expr::Match(View::Body, cialis!()),
        Expr::Fact(|c| names_cialis(c.analysis)),
    ]),
    ERECTILE_ENTITIES,
]);

/// `DRUG_ED_CAPS`: Cialis, Levitra or Viagra in capitals.
const DRUG_ED_CAPS: Expr = Expr::Match(View::Body, r"\b(?:CIALIS|LEVITRA|VIAGRA)");

/// Words of growth or size, after the body part.
macro_rules! growth {
    () => {
        r"\b(?:enlarge|increase|grow|lengthen|larger\b|bigger\b|longer\b|thicker\b|\binches\b|size)"
    };
}

/// Words for the body parts "enlargement" offers are about (but "breast",
/// handled apart), then within 50 characters a word of growth or size.
macro_rules! organ_growth {
    () => {
        concat!(
            r"(?i)\b(?:penis|male organ|pee[ -]?pee|dick|sc?hlong|wh?anger).{0,50}",
            growth!()
        )
    };
}

/// "breast", then within 50 characters a word of growth or size.
macro_rules! breast_growth {
    () => {
        concat!(r"(?i)breast.{1,50}", growth!())
    };
}

/// [`breast_growth!`] as a regex, for one line.
static BREAST_GROWTH: LazyLock<Regex> = LazyLock::new(|| compile(breast_growth!()));

/// What may follow "breast": [`breast_growth!`] without its first word.
static AFTER_BREAST: LazyLock<Regex> =
    LazyLock::new(|| compile(concat!(r"(?i)\A.{1,50}", growth!())));

/// "breast" followed by blanks and "cancer", which SpamAssassin spares.
static BREAST_CANCER: LazyLock<Regex> = LazyLock::new(|| compile(r"(?i)\A\s+cancer"));

/// "breast" as a word start, not in "breast cancer", then a word of growth
/// or size within 50 characters (SpamAssassin's look-ahead as code: every
/// "breast" of the line is tried).
fn breast_growth(analysis: &Analysis) -> bool {
    const WORD: &[u8] = b"breast";
    analysis.body.lines.iter().any(|line| {
        let bytes = line.as_bytes();
        BREAST_GROWTH.is_match(bytes)
            && (0..bytes.len()).any(|at| {
                let word_start = at == 0
                    || bytes
                        .get(at - 1)
                        .is_some_and(|&b| !(b.is_ascii_alphanumeric() || b == b'_'));
                let rest = bytes.get(at + WORD.len()..).unwrap_or_default();
                word_start
                    && bytes
                        .get(at..at + WORD.len())
                        .is_some_and(|word| word.eq_ignore_ascii_case(WORD))
                    && !BREAST_CANCER.is_match(rest)
                    && AFTER_BREAST.is_match(rest)
            })
    })
}

/// `BODY_ENHANCEMENT2`: talk of making a body part larger. The exact
/// "breast" check runs only on text where the word is followed by one of
/// growth. (The two patterns are kept apart: their union makes a much
/// slower automaton.)
const BODY_ENHANCEMENT2: Expr = Expr::Any(&[
    Expr::Match(View::Body, organ_growth!()),
    Expr::All(&[
        Expr::Match(View::Body, breast_growth!()),
        Expr::Fact(|c| breast_growth(c.analysis)),
    ]),
]);

/// A look-alike of "a": the letter, `4`, `@` or an accented "a" (Latin-1
/// bytes, both cases).
macro_rules! like_a {
    () => {
        r"[a4@\xE0-\xE6\xC0-\xC6]"
    };
}

/// A look-alike of "e": the letter, `3` or an accented "e".
macro_rules! like_e {
    () => {
        r"[e3\xE8-\xEB\xC8-\xCB]"
    };
}

/// A look-alike of "i": the letter, `1`, `!`, `|`, "l" or an accented "i".
macro_rules! like_i {
    () => {
        r"[i1!|l\xEC-\xEF\xCC-\xCF]"
    };
}

/// A look-alike of "o": the letter, `0` or an accented "o".
macro_rules! like_o {
    () => {
        r"[o0\xF2-\xF6\xD2-\xD6]"
    };
}

/// Up to three separators (Perl's `[_\W]` under `/aa`: any byte but an
/// ASCII letter or digit).
macro_rules! gap {
    () => {
        r"[_\W]{0,3}"
    };
}

/// At most one separator.
macro_rules! gap1 {
    () => {
        r"[_\W]?"
    };
}

/// `__DRUGS_DIET1` to `__DRUGS_DIET10`: phentermine, Ionamin, Bontril,
/// phendimetrazine, diethylpropion, Meridia, Tenuate, Didrex, Adipex or
/// Xenical. As SpamAssassin's patterns: Didrex needs a separator after its
/// "r" (its "e" may be left out or replaced by a `[`), and Tenuate's "a" has
/// no look-alike.
const DIET_WORDS: &str = concat!(
    r"(?i)(?:\b|\s)",
    gap!(),
    "p",
    gap!(),
    "h",
    gap!(),
    like_e!(),
    gap!(),
    "n",
    gap!(),
    "t",
    gap!(),
    like_e!(),
    gap!(),
    "r",
    gap!(),
    "m",
    gap!(),
    like_i!(),
    gap!(),
    "n",
    gap!(),
    like_e!(),
    gap!(),
    r"(?:\b|\s)",
    r"|(?:\b|\s)_{0,3}",
    like_i!(),
    gap1!(),
    "o",
    gap1!(),
    "n",
    gap1!(),
    like_a!(),
    gap1!(),
    "m",
    gap1!(),
    like_i!(),
    gap1!(),
    r"n_{0,3}\b",
    r"|\b(?:bontril|phendimetrazine|diethylpropion)\b",
    r"|(?:\b|\s)",
    gap!(),
    "m",
    gap!(),
    like_e!(),
    gap!(),
    "r",
    gap!(),
    like_i!(),
    gap!(),
    "d",
    gap!(),
    like_i!(),
    gap!(),
    like_a!(),
    gap!(),
    r"(?:\b|\s)",
    r"|\b_{0,3}t",
    gap1!(),
    like_e!(),
    gap1!(),
    "n",
    gap1!(),
    "u",
    gap1!(),
    "a",
    gap1!(),
    "t",
    gap1!(),
    like_e!(),
    r"_{0,3}(?:\b|\s)",
    r"|\b_{0,3}d",
    gap1!(),
    like_i!(),
    gap1!(),
    "d",
    gap1!(),
    r"r[_\W][e3\xE8-\xEB\xC8-\xCB\[_\W]?xx?_{0,3}\b",
    r"|\b_{0,3}a",
    gap1!(),
    "d",
    gap1!(),
    like_i!(),
    gap1!(),
    "p",
    gap1!(),
    like_e!(),
    gap1!(),
    r"x_{0,3}\b",
    r"|\b_{0,3}x?x",
    gap1!(),
    like_e!(),
    gap1!(),
    "n",
    gap1!(),
    like_i!(),
    gap1!(),
    "c",
    gap1!(),
    like_a!(),
    gap1!(),
    r"l_{0,3}\b",
);

/// `__DRUGS_ANXIETY1` to `__DRUGS_ANXIETY9`: Xanax, alprazolam, Valium,
/// diazepam, Ativan, lorazepam, clonazepam, Klonopin or Rivotril. The
/// classes are SpamAssassin's, narrower than the macros in places: Xanax's
/// second vowel may be "e", "a", "4", "@" or one of three accented "a";
/// diazepam's "e" may be "a" or three accented "e"; Valium's "u" may be
/// a micro sign or an accented "u"; clonazepam's "e" has no look-alike.
const ANXIETY_WORDS: &str = concat!(
    r"(?i)(?:\b|\s)",
    gap!(),
    "x?x",
    gap!(),
    like_a!(),
    gap!(),
    "n",
    gap!(),
    r"[ea4@\xE1-\xE3\xC1-\xC3]",
    gap!(),
    r"xx?_{0,3}\b",
    r"|\balprazolam\b",
    r"|(?:\b|\s)",
    gap!(),
    r"(?:\\/|v)",
    gap!(),
    like_a!(),
    gap!(),
    "[l|]",
    gap!(),
    like_i!(),
    gap!(),
    r"[u\xB5\xF9-\xFC\xD9-\xDC]",
    gap!(),
    r"m\b",
    r"|\b_{0,3}d",
    gap1!(),
    like_i!(),
    gap1!(),
    like_a!(),
    gap1!(),
    "z",
    gap1!(),
    r"[ea3\xE9-\xEB\xC9-\xCB]",
    gap1!(),
    "p",
    gap1!(),
    like_a!(),
    gap1!(),
    r"m_{0,3}\b",
    r"|(?:\b|\s)",
    like_a!(),
    gap1!(),
    "t",
    gap1!(),
    like_i!(),
    gap1!(),
    "v",
    gap1!(),
    like_a!(),
    gap1!(),
    r"n_{0,3}\b",
    r"|\b_{0,3}l",
    gap1!(),
    like_o!(),
    gap1!(),
    "r",
    gap1!(),
    like_a!(),
    gap1!(),
    "z",
    gap1!(),
    like_e!(),
    gap1!(),
    "p",
    gap1!(),
    like_a!(),
    gap1!(),
    r"m_{0,3}\b",
    r"|\b_{0,3}c",
    gap1!(),
    "l",
    gap1!(),
    like_o!(),
    gap1!(),
    "n",
    gap1!(),
    like_a!(),
    gap1!(),
    "z",
    gap1!(),
    "e",
    gap1!(),
    "p",
    gap1!(),
    like_a!(),
    gap1!(),
    r"m\b",
    r"|\b(?:klonopin|rivotril)\b",
);

// The names of [`DIET_WORDS`] and [`ANXIETY_WORDS`] as they read once every
// byte but the ASCII letters is dropped and the letters are put in lower
// case: a look-alike that is not a letter (`3` for "e", `@` for "a", an
// accented byte) leaves its letter out, so such letters are optional here,
// and the separators vanish. Every text where a name matches leaves, in its
// letters, a run these patterns match.

/// [`DIET_WORDS`] in the letters of the text.
const DIET_LETTERS: &str = concat!(
    "phe?nte?rm[il]?ne?|[il]?ona?m[il]?n|bontril|phendimetrazine|diethylpropion",
    "|me?r[il]?d[il]?a?|te?nuate?|d[il]?dre?x|ad[il]?pe?x|xe?n[il]?ca?l",
);

/// [`ANXIETY_WORDS`] in the letters of the text. Valium spelled with `\/`
/// for its "v" may keep only its "m": that spelling is searched in the text
/// itself ([`SLASHED_VALIUM`]).
const ANXIETY_LETTERS: &str = concat!(
    "xa?n[ea]?x|alprazolam|va?l?[il]?u?m|d[il]?a?z[ea]?pa?m|a?t[il]?va?n",
    "|lo?ra?ze?pa?m|clo?na?zepa?m|klonopin|rivotril",
);

/// `__DRUGS_ANXIETY3` with `\/` for its "v", without what precedes it and
/// the final word boundary.
const SLASHED_VALIUM: &str = concat!(
    r"(?i)\\/",
    gap!(),
    like_a!(),
    gap!(),
    "[l|]",
    gap!(),
    like_i!(),
    gap!(),
    r"[u\xB5\xF9-\xFC\xD9-\xDC]",
    gap!(),
    "m",
);

/// Whether the text may name a look-alike diet drug, an anxiety drug, and
/// a muscle relaxant: the letters of all the body lines hold a run of
/// [`DIET_LETTERS`], of [`ANXIETY_LETTERS`] (or the text holds
/// [`SLASHED_VALIUM`]), of [`MUSCLE_LETTERS`]. Found once for the three
/// tests. The names' own patterns, with optional separators
/// between any two letters, make a slow automaton; these are cheap and let
/// most messages skip it. Each test then looks for its own names line by
/// line.
fn may_name_drugs(context: &RuleContext<'_>) -> (bool, bool, bool) {
    match context.inputs.scratch {
        Some(scratch) => *scratch
            .drug_names
            .get_or_init(|| drug_letters(context.analysis)),
        None => drug_letters(context.analysis),
    }
}

/// [`may_name_drugs`], searched in the message.
fn drug_letters(analysis: &Analysis) -> (bool, bool, bool) {
    static DIET: LazyLock<Regex> = LazyLock::new(|| compile(DIET_LETTERS));
    static ANXIETY: LazyLock<Regex> = LazyLock::new(|| compile(ANXIETY_LETTERS));
    static SLASHED: LazyLock<Regex> = LazyLock::new(|| compile(SLASHED_VALIUM));
    static MUSCLE: LazyLock<Regex> = LazyLock::new(|| compile(MUSCLE_LETTERS));
    let text = body_text(analysis);
    let mut letters = Vec::with_capacity(text.len());
    for &byte in text {
        // Setting the 0x20 bit puts an ASCII letter in lower case; the
        // bytes it then maps into `a..=z` are exactly the ASCII letters.
        let lower = byte | 0x20;
        if lower.is_ascii_lowercase() {
            letters.push(lower);
        }
    }
    (
        DIET.is_match(&letters),
        ANXIETY.is_match(&letters) || SLASHED.is_match(text),
        MUSCLE.is_match(&letters),
    )
}

/// `DRUGS_DIET`: a diet drug named.
const DRUGS_DIET: Expr = Expr::All(&[
    Expr::Fact(|c| may_name_drugs(c).0),
    Expr::Match(View::Body, DIET_WORDS),
]);

/// `DRUGS_ANXIETY`: an anxiety drug named.
const DRUGS_ANXIETY: Expr = Expr::All(&[
    Expr::Fact(|c| may_name_drugs(c).1),
    Expr::Match(View::Body, ANXIETY_WORDS),
]);

/// `NO_PRESCRIPTION`: "no" (or "n0"), then within ten characters
/// "prescription" (or "perscription", digits for some letters), then within
/// ten more "needed", "required" or "necessary".
const NO_PRESCRIPTION: Expr = Expr::Match(
    View::Body,
    r"(?i)n[o0].{1,10}p(?:re|er)scr[i1]pt[i1][o0]n.{1,10}(?:n[e3]{2}d[e3]d|requ[i1]re|n[e3]c[e3]s{2}ary)",
);

/// `IMPOTENCE`: an impotence "problem", "cure" or "solution", premature
/// ejaculation or erectile dysfunction.
const IMPOTENCE: Expr = Expr::Match(
    View::Body,
    r"(?i)\b(?:impotence (?:problem|cure|solution)|premature ejaculation|erectile dysfunction)",
);

/// `MORE_SEX`: "increase" or "increased", then within nine characters
/// "sex" or "stamina".
const MORE_SEX: Expr = Expr::Match(View::Body, r"(?i)increased?.{0,9}(?:sex|stamina)");

/// `__DRUGS_ERECTILE_V`: Viagra, spelled plainly.
const VIAGRA_PLAIN: Expr = Expr::Match(View::Body, r"(?i)\bviagra\b");

/// `__DRUGS_ERECTILE_C`: Cialis, spelled plainly, not followed by an "é"
/// (as a Latin-1 byte or in UTF-8, either case as Perl folds them).
const CIALIS_PLAIN: Expr = Expr::Match(
    View::Body,
    r"(?i)\bcialis(?:[^\w\xC3\xE3\xC9\xE9]|[\xC3\xE3](?:[^\xA9]|$)|$)",
);

/// `__DRUGS_ERECTILE_L`: Levitra, spelled plainly.
const LEVITRA_PLAIN: Expr = Expr::Match(View::Body, r"(?i)\blevitra\b");

/// `DRUGS_ERECTILE_OBFU`: an erectile-dysfunction drug named only in a
/// disguised spelling: a Viagra, Cialis or Levitra look-alike where the
/// plain name is absent, or a misspelled Viagra. Runs only when
/// `DRUGS_ERECTILE`, which each of these implies, fired.
const DRUGS_ERECTILE_OBFU: Expr = Expr::Any(&[
    Expr::All(&[
        Expr::Match(View::Body, erectile1!()),
        Expr::Not(&VIAGRA_PLAIN),
    ]),
    Expr::All(&[
        Expr::Match(View::Body, cialis!()),
        Expr::Fact(|c| names_cialis(c.analysis)),
        Expr::Not(&CIALIS_PLAIN),
    ]),
    Expr::Match(View::Body, concat!("(?i)", erectile2!())),
    Expr::All(&[ERECTILE_ENTITIES, Expr::Not(&VIAGRA_PLAIN)]),
    Expr::All(&[
        Expr::Match(View::Body, concat!("(?i)", erectile6!())),
        Expr::Not(&LEVITRA_PLAIN),
    ]),
]);

/// `DRUG_ED_SILD`: sildenafil, Viagra's generic name.
const DRUG_ED_SILD: Expr = Expr::Match(View::Body, r"(?i)\bsildenafil\b");

/// `DRUGS_SMEAR1`: two drug names run together ("ViagraCialis",
/// "XanaxSoma").
const DRUGS_SMEAR1: Expr = Expr::Match(View::Body, r"(?i)(?:viagra|valium|xanax|soma|cialis){2}");

/// `__DRUGS_MUSCLE2` to `__DRUGS_MUSCLE5`: cyclobenzaprine, Flexeril,
/// Zanaflex or Skelaxin, some letters possibly look-alikes or separated.
const MUSCLE_WORDS: &str = concat!(
    r"(?i)\b_{0,3}cycl",
    like_o!(),
    "b",
    like_e!(),
    "nz",
    like_a!(),
    "pr",
    like_i!(),
    "n",
    like_e!(),
    r"_{0,3}(?:\b|\s)",
    r"|\b_{0,3}f",
    gap1!(),
    "l",
    gap1!(),
    like_e!(),
    gap1!(),
    "x",
    gap1!(),
    like_e!(),
    gap1!(),
    "r",
    gap1!(),
    like_i!(),
    "_{0,3}",
    gap1!(),
    r"l_{0,3}\b",
    r"|\b_{0,3}z",
    gap1!(),
    "a",
    gap1!(),
    "n",
    gap1!(),
    "a",
    gap1!(),
    "f",
    gap1!(),
    "l",
    gap1!(),
    "e",
    gap1!(),
    r"x_{0,3}\b",
    r"|\bskelaxin\b",
);

/// [`MUSCLE_WORDS`] in the letters of the text (see [`DIET_LETTERS`]).
const MUSCLE_LETTERS: &str = "cyclo?be?nza?pr[il]?ne?|fle?xe?r[il]?l|zanaflex|skelaxin";

/// `DRUGS_MUSCLE`: a muscle relaxant named.
const DRUGS_MUSCLE: Expr = Expr::All(&[
    Expr::Fact(|c| may_name_drugs(c).2),
    Expr::Match(View::Body, MUSCLE_WORDS),
]);

/// `__DRUGS_PAIN1` to `__DRUGS_PAIN14`: hydrocodone, codeine, Ultram,
/// Vicodin, tramadol, Ultracet, Fioricet, Celebrex, Imitrex, Vioxx,
/// Zebutal, Esgic Plus, Darvon or Norco, some letters possibly look-alikes
/// or separated. Norco needs no word boundary, as in SpamAssassin.
const PAIN_WORDS: &str = concat!(
    r"(?i)\b_{0,3}h",
    gap1!(),
    "y",
    gap1!(),
    "d",
    gap1!(),
    "r",
    gap1!(),
    like_o!(),
    gap1!(),
    "c",
    gap1!(),
    like_o!(),
    gap1!(),
    "d",
    gap1!(),
    like_o!(),
    gap1!(),
    "n",
    gap1!(),
    r"e_{0,3}\b",
    r"|\b_{0,3}c",
    like_o!(),
    r"deine_{0,3}\b",
    r"|(?:\b|\s)",
    gap!(),
    r"[u\xB5\xF9-\xFC\xD9-\xDC]",
    gap!(),
    "l",
    gap!(),
    "t",
    gap!(),
    "r",
    gap!(),
    like_a!(),
    gap!(),
    r"m_{0,3}\b",
    r"|(?:\b|\s)",
    gap!(),
    r"(?:\\/|v)",
    gap!(),
    like_i!(),
    gap!(),
    "c",
    gap!(),
    like_o!(),
    gap!(),
    "d",
    gap!(),
    like_i!(),
    gap!(),
    "ns?",
    gap!(),
    r"(?:\b|\s)",
    r"|\b_{0,3}t",
    gap1!(),
    "r",
    gap1!(),
    like_a!(),
    gap1!(),
    "m",
    gap1!(),
    like_a!(),
    gap1!(),
    "d",
    gap1!(),
    like_o!(),
    gap1!(),
    r"[l!|1]_{0,3}\b",
    r"|\b_{0,3}u",
    gap1!(),
    "l",
    gap1!(),
    "t",
    gap1!(),
    "r",
    gap1!(),
    "a",
    gap1!(),
    "c",
    gap1!(),
    "e",
    gap1!(),
    r"t_{0,3}\b",
    r"|\b_{0,3}f",
    gap1!(),
    like_i!(),
    gap1!(),
    like_o!(),
    gap1!(),
    "r",
    gap1!(),
    like_i!(),
    gap1!(),
    "c",
    gap1!(),
    like_e!(),
    gap1!(),
    r"[t7]_{0,3}\b",
    r"|\b_{0,3}c",
    gap1!(),
    like_e!(),
    gap1!(),
    "l",
    gap1!(),
    like_e!(),
    gap1!(),
    "b",
    gap1!(),
    "r",
    gap1!(),
    like_e!(),
    gap1!(),
    r"x_{0,3}\b",
    r"|(?:\b|\s)_{0,3}",
    like_i!(),
    "m",
    like_i!(),
    "tr",
    like_e!(),
    r"x_{0,3}\b",
    r"|(?:\b|\s)",
    gap!(),
    r"(?:\\/|v)",
    gap!(),
    like_i!(),
    gap!(),
    like_o!(),
    gap!(),
    "x",
    gap!(),
    r"xx?_{0,3}\b",
    r"|\bzebutal\b|\besgic plus\b",
    r"|\bd",
    gap1!(),
    like_a!(),
    gap1!(),
    "r",
    gap1!(),
    "v",
    gap1!(),
    like_o!(),
    gap1!(),
    r"n\b",
    "|n",
    like_o!(),
    "rc",
    like_o!(),
);

/// `__DRUGS_SLEEP1` to `__DRUGS_SLEEP4`: Ambien, Sonata, Restoril or
/// Halcion, some letters possibly look-alikes or separated.
const SLEEP_WORDS: &str = concat!(
    r"(?i)(?:\b|\s)",
    gap!(),
    like_a!(),
    gap!(),
    "m",
    gap!(),
    "b",
    gap!(),
    like_i!(),
    gap!(),
    like_e!(),
    gap!(),
    "n",
    gap!(),
    r"(?:\b|\s)",
    r"|(?:\b|\s)",
    gap!(),
    "s",
    gap!(),
    like_o!(),
    gap!(),
    "n",
    gap!(),
    like_a!(),
    gap!(),
    "t",
    gap!(),
    like_a!(),
    gap!(),
    r"(?:\b|\s)",
    r"|\b_{0,3}r",
    gap1!(),
    like_e!(),
    gap1!(),
    "s",
    gap1!(),
    "t",
    gap1!(),
    like_o!(),
    gap1!(),
    "r",
    gap1!(),
    "i",
    gap1!(),
    r"l_{0,3}\b",
    r"|\b_{0,3}h",
    gap1!(),
    like_a!(),
    gap1!(),
    "l",
    gap1!(),
    "c",
    gap1!(),
    "i",
    gap1!(),
    like_o!(),
    gap1!(),
    r"n_{0,3}\b",
);

/// How many of the drug tests that come before this one fired: erectile,
/// diet, muscle and anxiety drugs.
fn drug_kinds_named(context: &RuleContext<'_>) -> usize {
    [
        "DRUGS_ERECTILE",
        "DRUGS_DIET",
        "DRUGS_MUSCLE",
        "DRUGS_ANXIETY",
    ]
    .into_iter()
    .filter(|name| context.fired(name))
    .count()
}

/// Whether a body line matches `regex`.
fn on_a_line(analysis: &Analysis, regex: &Regex) -> bool {
    analysis
        .body
        .lines
        .iter()
        .any(|line| regex.is_match(line.as_bytes()))
}

/// `__DRUGS_PAIN`: a pain drug named ([`PAIN_WORDS`]).
fn names_pain_drug(analysis: &Analysis) -> bool {
    static PAIN: LazyLock<Regex> = LazyLock::new(|| compile(PAIN_WORDS));
    on_a_line(analysis, &PAIN)
}

/// `__DRUGS_SLEEP`: a sleeping pill named ([`SLEEP_WORDS`]).
fn names_sleep_drug(analysis: &Analysis) -> bool {
    static SLEEP: LazyLock<Regex> = LazyLock::new(|| compile(SLEEP_WORDS));
    on_a_line(analysis, &SLEEP)
}

/// `DRUGS_MANYKINDS`: four or more of six kinds of drug named: erectile,
/// diet, pain, sleep, muscle and anxiety drugs. The pain and sleep names
/// are looked for only once two of the other kinds fired; their patterns
/// are compiled then, and are not indexed ([`Expr::Match`] would read
/// their words when the engine is built, for nearly no message).
const DRUGS_MANYKINDS: Expr = Expr::Any(&[
    Expr::Fact(|c| drug_kinds_named(c) >= 4),
    Expr::Fact(|c| {
        drug_kinds_named(c) == 3 && (names_pain_drug(c.analysis) || names_sleep_drug(c.analysis))
    }),
    Expr::Fact(|c| {
        drug_kinds_named(c) == 2 && names_pain_drug(c.analysis) && names_sleep_drug(c.analysis)
    }),
]);

/// `ONLINE_PHARMACY`: "online pharmacy", "drugs online" or "medications
/// online".
const ONLINE_PHARMACY: Expr = Expr::Match(
    View::Body,
    r"(?i)\bonline pharmacy|\b(?:drugs|medications) online",
);

/// `TVD_VISIT_PHARMA`: "online ph?rmacy", any character for the "a".
const TVD_VISIT_PHARMA: Expr = Expr::Match(View::Body, r"(?i)online ph.rmacy");

/// `TVD_QUAL_MEDS`: "quality meds" or "quality medications".
const TVD_QUAL_MEDS: Expr = Expr::Match(View::Body, r"(?i)\bquality med(?:ication)?s\b");

/// `MALE_ENHANCE`: "male enhancement".
const MALE_ENHANCE: Expr = Expr::Match(View::Body, r"(?i)male enhancement");

/// `NO_MEDICAL`: "no medical exam" (or "examination").
const NO_MEDICAL: Expr = Expr::Match(View::Body, r"(?i)\bno medical exam");

/// `HK_NAME_DRUGS`: the From display name says Viagra or Cialis.
const HK_NAME_DRUGS: Expr = Expr::Match(View::Names("From"), r"(?i)viagra|\bcialis|cialis\b");

/// `SUBJECT_DRUG_GAP_L`: the Subject spells Levitra with up to two
/// characters between its letters.
const SUBJECT_DRUG_GAP_L: Expr = Expr::Match(
    View::Header("Subject"),
    r"(?i)l.{0,2}e.{0,2}v.{0,2}i.{0,2}t.{0,2}r.{0,2}a",
);

/// Cialis with its letters possibly doubled or spaced, from the start of
/// the text (`SUBJECT_DRUG_GAP_C` without its look-ahead).
static GAPPED_CIALIS: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i)\Ac[\sc]{0,2}i[\si]{0,2}a[\sa]{0,2}l[\sl]{0,2}i[\si]{0,2}s{1,3}\b")
});

/// The words beginning like Cialis that `SUBJECT_DRUG_GAP_C` spares
/// ("cialista", "cialisé").
static CIALIS_WORD_PLAIN: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\Acialis(?:t|[\xC3\xE3]\xA9|[\xE9\xC9])"));

/// `SUBJECT_DRUG_GAP_C`: a Subject that spells Cialis with letters doubled
/// or spaced, at the start of a word, but not the words
/// [`CIALIS_WORD_PLAIN`] spares (SpamAssassin's look-ahead as code: every
/// "c" starting a word is tried).
fn subject_gapped_cialis(analysis: &Analysis) -> bool {
    subject_from_a_word_start(analysis, |rest| {
        matches!(rest.first(), Some(b'c' | b'C'))
            && !CIALIS_WORD_PLAIN.is_match(rest)
            && GAPPED_CIALIS.is_match(rest)
    })
}

/// `SUBJECT_DRUG_GAP_C`, tried only on a Subject where the gapped name
/// appears at all.
const SUBJECT_DRUG_GAP_C: Expr = Expr::All(&[
    Expr::Match(
        View::Header("Subject"),
        r"(?i)\bc[\sc]{0,2}i[\si]{0,2}a[\sa]{0,2}l[\sl]{0,2}i[\si]{0,2}s{1,3}\b",
    ),
    Expr::Fact(|c| subject_gapped_cialis(c.analysis)),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "DRUGS_ERECTILE",
            Family::Body,
            [1.778, 2.221, 1.299, 1.994],
            &DRUGS_ERECTILE,
            text!(
                description: (
                    "Names an erectile-dysfunction drug",
                    "Cite un médicament contre les troubles de l'érection"
                ),
                explanation: (
                    "The text names Viagra, Cialis, Levitra or a similar drug, often spelled with look-alike characters (\"V1agra\", \"C-i-a-l-i-s\") to slip past filters. Unsolicited offers of these drugs are among the commonest spam.",
                    "Le texte cite le Viagra, le Cialis, le Levitra ou un médicament semblable, souvent écrit avec des caractères ressemblants (« V1agra », « C-i-a-l-i-s ») pour échapper aux filtres. Les offres non sollicitées de ces médicaments comptent parmi les spams les plus courants."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "DRUG_ED_CAPS",
            Family::Body,
            [2.799, 1.023, 2.516, 0.936],
            &DRUG_ED_CAPS,
            text!(
                description: (
                    "Names an erectile-dysfunction drug in capitals",
                    "Cite un médicament contre les troubles de l'érection en majuscules"
                ),
                explanation: (
                    "The text writes CIALIS, LEVITRA or VIAGRA in capitals, the way pharmacy spam shouts its products.",
                    "Le texte écrit CIALIS, LEVITRA ou VIAGRA en majuscules, comme le spam pharmaceutique qui crie ses produits."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "DRUGS_DIET",
            Family::Body,
            [2.660, 0.757, 1.831, 0.337],
            &DRUGS_DIET,
            text!(
                description: (
                    "Names a diet drug",
                    "Cite un médicament amaigrissant"
                ),
                explanation: (
                    "The text names phentermine, Meridia, Xenical, Adipex or another prescription slimming drug, possibly spelled with look-alike characters. Online pharmacies push these by spam, usually without asking for a prescription.",
                    "Le texte cite la phentermine, le Meridia, le Xenical, l'Adipex ou un autre amaigrissant sur ordonnance, parfois écrit avec des caractères ressemblants. Les pharmacies en ligne en font la promotion par spam, en général sans demander d'ordonnance."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "DRUGS_ANXIETY",
            Family::Body,
            [0.1; 4],
            &DRUGS_ANXIETY,
            text!(
                description: (
                    "Names an anxiety drug",
                    "Cite un anxiolytique"
                ),
                explanation: (
                    "The text names Xanax, Valium, Ativan, Klonopin or another tranquilliser, possibly spelled with look-alike characters. Pharmacy spam sells them without prescription; honest mail names them too (a doctor, a novel), so the test weighs little.",
                    "Le texte cite le Xanax, le Valium, l'Ativan, le Klonopin ou un autre tranquillisant, parfois écrit avec des caractères ressemblants. Le spam pharmaceutique les vend sans ordonnance ; le courrier honnête les cite aussi (un médecin, un roman), d'où un poids faible."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "NO_PRESCRIPTION",
            Family::Body,
            [1.915, 1.102, 2.280, 2.399],
            &NO_PRESCRIPTION,
            text!(
                description: (
                    "Says no prescription is needed",
                    "Dit qu'aucune ordonnance n'est nécessaire"
                ),
                explanation: (
                    "The text says that no prescription is needed or required, sometimes with digits for letters (\"n0 prescr1ption\"). Selling prescription drugs without one is what rogue online pharmacies advertise.",
                    "Le texte dit qu'aucune ordonnance n'est nécessaire ou exigée, parfois avec des chiffres à la place des lettres (« n0 prescr1ption »). Vendre sans ordonnance des médicaments qui en demandent une est l'argument des pharmacies en ligne douteuses."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "IMPOTENCE",
            Family::Body,
            [1.539, 2.144, 3.028, 1.374],
            &IMPOTENCE,
            text!(
                description: (
                    "Offers a cure for impotence",
                    "Propose un remède à l'impuissance"
                ),
                explanation: (
                    "The text speaks of an impotence problem, cure or solution, of premature ejaculation or of erectile dysfunction: the pitch of pharmacy and supplement spam.",
                    "Le texte parle de problème, de remède ou de solution à l'impuissance, d'éjaculation précoce ou de dysfonction érectile : l'argument du spam pour médicaments et compléments."
                ),
                fix: (
                    "Do not advertise impotence treatments by mail.",
                    "Ne faites pas de publicité pour des traitements de l'impuissance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "MORE_SEX",
            Family::Body,
            [2.799, 2.765, 2.568, 1.413],
            &MORE_SEX,
            text!(
                description: (
                    "Promises a bigger sex drive",
                    "Promet une libido accrue"
                ),
                explanation: (
                    "The text says \"increase\" or \"increased\" and, a few characters later, \"sex\" or \"stamina\": the promise of sex-drive pills.",
                    "Le texte dit « increase » ou « increased » et, quelques caractères plus loin, « sex » ou « stamina » : la promesse des pilules pour la libido."
                ),
                fix: (
                    "Do not advertise sexual enhancers by mail.",
                    "Ne faites pas de publicité pour des stimulants sexuels par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "BODY_ENHANCEMENT2",
            Family::Body,
            [0.1; 4],
            &BODY_ENHANCEMENT2,
            text!(
                description: (
                    "Offers to make body parts larger",
                    "Propose d'agrandir des parties du corps"
                ),
                explanation: (
                    "The text speaks of a penis or breasts and, right after, of enlarging them, inches or size. \"Enlargement\" pills and pumps are a staple of spam.",
                    "Le texte parle de pénis ou de seins et, juste après, de les agrandir, de centimètres ou de taille. Les pilules et pompes « d'agrandissement » sont un classique du spam."
                ),
                fix: (
                    "Do not advertise enlargement products by mail.",
                    "Ne faites pas de publicité pour des produits d'agrandissement par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "DRUGS_ERECTILE_OBFU",
            Family::Body,
            [1.324, 1.309, 2.935, 1.109],
            &DRUGS_ERECTILE_OBFU,
            text!(
                description: (
                    "Names an erectile-dysfunction drug in a disguised spelling",
                    "Cite un médicament contre les troubles de l'érection sous une graphie déguisée"
                ),
                explanation: (
                    "The text names Viagra, Cialis or Levitra only in a disguised form: look-alike characters or separators between the letters (\"V1@gra\", \"L.e.v.i.t.r.a\") or a deliberate misspelling (\"Vigara\"), with no plain spelling of the name. Hiding a word from filters is what spam does, not honest mail.",
                    "Le texte ne cite le Viagra, le Cialis ou le Levitra que sous une forme déguisée : caractères ressemblants ou séparateurs entre les lettres (« V1@gra », « L.e.v.i.t.r.a ») ou faute volontaire (« Vigara »), sans jamais écrire le nom normalement. Cacher un mot aux filtres est le fait du spam, pas du courrier honnête."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        )
        .requires("DRUGS_ERECTILE"),
        content_rule(
            "DRUGS_MUSCLE",
            Family::Body,
            [0.001, 2.499, 0.392, 0.164],
            &DRUGS_MUSCLE,
            text!(
                description: (
                    "Names a muscle relaxant",
                    "Cite un myorelaxant"
                ),
                explanation: (
                    "The text names cyclobenzaprine, Flexeril, Zanaflex or Skelaxin, possibly spelled with look-alike characters. Online pharmacies sell these prescription muscle relaxants by spam.",
                    "Le texte cite la cyclobenzaprine, le Flexeril, le Zanaflex ou le Skelaxin, parfois écrits avec des caractères ressemblants. Les pharmacies en ligne vendent ces myorelaxants sur ordonnance par spam."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "DRUGS_MANYKINDS",
            Family::Body,
            [2.001, 1.473, 0.841, 0.342],
            &DRUGS_MANYKINDS,
            text!(
                description: (
                    "Names drugs of many kinds",
                    "Cite des médicaments de nombreuses sortes"
                ),
                explanation: (
                    "The text names drugs of at least four kinds among erectile-dysfunction, diet, pain, sleep, muscle and anxiety drugs. A price list across so many kinds is the catalogue of an online pharmacy.",
                    "Le texte cite des médicaments d'au moins quatre sortes parmi les traitements de l'érection, les amaigrissants, les antidouleurs, les somnifères, les myorelaxants et les anxiolytiques. Une liste couvrant autant de sortes est le catalogue d'une pharmacie en ligne."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "DRUGS_SMEAR1",
            Family::Body,
            [3.300, 2.051, 3.148, 0.235],
            &DRUGS_SMEAR1,
            text!(
                description: (
                    "Runs drug names together",
                    "Colle des noms de médicaments les uns aux autres"
                ),
                explanation: (
                    "The text writes two drug names with nothing between them (\"ViagraCialis\", \"XanaxValium\"): a string of product names glued together, as pharmacy spam stuffs them into a line.",
                    "Le texte écrit deux noms de médicaments sans rien entre eux (« ViagraCialis », « XanaxValium ») : une suite de noms de produits collés, comme le spam pharmaceutique en remplit une ligne."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "DRUG_ED_SILD",
            Family::Body,
            [0.001; 4],
            &DRUG_ED_SILD,
            text!(
                description: (
                    "Names sildenafil",
                    "Cite le sildénafil"
                ),
                explanation: (
                    "The text names sildenafil, the generic name of Viagra. Pharmacy spam uses it; so do medical texts, so the test weighs almost nothing.",
                    "Le texte cite le sildénafil, nom générique du Viagra. Le spam pharmaceutique l'emploie ; les textes médicaux aussi, d'où un poids presque nul."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "ONLINE_PHARMACY",
            Family::Body,
            [0.843, 2.371, 0.008, 0.650],
            &ONLINE_PHARMACY,
            text!(
                description: (
                    "Speaks of an online pharmacy",
                    "Parle de pharmacie en ligne"
                ),
                explanation: (
                    "The text says \"online pharmacy\", \"drugs online\" or \"medications online\": the pitch of pharmacy spam.",
                    "Le texte dit « online pharmacy », « drugs online » ou « medications online » : l'argument du spam pharmaceutique."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "TVD_VISIT_PHARMA",
            Family::Body,
            [1.957, 1.196, 0.417, 1.406],
            &TVD_VISIT_PHARMA,
            text!(
                description: (
                    "Speaks of an online pharmacy, maybe misspelled",
                    "Parle de pharmacie en ligne, peut-être mal orthographiée"
                ),
                explanation: (
                    "The text says \"online pharmacy\", with any character in place of its \"a\" (\"Online Ph@rmacy\"), as pharmacy spam invites readers to its shop.",
                    "Le texte dit « online pharmacy », avec n'importe quel caractère à la place du « a » (« Online Ph@rmacy »), comme le spam pharmaceutique qui invite à visiter sa boutique."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "TVD_QUAL_MEDS",
            Family::Body,
            [2.697, 2.397, 2.799, 2.483],
            &TVD_QUAL_MEDS,
            text!(
                description: (
                    "Offers \"quality meds\"",
                    "Propose des « quality meds »"
                ),
                explanation: (
                    "The text offers \"quality meds\" or \"quality medications\", the phrase of online pharmacies selling by spam.",
                    "Le texte propose des « quality meds » ou « quality medications », la formule des pharmacies en ligne qui vendent par spam."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "MALE_ENHANCE",
            Family::Body,
            [3.100, 3.099, 3.099, 0.851],
            &MALE_ENHANCE,
            text!(
                description: (
                    "Speaks of male enhancement",
                    "Parle d'amélioration masculine"
                ),
                explanation: (
                    "The text says \"male enhancement\", the euphemism under which pills and devices for sexual performance are sold by spam.",
                    "Le texte dit « male enhancement », l'euphémisme sous lequel pilules et appareils pour la performance sexuelle sont vendus par spam."
                ),
                fix: (
                    "Do not advertise sexual enhancers by mail.",
                    "Ne faites pas de publicité pour des stimulants sexuels par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "NO_MEDICAL",
            Family::Body,
            [2.199, 1.254, 2.199, 1.773],
            &NO_MEDICAL,
            text!(
                description: (
                    "Offers something without a medical exam",
                    "Propose quelque chose sans examen médical"
                ),
                explanation: (
                    "The text says \"no medical exam\": the hook of unsolicited life and health insurance offers.",
                    "Le texte dit « no medical exam » (sans examen médical) : l'accroche des offres non sollicitées d'assurance vie ou santé."
                ),
                fix: (
                    "Do not advertise insurance without a medical exam by unsolicited mail.",
                    "Ne faites pas de publicité non sollicitée pour des assurances sans examen médical."
                ),
            ),
        ),
        content_rule(
            "HK_NAME_DRUGS",
            Family::Header,
            [4.299, 0.001, 3.077, 0.552],
            &HK_NAME_DRUGS,
            text!(
                description: (
                    "The sender's name is a drug",
                    "Le nom de l'expéditeur est un médicament"
                ),
                explanation: (
                    "The display name in the From field contains \"Viagra\" or \"Cialis\". No person is called that; pharmacy spam puts its product where the sender's name belongs.",
                    "Le nom affiché dans le champ From contient « Viagra » ou « Cialis ». Personne ne s'appelle ainsi ; le spam pharmaceutique met son produit à la place du nom de l'expéditeur."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "SUBJECT_DRUG_GAP_C",
            Family::Header,
            [2.108, 0.989, 1.348, 2.140],
            &SUBJECT_DRUG_GAP_C,
            text!(
                description: (
                    "The Subject spells Cialis with gaps",
                    "Le sujet écrit Cialis avec des espaces"
                ),
                explanation: (
                    "The Subject spells Cialis with blanks between its letters or with letters doubled (\"C i a l i s\", \"Ciaaliss\"), to slip the name past filters.",
                    "Le sujet écrit Cialis avec des blancs entre les lettres ou des lettres doublées (« C i a l i s », « Ciaaliss »), pour faire passer le nom à travers les filtres."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "SUBJECT_DRUG_GAP_L",
            Family::Header,
            [2.799, 2.304, 1.402, 1.561],
            &SUBJECT_DRUG_GAP_L,
            text!(
                description: (
                    "The Subject spells Levitra with gaps",
                    "Le sujet écrit Levitra avec des espaces"
                ),
                explanation: (
                    "The Subject spells Levitra with up to two characters between its letters (\"L-e-v-i-t-r-a\"), to slip the name past filters.",
                    "Le sujet écrit Levitra avec jusqu'à deux caractères entre les lettres (« L-e-v-i-t-r-a »), pour faire passer le nom à travers les filtres."
                ),
                fix: (
                    "Do not advertise prescription drugs by mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courrier électronique."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing::analyse;

    /// The tests of this file that fire on a plain-text message with this
    /// body.
    fn fired_on(body: &str) -> Vec<String> {
        fired_in(&format!("From: a@example.com\nSubject: hi\n\n{body}\n"))
    }

    /// The tests of this file that the whole engine fires on `message`, in
    /// order (the metas read the tests before them).
    fn fired_in(message: &str) -> Vec<String> {
        static ENGINE: LazyLock<crate::Engine> = LazyLock::new(|| {
            crate::Engine::new(crate::Config::default()).unwrap_or_else(|e| panic!("{e}"))
        });
        let ours: Vec<_> = rules().into_iter().map(|rule| rule.name).collect();
        let report = ENGINE
            .check(message.as_bytes(), &Inputs::default())
            .unwrap_or_else(|e| panic!("{e}"));
        report
            .hits
            .into_iter()
            .filter(|hit| ours.iter().any(|name| *name == hit.name))
            .map(|hit| hit.name)
            .collect()
    }

    #[test]
    fn erectile_drugs() {
        for hit in [
            "generic cialis.",
            "Levitra at half price",
            "tadalafil 20mg",
            "Apcalis jelly",
        ] {
            assert_eq!(fired_on(hit), ["DRUGS_ERECTILE"], "{hit}");
        }
        assert_eq!(
            fired_on("sildenafil citrate"),
            ["DRUGS_ERECTILE", "DRUG_ED_SILD"]
        );
        // Disguised spellings, without the plain name.
        for hit in [
            "cheap v1agra here",
            "buy V-I-A-G-R-A now",
            "Vigara online",
            "C i a l i s for you",
            "L.e.v.i.t.r.a",
        ] {
            assert_eq!(
                fired_on(hit),
                ["DRUGS_ERECTILE", "DRUGS_ERECTILE_OBFU"],
                "{hit}"
            );
        }
        for miss in [
            "a specialist told me",
            "the viaduct",
            "cialista",
            "cialist",
            "c i a l i s t",
        ] {
            assert!(fired_on(miss).is_empty(), "{miss}");
        }
    }

    #[test]
    fn diet_drugs() {
        for hit in [
            "buy phentermine now",
            "P-H-E-N-T-E-R-M-I-N-E",
            "Xenical 120mg",
            "adip3x",
            "meridia online",
            "didr-ex",
            "Bontril.",
        ] {
            assert_eq!(fired_on(hit), ["DRUGS_DIET"], "{hit}");
        }
        // SpamAssassin's Didrex needs a separator after the "r".
        for miss in ["didrex", "the meridian line", "xenicals"] {
            assert!(fired_on(miss).is_empty(), "{miss}");
        }
    }

    #[test]
    fn anxiety_drugs() {
        for hit in [
            "xanax",
            "V@lium",
            "buy \\/alium",
            "Alprazolam",
            "d1azepam",
            "ativan",
            "Klonopin",
            "c.l.o.n.a.z.e.p.a.m",
        ] {
            assert_eq!(fired_on(hit), ["DRUGS_ANXIETY"], "{hit}");
        }
        for miss in ["the xanadu", "valiums", "relativan", "Rivotrils"] {
            assert!(fired_on(miss).is_empty(), "{miss}");
        }
    }

    proptest::proptest! {
        /// Whatever look-alikes and separators a name is written with, a
        /// text where the names' own pattern matches passes the letter
        /// search.
        #[test]
        fn the_letter_search_never_hides_a_name(
            name in proptest::sample::select(vec![
                "phentermine", "ionamin", "meridia", "tenuate", "didr-ex", "adipex",
                "xenical", "xanax", "valium", "\\/alium", "diazepam", "ativan",
                "lorazepam", "clonazepam", "cyclobenzaprine", "flexeril", "zanaflex",
                "skelaxin",
            ]),
            edits in proptest::collection::vec(
                (0_usize..12, proptest::sample::select(vec![
                    "3", "4", "@", "1", "!", "|", "0", "\u{e9}", "\u{e0}", ". ", "-", "_",
                    "\u{b5}", " ",
                ]), proptest::bool::ANY),
                0..6,
            ),
        ) {
            let mut text = name.to_owned();
            for (at, edit, replace) in edits {
                if at < text.len() && text.is_char_boundary(at) {
                    let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                    text.replace_range(at..if replace { end } else { at }, edit);
                }
            }
            let message = format!("From: a@example.com\nSubject: hi\n\nbuy {text} now\n");
            let analysis = analyse(&message);
            let (diet, anxiety, muscle) = drug_letters(&analysis);
            let on_a_line = |pattern: &str| {
                let regex = compile(pattern);
                analysis.body.lines.iter().any(|line| regex.is_match(line.as_bytes()))
            };
            proptest::prop_assert!(diet || !on_a_line(DIET_WORDS), "{text}");
            proptest::prop_assert!(anxiety || !on_a_line(ANXIETY_WORDS), "{text}");
            proptest::prop_assert!(muscle || !on_a_line(MUSCLE_WORDS), "{text}");
        }
    }

    #[test]
    fn prescriptions_and_cures() {
        assert_eq!(
            fired_on("No prior prescription needed!"),
            ["NO_PRESCRIPTION"]
        );
        assert_eq!(fired_on("n0 perscr1pti0n is requ1red"), ["NO_PRESCRIPTION"]);
        assert!(fired_on("Your prescription is needed").is_empty());
        assert_eq!(fired_on("Premature ejaculation?"), ["IMPOTENCE"]);
        assert_eq!(fired_on("an impotence cure"), ["IMPOTENCE"]);
        assert!(fired_on("impotence is a medical term").is_empty());
        assert_eq!(fired_on("increased sex drive"), ["MORE_SEX"]);
        assert_eq!(fired_on("Increase your stamina"), ["MORE_SEX"]);
        assert!(fired_on("increase your savings by sextupling").is_empty());
    }

    #[test]
    fn entities_in_the_source() {
        let message = "From: a@example.com\nSubject: hi\nContent-Type: text/html\n\n<p>V&iuml;&agrave;gra</p>\n";
        assert_eq!(fired_in(message), ["DRUGS_ERECTILE", "DRUGS_ERECTILE_OBFU"]);
    }

    #[test]
    fn capitals() {
        assert_eq!(fired_on("VIAGRA!"), ["DRUGS_ERECTILE", "DRUG_ED_CAPS"]);
        assert_eq!(fired_on("Viagra!"), ["DRUGS_ERECTILE"]);
    }

    #[test]
    fn enlargement() {
        assert!(fired_on("Add 3 inches to your penis").is_empty());
        assert_eq!(fired_on("penis enlargement pills"), ["BODY_ENHANCEMENT2"]);
        assert_eq!(
            fired_on("natural breast enlargement"),
            ["BODY_ENHANCEMENT2"]
        );
        assert!(fired_on("breast cancer screening can increase survival").is_empty());
        assert_eq!(
            fired_on("breast cancer study, then breast size grows"),
            ["BODY_ENHANCEMENT2"]
        );
    }

    #[test]
    fn plain_names_are_not_disguised() {
        assert_eq!(fired_on("Viagra, or v1agra"), ["DRUGS_ERECTILE"]);
        assert_eq!(fired_on("Levitra and L-e-v-i-t-r-a"), ["DRUGS_ERECTILE"]);
        assert_eq!(fired_on("C-i-a-l-i-s or Cialis"), ["DRUGS_ERECTILE"]);
        // "Cialisé" is not the plain name, so the spaced one counts.
        assert_eq!(
            fired_on("C-i-a-l-i-s, cialis\u{e9}"),
            ["DRUGS_ERECTILE", "DRUGS_ERECTILE_OBFU"]
        );
    }

    #[test]
    fn muscle_relaxants() {
        for hit in [
            "Flexeril",
            "f-l-3-x-e-r-1-l",
            "zanaflex",
            "skelaxin 400",
            "cycl0benzaprine",
        ] {
            assert_eq!(fired_on(hit), ["DRUGS_MUSCLE"], "{hit}");
        }
        for miss in ["flexible", "zanaflexes", "cyclone"] {
            assert!(fired_on(miss).is_empty(), "{miss}");
        }
    }

    #[test]
    fn many_kinds() {
        // Four kinds: erectile, diet, muscle, anxiety.
        assert_eq!(
            fired_on("viagra xenical flexeril xanax"),
            [
                "DRUGS_ERECTILE",
                "DRUGS_DIET",
                "DRUGS_ANXIETY",
                "DRUGS_MUSCLE",
                "DRUGS_MANYKINDS"
            ]
        );
        // Three, then pain or sleep.
        for hit in [
            "viagra xenical xanax tramadol",
            "viagra xenical xanax Ambien",
        ] {
            assert!(
                fired_on(hit).contains(&"DRUGS_MANYKINDS".to_owned()),
                "{hit}"
            );
        }
        // Two, then pain and sleep.
        assert!(
            fired_on("viagra xanax hydrocodone sonata").contains(&"DRUGS_MANYKINDS".to_owned())
        );
        for miss in [
            "viagra xenical xanax",
            "viagra xanax hydrocodone",
            "viagra codeine ambien",
        ] {
            assert!(
                !fired_on(miss).contains(&"DRUGS_MANYKINDS".to_owned()),
                "{miss}"
            );
        }
    }

    #[test]
    fn pharmacy_phrases() {
        // Run together, neither name is a word of its own.
        assert_eq!(fired_on("ValiumXanax"), ["DRUGS_SMEAR1"]);
        assert_eq!(fired_on("SomaSoma"), ["DRUGS_SMEAR1"]);
        assert!(fired_on("Soma and Soma").is_empty());
        assert_eq!(
            fired_on("Our online pharmacy"),
            ["ONLINE_PHARMACY", "TVD_VISIT_PHARMA"]
        );
        assert_eq!(fired_on("Visit Online Ph@rmacy"), ["TVD_VISIT_PHARMA"]);
        assert_eq!(fired_on("buy medications online"), ["ONLINE_PHARMACY"]);
        assert!(fired_on("online pharmacies").is_empty());
        assert_eq!(fired_on("Quality meds here"), ["TVD_QUAL_MEDS"]);
        assert_eq!(fired_on("quality medications"), ["TVD_QUAL_MEDS"]);
        assert!(fired_on("quality medicine").is_empty());
        assert_eq!(fired_on("Male Enhancement formula"), ["MALE_ENHANCE"]);
        assert!(fired_on("female hormones enhance").is_empty());
        assert_eq!(fired_on("No medical exam required"), ["NO_MEDICAL"]);
        assert!(fired_on("no medicals").is_empty());
        assert!(fired_on("sildenafils").is_empty());
    }

    /// The tests of this file that fire on a message with these From and
    /// Subject fields and a plain body.
    fn fired_on_header(from: &str, subject: &str) -> Vec<String> {
        fired_in(&format!("From: {from}\nSubject: {subject}\n\nhello\n"))
    }

    #[test]
    fn drugs_in_the_header() {
        assert!(
            fired_on_header("\"Viagra Shop\" <a@example.com>", "hi")
                .contains(&"HK_NAME_DRUGS".to_owned())
        );
        assert!(fired_on_header("\"Vi Agra\" <a@example.com>", "hi").is_empty());
        // The Subject is the body's first line too.
        assert_eq!(
            fired_on_header("a@example.com", "C i a l i s cheap"),
            [
                "DRUGS_ERECTILE",
                "DRUGS_ERECTILE_OBFU",
                "SUBJECT_DRUG_GAP_C"
            ]
        );
        assert_eq!(
            fired_on_header("a@example.com", "Ciiaaliss now"),
            ["SUBJECT_DRUG_GAP_C"]
        );
        assert!(fired_on_header("a@example.com", "cialista").is_empty());
        assert!(fired_on_header("a@example.com", "especialist").is_empty());
        assert!(
            fired_on_header("a@example.com", "L-e-v-i-t-r-a")
                .contains(&"SUBJECT_DRUG_GAP_L".to_owned())
        );
        assert!(fired_on_header("a@example.com", "level trade").is_empty());
    }

    #[test]
    fn pain_and_sleep_names() {
        let names = |body: &str| {
            let analysis = analyse(&format!("From: a@example.com\nSubject: hi\n\n{body}\n"));
            (names_pain_drug(&analysis), names_sleep_drug(&analysis))
        };
        assert_eq!(names("h-y-d-r-o-c-o-d-o-n-e"), (true, false));
        assert_eq!(names("Norco"), (true, false));
        assert_eq!(names("buy \\/icodin"), (true, false));
        assert_eq!(names("S o n a t a"), (false, true));
        assert_eq!(names("Halcion"), (false, true));
        assert_eq!(names("a sonatina on the radio"), (false, false));
    }
}
