//! The shape of the text rather than its words: an empty message, a body
//! that is little more than a link, text in capitals, words spaced out or
//! glued together, text after the end of the HTML document, and lists of
//! addresses for sale.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::conversation::{
    DKIM_EXISTS, ISO_2022_JP, LONG_LINE, NOT_SPOOFED, RDNS_MAIL, RDNS_MAIL_MESSY, RDNS_MX_MESSY,
    RDNS_SMTP_MESSY, SUBJECT_ENCODED_B64, SUBJECT_REPLY_OR_FORWARD, THREADED, VIA_ML, all_trusted,
    envelope_sender_matches_relay,
};
use super::priority::{ENCRYPTED, TO_LOWER_CASE};
use super::{Expr, View, content_rule};
use crate::analysis::Analysis;
use crate::rules::html::Signals;
use crate::rules::{Family, Rule, RuleContext, builtin_regex};
use crate::text;

/// Body lines (the Subject first) with something other than blanks, at most
/// `limit` counted: SpamAssassin's `__BODY_TEXT_LINE` with its hit cap.
fn text_lines(analysis: &Analysis, limit: usize) -> usize {
    analysis
        .body
        .lines
        .iter()
        .filter(|line| line.contains(|c: char| !c.is_ascii_whitespace()))
        .take(limit)
        .count()
}

/// `__SMIME_MESSAGE`: an S/MIME message, whose body is opaque.
const SMIME: Expr = Expr::Match(View::Header("Content-Type"), r"(?i)application/pkcs7-mime;");

/// `__EMPTY_BODY`: fewer than two text lines, counting the Subject, and not
/// an S/MIME message.
const EMPTY_BODY: Expr = Expr::All(&[
    Expr::Fact(|c| text_lines(c.analysis, 3) < 2),
    Expr::Not(&SMIME),
]);

/// `EMPTY_MESSAGE`: no text at all below the Subject, and no attachment.
const EMPTY_MESSAGE: Expr = Expr::Fact(|c| {
    let analysis = c.analysis;
    !Signals::mime_attachment(analysis)
        && analysis
            .body
            .lines
            .iter()
            .skip(1)
            .all(|line| line.bytes().all(|b| b.is_ascii_whitespace()))
});

/// `__X_CRON_ENV`: an X-Cron-Env field, which cron writes on its reports.
const CRON: Expr = Expr::Match(View::Header("X-Cron-Env"), r"\A<");

/// `__SUBSCRIPTION_INFO`: the body talks about subscribing or opting out.
pub(super) const SUBSCRIPTION_INFO: Expr =
    Expr::Fact(|c| Signals::of(c.analysis).subscription_info);

/// `__HELO_HIGHPROFILE`: the newest external relay greeted with a big
/// provider's name.
const HELO_HIGH_PROFILE: Expr = Expr::Match(
    View::RelaysExternal,
    r"(?i)\A[^\]]+ helo=\S*(?:hotmail|gmail|google|yahoo|msn|microsoft|outlook|paypal|xxx)\.\w+\b",
);

/// `__MIME_NO_TEXT`: a multipart message none of whose parts is text.
const MIME_NO_TEXT: Expr = Expr::All(&[
    Expr::Match(View::Header("Content-Type"), r"(?i)multipart/\w"),
    Expr::Not(&Expr::Fact(|c| {
        c.analysis.mime.nodes.iter().any(|node| {
            node.raw_content_type.as_deref().is_some_and(|ctype| {
                let lower = ctype.to_ascii_lowercase();
                lower.match_indices("text/").any(|(at, word)| {
                    lower
                        .as_bytes()
                        .get(at + word.len())
                        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                })
            })
        })
    })),
]);

/// SpamAssassin's `tvd_vertical_words` value: over the body lines longer
/// than five bytes (line feed included), the largest share of spaces, in
/// percent of the other characters (100 when spaces are the majority);
/// `None` without such a line.
fn space_ratio(analysis: &Analysis) -> Option<usize> {
    analysis
        .body
        .lines
        .iter()
        .filter(|line| line.len() > 5)
        .map(|line| {
            let spaces = line.bytes().filter(|&b| b == b' ').count();
            let others = line.len() - spaces;
            if spaces > others || others == 0 {
                100
            } else {
                100 * spaces / others
            }
        })
        .max()
}

/// `__TVD_SPACE_RATIO`: every line of the text has fewer than one space per
/// ten other characters: words glued together, or a text made of one long
/// token.
pub(super) const SPACE_RATIO: Expr =
    Expr::Fact(|c| space_ratio(c.analysis).is_some_and(|pct| pct < 10));

/// `TVD_SPACE_RATIO_MINFP`: words glued together, and none of the signs of
/// legitimate mail SpamAssassin checks for (a conversation, a list, a
/// signature, a trusted or well-named relay, Japanese text, …).
const TVD_SPACE_RATIO_MINFP: Expr = Expr::All(&[
    SPACE_RATIO,
    Expr::Not(&Expr::Any(&[
        ENCRYPTED,
        CRON,
        ISO_2022_JP,
        NOT_SPOOFED,
        Expr::Fact(all_trusted),
        MIME_NO_TEXT,
        LONG_LINE,
        THREADED,
        SUBSCRIPTION_INFO,
        VIA_ML,
        HELO_HIGH_PROFILE,
        DKIM_EXISTS,
        RDNS_SMTP_MESSY,
        RDNS_MAIL,
        EMPTY_BODY,
        Expr::Match(View::Header("X-Mailer"), r"\AApple Mail"),
    ])),
]);

/// The From domain stands again in a later To field, or the To domain in a
/// later From field (SpamAssassin's back-reference rules over the header).
pub(super) const FROM_TO_SAME_DOMAIN: Expr = Expr::Any(&[
    Expr::Fact(|c| header_pair(c.analysis, "From", "To", domain_key, holds_domain)),
    Expr::Fact(|c| header_pair(c.analysis, "To", "From", domain_key, holds_domain)),
]);

/// `__TO_EQ_FROM`: the From address stands again in a later To field, or the
/// To address in a later From field.
pub(super) const TO_EQ_FROM: Expr = Expr::Any(&[
    Expr::Fact(|c| header_pair(c.analysis, "From", "To", address_key, holds_address)),
    Expr::Fact(|c| header_pair(c.analysis, "To", "From", address_key, holds_address)),
]);

/// The address of a header line that is only an address, or a name and the
/// address after the first `<` (within 80 bytes), up to the end of the line
/// and one closing `>`, with no blank in it.
fn address_key(value: &str) -> Option<&str> {
    let bracketed = value
        .find('<')
        .filter(|&at| at <= 80)
        .and_then(|at| value.get(at + 1..))
        .and_then(whole_address);
    bracketed.or_else(|| whole_address(value))
}

/// `text` as one address: no blank, at most one `>`, at its end (dropped).
fn whole_address(text: &str) -> Option<&str> {
    let text = text.strip_suffix('>').unwrap_or(text);
    (!text.is_empty() && !text.contains(|c: char| c.is_whitespace() || c == '>')).then_some(text)
}

/// Whether a header line starts with `address`, or has it right after a `<`
/// within its first 81 bytes, followed by `>`, `,`, a blank or the end
/// (ignoring case).
fn holds_address(value: &str, address: &str) -> bool {
    let starts_here = |start: usize| {
        value.get(start..).is_some_and(|rest| {
            rest.get(..address.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(address))
                && rest
                    .get(address.len()..)
                    .and_then(|after| after.chars().next())
                    .is_none_or(|c| matches!(c, '>' | ',') || c.is_whitespace())
        })
    };
    starts_here(0)
        || value
            .match_indices('<')
            .any(|(at, _)| at <= 80 && starts_here(at + 1))
}

/// `TVD_SPACE_ENCODED`: words glued together under a base64-encoded Subject
/// (in a charset other than UTF-8), from an unvouched sender outside any
/// list or conversation.
const TVD_SPACE_ENCODED: Expr = Expr::All(&[
    SPACE_RATIO,
    SUBJECT_ENCODED_B64,
    Expr::Not(&Expr::Match(
        View::RawHeader("Subject"),
        r"(?i)=\?UTF-?8\?B\?",
    )),
    Expr::Not(&Expr::Any(&[
        NOT_SPOOFED,
        VIA_ML,
        SUBJECT_REPLY_OR_FORWARD,
        SUBSCRIPTION_INFO,
        FROM_TO_SAME_DOMAIN,
        RDNS_MAIL,
        ISO_2022_JP,
    ])),
]);

/// Charset names whose text reads as capitals once reduced to ASCII letters
/// (SpamAssassin's list for its capitals tests).
const CAPS_PRONE_CHARSET: &str = r"(?i)\A[-_a-z0-9]*(?:koi|jp|jis|euc|gb|big5|isoir|cp1251|windows-1251|georgianps|pt154|tis)[-_a-z0-9]*\z";

static CAPS_PRONE: LazyLock<regex::Regex> = LazyLock::new(|| builtin_regex(CAPS_PRONE_CHARSET));

/// The charset of a Content-Type value, read as SpamAssassin's MIME checks
/// read it: quoted with `"` or `'`, else up to the next blank.
fn charset_parameter(ctype: &str) -> Option<&str> {
    let at = ctype.to_ascii_lowercase().find("charset=")?;
    let rest = ctype.get(at + "charset=".len()..)?;
    for quote in ['"', '\''] {
        if let Some(inner) = rest.strip_prefix(quote)
            && let Some(end) = inner.find(quote).filter(|&end| end > 0)
        {
            return inner.get(..end);
        }
    }
    rest.split_whitespace().next()
}

/// Whether the message's or a part's charset is one whose text looks like
/// capitals.
fn caps_prone_charset(analysis: &Analysis) -> bool {
    let top = analysis
        .headers
        .get("Content-Type")
        .and_then(|ctype| charset_parameter(&ctype).map(str::to_owned));
    top.iter()
        .map(String::as_str)
        .chain(
            analysis
                .mime
                .nodes
                .iter()
                .filter_map(|node| node.charset.as_deref())
                .filter(|charset| charset.bytes().any(|b| b.is_ascii_alphabetic())),
        )
        .any(|charset| CAPS_PRONE.is_match(charset))
}

/// Encoded lines of a forwarded attachment, which are not text.
static BASE64_RUN: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(r"\A(?:[A-Za-z0-9+/=]{60,76} ){2}").expect("valid built-in pattern")
});

/// ISO-2022-JP runs, from the escape into JIS X 0208 to the last escape back.
static JIS_RUN: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(r"(?s)\x1b\$B.*\x1b\(B").expect("valid built-in pattern")
});

/// SpamAssassin's `check_for_uppercase` value: the share of capitals among
/// letters and digits (digits count as lower case) in the body lines that
/// have two words, when those lines add up to 200 bytes or more; 0 else, and
/// for caps-prone charsets. Computed once per message, for all the
/// UPPERCASE_ tests.
fn uppercase_percent(analysis: &Analysis) -> f64 {
    *analysis
        .uppercase_percent
        .get_or_init(|| count_uppercase_percent(analysis))
}

/// [`uppercase_percent`], computed.
fn count_uppercase_percent(analysis: &Analysis) -> f64 {
    if caps_prone_charset(analysis) {
        return 0.0;
    }
    let (mut length, mut lower, mut upper) = (0_usize, 0_usize, 0_usize);
    for line in &analysis.body.lines {
        let bytes = line.as_bytes();
        // `\S\s+\S`: a blank run between two non-blanks.
        let two_words = line
            .trim_matches(|c: char| c.is_ascii_whitespace())
            .contains(|c: char| c.is_ascii_whitespace());
        if !two_words || BASE64_RUN.is_match(bytes) {
            continue;
        }
        let kept = JIS_RUN.replace_all(bytes, &b""[..]);
        length += kept.len();
        lower += kept
            .iter()
            .filter(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            .count();
        upper += kept.iter().filter(|b| b.is_ascii_uppercase()).count();
    }
    if length < 200 || upper + lower == 0 {
        return 0.0;
    }
    #[allow(
        clippy::cast_precision_loss,
        reason = "letter counts are far below 2^52"
    )]
    let percent = upper as f64 * 100.0 / (upper + lower) as f64;
    percent
}

/// `UPPERCASE_50_75`: more than half and at most three quarters of the
/// letters are capitals, in text that is not Japanese.
const UPPERCASE_50_75: Expr = Expr::All(&[
    Expr::Not(&ISO_2022_JP),
    Expr::Fact(|c| {
        let percent = uppercase_percent(c.analysis);
        percent > 50.0 && percent <= 75.0
    }),
]);

/// `UPPERCASE_75_100`: more than three quarters of the letters are
/// capitals, in text that is not Japanese.
const UPPERCASE_75_100: Expr = Expr::All(&[
    Expr::Not(&ISO_2022_JP),
    Expr::Fact(|c| uppercase_percent(c.analysis) > 75.0),
]);

/// `__BODY_URI_ONLY`: a link and at most two lines of text (the Subject
/// included), in a message that is not S/MIME.
pub(super) const URI_ONLY_BODY: Expr = Expr::All(&[
    Expr::Fact(|c| text_lines(c.analysis, 3) < 3),
    Expr::Match(View::Uri, r"\A\w+://"),
    Expr::Not(&SMIME),
]);

/// `BODY_URI_ONLY`: a link and at most two lines of text (the Subject
/// included), from an unvouched sender outside any list or thread.
const BODY_URI_ONLY: Expr = Expr::All(&[
    URI_ONLY_BODY,
    Expr::Not(&Expr::Any(&[
        NOT_SPOOFED,
        FROM_TO_SAME_DOMAIN,
        CRON,
        DKIM_EXISTS,
        VIA_ML,
        field_exists!("References"),
        RDNS_MX_MESSY,
        RDNS_MAIL_MESSY,
        RDNS_SMTP_MESSY,
        Expr::Match(View::Header("Message-ID"), r"\.JavaMail\."),
        Expr::Fact(envelope_sender_matches_relay),
        Expr::Match(
            View::Uri,
            r"(?i)\Ahttps?://(?:drive\.google|googledrive)\.com/",
        ),
    ])),
]);

/// `__HTML_TAG_BALANCE_CENTER`: an HTML part leaves `<center>` open.
const CENTER_LEFT_OPEN: Expr = Expr::Fact(|c| {
    c.analysis
        .html
        .iter()
        .any(|part| part.inside.get("center").is_some_and(|open| *open != 0))
});

/// `HTML_TAG_BALANCE_CENTER`: `<center>` left open, unless the sending host
/// is named like a mail server.
const HTML_TAG_BALANCE_CENTER: Expr = Expr::All(&[
    CENTER_LEFT_OPEN,
    Expr::Not(&RDNS_MAIL_MESSY),
    Expr::Not(&RDNS_SMTP_MESSY),
]);

/// `TO_NO_BRKTS_NORDNS_HTML`: an HTML-only message (MIME_HTML_ONLY) from a
/// host without reverse DNS (RDNS_NONE), whose To holds a bare address (no
/// angle brackets) that is not "undisclosed recipients", and none of the
/// signs of mail programs, lists or long HTML newsletters.
const TO_NO_BRKTS_NORDNS_HTML: Expr = Expr::All(&[
    Expr::Not(&Expr::Match(View::Header("To"), r">(?:\n?\z|,)")),
    Expr::Not(&Expr::Match(
        View::Header("To"),
        r"(?i)\b(?:undisclosed[-\s]recipients|destinataires inconnus|destinatari nascosti)\b",
    )),
    Expr::Not(&Expr::Any(&[
        Expr::Fact(all_trusted),
        Expr::Match(View::Header("Message-ID"), r"\.JavaMail\."),
        Expr::Match(View::AllHeaders, r"(?ims)^Message-Id:.*?^Received:"),
        VIA_ML,
        Expr::Match(View::Header("User-Agent"), r"\AMutt"),
        Expr::Fact(|c| c.analysis.html.iter().any(|part| part.comments > 0)),
        Expr::Fact(|c| c.analysis.html.iter().any(|part| part.length < 384)),
        Expr::Fact(|c| {
            c.analysis.mime.nodes.iter().any(|node| {
                node.transfer_encoding
                    .as_deref()
                    .is_some_and(|cte| cte.contains("base64"))
            })
        }),
        Expr::Match(View::Uri, r"\A[^:A-Z]+[A-Z]"),
        TO_LOWER_CASE,
        Expr::Fact(|c| c.analysis.html.iter().any(|part| part.has_tag("center"))),
        LONG_LINE,
        DKIM_EXISTS,
    ])),
]);

/// The domain of a header line's single address, when the value ends with
/// it (`Name <user@domain>`, `user@domain`): at most 80 bytes before the `@`.
fn domain_key(value: &str) -> Option<&str> {
    let at = value.find('@')?;
    let domain = value.get(at + 1..)?;
    let domain = domain.strip_suffix('>').unwrap_or(domain);
    (at <= 80 && !domain.is_empty() && !domain.contains(|c: char| c.is_whitespace() || c == '>'))
        .then_some(domain)
}

/// Whether a header line holds `domain` right after some `@` (not the first
/// character), followed by `>`, `,`, a blank or the end.
fn holds_domain(value: &str, domain: &str) -> bool {
    value.match_indices('@').any(|(at, _)| {
        at > 0
            && value.get(at + 1..).is_some_and(|rest| {
                rest.get(..domain.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(domain))
                    && rest
                        .get(domain.len()..)
                        .and_then(|after| after.chars().next())
                        .is_none_or(|c| c == '>' || c == ',' || c.is_whitespace())
            })
    })
}

/// The user part of a header line's address, when the value is
/// `user@host…` or `Name <user@host…` (the `<` within 80 bytes) and nothing
/// after the `@` is blank.
fn user_key(value: &str) -> Option<&str> {
    let user_at = |start: usize| {
        let rest = value.get(start..)?;
        let at = rest.find('@')?;
        let user = rest.get(..at)?;
        let host = rest.get(at + 1..)?;
        (!user.is_empty()
            && !user.contains(|c: char| c.is_whitespace() || c == '>')
            && !host.is_empty()
            && !host.contains(char::is_whitespace))
        .then_some(user)
    };
    let bracket = value
        .find('<')
        .filter(|&at| at <= 80)
        .and_then(|at| user_at(at + 1));
    user_at(0).or(bracket)
}

/// Whether a header line starts with `user`, or has it right after a `<`
/// within its first 81 bytes, followed by `@`, `>`, `,`, a blank or the end.
fn holds_user(value: &str, user: &str) -> bool {
    let starts_here = |start: usize| {
        value.get(start..).is_some_and(|rest| {
            rest.get(..user.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(user))
                && rest
                    .get(user.len()..)
                    .and_then(|after| after.chars().next())
                    .is_none_or(|c| matches!(c, '@' | '>' | ',') || c.is_whitespace())
        })
    };
    starts_here(0)
        || value
            .match_indices('<')
            .any(|(at, _)| at <= 80 && starts_here(at + 1))
}

/// SpamAssassin's back-reference idiom over the whole header (`ALL`): a
/// `first` field, not the topmost, yields a key; then, past lines of at most
/// 100 bytes each (`Name: value`), a `second` field holds it.
fn header_pair(
    analysis: &Analysis,
    first: &str,
    second: &str,
    key: fn(&str) -> Option<&str>,
    holds: fn(&str, &str) -> bool,
) -> bool {
    let fields = &analysis.headers.fields;
    fields.iter().enumerate().skip(1).any(|(at, field)| {
        if !field.name.eq_ignore_ascii_case(first) {
            return false;
        }
        let Some(wanted) = key(&field.decoded) else {
            return false;
        };
        for later in fields.iter().skip(at + 1) {
            if later.name.eq_ignore_ascii_case(second) && holds(&later.decoded, wanted) {
                return true;
            }
            // The line itself, "Name: value".
            if later.name.len() + 2 + later.decoded.len() > 100 {
                return false;
            }
        }
        false
    })
}

/// `__TO_EQ_FROM_USR`: From and To share their user part, and the From is
/// not a DNS, info or robot address.
fn to_equals_from_user(context: &RuleContext<'_>) -> bool {
    let analysis = context.analysis;
    let shared = header_pair(analysis, "From", "To", user_key, holds_user)
        || header_pair(analysis, "To", "From", user_key, holds_user);
    shared && !role_sender(analysis)
}

/// `__FROM_DNS`, `__FROM_INFO`, `__SENDER_BOT`.
fn role_sender(analysis: &Analysis) -> bool {
    static ROLE: LazyLock<regex::Regex> =
        LazyLock::new(|| builtin_regex(r"(?i-u)(?:\A|[\w.-])(?:dns(?:admin)?|info)@"));
    analysis
        .headers
        .get("From")
        .is_some_and(|from| ROLE.is_match(&from))
        || Signals::of(analysis).sender_bot
}

/// `__STY_INVIS` with its hit cap: `style` attributes that hide their
/// element, counted up to six. `-visibility` (a longer property name) does
/// not count: the first alternative spells out "not right after a dash".
pub(super) fn hidden_styles(analysis: &Analysis) -> usize {
    static HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
        Regex::new(concat!(
            r#"(?i-u)\bstyle\s*=\s*"(?:(?:[^">]{0,79}[^">-])?visibility\s*:\s*hidden\s*"#,
            r#"|[^">]{0,80}display\s*:\s*none\s*)[;"!]"#
        ))
        .expect("valid built-in pattern")
    });
    analysis
        .mime
        .rawbody()
        .flat_map(|(_, bytes)| HIDDEN.find_iter(bytes))
        .take(6)
        .count()
}

/// `__STY_INVIS_MANY`: more than five `style` attributes that hide their
/// element.
fn many_hidden_styles(analysis: &Analysis) -> bool {
    hidden_styles(analysis) > 5
}

/// `CONTENT_AFTER_HTML`: text after the end of the HTML document, together
/// with one of a set of other oddities.
const CONTENT_AFTER_HTML: Expr = Expr::All(&[
    Expr::Match(View::RawBody, r"(?i)</html>\s*[a-z0-9]"),
    Expr::Any(&[
        Expr::Match(View::Header("Content-Transfer-Encoding"), r"\A8bit\n?\z"),
        Expr::Match(View::RelaysExternal, r"\srdns=\S+\.[0-9]+\s"),
        CENTER_LEFT_OPEN,
        Expr::Fact(|c| many_hidden_styles(c.analysis)),
        Expr::Fact(to_equals_from_user),
        Expr::Fact(|c| header_pair(c.analysis, "To", "From", user_key, holds_user)),
        Expr::Fact(|c| c.analysis.html.iter().any(|part| part.font_invalid_color)),
        SUBJECT_ENCODED_B64,
    ]),
]);

/// The body line regex of `__BIGNUM_EMAILS`, without the optional word
/// between the number and "e-mails": a thousand/million or a figure with
/// trailing zeros or `k`, then e-mails, e-mail addresses, fax numbers, leads
/// or names. After "email", the alternatives spell out "an `s`, or no letter
/// and not `-`, `:`, `.`, `)`, `>` or `]`".
const BIGNUM_HEAD: &str = r"(?i-u)\b(?:thousand|million|[0-9][,1-9]{0,6}(?:[,0]{2,}k?|k))\s";
const BIGNUM_TAIL: &str =
    r"(?:e-?mail(?:s\b|\saddresses\b|[^-:.)>\]0-9a-z_]|\z)|fax numbers\b|leads\b|names\b)";

/// Words that may not stand between the number and "e-mails".
const BIGNUM_NOT_BETWEEN: [&str; 8] = [
    "and",
    "or",
    "your",
    "place",
    "baby",
    "suspicious",
    "supportive",
    "subpoenaed",
];

/// How many times `__BIGNUM_EMAILS` matches the body lines ("5 million
/// email addresses", "100,000 fresh leads").
pub(crate) fn big_address_lists(analysis: &Analysis) -> usize {
    static DIRECT: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
        Regex::new(&format!("{BIGNUM_HEAD}{BIGNUM_TAIL}")).expect("valid built-in pattern")
    });
    static WORD_BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
        #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
        Regex::new(&format!(r"{BIGNUM_HEAD}(\w+)\s{BIGNUM_TAIL}")).expect("valid built-in pattern")
    });
    let allowed = |word: &[u8]| {
        let lower = word.to_ascii_lowercase();
        !BIGNUM_NOT_BETWEEN
            .iter()
            .any(|excluded| lower.starts_with(excluded.as_bytes()))
    };
    let mut count = 0;
    for line in &analysis.body.lines {
        let line = line.as_bytes();
        let mut from = 0;
        while from <= line.len() {
            // The next match with an allowed word in between, and the next
            // one without: the earlier wins, the one with a word on a tie.
            let mut with_word = None;
            let mut start = from;
            while let Some(caps) = WORD_BETWEEN.captures_at(line, start) {
                let (Some(all), Some(word)) = (caps.get(0), caps.get(1)) else {
                    break;
                };
                if allowed(word.as_bytes()) {
                    with_word = Some(all);
                    break;
                }
                start = all.start() + 1;
            }
            let direct = DIRECT.find_at(line, from);
            let found = match (with_word, direct) {
                (Some(a), Some(b)) => Some(if b.start() < a.start() { b } else { a }),
                (a, b) => a.or(b),
            };
            let Some(found) = found else { break };
            count += 1;
            from = found.end().max(found.start() + 1);
        }
    }
    count
}

/// `BIGNUM_EMAILS_MANY`: three or more offers of big address lists, outside
/// mail with an Errors-To or a campaign identifier, or a header written with
/// a lower-case `date:`.
const BIGNUM_EMAILS_MANY: Expr = Expr::All(&[
    Expr::Fact(|c| big_address_lists(c.analysis) > 2),
    Expr::Not(&Expr::Any(&[
        field_exists!("Errors-To"),
        field_exists!("X-Campaignid"),
        Expr::Match(View::AllHeaders, r"date: \S{5}"),
    ])),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "EMPTY_MESSAGE",
            Family::Body,
            [2.195, 2.344, 1.552, 2.32],
            &EMPTY_MESSAGE,
            text!(
                description: (
                    "Message has no text and no attachment",
                    "Le message n'a ni texte ni pièce jointe"
                ),
                explanation: (
                    "Below the subject, the message holds no text at all and nothing attached. Such empty messages are sent to check that an address is alive, or are spam whose content was lost or blocked on the way.",
                    "Sous l'objet, le message ne contient aucun texte ni aucune pièce jointe. Ces messages vides servent à vérifier qu'une adresse est active, ou sont du spam dont le contenu s'est perdu ou a été bloqué en route."
                ),
                fix: (
                    "Write something in the body of the message.",
                    "Écrivez quelque chose dans le corps du message."
                ),
            ),
        ),
        content_rule(
            "UPPERCASE_50_75",
            Family::Body,
            [0.001, 0.791, 0.001, 0.008],
            &UPPERCASE_50_75,
            text!(
                description: (
                    "Message body is 50-75% capitals",
                    "Corps du message à 50-75 % en majuscules"
                ),
                explanation: (
                    "Between half and three quarters of the letters in the text are capitals. Ordinary writing has a capital here and there; this much means whole words or lines in capitals, the way advertising shouts.",
                    "Entre la moitié et les trois quarts des lettres du texte sont des majuscules. Un texte ordinaire a une majuscule de temps en temps ; autant signifie des mots ou des lignes entières en capitales, comme crie la publicité."
                ),
                fix: (
                    "Write in normal sentence case; keep capitals for initials and short headings.",
                    "Écrivez avec une casse normale ; réservez les majuscules aux initiales et aux titres courts."
                ),
            ),
        ),
        content_rule(
            "UPPERCASE_75_100",
            Family::Body,
            [1.48, 1.189, 0.001, 0.001],
            &UPPERCASE_75_100,
            text!(
                description: (
                    "Message body is 75-100% capitals",
                    "Corps du message à 75-100 % en majuscules"
                ),
                explanation: (
                    "More than three quarters of the letters in the text are capitals. Writing in capitals is shouting; people rarely write that way, while advertising does to grab attention.",
                    "Plus des trois quarts des lettres du texte sont des majuscules. Écrire en capitales revient à crier ; les gens écrivent rarement ainsi, alors que la publicité le fait pour attirer l'œil."
                ),
                fix: (
                    "Write in normal sentence case; keep capitals for initials and short headings.",
                    "Écrivez avec une casse normale ; réservez les majuscules aux initiales et aux titres courts."
                ),
            ),
        ),
        content_rule(
            "TVD_SPACE_RATIO_MINFP",
            Family::Body,
            [1.0; 4],
            &TVD_SPACE_RATIO_MINFP,
            text!(
                description: (
                    "Text with almost no spaces between words",
                    "Texte presque sans espaces entre les mots"
                ),
                explanation: (
                    "No line of the text has even one space for every ten other characters: words are glued together or replaced by one long token. Spam does this to break up the words filters look for; nothing else in the message suggests ordinary mail.",
                    "Aucune ligne du texte n'a ne serait-ce qu'une espace pour dix autres caractères : les mots sont collés ou remplacés par un long jeton. Le spam procède ainsi pour casser les mots que cherchent les filtres ; rien d'autre dans le message n'évoque du courrier ordinaire."
                ),
                fix: (
                    "Send readable text with normal spacing, not text that is encoded, obfuscated or made of a single link.",
                    "Envoyez un texte lisible avec des espaces normales, pas un texte encodé, masqué ou réduit à un seul lien."
                ),
            ),
        ),
        content_rule(
            "TVD_SPACE_ENCODED",
            Family::Body,
            [1.0; 4],
            &TVD_SPACE_ENCODED,
            text!(
                description: (
                    "Text with almost no spaces, under a base64-encoded subject",
                    "Texte presque sans espaces, sous un objet encodé en base64"
                ),
                explanation: (
                    "The text has almost no spaces between words, and the subject is encoded in base64 in a charset other than UTF-8, which hides it from simple filters. Together, from a sender nothing vouches for, they are typical of spam.",
                    "Le texte n'a presque pas d'espaces entre les mots, et l'objet est encodé en base64 dans un jeu de caractères autre que UTF-8, ce qui le cache aux filtres simples. Réunis, chez un expéditeur que rien ne cautionne, ils sont typiques du spam."
                ),
                fix: (
                    "Send readable text with normal spacing, and let your mail library encode the subject only when it needs to.",
                    "Envoyez un texte lisible avec des espaces normales, et laissez votre bibliothèque d'envoi n'encoder l'objet que lorsque c'est nécessaire."
                ),
            ),
        ),
        content_rule(
            "BODY_URI_ONLY",
            Family::Body,
            [1.0; 4],
            &BODY_URI_ONLY,
            text!(
                description: (
                    "Message is little more than a link",
                    "Le message se réduit à peu près à un lien"
                ),
                explanation: (
                    "The message has a link and at most two lines of text, the subject included, and comes from a sender nothing vouches for, outside any list or conversation. A bare link invites a click without saying why; spam uses it to show filters as little text as possible.",
                    "Le message contient un lien et au plus deux lignes de texte, objet compris, et vient d'un expéditeur que rien ne cautionne, hors de toute liste ou conversation. Un lien nu invite à cliquer sans dire pourquoi ; le spam s'en sert pour montrer aux filtres le moins de texte possible."
                ),
                fix: (
                    "Say in a few sentences who you are and why you send the link.",
                    "Dites en quelques phrases qui vous êtes et pourquoi vous envoyez ce lien."
                ),
            ),
        ),
        content_rule(
            "HTML_TAG_BALANCE_CENTER",
            Family::Html,
            [1.0; 4],
            &HTML_TAG_BALANCE_CENTER,
            text!(
                description: (
                    "HTML has unbalanced <center> tags",
                    "Balises <center> déséquilibrées dans le HTML"
                ),
                explanation: (
                    "An HTML part opens <center> more often than it closes it. The tag is long obsolete, and leaving it open is typical of the crude templates of bulk mail.",
                    "Une partie HTML ouvre <center> plus souvent qu'elle ne la ferme. Cette balise est obsolète depuis longtemps, et la laisser ouverte est typique des modèles grossiers des envois en masse."
                ),
                fix: (
                    "Close every <center> you open, or better, center with CSS (text-align: center).",
                    "Fermez chaque <center> ouvert, ou mieux, centrez avec CSS (text-align: center)."
                ),
            ),
        ),
        content_rule(
            "CONTENT_AFTER_HTML",
            Family::Html,
            [1.0; 4],
            &CONTENT_AFTER_HTML,
            text!(
                description: (
                    "Text after the end of the HTML document",
                    "Texte après la fin du document HTML"
                ),
                explanation: (
                    "Letters or digits follow the closing </html> tag, where a mail reader shows nothing, and the message has another oddity (raw 8-bit encoding, an encoded subject, hidden styles, an unclosed <center>, a sender writing to itself…). Spam tools hide words for filters there.",
                    "Des lettres ou des chiffres suivent la balise fermante </html>, là où un logiciel de messagerie n'affiche rien, et le message présente une autre bizarrerie (encodage 8 bits brut, objet encodé, styles masqués, <center> non fermé, expéditeur qui s'écrit à lui-même…). Les outils de spam y cachent des mots destinés aux filtres."
                ),
                fix: (
                    "End the HTML part with </html> and put nothing after it.",
                    "Terminez la partie HTML par </html> et ne mettez rien après."
                ),
            ),
        ),
        content_rule(
            "TO_NO_BRKTS_NORDNS_HTML",
            Family::Header,
            [1.0; 4],
            &TO_NO_BRKTS_NORDNS_HTML,
            text!(
                description: (
                    "HTML only, a bare To address, and a sending host without reverse DNS",
                    "HTML seul, adresse To nue, et hôte d'envoi sans DNS inverse"
                ),
                explanation: (
                    "The message is HTML only, its To field holds a bare address without the name and angle brackets mail programs write, and the machine that handed it to our network has no reverse DNS name. Nothing suggests a mailing list or a known mail program. Together these are the marks of mail sent in bulk from hijacked or throw-away machines.",
                    "Le message est uniquement en HTML, son champ To contient une adresse nue sans le nom ni les chevrons qu'écrivent les logiciels de messagerie, et la machine qui l'a remis à notre réseau n'a pas de nom DNS inverse. Rien n'évoque une liste de diffusion ni un logiciel de messagerie connu. Réunis, ce sont les marques d'envois en masse depuis des machines piratées ou jetables."
                ),
                fix: (
                    "Send through a mail server with a proper reverse DNS name, and add a plain-text version to HTML mail.",
                    "Envoyez par un serveur de messagerie doté d'un vrai nom DNS inverse, et joignez une version en texte brut au courrier HTML."
                ),
            ),
        )
        .requires("MIME_HTML_ONLY")
        .requires("RDNS_NONE"),
        content_rule(
            "BIGNUM_EMAILS_MANY",
            Family::Body,
            [1.0; 4],
            &BIGNUM_EMAILS_MANY,
            text!(
                description: (
                    "Offers lists of thousands or millions of addresses",
                    "Propose des listes de milliers ou de millions d'adresses"
                ),
                explanation: (
                    "The text mentions big numbers of e-mail addresses, fax numbers, names or leads three times or more (\"5 million email addresses\"). Selling address lists for bulk mail is a trade of spammers.",
                    "Le texte mentionne trois fois ou plus de grandes quantités d'adresses électroniques, de numéros de fax, de noms ou de contacts (« 5 millions d'adresses e-mail »). La vente de listes d'adresses pour les envois en masse est un commerce de spammeurs."
                ),
                fix: (
                    "Do not sell or offer address lists by mail.",
                    "Ne vendez ni ne proposez de listes d'adresses par courrier électronique."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    /// A relay that did not authenticate: nothing vouches for the sender.
    const RECEIVED: &str = "Received: from pc (host.example.org [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n";

    /// Whether `name` fires on a message from an unauthenticated relay with
    /// these extra header lines and this body.
    fn fires(name: &str, header: &str, body: &str) -> bool {
        let message = format!(
            "{RECEIVED}{header}From: Sales <a@example.com>\nTo: Bob <b@example.org>\nSubject: hi\n\n{body}\n"
        );
        fired(rules(), &analyse(&message), &Inputs::default())
            .iter()
            .any(|hit| hit == name)
    }

    #[test]
    fn empty_message() {
        assert!(fires("EMPTY_MESSAGE", "", "  \n\n"));
        assert!(!fires("EMPTY_MESSAGE", "", "."));
        let attached = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n";
        assert!(!fires(
            "EMPTY_MESSAGE",
            attached,
            "--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=a.pdf\n\nJVBERi0=\n--b--"
        ));
    }

    #[test]
    fn capitals() {
        let shout = "BUY THE BEST WATCHES AT THE LOWEST PRICES ON THE WHOLE INTERNET TODAY ONLY\n"
            .repeat(4);
        assert!(fires("UPPERCASE_75_100", "", &shout));
        // Too short, or mixed case.
        assert!(!fires("UPPERCASE_75_100", "", "BUY NOW AND SAVE BIG"));
        let mixed = "Buy The Best Watches At The Lowest Prices On The Whole Internet\n".repeat(5);
        assert!(!fires("UPPERCASE_75_100", "", &mixed));
        // A charset whose text reads as capitals.
        assert!(!fires(
            "UPPERCASE_75_100",
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=koi8-r\n",
            &shout
        ));
        assert!(!fires("UPPERCASE_50_75", "", &shout));
        // Two capitalised lines out of three: between a half and three quarters.
        let half = "BUY THE BEST WATCHES AT THE LOWEST PRICES TODAY
BUY THE BEST WATCHES AT THE LOWEST PRICES TODAY
and pay less for them than anywhere else in town
"
        .repeat(2);
        assert!(fires("UPPERCASE_50_75", "", &half));
        assert!(!fires("UPPERCASE_75_100", "", &half));
        assert!(!fires("UPPERCASE_50_75", "", &mixed));
    }

    #[test]
    fn glued_words() {
        let glued = "Thisisatextwithoutanyspacesatallbetweenthewords\nAndanotherlinejustlikeit\n";
        assert!(fires("TVD_SPACE_RATIO_MINFP", "", glued));
        assert!(!fires(
            "TVD_SPACE_RATIO_MINFP",
            "",
            "This is a text with spaces between the words\n"
        ));
        assert!(!fires(
            "TVD_SPACE_RATIO_MINFP",
            "List-Id: <news.example.com>\n",
            glued
        ));
        let encoded = "Subject: =?iso-8859-1?B?aGVsbG8=?=\n";
        let message = |subject: &str| {
            format!("{RECEIVED}From: a@example.com\nTo: b@example.org\n{subject}\n{glued}\n")
        };
        let on = |subject: &str| {
            fired(rules(), &analyse(&message(subject)), &Inputs::default())
                .contains(&"TVD_SPACE_ENCODED".to_owned())
        };
        assert!(on(encoded));
        assert!(!on("Subject: =?utf-8?B?aGVsbG8=?=\n"));
        assert!(!on("Subject: hello\n"));
    }

    #[test]
    fn space_ratios() {
        let line = format!("aaaa {}", "b".repeat(45));
        let analysis = analyse(&format!("From: a@example.com\nSubject: x\n\n{line}\n"));
        // The final line break folds into a space: two spaces for 49 other
        // bytes, 4 %.
        assert_eq!(space_ratio(&analysis), Some(4), "{:?}", analysis.body.lines);
        assert_eq!(space_ratio(&analyse("From: a@example.com\n\nab\n")), None);
    }

    #[test]
    fn bare_link() {
        assert!(fires("BODY_URI_ONLY", "", "http://example.net/offer"));
        assert!(!fires(
            "BODY_URI_ONLY",
            "",
            "Hello Bob,\n\nhere is the file we talked about.\n\nhttp://example.net/offer"
        ));
        assert!(!fires(
            "BODY_URI_ONLY",
            "References: <1@example.org>\n",
            "http://example.net/offer"
        ));
        assert!(!fires("BODY_URI_ONLY", "", "no link here"));
    }

    #[test]
    fn center_left_open() {
        let html = "MIME-Version: 1.0\nContent-Type: text/html\n";
        assert!(fires(
            "HTML_TAG_BALANCE_CENTER",
            html,
            "<html><body><center>Buy</body></html>"
        ));
        assert!(!fires(
            "HTML_TAG_BALANCE_CENTER",
            html,
            "<html><body><center>Buy</center></body></html>"
        ));
    }

    #[test]
    fn text_after_html() {
        let html = "MIME-Version: 1.0\nContent-Type: text/html\nContent-Transfer-Encoding: 8bit\n";
        let body = "<html><body>Buy</body></html>\nhidden words for filters";
        assert!(fires("CONTENT_AFTER_HTML", html, body));
        // Nothing else odd.
        assert!(!fires(
            "CONTENT_AFTER_HTML",
            &html.replace("8bit", "7bit"),
            body
        ));
        assert!(!fires(
            "CONTENT_AFTER_HTML",
            html,
            "<html><body>Buy</body></html>\n"
        ));
    }

    #[test]
    fn sender_writing_to_itself() {
        let pair = |from: &str, to: &str| {
            let message = format!("Subject: hi\nFrom: {from}\nTo: {to}\n\nbody\n");
            let analysis = analyse(&message);
            (
                header_pair(&analysis, "From", "To", domain_key, holds_domain),
                header_pair(&analysis, "From", "To", user_key, holds_user),
            )
        };
        assert_eq!(
            pair("Joe <joe@Example.com>", "joe@example.com"),
            (true, true)
        );
        assert_eq!(
            pair("joe@example.com", "Ann <ann@example.com>"),
            (true, false)
        );
        assert_eq!(pair("joe@example.com", "joe@example.org"), (false, true));
        assert_eq!(
            pair("joe@example.com (Joe)", "joe@example.com"),
            (false, false)
        );
        assert_eq!(
            pair("joe@example.com", "joe@sub.example.com"),
            (false, true)
        );
    }

    #[test]
    fn address_list_offers() {
        assert_eq!(
            big_address_lists(&analyse(
                "From: a@example.com\n\n5 million email addresses, 200,000 fresh leads and 100k fax numbers\n"
            )),
            3
        );
        // Words that may not stand in between, and "email" glued to a dot.
        assert_eq!(
            big_address_lists(&analyse(
                "From: a@example.com\n\n5 million and more emails; 2000 email.\n"
            )),
            0
        );
        let offers =
            "We sell 5 million email addresses.\n100,000 targeted leads.\n10000 valid names.\n";
        assert!(fires("BIGNUM_EMAILS_MANY", "", offers));
        assert!(!fires(
            "BIGNUM_EMAILS_MANY",
            "Errors-To: x@example.com\n",
            offers
        ));
    }

    #[test]
    fn bare_to_on_html_from_an_unnamed_host() {
        let engine = crate::Engine::new(crate::Config::default()).unwrap_or_else(|e| panic!("{e}"));
        let html = format!(
            "<html><body><p>{}</p></body></html>",
            "Great offer today. ".repeat(25)
        );
        let message = |to: &str, received: &str| {
            format!(
                "Received: from pc ({received}) by mx.example.net (Postfix) with ESMTP id A1\nFrom: a@example.com\nTo: {to}\nSubject: hi\nMIME-Version: 1.0\nContent-Type: text/html\n\n{html}\n"
            )
        };
        let check = |raw: String| {
            engine
                .check(raw.as_bytes(), &Inputs::default())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let name = "TO_NO_BRKTS_NORDNS_HTML";
        crate::rules::testing::assert_hits(
            &check(message("b@example.org", "[198.51.100.2]")),
            &["MIME_HTML_ONLY", "RDNS_NONE", name],
            &[],
        );
        // Angle brackets, or a host with a name.
        crate::rules::testing::assert_hits(
            &check(message("Bob <b@example.org>", "[198.51.100.2]")),
            &[],
            &[name],
        );
        crate::rules::testing::assert_hits(
            &check(message("b@example.org", "host.example.org [198.51.100.2]")),
            &[],
            &[name],
        );
    }
}
