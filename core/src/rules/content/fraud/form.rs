//! Forms to fill in by reply: lines that list personal fields (name,
//! address, telephone, age, bank, passport, occupation, …), each followed by
//! a blank to fill, as SpamAssassin's `__FILL_THIS_FORM_*` sub-rules find
//! them, and the tests over them (`FILL_THIS_FORM`, `FILL_THIS_FORM_LONG`,
//! `FILL_THIS_FORM_LOAN`, `T_FILL_THIS_FORM_SHORT`, `MONEY_FORM`, `MONEY_FORM_SHORT`).
//!
//! SpamAssassin builds these patterns from named pieces (ReplaceTags); the
//! pieces are ours below, assembled the same way by [`expand`].

use std::sync::LazyLock;

use regex::bytes::{Regex, RegexBuilder};

use super::super::conversation::{THREADED, VIA_ML};
use super::super::{Expr, View, content_rule};
use super::repeat::Repeated;
use super::signs::Text;
use super::{
    CENTER_TAG, HAS_ERRORS_TO, HAS_LIST_UNSUBSCRIBE, HTML_COMMENT, LINKED_IMAGE, UPPERCASE_URI,
    genuine_thread_index, lots_of_money, with_facts,
};
use crate::analysis::Analysis;
use crate::rules::{Family, Rule};
use crate::text;

/// The named pieces, as `(name, pattern)`; a piece may use the ones before
/// it as `<NAME>`.
const PIECES: &[(&str, &str)] = &[
    // A field number or bullet: "1.", "2nd)", "(iv)", "[3]", "*", "#", "(B)".
    (
        "LNNO",
        r"(?:(?:[0-9]{1,3}(?:[)}\]:.,]{1,80}|(?:st|nd|rd|th)[)}\]:.,]{0,3})|\W?\([0-9iv]{1,5}\)|\W?\{[0-9]{1,3}\}|\[[0-9]{1,3}\]|\*{1,5}|\#{1,5}|\(?[a-k][)}\]:.,]{1,3})\s?)",
    ),
    // "your full", "a copy of your current", …
    (
        "YOUR",
        r"(?:a?\s?copy\sof\s)?(?:(?:your|din|seu|twoje)[\s,:]{1,5})?(?:present\s|c[uo]rrent\s|full(?:st\xe4ndigt)?\s?|complete\s|direct\s|private?\s|valid\s|personal\s|nuvarande\s|vollst\xe4ndige\s|aktuelle\s|pe\s(?:ne\s)?){0,3}",
    ),
    ("ANDOR", r"(?:\s?[/&+,]\s?|\sor\s|\sand?\s)"),
    (
        "NUMBER",
        r"(?:(?:ruf)?num(?:[bm]er)?\(?s?\)?|nos?\.|no\b|n\xb0|\#s?|nbrs?\.?)",
    ),
    (
        "SUFFIX",
        r"(?:\sin\s(?:full|words)|\scompleto)?:?(?:\s?[({][^)}]{1,30}[)}])?",
    ),
    (
        "BLANK1",
        r"(?:[\s:;]{0,4}(?:(?:[-=_.,:;*\s\x85]|&\#[0-9]{1,3};|\xe2\x80\xa6){3,100}))",
    ),
    (
        "BLANK2",
        r"(?:[^-=_.,:;*\w]{0,3}(?:[-=_.,:;*\s\x85]|&\#[0-9]{1,3};|\xe2\x80\xa6){1,100})",
    ),
    // Where you live.
    (
        "A1",
        r"(?:(?:countr?y|city|province|ter+itory|(?:zip|post(?:al)?)(?:\s?code)?|st?ates?|ad+res+e?)<ANDOR>?){1,3}(?:\sof\s(?:residence|birth|employment|citizenship|origin))?",
    ),
    (
        "A2",
        r"(?:(?:contact|full|house|home|resident[ia]+l|busines+|mailing|work|delivery|ship+ing|post(?:al)?|of+ice|e-?mail|bostads|wohn)<ANDOR>?){0,3}\s?(?:ad+res+[es]{0,2}|location|endere\xe7o)(?:\sline)?(?:\s[0-9])?",
    ),
    // Who you are.
    (
        "N1",
        r"(?:company|first|last|all|busines+|legal|ben[ei]ficiary|user|vollstaendigen)?\s?(?:name?[sn]?|navne|nome|nazwy)(?:<ANDOR>ad+res+)?",
    ),
    // How to reach you.
    (
        "P1",
        r"(?:(?:(?:busines+|contact|fax|voice|house|home|mobile?|cel+(?:ular)?|of+ice|tel+e?(?:\s?(?:ph|f)one?)?|(?:ph|f)one|private)(?:\s(?:ph|f)one)?<ANDOR>?){1,3}(?:\s?<NUMBER>)?<ANDOR>?){1,3}",
    ),
    // About you.
    (
        "M1",
        r"(?:(?:ages?|marital\s?statu[se]|sex|gender|male\sor\sfemale|(?:date\s(?:of\s)?)?birth|religion|nationality|(?:user )?email|next\sof\skin|alter|staatsangehoerigkeit|nationalitet|idade|weik)<ANDOR>?){1,3}",
    ),
    // Work and loans ("working experience": upstream requires the "ing").
    (
        "L1",
        r"(?:(?:previous\s)?working\s?experience|employment|position|profes+ion|(?:monthly|an+ual)?\s?income|purpose\sof\sl(?:oa|ao)n|an+ual\sturn\s?over|l(?:oa|ao)n\sduration|oc+up[ae]tion(?:/position)?s?|(?:l(?:oa|ao)n\s|the\s)?amount(?:\sneed(?:ed)?|\sdesired)?(?:\s(?:as|of)\sloan)?|beruf|zaw(?:=F3|\xf3)d)",
    ),
    // Bank details.
    (
        "F1",
        r"(?:(?:bank(?:ing)?|beneficiary|billing|acc(?:oun)?t|rout(?:ing)?|swift|receiver|user)<ANDOR>?){1,3}\s(?:(?:name|ad+res+(?:es)?|location|code|details|institution|a/c|<NUMBER>)<ANDOR>?){1,3}",
    ),
    // Identity papers.
    (
        "F2",
        r"(?:(?:(?:international\s)?driver'?s?\sli[sc]+(?:en[sc]e)?|pas+\s?port|id\scard|[ia]d(?:entification|entity)(?:\s(?:card|<NUMBER>|papers?))?)<ANDOR>?){1,3}(?:\s<NUMBER>)?",
    ),
    // Secrets and winnings.
    (
        "F3",
        r"(?:picture|zdj\scie|test\squestion|answer|amount\swon|(?:inheritance\s)?funds?\svalue|(?:e-?mail\s)?pas+word|e-?mai?l\sid|amount\s[\w\s]{0,30}lost[\w\s]{0,15})",
    ),
    ("F4", r"(?:log[-\s]?in|(?:e-?mail\s)?user)\s?names?"),
    (
        "F5",
        r"(?:ref(?:erence)?|batch|win+ing|award|billet)[-\s]?<NUMBER>",
    ),
    (
        "ALL",
        r"(?:<A1>|<A2>|<N1>|<P1>|<M1>|<F1>|<F2>|<F3>|<F4>|<F5>|<L1>)",
    ),
];

/// `pattern` with every `<NAME>` of [`PIECES`] replaced by its pattern,
/// recursively.
fn expand(pattern: &str) -> String {
    let mut text = pattern.to_owned();
    // Pieces only use earlier ones: replacing from the last to the first
    // leaves none behind.
    for (name, piece) in PIECES.iter().rev() {
        text = text.replace(&format!("<{name}>"), piece);
    }
    text
}

/// The expanded `pattern` on bytes, in ASCII mode.
fn on_bytes(pattern: &str) -> String {
    format!("(?-u){}", expand(pattern))
}

/// Compiles an expanded pattern on bytes. The patterns are matched on text
/// in lower case (ASCII letters), so they are written in lower case and
/// compiled case-sensitive, which is what SpamAssassin's `/i` amounts to
/// and makes smaller programs; the nested repetitions still make large
/// ones, hence the raised size limit.
fn compile(pattern: &str) -> Regex {
    RegexBuilder::new(&on_bytes(pattern))
        .size_limit(64 << 20)
        .dfa_size_limit(16 << 20)
        .build()
        // Built-in patterns are constants checked by the unit tests.
        .expect("valid built-in pattern")
}

/// Words of which every field name holds one (in any case): a line without
/// any has no field to fill in, and one with fewer than five (three) has no
/// long (short) form.
static FIELD_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?-u)coun|city|province|itory|zip|post|sate|state|dres|location|endere|nam|navne|nome|nazwy",
        r"|busines|contact|fax|voice|house|home|mobil|cel|fice|tel|phone|fone|private",
        r"|age|marital|sex|gender|male|birth|religion|nationalit|mail|kin|alter|staats|idade|weik",
        r"|bank|beneficiary|billing|acc|rout|swift|receiver|user|driver|port|id card|dentif|dentit",
        r"|picture|zdj|question|answer|amount|fund|word|mai|log|ref|batch|win|award|billet",
        r"|work|employment|position|profes|income|purpose|turn|loan|laon|occup|beruf|zaw"
    ))
    .expect("valid built-in pattern")
});

/// A field: a number or bullet (in the units that start with one), a
/// "your full …", the field's name and what may follow it.
const FIELD: &str = "<YOUR><ALL><SUFFIX>";

/// The units of `(?:<LNNO>UNIT){n}|(?:UNIT){n}`, where a unit is a
/// [`FIELD`] followed by `after`.
fn form_units(after: &str) -> [String; 2] {
    [format!("<LNNO>{FIELD}{after}"), format!("{FIELD}{after}")].map(|unit| on_bytes(&unit))
}

/// `__FILL_THIS_FORM_LONG1`, `__FILL_THIS_FORM_LONG2`: five fields with
/// blanks on one line.
static LONG: LazyLock<Repeated> =
    LazyLock::new(|| Repeated::new(&form_units(r"(?:<BLANK2>(?:p[a-z.\s]{10,30})?|<ANDOR>)"), 5));

/// `__FILL_THIS_FORM_SHORT1`, `__FILL_THIS_FORM_SHORT2`: three.
static SHORT: LazyLock<Repeated> =
    LazyLock::new(|| Repeated::new(&form_units("(?:<BLANK2>|<ANDOR>)"), 3));

/// `__FILL_THIS_FORM_PARTIAL`: a line that is one to three fields and a
/// blank (counted per line).
static PARTIAL: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?m)^\s?<LNNO>?<YOUR>(?:<ALL><ANDOR>?){1,3}<SUFFIX>(?:<BLANK1>|(?:[-=_.,:;*\s]|=20){1,4}$)",
    )
});

/// `__FILL_THIS_FORM_PARTIAL_RAW`: the same in the source of the parts.
static PARTIAL_RAW: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?m)^\s{0,50}<LNNO>?<YOUR>(?:<ALL><ANDOR>?){1,3}<SUFFIX>(?:<BLANK1>|(?:[-=_.,:;*\s]|=20|&nbsp;|</\w+>){0,4}$)",
    )
});

/// `__FILL_THIS_FORM_LOAN1`: a field about work or a loan, with a blank.
static LOAN: LazyLock<Regex> =
    LazyLock::new(|| compile(r"<YOUR><L1><SUFFIX>(?:<BLANK1>|<BLANK2>$)"));

/// `__FILL_THIS_FORM_FRAUD_PHISH1`: a field of bank details, identity
/// papers, secrets (password, test question), log-in name or reference
/// number, with a blank. SpamAssassin's pattern opens with `<YOUR>`, which
/// may match nothing: a line matches with it exactly when it matches
/// without, so it is left out. Its `$` also matches before the line's
/// final line break.
static PHISH: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:<F1>|<F2>|<F3>|<F4>|<F5>)<SUFFIX>(?:<BLANK1>|<BLANK2>\n?\z)"));

/// Words of which every [`PHISH`] field holds one (in lower case): lines
/// without any are not searched.
static PHISH_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?-u)bank|beneficiary|billing|acc|rout|swift|receiver|user|driver|port|card|dent",
        r"|picture|zdj|question|answer|amount|fund|word|mai|mal|log|ref|batch|win|award|billet"
    ))
    .expect("valid built-in pattern")
});

/// How far into a line (or a run of lines, as the source's leading blanks
/// may span several) a partial form's first field word can start: blanks,
/// a number and a "your full …" before it.
const FIELD_REACH: usize = 250;

/// Whether a field word starts within [`FIELD_REACH`] bytes of the start of
/// `line` (lower case).
fn starts_with_field(line: &[u8]) -> bool {
    FIELD_WORDS.is_match(&line[..line.len().min(FIELD_REACH)])
}

/// Which fill-in forms a message holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Form {
    long: bool,
    short: bool,
    partial: usize,
    partial_raw: usize,
    loan: bool,
    /// A field asking for bank or identity details, a password or a
    /// reference number (`__FILL_THIS_FORM_FRAUD_PHISH1`), read only when
    /// the message holds a form.
    phish: bool,
}

/// SpamAssassin's `maxhits` of the partial-line counts.
const MAX_PARTIAL: usize = 5;

impl Form {
    /// Reads the forms of a message whose rendered text is `text`.
    pub(crate) fn of(analysis: &Analysis, text: &Text<'_>) -> Self {
        let mut form = Form::default();
        // Field words per line, up to five.
        let mut words = vec![0_u8; text.lines.len()];
        for found in FIELD_WORDS.find_iter(&text.lower) {
            let count = &mut words[text.line_at(found.start())];
            *count = count.saturating_add(1).min(5);
        }
        // The partial counts only matter from three on, and each partial
        // line starts with a field word near its start: with fewer such
        // lines, they are not worth counting.
        let partial_lines = (0..text.lines.len())
            .filter(|&index| words[index] > 0 && starts_with_field(text.lower_line(index)))
            .count();
        for (index, &count) in words.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let line = text.lower_line(index);
            form.long = form.long || (count >= 5 && LONG.is_match(line));
            form.short = form.short || (count >= 3 && SHORT.is_match(line));
            if partial_lines >= 3 && form.partial < MAX_PARTIAL {
                form.partial += PARTIAL.find_iter(line).count();
            }
        }
        form.partial = form.partial.min(MAX_PARTIAL);
        for (_, part) in analysis.mime.rawbody() {
            if form.partial_raw >= MAX_PARTIAL {
                break;
            }
            let part = part.to_ascii_lowercase();
            let candidates = part
                .split(|&byte| byte == b'\n')
                .filter(|line| starts_with_field(line))
                .take(3)
                .count();
            if candidates >= 3 {
                form.partial_raw += PARTIAL_RAW.find_iter(&part).count();
            }
        }
        form.partial_raw = form.partial_raw.min(MAX_PARTIAL);
        // A loan field only counts with a form (`__FILL_THIS_FORM_LOAN`).
        form.loan = form.long_or_many()
            && words
                .iter()
                .enumerate()
                .any(|(index, &count)| count > 0 && LOAN.is_match(text.lower_line(index)));
        form.phish = (form.long_or_many() || form.short())
            && (0..text.lines.len()).any(|index| {
                let line = text.lower_line(index);
                PHISH_WORDS.is_match(line) && PHISH.is_match(line)
            });
        form
    }

    /// `__FILL_THIS_FORM`: a long form, or five partial lines.
    pub(super) fn long_or_many(self) -> bool {
        self.long || self.partial >= MAX_PARTIAL || self.partial_raw >= MAX_PARTIAL
    }

    /// `__FILL_THIS_FORM_SHORT`: a short form (three fields, or three
    /// partial lines), when there is no long one.
    pub(super) fn short(self) -> bool {
        !self.long_or_many() && (self.short || self.partial > 2 || self.partial_raw > 2)
    }
}

/// `__TRAVEL_MANY`: at least three signs of a travel booking.
const TRAVEL_MANY: Expr = Expr::Fact(|c| {
    static TRAVEL: LazyLock<[Regex; 4]> = LazyLock::new(|| {
        [
            r"\btravel+er\sprofile\b",
            r"\b(?:reservation\s(?:confirmed|number)|travel\sreservations?)\b",
            r"\bbusiness\stravel\b",
            r"\btravel\sagen(?:t|cy)\b",
        ]
        .map(|pattern| Regex::new(&format!("(?-u)(?i){pattern}")).expect("valid built-in pattern"))
    });
    TRAVEL
        .iter()
        .filter(|regex| {
            c.analysis
                .body
                .lines
                .iter()
                .any(|line| regex.is_match(line.as_bytes()))
        })
        .count()
        > 2
});

/// `__FB_TOUR`: "tour" starting a word (tour operators send forms).
const TOUR: Expr = Expr::Match(View::Body, r"(?i)\btour");

const FILL_THIS_FORM: Expr = Expr::All(&[
    Expr::Fact(|c| with_facts(c, |facts| facts.form.long_or_many())),
    Expr::Not(&THREADED),
    Expr::Not(&TOUR),
    Expr::Not(&VIA_ML),
]);

const FILL_THIS_FORM_LONG: Expr = Expr::All(&[
    Expr::Fact(|c| with_facts(c, |facts| facts.form.long)),
    Expr::Not(&VIA_ML),
    Expr::Not(&HAS_LIST_UNSUBSCRIBE),
    Expr::Not(&THREADED),
    Expr::Not(&TRAVEL_MANY),
]);

const FILL_THIS_FORM_LOAN: Expr = Expr::All(&[
    Expr::Fact(|c| with_facts(c, |facts| facts.form.long_or_many() && facts.form.loan)),
    Expr::Not(&HTML_COMMENT),
    Expr::Not(&LINKED_IMAGE),
]);

const T_FILL_THIS_FORM_SHORT: Expr = Expr::All(&[
    Expr::Fact(|c| with_facts(c, |facts| facts.form.short())),
    Expr::Not(&VIA_ML),
    Expr::Not(&Expr::Match(View::Header("Message-ID"), r"\.JavaMail\.")),
]);

const MONEY_FORM_SHORT: Expr = Expr::All(&[
    Expr::Fact(|c| lots_of_money(c) && with_facts(c, |facts| facts.form.short())),
    Expr::Not(&HAS_LIST_UNSUBSCRIBE),
    Expr::Not(&VIA_ML),
    Expr::Not(&LINKED_IMAGE),
    Expr::Not(&UPPERCASE_URI),
    Expr::Not(&THREADED),
    Expr::Not(&HTML_COMMENT),
    Expr::Not(&CENTER_TAG),
    Expr::Fact(|c| !genuine_thread_index(c)),
]);

/// `MONEY_FORM`'s exceptions: a price (`__FB_S_PRICE`; SpamAssassin's
/// look-alike spellings of "price", `__FRT_PRICE`, are not ported), a
/// column layout of eight blanks (`__FR_SPACING_8`), an offer of help.
const MONEY_FORM: Expr = Expr::All(&[
    Expr::Fact(|c| lots_of_money(c) && with_facts(c, |facts| facts.form.long_or_many())),
    Expr::Not(&TOUR),
    Expr::Not(&Expr::Match(View::Body, r"(?i)pri{1,2}c[a-z]?e")),
    Expr::Not(&Expr::Match(
        View::RawBody,
        r"(?i)[a-z0-9]{6}\s{8}[a-z0-9]{5}",
    )),
    Expr::Not(&HTML_COMMENT),
    Expr::Not(&Expr::Match(View::Body, r"(?i)\bcan help\b")),
]);

/// The opening tag of a link to a web address (the first half of
/// `__SPOOFED_URL`), capturing the address's first 9 to 30 bytes, as many
/// as the address allows (the longest such start is the one to compare:
/// link text that does not begin with it does not begin with some shorter
/// one either).
static LINK_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i-u)<a\s[^>]{0,2048}\bhref=(?:3d)?.?(https?:[^>"'# ]{8,29}[^>"'# :/?&=])[^>]{0,2048}>"#,
    )
    .expect("valid built-in pattern")
});

/// Link text that is itself a web address: "http", an optional "s", one
/// to three marks and five more bytes, none a `<`.
static SHOWN_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\Ahttps?[^\w<]{1,3}[^<]{5}").expect("valid built-in pattern")
});

/// Perl's `\s` under `/aa` (ASCII blanks, vertical tab included).
fn blank(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == 0x0B
}

/// Where a link's text may start, in `part`, after its opening tag ending
/// at `from`: after at most ten blanks, there or after up to 99 more tags
/// (none a `</a`), each after at most 1,024 bytes of text and at most 1,024
/// bytes long.
fn link_text_starts(part: &[u8], from: usize) -> Vec<usize> {
    const MAX_TAGS: usize = 99;
    const MAX_RUN: usize = 1024;
    let mut starts = Vec::new();
    let mut at = from;
    for tags in 0..=MAX_TAGS {
        let rest = part.get(at..).unwrap_or_default();
        let blanks = rest.iter().take(11).take_while(|&&b| blank(b)).count();
        if blanks <= 10 {
            starts.push(at + blanks);
        }
        if tags == MAX_TAGS {
            break;
        }
        let Some(open) = rest.iter().take(MAX_RUN + 1).position(|&b| b == b'<') else {
            break;
        };
        let inside = rest.get(open + 1..).unwrap_or_default();
        if inside
            .get(..2)
            .is_some_and(|two| two.eq_ignore_ascii_case(b"/a"))
        {
            break;
        }
        match inside.iter().take(MAX_RUN + 1).position(|&b| b == b'>') {
            Some(len) if len > 0 => at += open + 1 + len + 1,
            _ => break,
        }
    }
    starts
}

/// `__SPOOFED_URL`: in the source of a text part, a link whose text is a
/// web address that does not begin with the start of the link's own
/// address (compared in any case).
fn spoofed_link(analysis: &Analysis) -> bool {
    analysis.mime.rawbody().any(|(_, part)| {
        LINK_TAG.captures_iter(part).any(|found| {
            let (Some(tag), Some(address)) = (found.get(0), found.get(1)) else {
                return false;
            };
            let address = address.as_bytes();
            link_text_starts(part, tag.end()).into_iter().any(|at| {
                let text = part.get(at..).unwrap_or_default();
                SHOWN_ADDRESS.is_match(text)
                    && !text
                        .get(..address.len())
                        .is_some_and(|start| start.eq_ignore_ascii_case(address))
            })
        })
    })
}

/// `T_FILL_THIS_FORM_FRAUD_PHISH`: a form asking for bank or identity
/// details, a password or a reference number, outside mailing lists,
/// replies and threads, not from Shopify's relays, without an Errors-To
/// field nor a link whose text shows another address. (SpamAssassin also
/// counts the phishing phrases about mailboxes and accounts, `__EMAIL_PHISH`
/// and `__ACCT_PHISH`, as the form's alternative; those are not ported.)
const FILL_THIS_FORM_FRAUD_PHISH: Expr = Expr::All(&[
    Expr::Fact(|c| with_facts(c, |facts| facts.form.phish)),
    Expr::Not(&VIA_ML),
    Expr::Not(&field_exists!("In-Reply-To")),
    Expr::Not(&THREADED),
    Expr::Not(&HAS_ERRORS_TO),
    Expr::Not(&Expr::Match(
        View::RelaysExternal,
        r"\srdns=\S+\.shopify\.com\s",
    )),
    Expr::Not(&Expr::Fact(|c| spoofed_link(c.analysis))),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "T_FILL_THIS_FORM_FRAUD_PHISH",
            Family::Body,
            [0.01; 4],
            &FILL_THIS_FORM_FRAUD_PHISH,
            text!(
                description: (
                    "A form asking for bank details, identity papers or passwords",
                    "Un formulaire qui demande coordonnées bancaires, pièces d'identité ou mots de passe"
                ),
                explanation: (
                    "The text is a form to fill in and send back, and one of its fields asks for a bank account, a passport or identity card number, a password or secret answer, a log-in name or a reference number: what phishing and advance-fee fraud collect. SpamAssassin is still testing this rule; it weighs almost nothing.",
                    "Le texte est un formulaire à remplir et à renvoyer, et l'un de ses champs demande un compte bancaire, un numéro de passeport ou de carte d'identité, un mot de passe ou une réponse secrète, un identifiant ou un numéro de référence : ce que recueillent l'hameçonnage et l'escroquerie à l'avance de frais. SpamAssassin met encore cette règle à l'essai ; elle ne pèse presque rien."
                ),
                fix: (
                    "Never ask for passwords or bank details by e-mail; use your own secure site.",
                    "Ne demandez jamais de mots de passe ni de coordonnées bancaires par courriel ; utilisez votre propre site sécurisé."
                ),
            ),
        ),
        content_rule(
            "FILL_THIS_FORM",
            Family::Body,
            [0.001; 4],
            &FILL_THIS_FORM,
            text!(
                description: (
                    "A form to fill in with personal details",
                    "Un formulaire à remplir avec des renseignements personnels"
                ),
                explanation: (
                    "The text lists personal fields to fill in and send back by reply: name, address, telephone, age, occupation, bank or passport details. Fraudsters collect these to steal identities or to prepare an advance-fee scam; the test alone weighs almost nothing.",
                    "Le texte énumère des champs personnels à remplir et à renvoyer par retour de courriel : nom, adresse, téléphone, âge, profession, coordonnées bancaires ou de passeport. Les escrocs les recueillent pour usurper une identité ou préparer une escroquerie à l'avance de frais ; ce test seul ne pèse presque rien."
                ),
                fix: (
                    "Collect details through a form on your own site rather than by e-mail.",
                    "Recueillez les renseignements par un formulaire sur votre site plutôt que par courriel."
                ),
            ),
        ),
        content_rule(
            "FILL_THIS_FORM_LONG",
            Family::Body,
            [2.0; 4],
            &FILL_THIS_FORM_LONG,
            text!(
                description: (
                    "A long form to fill in with personal details",
                    "Un long formulaire à remplir avec des renseignements personnels"
                ),
                explanation: (
                    "One line of the text lists five or more personal fields, each with a blank to fill in and send back: the shape of the questionnaires of lottery and inheritance fraud.",
                    "Une ligne du texte énumère au moins cinq champs personnels, chacun suivi d'un blanc à remplir et à renvoyer : la forme des questionnaires des escroqueries aux faux gains et aux héritages."
                ),
                fix: (
                    "Collect details through a form on your own site rather than by e-mail.",
                    "Recueillez les renseignements par un formulaire sur votre site plutôt que par courriel."
                ),
            ),
        ),
        content_rule(
            "FILL_THIS_FORM_LOAN",
            Family::Body,
            [2.092, 2.237, 1.836, 2.880],
            &FILL_THIS_FORM_LOAN,
            text!(
                description: (
                    "A loan application to fill in by reply",
                    "Une demande de prêt à remplir par retour de courriel"
                ),
                explanation: (
                    "The text is a form to fill in and send back, and asks about income, occupation or the amount of a loan: the fake loan offers of advance-fee fraud, where the loan never comes but the fees are due.",
                    "Le texte est un formulaire à remplir et à renvoyer, et demande le revenu, la profession ou le montant d'un prêt : les fausses offres de prêt de l'escroquerie à l'avance de frais, où le prêt ne vient jamais mais les frais sont dus."
                ),
                fix: (
                    "Take loan applications through your own secure site.",
                    "Recevez les demandes de prêt sur votre propre site sécurisé."
                ),
            ),
        ),
        content_rule(
            "T_FILL_THIS_FORM_SHORT",
            Family::Body,
            [0.01; 4],
            &T_FILL_THIS_FORM_SHORT,
            text!(
                description: (
                    "A short form to fill in with personal details",
                    "Un court formulaire à remplir avec des renseignements personnels"
                ),
                explanation: (
                    "The text lists three or four personal fields to fill in and send back. SpamAssassin is still testing this rule; it weighs almost nothing.",
                    "Le texte énumère trois ou quatre champs personnels à remplir et à renvoyer. SpamAssassin met encore cette règle à l'essai ; elle ne pèse presque rien."
                ),
                fix: (
                    "Collect details through a form on your own site rather than by e-mail.",
                    "Recueillez les renseignements par un formulaire sur votre site plutôt que par courriel."
                ),
            ),
        ),
        content_rule(
            "MONEY_FORM",
            Family::Body,
            [1.0; 4],
            &MONEY_FORM,
            text!(
                description: (
                    "A large sum if you fill in a form",
                    "Une grosse somme si vous remplissez un formulaire"
                ),
                explanation: (
                    "The text names a large sum of money and asks for personal details to be filled in and sent back: how lottery and inheritance fraud collects its victims' identities.",
                    "Le texte cite une grosse somme d'argent et demande de remplir et de renvoyer des renseignements personnels : c'est ainsi que les escroqueries aux faux gains et aux héritages recueillent l'identité de leurs victimes."
                ),
                fix: (
                    "Do not ask for personal details by e-mail next to promises of money.",
                    "Ne demandez pas de renseignements personnels par courriel à côté de promesses d'argent."
                ),
            ),
        ),
        content_rule(
            "MONEY_FORM_SHORT",
            Family::Body,
            [1.0; 4],
            &MONEY_FORM_SHORT,
            text!(
                description: (
                    "A large sum if you fill in a short form",
                    "Une grosse somme si vous remplissez un court formulaire"
                ),
                explanation: (
                    "The text names a large sum of money and asks for a few personal details to be sent back: the opening move of lottery and inheritance fraud.",
                    "Le texte cite une grosse somme d'argent et demande de renvoyer quelques renseignements personnels : l'entrée en matière des escroqueries aux faux gains et aux héritages."
                ),
                fix: (
                    "Do not ask for personal details by e-mail next to promises of money.",
                    "Ne demandez pas de renseignements personnels par courriel à côté de promesses d'argent."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines with and without five (three) fields back to back.
    const LINES: [&str; 8] = [
        "name: ____ address: ____ phone: ____ age: ____ occupation: ____\n",
        "1. full name ____ 2. address ____ 3. telephone ____ 4. age ____ 5. sex ____\n",
        "your name, address, telephone no., age and occupation\n",
        "name: ____ address: ____ phone: ____\n",
        "name: ____ address: ____ and more text phone: ____ age: ____ occupation: ____\n",
        "1. name ____ address ____ 3. phone ____\n",
        "name: ____ then the address: ____ then the phone: ____\n",
        "name address phone please fill in the blanks. age sex\n",
    ];

    /// SpamAssassin's form, `(?:<LNNO>UNIT){times}|(?:UNIT){times}`, as
    /// one regex.
    fn whole(after: &str, times: usize) -> Regex {
        compile(&format!(
            "(?:<LNNO>{FIELD}{after}){{{times}}}|(?:{FIELD}{after}){{{times}}}"
        ))
    }

    #[test]
    fn forms_as_their_whole_regexes() {
        let long = whole(r"(?:<BLANK2>(?:p[a-z.\s]{10,30})?|<ANDOR>)", 5);
        let short = whole("(?:<BLANK2>|<ANDOR>)", 3);
        for line in LINES {
            assert_eq!(
                LONG.is_match(line.as_bytes()),
                long.is_match(line.as_bytes()),
                "{line}"
            );
            assert_eq!(
                SHORT.is_match(line.as_bytes()),
                short.is_match(line.as_bytes()),
                "{line}"
            );
        }
        assert!(LONG.is_match(LINES[0].as_bytes()));
        assert!(!LONG.is_match(LINES[3].as_bytes()));
        assert!(SHORT.is_match(LINES[3].as_bytes()));
        assert!(!SHORT.is_match(LINES[6].as_bytes()));
    }
}
