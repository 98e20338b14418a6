//! Large sums of money: a currency sign or word next to a figure of several
//! digits, or a number of millions, hundreds of thousands and the like in a
//! currency.
//!
//! SpamAssassin writes these tests with look-arounds around the first digit
//! of the figure (it must not start a date or an IP address). The `regex`
//! crate has none, so each digit-led pattern is split at that digit: a regex
//! for what comes before it (anchored at the digit), the look-arounds as code,
//! and a regex for what follows (anchored after the digit). A line matches when
//! some digit satisfies all three, which is what a backtracking match finds.

use std::cell::OnceCell;
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::eight_bit::PLAIN_TEXT_MESSAGE;
use super::fraud::BUGGED_IMAGE;
use super::{Expr, View, content_rule};
use crate::analysis::Analysis;
use crate::rules::{Family, Rule, RuleContext};
use crate::text;

/// A currency sign, code or name written before or after a figure (case
/// matters except where marked).
const CURRENCY: &str = concat!(
    r"[(\[]?(?:\bU[Ss][D$]{0,2}|\$(?:US)?|usd|USD|CAD|GBP|CHF|FCFA|=[Aa][34]|\xa3|\xa4|&#16[34];",
    r"|(?i:pounds\ssterling)|EUR(?:OS?)?|(?:d')?[Ee]uro?s?|(?i:eur)\sde",
    r"|d\xf3lares\sde\slos\sE+\.\s?U+\.)[\])]?"
);

/// The letter o and the characters that pass for it (Latin-1 bytes, and
/// UTF-8 Latin, Greek, Cyrillic, Armenian and Hebrew look-alikes).
const LETTER_O: &str = concat!(
    r"(?:[0gouO\xbc\xcf\xd2-\xd6\xd8\xef\xf0\xf2-\xf6\xf8\xfc]",
    r"|\xc3[\x92-\x96\x98\xb2-\xb6\xb8]|\xc5[\x8c\x90\x91\xbd-\xbf]",
    r"|\xce[\x8c\x98\x9f\xbf]|\xcf[\x8c\x98\x99]|\xd0[\x9e\xae\xbe]|\xd1[\xba\xbb]",
    r"|\xd3[\xa6-\xa8\xaa]|\xd4\x9a|\xd5[\x95\xae]|\xd6\x85|\xd7\xa1",
    r"|\xe1(?:\xb9[\x8c-\x93]|\xbb[\x8c-\xa3]|\xbd[\x80-\x8d\xb8\xb9]|\xbf[\xb8\xb9]))"
);

/// A mention of Britain, as a word.
const BRITAIN: &str = r"\b(?:u\.?k\.?|(?:great\s)?brit(?:ain|ish)|g\.?b\.?)\b";

/// A currency named after an amount in words (case-insensitive context),
/// ending on a word boundary; "pounds" followed by " of" does not count.
fn currency_word() -> String {
    format!(
        concat!(
            r"(?:(?:(?:u\.?\s?s\.?\s?(?:a\.?\s?)?|united\s?states\s|e\.\s?u\.\s|canad(?:ian|a)\s",
            r"|(?:ia\s)?de\s)?d(?:[o\xf3]|\xc3\xb3)l+are?s?|\bbucks|usd|gbp|{b}\spounds?",
            r"|(?:{b}\s)?pounds?\ssterling|(?:d'\s?)?euros?|francs?)\b",
            r"|pounds(?:\z|[^\w\s]|\s(?:\z|[^o]|o(?:\z|[^f]))))"
        ),
        b = BRITAIN
    )
}

/// What must not follow the first digit of a figure: the rest of a date
/// written `2002.09.12 ` or `12.9.2002 `.
static DATE_AFTER_DIGIT: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"\A(?:[0-9]{3}\.[0-9]{2}\.[0-9]{2}\s|[0-9]?\.[0-9][0-9]?\.[0-9]{4}\s)")
});

/// What must not follow the first digit of a figure that may run long: the
/// rest of a dotted quad whose last three numbers are 0 or start with 1 or 2.
static ADDRESS_AFTER_DIGIT: LazyLock<Regex> =
    LazyLock::new(|| compile(r"\A[0-9]{0,2}(?:\.0|\.[12][0-9]{0,2}){3}(?:[^0-9]|\z)"));

/// Compiles a built-in pattern with Unicode off.
fn compile(pattern: &str) -> Regex {
    // Built-in patterns are constants checked by the unit tests.
    Regex::new(&format!("(?-u){pattern}")).expect("valid built-in pattern")
}

/// A figure pattern split at its first digit (1–9).
struct Figure {
    /// Matches what precedes the digit, anchored at the digit; `None` when
    /// nothing need precede it but a byte other than `-` or a digit.
    before: Option<Regex>,
    /// Matches what follows the digit, anchored just after it.
    after: Regex,
    /// Whether the figure must also not start a dotted quad.
    not_address: bool,
}

impl Figure {
    fn new(before: Option<&str>, after: &str, not_address: bool) -> Self {
        Self {
            before: before.map(|pattern| compile(&format!("(?:{pattern})\\z"))),
            after: compile(&format!("\\A(?:{after})")),
            not_address,
        }
    }

    /// Whether the figure starts at a digit (1–9) that starts neither a
    /// date nor, when it matters, a dotted quad (`address` tells, computed
    /// at most once per digit), with `head` before it and `tail` after it.
    fn starts_at(&self, head: &[u8], tail: &[u8], address: &OnceCell<bool>) -> bool {
        !(self.not_address && *address.get_or_init(|| ADDRESS_AFTER_DIGIT.is_match(tail)))
            && match &self.before {
                Some(before) => before.is_match(head),
                None => !matches!(head.last(), Some(b'-' | b'0'..=b'9')),
            }
            && self.after.is_match(tail)
    }
}

/// Every form of a large sum.
struct Sums {
    figures: Vec<Figure>,
    in_words: Regex,
}

static SUMS: LazyLock<Sums> = LazyLock::new(|| {
    let sum_of = format!(r"(?i:sum\sof\s)[(\[]?|{CURRENCY}\s?");
    let run = r"[0-9.,\sOo]";
    // Five to twenty digits, separators or blanks, ending on a digit (or O),
    // not on ".00": the alternatives spell out that last condition.
    let long_run =
        format!(r"(?:{run}{{5,20}}[1-9Oo]|{run}{{4,19}}[1-9.,\sOo]0|{run}{{3,18}}[0-9,\sOo]00)\b");
    let words = currency_word();
    let tail = format!(r"[^.$]{{0,50}}{words}");
    let not_s_tail = format!(r"(?:[^s.$][^.$]{{0,49}})?{words}");
    let figures = vec![
        // $1,000 and £1.000.
        Figure::new(
            Some(&format!(r"{CURRENCY}[\s.]?")),
            r"[0-9Oo][,.][0-9Oo]{3}(?:[^0-9]|\z)",
            false,
        ),
        // "sum of 1000000", $ 25,000,000.
        Figure::new(Some(&format!(r"(?:{sum_of})[\s.]?")), &long_run, true),
        // 25,000,000 dollars.
        Figure::new(
            None,
            &format!(r"{run}{{5,20}}[0-9Oo][)\](]?\s?(?:{CURRENCY}|Pounds|(?i:dollars?|bucks))\b"),
            true,
        ),
        // $25 million, "sum of 3.5 thousand".
        Figure::new(
            Some(&sum_of),
            &format!(
                r"[0-9.,\sOo]{{0,5}}[)\]]?\s?(?i:m(?:il+)?\b|mil+(?:io|{LETTER_O})n|hund?[re]+a?[dt]|thousand|tausend|milh\xf5es)"
            ),
            false,
        ),
        // 25M dollars, 3 millions euros.
        Figure::new(
            None,
            &format!(r"(?i)[0-9.,]{{0,4}}(?:m|\smilli?one?s|\s?mln){tail}"),
            false,
        ),
    ];
    let in_words = compile(&format!(
        concat!(
            r"(?i)(?:million|hund?rea?d[^s.][^.]{{0,24}}thousand){not_s_tail}",
            r"|(?:mill{o}n|cents?[^.]{{1,25}}mille|hundert[^.]{{1,30}}tausend|ientos?[^.]{{1,20}}mil",
            r"|cent[a-z\s]{{1,20}}mil\s[a-z]{{1,20}}centos){tail}"
        ),
        not_s_tail = not_s_tail,
        o = LETTER_O,
        tail = tail,
    ));
    Sums { figures, in_words }
});

/// Whether a line of the text names a large sum of money.
fn names_a_large_sum(context: &RuleContext<'_>) -> bool {
    let sums = &*SUMS;
    context.analysis.body.lines.iter().any(|line| {
        let line = line.as_bytes();
        sums.in_words.is_match(line) || sums.has_figure(line)
    })
}

impl Sums {
    /// Whether some figure occurs in `line`. The digits are the outer loop:
    /// what only depends on the digit (the date and dotted-quad checks) is
    /// done once for all the figures.
    fn has_figure(&self, line: &[u8]) -> bool {
        (0..line.len()).any(|at| {
            let (head, rest) = line.split_at(at);
            let Some((digit, tail)) = rest.split_first() else {
                return false;
            };
            if !(b'1'..=b'9').contains(digit) || DATE_AFTER_DIGIT.is_match(tail) {
                return false;
            }
            let address = OnceCell::new();
            self.figures
                .iter()
                .any(|figure| figure.starts_at(head, tail, &address))
        })
    }
}

/// `__TRAVEL_ITINERARY`: travel bookings quote large fares legitimately.
const TRAVEL_ITINERARY: Expr = Expr::Match(
    View::Body,
    r"(?i)(?:travel|ticketed|your|current) itinerary",
);

/// `LOTS_OF_MONEY`.
const LOTS_OF_MONEY: Expr =
    Expr::All(&[Expr::Fact(names_a_large_sum), Expr::Not(&TRAVEL_ITINERARY)]);

/// `MONEY_NOHTML`: a large sum in a message whose own type is plain text.
/// The type comes first: it is one header match, the sum a scan of every
/// line. (The quoted match is the type's either way: the sum quotes none.)
const MONEY_NOHTML: Expr = Expr::All(&[PLAIN_TEXT_MESSAGE, LOTS_OF_MONEY]);

/// A legacy Bitcoin address: `1` or `3` and 29 to 34 base-58 characters,
/// possibly each after a separator, as a whole word.
macro_rules! legacy_bitcoin_address {
    () => {
        r"\b[13](?:(?:[-_=\s][1-9A-HJ-NP-Za-km-z]){29,34}|[1-9A-HJ-NP-Za-km-z]{29,34})\b"
    };
}

/// A SegWit Bitcoin address: `bc1` and 30 to 90 bech32 characters, as a
/// whole word.
macro_rules! segwit_address {
    () => {
        r"\bbc1[02-9ac-hj-np-z]{30,90}\b"
    };
}

/// A SegWit Bitcoin address spaced out: `b`, `c`, `1` and 30 to 90 bech32
/// characters, each after a separator, as a whole word.
macro_rules! spaced_segwit_address {
    () => {
        r"\bb[-_=\s]c[-_=\s]1(?:[-_=\s][02-9ac-hj-np-z]){30,90}\b"
    };
}

/// Any Bitcoin address (the three above).
macro_rules! bitcoin_address {
    () => {
        concat!(
            legacy_bitcoin_address!(),
            "|",
            segwit_address!(),
            "|",
            spaced_segwit_address!()
        )
    };
}

/// [`bitcoin_address!`] as a regex, for one line.
static BITCOIN_ADDRESS: LazyLock<Regex> = LazyLock::new(|| compile(bitcoin_address!()));

/// `__BITCOIN_ID`: a [`bitcoin_address!`] on some body line, not right
/// after a `=` (SpamAssassin's look-behind, as code: a match after a `=`
/// is passed over and the search goes on from its next byte).
fn names_bitcoin_address(analysis: &Analysis) -> bool {
    analysis.body.lines.iter().any(|line| {
        let bytes = line.as_bytes();
        let mut from = 0;
        while let Some(found) = BITCOIN_ADDRESS.find_at(bytes, from) {
            if found.start() == 0 || bytes.get(found.start() - 1) != Some(&b'=') {
                return true;
            }
            from = found.start() + 1;
        }
        false
    })
}

/// `PDS_BTC_ID`: a Bitcoin address in the text, but not one that is a
/// link's path or host part (`__URL_BTC_ID`), nor in a message with an
/// image inlined as data (`__HAS_IMG_SRC_DATA`) or a tracking image
/// (`__BUGGED_IMG`). Searching the whole text for each kind of address
/// apart settles most messages cheaply (each starts with a byte or bytes
/// the search can skip to); the exact check runs on the others.
const PDS_BTC_ID: Expr = Expr::All(&[
    Expr::Any(&[
        Expr::Match(View::Body, legacy_bitcoin_address!()),
        Expr::Match(View::Body, segwit_address!()),
        Expr::Match(View::Body, spaced_segwit_address!()),
    ]),
    Expr::Fact(|c| names_bitcoin_address(c.analysis)),
    Expr::Not(&Expr::Match(
        View::Uri,
        r"[/.](?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{30,90})(?:/|\z)",
    )),
    Expr::Not(&Expr::Match(
        View::RawBody,
        r#"(?im)^[^>].*?<img src=['"]data"#,
    )),
    Expr::Not(&BUGGED_IMAGE),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "LOTS_OF_MONEY",
            Family::Body,
            [0.001; 4],
            &LOTS_OF_MONEY,
            text!(
                description: ("Names a huge sum of money", "Cite une somme d'argent énorme"),
                explanation: (
                    "The text names a large amount in a currency: a figure of several digits next to a currency sign or code, or millions or hundreds of thousands of dollars, pounds or euros. Promises of big money are the bait of advance-fee fraud and lottery scams; the test alone weighs almost nothing.",
                    "Le texte cite un montant élevé dans une devise : un nombre de plusieurs chiffres à côté d'un symbole ou d'un code monétaire, ou des millions ou centaines de milliers de dollars, livres ou euros. Les promesses de grosses sommes sont l'appât des escroqueries à l'avance de frais et aux faux gains ; ce test seul ne pèse presque rien."
                ),
                fix: (
                    "Nothing, unless other signs of fraud come with it.",
                    "Rien, sauf si d'autres signes de fraude l'accompagnent."
                ),
            ),
        ),
        content_rule(
            "MONEY_NOHTML",
            Family::Body,
            [1.0; 4],
            &MONEY_NOHTML,
            text!(
                description: (
                    "Huge sum of money in a plain-text message",
                    "Somme d'argent énorme dans un message en texte brut"
                ),
                explanation: (
                    "The message is plain text and names a large sum of money. Advance-fee fraud is typically sent as plain text promising millions.",
                    "Le message est en texte brut et cite une somme d'argent élevée. Les escroqueries à l'avance de frais sont le plus souvent envoyées en texte brut et promettent des millions."
                ),
                fix: (
                    "Avoid quoting large sums in unsolicited mail.",
                    "Évitez de citer de grosses sommes dans du courrier non sollicité."
                ),
            ),
        ),
        content_rule(
            "PDS_BTC_ID",
            Family::Body,
            [1.0; 4],
            &PDS_BTC_ID,
            text!(
                description: (
                    "Gives a Bitcoin address",
                    "Donne une adresse Bitcoin"
                ),
                explanation: (
                    "The text holds a Bitcoin address, and the message has neither a link to it nor the images of a newsletter. Extortion mail (\"I recorded you, pay me\") and fake investment offers ask to be paid in Bitcoin, which cannot be traced or taken back.",
                    "Le texte contient une adresse Bitcoin, et le message n'a ni lien vers elle ni les images d'une lettre d'information. Les courriels de chantage (« je vous ai filmé, payez-moi ») et les faux placements demandent d'être payés en Bitcoin, qu'on ne peut ni tracer ni récupérer."
                ),
                fix: (
                    "Give payment details on your own site rather than in unsolicited mail.",
                    "Donnez vos coordonnées de paiement sur votre propre site plutôt que dans un courriel non sollicité."
                ),
            ),
        ),
    ]
}
