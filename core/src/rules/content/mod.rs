//! Content tests written as data: SpamAssassin's `body`, `rawbody`, `header`
//! and `uri` regex rules, and the metas built over them.
//!
//! A test is a name, a family, four scores, its texts and a [`Expr`]: regexes
//! over one text view of the message, combined with `!`, `&&` and `||` the way
//! SpamAssassin's metas combine their sub-rules. The expressions are plain
//! constants; [`content_rule`] prepares their regexes once, when the engine is
//! built, and each is compiled the first time a message needs it (see
//! [`Pattern`]), never per message.
//!
//! Every pattern is ours, written from the meaning of SpamAssassin's rule. Each
//! is compiled as a `regex::bytes` regex with Unicode off, which is what
//! SpamAssassin's `/aa` octet matching amounts to (sa-semantics §0.6): `.` is
//! one byte, `\b \w \s \d` are ASCII. Perl look-arounds, which `regex` lacks,
//! are written out as the finite alternatives they stand for.

/// The field is present (its value, even empty, is followed by a line break).
macro_rules! field_exists {
    ($name:literal) => {
        Expr::Match(View::Header($name), r"(?s).")
    };
}

/// The field is absent, or reads exactly "UNSET" (SpamAssassin's
/// `[if-unset: UNSET]` idiom cannot tell the two apart).
macro_rules! field_missing {
    ($name:literal) => {
        Expr::Any(&[
            Expr::Not(&field_exists!($name)),
            Expr::Match(View::Header($name), r"\AUNSET\n?\z"),
        ])
    };
}

mod addressing;
mod advertising;
mod bounces;
mod conversation;
mod correspondence;
mod drugs;
mod eight_bit;
mod embedded_objects;
mod encoding;
mod fraud;
mod gtube;
mod header_forms;
mod html_measures;
mod layout;
mod links;
mod mailers;
mod markup;
mod misspaced;
mod money;
mod needles;
mod offers;
mod pattern;
mod persons;
mod phrases;
mod pitches;
mod priority;
mod prizes;
mod ratware;
mod sales;
mod shapes;
#[cfg(test)]
mod tests;
mod unsubscribe;

pub(crate) use conversation::envelope_sender_matches_relay;
pub(crate) use fraud::Facts as FraudFacts;
pub(crate) use layout::big_address_lists;
pub(crate) use pattern::Pattern;

use std::borrow::Cow;

use regex::bytes::Regex;

use crate::Localized;
use crate::analysis::Analysis;
use crate::analysis::address::{Mailbox, parse_address_list};
use crate::analysis::headers::Headers;
use crate::rules::relay::external_relays;
use crate::rules::{Evidence, Family, Rule, RuleContext, RuleText};

/// Where a regex looks (sa-semantics §0.4). `N` names a header field: a
/// constant for the built-in tests, a `String` for a site's own rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum View<N = &'static str> {
    /// SpamAssassin's `body`: the rendered text, one line at a time, the
    /// Subject as line 1.
    Body,
    /// SpamAssassin's `rawbody`: each text part transfer-decoded, neither
    /// charset-decoded nor rendered (HTML markup kept), matched a part at a
    /// time. SpamAssassin cuts parts into 2–4 KiB chunks, so a match spanning
    /// a cut is the one difference.
    RawBody,
    /// `header Name =~`: every value of the field, decoded, each followed by a
    /// line break, concatenated. A missing field matches nothing.
    Header(N),
    /// `header Name:raw =~`: every value of the field exactly as written
    /// (leading blank, folding and line break kept), concatenated.
    RawHeader(N),
    /// `header ALL =~`: every field as `Name: value` and a line break, names as
    /// written, values decoded.
    AllHeaders,
    /// `header MESSAGEID =~`: the values of X-Message-Id, Resent-Message-Id,
    /// X-Original-Message-ID and Message-Id, one per line.
    MessageIds,
    /// `header ToCc =~`: the values of To, then of Cc, one per line.
    ToCc,
    /// `header Name:addr =~`: the field's addresses, one per line.
    Addresses(N),
    /// `header Name:name =~`: the display names of the field's addresses, one
    /// per line.
    Names(N),
    /// SpamAssassin's `uri`: every canonical variant of every URI.
    Uri,
    /// `X-Spam-Relays-External =~`: SpamAssassin's one-line summary of the
    /// external relays, newest first (`[ ip=… rdns=… helo=… … auth= … ]`).
    RelaysExternal,
}

/// A test's condition, as data.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Expr {
    /// The regex matches somewhere in the view.
    Match(View, &'static str),
    /// A fact of the message or of the caller's inputs (SpamAssassin's eval
    /// tests).
    Fact(fn(&RuleContext<'_>) -> bool),
    /// The condition does not hold.
    Not(&'static Expr),
    /// Every condition holds.
    All(&'static [Expr]),
    /// At least one condition holds.
    Any(&'static [Expr]),
}

/// An [`Expr`] with its regexes compiled.
#[derive(Debug)]
enum Compiled {
    /// A regex over a view.
    Match(View, Pattern),
    Fact(fn(&RuleContext<'_>) -> bool),
    Not(Box<Compiled>),
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
}

/// What made a condition hold: the text a regex matched, when one did.
#[derive(Debug, Default)]
struct Found {
    matched: Option<String>,
    view: Option<View>,
}

/// The fields SpamAssassin's `MESSAGEID` pseudo-field joins, in its order.
const MESSAGE_ID_FIELDS: [&str; 4] = [
    "X-Message-Id",
    "Resent-Message-Id",
    "X-Original-Message-ID",
    "Message-Id",
];

/// Longest matched text quoted in the evidence, in bytes.
const MAX_QUOTED: usize = 80;

impl Expr {
    /// Prepares every regex of the expression (see [`Pattern::new`]).
    fn compile(&self) -> Compiled {
        let all = |exprs: &[Expr]| exprs.iter().map(Expr::compile).collect();
        match *self {
            Expr::Match(view, pattern) => Compiled::Match(view, Pattern::new(&view, pattern)),
            Expr::Fact(fact) => Compiled::Fact(fact),
            Expr::Not(inner) => Compiled::Not(Box::new(inner.compile())),
            Expr::All(exprs) => Compiled::All(all(exprs)),
            Expr::Any(exprs) => Compiled::Any(all(exprs)),
        }
    }
}

impl Compiled {
    /// Whether the condition holds for the message, and why.
    fn eval(&self, context: &RuleContext<'_>) -> Option<Found> {
        match self {
            Compiled::Match(view, pattern) => {
                let matched = first_match(view, pattern, context)?;
                Some(Found {
                    matched: Some(matched),
                    view: Some(*view),
                })
            }
            Compiled::Fact(fact) => fact(context).then(Found::default),
            Compiled::Not(inner) => match inner.eval(context) {
                Some(_) => None,
                None => Some(Found::default()),
            },
            Compiled::All(exprs) => {
                let mut found = Found::default();
                for expr in exprs {
                    let this = expr.eval(context)?;
                    if found.matched.is_none() {
                        found = this;
                    }
                }
                Some(found)
            }
            Compiled::Any(exprs) => exprs.iter().find_map(|expr| expr.eval(context)),
        }
    }
}

/// The body lines one after the other, each followed by a line break of its
/// own (a line already ends with one, or was cut from a longer one).
fn lines_apart(lines: &[String]) -> Vec<u8> {
    let mut all = Vec::with_capacity(lines.iter().map(|line| line.len() + 1).sum());
    for line in lines {
        all.extend_from_slice(line.as_bytes());
        all.push(b'\n');
    }
    all
}

/// Every header field as `Name: decoded value`, each followed by a line
/// break (SpamAssassin's `ALL` pseudo-header).
fn header_text(headers: &Headers) -> String {
    let mut all = String::new();
    for field in &headers.fields {
        all.push_str(&field.name);
        all.push_str(": ");
        all.push_str(&field.decoded);
        all.push('\n');
    }
    all
}

/// The body lines as one text, [`lines_apart`], built once per message.
/// A regex that cannot cross a line break (no anchors, and no `\n` nor
/// `(?s)` dot) matches it exactly when it matches one of the lines.
pub(super) fn body_text(analysis: &Analysis) -> &[u8] {
    analysis
        .body_text
        .get_or_init(|| lines_apart(&analysis.body.lines))
}

/// The start of the text `regex` matches in `haystack`, at most
/// [`MAX_QUOTED`] bytes of it, as the evidence quotes it.
pub(crate) fn quote(regex: &Regex, haystack: &[u8]) -> Option<String> {
    regex.find(haystack).map(|m| {
        let bytes = m.as_bytes();
        let cut = bytes.get(..MAX_QUOTED).unwrap_or(bytes);
        String::from_utf8_lossy(cut).trim_end().to_owned()
    })
}

/// The first text `regex` matches in `view`, quoted at most [`MAX_QUOTED`]
/// bytes long.
pub(crate) fn first_match<N: AsRef<str>>(
    view: &View<N>,
    pattern: &Pattern,
    context: &RuleContext<'_>,
) -> Option<String> {
    let analysis = context.analysis;
    if !pattern.may_match(view, analysis) {
        return None;
    }
    let regex = pattern.regex();
    match view {
        View::Body => {
            let lines = &analysis.body.lines;
            // Most regexes match no line: one search over all of them
            // settles that.
            if pattern.spans_lines() && lines.len() > 1 && !regex.is_match(body_text(analysis)) {
                return None;
            }
            lines.iter().find_map(|line| quote(regex, line.as_bytes()))
        }
        View::RawBody => analysis
            .mime
            .rawbody()
            .find_map(|(_, bytes)| quote(regex, bytes)),
        View::Uri => analysis
            .uris
            .iter()
            .flat_map(|uri| &uri.cleaned)
            .find_map(|cleaned| quote(regex, cleaned.as_bytes())),
        _ => field_text(view, context).and_then(|text| quote(regex, text.as_bytes())),
    }
}

/// The text a view over the header reads, `None` when the field is absent
/// (or, for `:addr` and `:name`, holds no address), which SpamAssassin's
/// `[if-unset: …]` replaces. The views over the body have no such text.
pub(crate) fn field_text<'a, N: AsRef<str>>(
    view: &View<N>,
    context: &'a RuleContext<'_>,
) -> Option<Cow<'a, str>> {
    let headers = &context.analysis.headers;
    let non_empty = |text: String| (!text.is_empty()).then_some(Cow::Owned(text));
    let mailboxes = |name: &str| -> Vec<Mailbox> {
        headers
            .all(name)
            .flat_map(|field| parse_address_list(&field.raw))
            .collect()
    };
    match view {
        View::Body | View::RawBody | View::Uri => None,
        View::Header(name) => headers.get(name.as_ref()).map(Cow::Owned),
        View::RawHeader(name) => non_empty(
            headers
                .all(name.as_ref())
                .map(|field| field.raw.as_str())
                .collect(),
        ),
        View::AllHeaders => Some(Cow::Borrowed(
            context
                .analysis
                .header_text
                .get_or_init(|| header_text(headers)),
        )),
        View::MessageIds => non_empty(
            MESSAGE_ID_FIELDS
                .iter()
                .filter_map(|name| headers.get(name))
                .collect(),
        ),
        View::ToCc => non_empty(
            ["To", "Cc"]
                .iter()
                .filter_map(|name| headers.get(name))
                .collect(),
        ),
        View::Addresses(name) => non_empty(
            mailboxes(name.as_ref())
                .into_iter()
                .map(|mailbox| mailbox.address)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        View::Names(name) => non_empty(
            mailboxes(name.as_ref())
                .into_iter()
                .filter_map(|mailbox| mailbox.name)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        View::RelaysExternal => Some(external_relays(context)),
    }
}

/// Where a view's text comes from, for the evidence.
pub(crate) fn view_name<N: AsRef<str>>(view: &View<N>) -> Localized {
    match view {
        View::Body => Localized::new("the text (or the Subject)", "le texte (ou l'objet)"),
        View::RawBody => {
            Localized::new("the source of a text part", "la source d'une partie texte")
        }
        View::Header(name) | View::RawHeader(name) | View::Addresses(name) | View::Names(name) => {
            let name = name.as_ref();
            Localized::new(format!("the {name}: field"), format!("le champ {name}:"))
        }
        View::AllHeaders => Localized::new("the header", "l'en-tête"),
        View::MessageIds => Localized::new("the message ID", "l'identifiant du message"),
        View::ToCc => Localized::new("the To: and Cc: fields", "les champs To: et Cc:"),
        View::Uri => Localized::new("a link", "un lien"),
        View::RelaysExternal => Localized::new("the relay chain", "la chaîne des relais"),
    }
}

/// The evidence for a condition that held.
fn evidence(found: Found) -> Evidence {
    match (found.matched, found.view) {
        (Some(matched), Some(view)) => quoted(&matched, &view),
        _ => Localized::new("the conditions hold", "les conditions sont réunies"),
    }
}

/// The evidence for a regex that matched `matched` in `view`.
pub(crate) fn quoted<N: AsRef<str>>(matched: &str, view: &View<N>) -> Evidence {
    let place = view_name(view);
    Localized::new(
        format!("\"{matched}\" in {}", place.en),
        format!("« {matched} » dans {}", place.fr),
    )
}

/// A test that fires when `when` holds; its regexes are prepared here, once.
pub(crate) fn content_rule(
    name: &'static str,
    family: Family,
    scores: [f64; 4],
    when: &'static Expr,
    text: RuleText,
) -> Rule {
    let compiled = when.compile();
    Rule::new(name, family, scores, text, move |context| {
        compiled.eval(context).map(evidence)
    })
}

/// Every content test.
pub(crate) fn rules() -> Vec<Rule> {
    let mut rules = gtube::rules();
    rules.extend(phrases::rules());
    rules.extend(html_measures::rules());
    rules.extend(unsubscribe::rules());
    rules.extend(advertising::rules());
    rules.extend(sales::rules());
    rules.extend(eight_bit::rules());
    rules.extend(money::rules());
    rules.extend(fraud::rules());
    rules.extend(ratware::rules());
    rules.extend(header_forms::rules());
    rules.extend(pitches::rules());
    rules.extend(embedded_objects::rules());
    rules.extend(prizes::rules());
    rules.extend(correspondence::rules());
    rules.extend(drugs::rules());
    rules.extend(offers::rules());
    rules.extend(shapes::rules());
    rules.extend(markup::rules());
    rules.extend(encoding::rules());
    rules.extend(links::rules());
    rules.extend(mailers::rules());
    rules.extend(bounces::rules());
    rules.extend(persons::rules());
    rules
}

/// Content tests that read the hits of the authentication and DNS list tests
/// (SPF, DKIM, allow lists): registered after those.
pub(crate) fn late_rules() -> Vec<Rule> {
    let mut rules = priority::rules();
    rules.extend(layout::rules());
    rules.extend(correspondence::late_rules());
    rules.extend(markup::late_rules());
    rules.extend(persons::late_rules());
    rules.extend(misspaced::late_rules());
    rules.extend(addressing::late_rules());
    rules
}

/// Whether `found` holds for the Subject's text from some position that is
/// its start or follows a byte that is not a word character
/// (`[A-Za-z0-9_]`): a pattern's leading `\b` written as code, for tests
/// whose patterns Rust's regex cannot take (back-references, look-ahead).
fn subject_from_a_word_start(analysis: &Analysis, found: impl Fn(&[u8]) -> bool) -> bool {
    analysis.headers.get("Subject").is_some_and(|subject| {
        let bytes = subject.as_bytes();
        (0..bytes.len()).any(|at| {
            let word_start = at == 0
                || bytes
                    .get(at - 1)
                    .is_some_and(|&b| !(b.is_ascii_alphanumeric() || b == b'_'));
            word_start && found(bytes.get(at..).unwrap_or_default())
        })
    })
}
