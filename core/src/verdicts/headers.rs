//! SPF, DKIM and DMARC verdicts read from the message's own header fields:
//! `Authentication-Results:` (RFC 8601) and `Received-SPF:` (RFC 7208 §9.1).
//!
//! Anyone can write these fields, so only those that a host of ours added are
//! believed: the field must sit above the Received field of the first untrusted
//! relay (inside the trust boundary) and name a trusted authserv-id (for
//! Received-SPF, a trusted `receiver=`).
//!
//! The parsers are total: any input gives a value or a typed [`HeaderError`],
//! never a panic, in time linear in the input.

use nom::IResult;
use nom::Parser;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, digit1};
use nom::combinator::opt;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::analysis::{Analysis, TrustBoundary};
use crate::verdicts::{
    AuthResults, DkimResult, DkimSignature, Dmarc, DmarcPolicy, DmarcResult, Envelope, SpfResult,
    address_domain,
};

/// Longest header value the parsers accept.
const MAX_FIELD_LEN: usize = 64 * 1024;
/// Most results kept from one field.
const MAX_RESULTS: usize = 256;
/// Deepest nesting of comments accepted.
const MAX_COMMENT_DEPTH: usize = 32;

/// Why a header value could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{kind} at byte {offset}")]
#[non_exhaustive]
pub struct HeaderError {
    /// What was wrong.
    pub kind: HeaderErrorKind,
    /// Byte offset in the value where it went wrong.
    pub offset: usize,
}

/// What was wrong with a header value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum HeaderErrorKind {
    /// The value is longer than the parsers accept (64 KiB).
    #[error("value too long")]
    TooLong,
    /// A comment is not closed, or nested too deeply.
    #[error("unterminated or too deeply nested comment")]
    Comment,
    /// A quoted string is not closed.
    #[error("unterminated quoted string")]
    QuotedString,
    /// No authserv-id at the start of an Authentication-Results value.
    #[error("missing authserv-id")]
    AuthservId,
    /// A result is not `method=result`.
    #[error("expected method=result")]
    MethodSpec,
    /// A property is not `ptype.property=value`.
    #[error("expected ptype.property=value")]
    Property,
    /// A Received-SPF value does not start with an SPF result.
    #[error("expected an SPF result")]
    SpfResult,
    /// A Received-SPF key-value pair is malformed.
    #[error("expected key=value")]
    KeyValue,
    /// Text is left after the last element.
    #[error("unexpected text")]
    Trailing,
}

/// One property of a result, e.g. `smtp.mailfrom=example.com`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Property {
    /// `smtp`, `header`, `body`, `policy` (empty for the non-standard `key=value`
    /// form some servers write, e.g. Microsoft's `action=none`).
    pub ptype: String,
    /// The property, e.g. `mailfrom`.
    pub property: String,
    /// The value, unquoted.
    pub value: String,
}

/// One `method=result` of an Authentication-Results field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MethodResult {
    /// The method, lower-cased (`spf`, `dkim`, `dmarc`, …).
    pub method: String,
    /// The method version, if given (`dkim/1`).
    pub version: Option<String>,
    /// The result, lower-cased.
    pub result: String,
    /// The `reason=` value, if any.
    pub reason: Option<String>,
    /// Properties in order.
    pub properties: Vec<Property>,
    /// Texts of the comments inside this result, e.g. `p=REJECT dis=NONE`.
    pub comments: Vec<String>,
}

impl MethodResult {
    /// The value of `ptype.property` (case-insensitive), if present.
    #[must_use]
    pub fn property(&self, ptype: &str, property: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|p| {
                p.ptype.eq_ignore_ascii_case(ptype) && p.property.eq_ignore_ascii_case(property)
            })
            .map(|p| p.value.as_str())
    }
}

/// A parsed Authentication-Results value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AuthenticationResults {
    /// The authentication service that wrote it.
    pub authserv_id: String,
    /// The version, if given.
    pub version: Option<String>,
    /// The results (empty for `; none`).
    pub results: Vec<MethodResult>,
}

/// A parsed Received-SPF value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReceivedSpf {
    /// The SPF result.
    pub result: SpfResult,
    /// The comment after the result, if any.
    pub comment: Option<String>,
    /// The key-value pairs, keys lower-cased, values unquoted.
    pub pairs: Vec<(String, String)>,
}

impl ReceivedSpf {
    /// The value of `key` (case-insensitive), if present.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the result is for the HELO identity (`identity=helo`); a missing
    /// identity means MAIL FROM, as SpamAssassin reads it.
    #[must_use]
    pub fn is_helo(&self) -> bool {
        self.get("identity")
            .is_some_and(|identity| identity.eq_ignore_ascii_case("helo"))
    }
}

type Res<'a, T> = IResult<&'a str, T>;

/// Skips folding white space and comments, returning the comments' texts.
/// Fails (with the input at the comment) on an unterminated comment.
fn cfws(input: &str) -> Res<'_, Vec<&str>> {
    let mut comments = Vec::new();
    let mut rest = input;
    loop {
        rest = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        if !rest.starts_with('(') {
            return Ok((rest, comments));
        }
        let bytes = rest.as_bytes();
        let mut depth = 0usize;
        let mut i = 0;
        let mut end = None;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b'(' => {
                    depth += 1;
                    if depth > MAX_COMMENT_DEPTH {
                        break;
                    }
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let Some(end) = end else {
            return Err(nom::Err::Failure(nom::error::Error::new(
                rest,
                nom::error::ErrorKind::Char,
            )));
        };
        // `end` is the index of an ASCII `)`, so both slices are on char boundaries.
        comments.push(rest.get(1..end).unwrap_or_default().trim());
        rest = rest.get(end + 1..).unwrap_or_default();
    }
}

/// An RFC 2045 token: printable ASCII except specials and space.
fn token(input: &str) -> Res<'_, &str> {
    take_while1(|c: char| c.is_ascii_graphic() && !"()<>@,;:\\\"/[]?=".contains(c)).parse(input)
}

/// A keyword (method, result, ptype, property names).
fn keyword(input: &str) -> Res<'_, &str> {
    take_while1(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_').parse(input)
}

/// A quoted string, unquoted. Fails on an unterminated one.
fn quoted(input: &str) -> Res<'_, String> {
    let (rest, _) = char('"').parse(input)?;
    let mut out = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((rest.get(i + 1..).unwrap_or_default(), out)),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    out.push(escaped);
                }
            }
            _ => out.push(c),
        }
    }
    Err(nom::Err::Failure(nom::error::Error::new(
        input,
        nom::error::ErrorKind::Char,
    )))
}

/// A value: a token or a quoted string.
fn value(input: &str) -> Res<'_, String> {
    if input.starts_with('"') {
        quoted(input)
    } else {
        token(input).map(|(rest, v)| (rest, v.to_owned()))
    }
}

/// A property value: a quoted string or anything up to white space, `;` or a
/// comment (addresses `local@domain`, `@domain`, base64 `b=` values).
fn pvalue(input: &str) -> Res<'_, String> {
    if input.starts_with('"') {
        quoted(input)
    } else {
        take_while1(|c: char| !c.is_whitespace() && !"();\"".contains(c))
            .parse(input)
            .map(|(rest, v)| (rest, v.to_owned()))
    }
}

struct Errors<'a>(&'a str);

impl Errors<'_> {
    fn at(&self, rest: &str, kind: HeaderErrorKind) -> HeaderError {
        HeaderError {
            kind,
            offset: self.0.len().saturating_sub(rest.len()),
        }
    }

    /// Maps a nom error: failures come from comments and quoted strings.
    fn nom(&self, err: nom::Err<nom::error::Error<&str>>, kind: HeaderErrorKind) -> HeaderError {
        match err {
            nom::Err::Failure(e) => {
                let kind = if e.input.starts_with('"') {
                    HeaderErrorKind::QuotedString
                } else {
                    HeaderErrorKind::Comment
                };
                self.at(e.input, kind)
            }
            nom::Err::Error(e) => self.at(e.input, kind),
            nom::Err::Incomplete(_) => self.at("", kind),
        }
    }
}

/// Parses an Authentication-Results value (the text after the colon).
///
/// ```
/// use spamgauge::verdicts::headers::parse_authentication_results;
/// let ar = parse_authentication_results(
///     "example.com; spf=pass smtp.mailfrom=example.net (sender ok)",
/// )?;
/// assert_eq!(ar.authserv_id, "example.com");
/// assert_eq!(ar.results[0].property("smtp", "mailfrom"), Some("example.net"));
/// assert!(parse_authentication_results("example.com; spf").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_authentication_results(input: &str) -> Result<AuthenticationResults, HeaderError> {
    let errors = Errors(input);
    if input.len() > MAX_FIELD_LEN {
        return Err(errors.at(input, HeaderErrorKind::TooLong));
    }
    let (rest, _) = cfws(input).map_err(|e| errors.nom(e, HeaderErrorKind::AuthservId))?;
    let (rest, authserv_id) =
        value(rest).map_err(|e| errors.nom(e, HeaderErrorKind::AuthservId))?;
    let (mut rest, _) = cfws(rest).map_err(|e| errors.nom(e, HeaderErrorKind::AuthservId))?;
    let mut version = None;
    if let Ok((after, digits)) = digit1::<&str, nom::error::Error<&str>>(rest) {
        let (after, _) = cfws(after).map_err(|e| errors.nom(e, HeaderErrorKind::Trailing))?;
        if after.is_empty() || after.starts_with(';') {
            version = Some(digits.to_owned());
            rest = after;
        }
    }
    let mut results = Vec::new();
    loop {
        let (after, _) = cfws(rest).map_err(|e| errors.nom(e, HeaderErrorKind::Trailing))?;
        rest = after;
        if rest.is_empty() {
            break;
        }
        let Some(after) = rest.strip_prefix(';') else {
            return Err(errors.at(rest, HeaderErrorKind::Trailing));
        };
        let (after, _) = cfws(after).map_err(|e| errors.nom(e, HeaderErrorKind::MethodSpec))?;
        rest = after;
        if rest.is_empty() {
            break; // a trailing `;`, common in the wild
        }
        if rest.starts_with(';') {
            continue;
        }
        let (after, result) = resinfo(&errors, rest)?;
        rest = after;
        // RFC 8601 §2.2 `no-result`: `; none` stands alone.
        if result.method == "none" && result.result.is_empty() {
            continue;
        }
        if results.len() < MAX_RESULTS {
            results.push(result);
        }
    }
    Ok(AuthenticationResults {
        authserv_id,
        version,
        results,
    })
}

/// One `method[/version]=result [reason=…] [ptype.property=value …]`.
fn resinfo<'a>(
    errors: &Errors<'_>,
    input: &'a str,
) -> Result<(&'a str, MethodResult), HeaderError> {
    let spec = HeaderErrorKind::MethodSpec;
    let (rest, method) = keyword(input).map_err(|e| errors.nom(e, spec))?;
    let (rest, mut comments) = cfws(rest).map_err(|e| errors.nom(e, spec))?;
    if method.eq_ignore_ascii_case("none") && (rest.is_empty() || rest.starts_with(';')) {
        let none = MethodResult {
            method: "none".to_owned(),
            version: None,
            result: String::new(),
            reason: None,
            properties: Vec::new(),
            comments: Vec::new(),
        };
        return Ok((rest, none));
    }
    let (rest, version) = opt((char('/'), cfws, digit1, cfws))
        .parse(rest)
        .map_err(|e| errors.nom(e, spec))?;
    let (rest, _) = char('=').parse(rest).map_err(|e| errors.nom(e, spec))?;
    let (rest, more) = cfws(rest).map_err(|e| errors.nom(e, spec))?;
    comments.extend(more);
    let (rest, result) = keyword(rest).map_err(|e| errors.nom(e, spec))?;
    let mut out = MethodResult {
        method: method.to_ascii_lowercase(),
        version: version.map(|(_, _, v, _)| v.to_owned()),
        result: result.to_ascii_lowercase(),
        reason: None,
        properties: Vec::new(),
        comments: comments.into_iter().map(str::to_owned).collect(),
    };
    let mut rest = rest;
    loop {
        let (after, more) = cfws(rest).map_err(|e| errors.nom(e, HeaderErrorKind::Property))?;
        out.comments.extend(more.into_iter().map(str::to_owned));
        rest = after;
        if rest.is_empty() || rest.starts_with(';') {
            return Ok((rest, out));
        }
        let (after, (ptype, property)) =
            property_name(rest).map_err(|e| errors.nom(e, HeaderErrorKind::Property))?;
        let (after, _) = (cfws, tag("="), cfws)
            .parse(after)
            .map_err(|e| errors.nom(e, HeaderErrorKind::Property))?;
        let (after, value) = pvalue(after).map_err(|e| errors.nom(e, HeaderErrorKind::Property))?;
        match (ptype, property) {
            (None, name) if name.eq_ignore_ascii_case("reason") => out.reason = Some(value),
            (ptype, property) => {
                if out.properties.len() < MAX_RESULTS {
                    out.properties.push(Property {
                        ptype: ptype.unwrap_or_default().to_ascii_lowercase(),
                        property: property.to_ascii_lowercase(),
                        value,
                    });
                }
            }
        }
        rest = after;
    }
}

/// `ptype.property` or a bare `key`.
fn property_name(input: &str) -> Res<'_, (Option<&str>, &str)> {
    let (rest, first) = keyword(input)?;
    let (rest, _) = cfws(rest)?;
    match rest.strip_prefix('.') {
        Some(after) => {
            let (after, _) = cfws(after)?;
            let (after, property) = keyword(after)?;
            let (after, _) = cfws(after)?;
            Ok((after, (Some(first), property)))
        }
        None => Ok((rest, (None, first))),
    }
}

/// Parses a Received-SPF value (the text after the colon).
///
/// ```
/// use spamgauge::verdicts::{SpfResult, headers::parse_received_spf};
/// let spf = parse_received_spf(
///     "pass (mybox.example.org: domain of myname@example.com designates 192.0.2.1 as permitted sender) \
///      receiver=mybox.example.org; client-ip=192.0.2.1; envelope-from=\"myname@example.com\"; \
///      helo=foo.example.com;",
/// )?;
/// assert_eq!(spf.result, SpfResult::Pass);
/// assert_eq!(spf.get("envelope-from"), Some("myname@example.com"));
/// assert!(parse_received_spf("excellent").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_received_spf(input: &str) -> Result<ReceivedSpf, HeaderError> {
    let errors = Errors(input);
    if input.len() > MAX_FIELD_LEN {
        return Err(errors.at(input, HeaderErrorKind::TooLong));
    }
    let (rest, _) = cfws(input).map_err(|e| errors.nom(e, HeaderErrorKind::SpfResult))?;
    let (after, word) = keyword(rest).map_err(|e| errors.nom(e, HeaderErrorKind::SpfResult))?;
    let result =
        SpfResult::parse(word).ok_or_else(|| errors.at(rest, HeaderErrorKind::SpfResult))?;
    let (mut rest, comments) = cfws(after).map_err(|e| errors.nom(e, HeaderErrorKind::KeyValue))?;
    let comment = comments.first().map(|c| (*c).to_owned());
    let mut pairs = Vec::new();
    while !rest.is_empty() {
        let kv = HeaderErrorKind::KeyValue;
        let (after, key) = keyword(rest).map_err(|e| errors.nom(e, kv))?;
        let (after, _) = (cfws, tag("="), cfws)
            .parse(after)
            .map_err(|e| errors.nom(e, kv))?;
        let (after, value) = pvalue(after).map_err(|e| errors.nom(e, kv))?;
        if pairs.len() < MAX_RESULTS {
            pairs.push((key.to_ascii_lowercase(), value));
        }
        let (after, _) = cfws(after).map_err(|e| errors.nom(e, kv))?;
        rest = match after.strip_prefix(';') {
            Some(after) => cfws(after).map_err(|e| errors.nom(e, kv))?.0,
            None if after.is_empty() => after,
            None => return Err(errors.at(after, HeaderErrorKind::Trailing)),
        };
    }
    Ok(ReceivedSpf {
        result,
        comment,
        pairs,
    })
}

/// How many header fields, from the top, a host of ours added: those above the
/// Received field of the first untrusted relay. When the envelope names an
/// external client that the message's newest untrusted relay is not, our own
/// Received field has not been written yet (SMTP-time scoring) and nothing in
/// the message is ours.
#[must_use]
pub fn trusted_prefix(
    analysis: &Analysis,
    envelope: Option<&Envelope>,
    boundary: &TrustBoundary,
) -> usize {
    if let Some((ip, standing)) = envelope.and_then(|e| e.client_standing(boundary))
        && !standing.trusted
    {
        let first_untrusted = analysis
            .relays
            .untrusted
            .first()
            .and_then(|relay| relay.ip.parse::<std::net::IpAddr>().ok());
        if first_untrusted != Some(ip) {
            return 0;
        }
    }
    let fields = &analysis.headers.fields;
    let received: Vec<usize> = fields
        .iter()
        .enumerate()
        .filter(|(_, field)| field.name.eq_ignore_ascii_case("Received"))
        .map(|(i, _)| i)
        .collect();
    let trusted = analysis.relays.trusted.len();
    if analysis.relays.untrusted.is_empty() && trusted == 0 {
        return 0;
    }
    match received.get(trusted) {
        Some(&boundary) => boundary,
        // Every relay is trusted: the fields above the oldest Received one.
        None => received.last().map_or(0, |&last| last + 1),
    }
}

/// SPF, DKIM and DMARC results from the trusted Authentication-Results and
/// Received-SPF fields of the message, the oldest trusted field first (as
/// SpamAssassin reuses them). Fields that do not parse are skipped.
#[must_use]
pub fn header_verdicts(
    analysis: &Analysis,
    envelope: Option<&Envelope>,
    trusted_ids: &[String],
    boundary: &TrustBoundary,
) -> AuthResults {
    let mut out = AuthResults::default();
    if trusted_ids.is_empty() {
        return out;
    }
    let trusted = |id: &str| {
        trusted_ids
            .iter()
            .any(|t| t.eq_ignore_ascii_case(id.trim()))
    };
    let prefix = trusted_prefix(analysis, envelope, boundary);
    let fields = analysis.headers.fields.get(..prefix).unwrap_or_default();
    for field in fields.iter().rev() {
        if field.name.eq_ignore_ascii_case("Authentication-Results") {
            let Ok(ar) = parse_authentication_results(&field.decoded) else {
                continue;
            };
            if trusted(&ar.authserv_id) {
                out.fill_from(from_authentication_results(&ar));
            }
        } else if field.name.eq_ignore_ascii_case("Received-SPF") {
            let Ok(spf) = parse_received_spf(&field.decoded) else {
                continue;
            };
            if spf.get("receiver").is_some_and(trusted) {
                let mut found = AuthResults::default();
                if spf.is_helo() {
                    found.spf_helo = Some(spf.result);
                } else {
                    found.spf = Some(spf.result);
                }
                out.fill_from(found);
            }
        }
    }
    out
}

/// The SPF, DKIM and DMARC results of one Authentication-Results field.
#[must_use]
pub fn from_authentication_results(ar: &AuthenticationResults) -> AuthResults {
    let mut out = AuthResults::default();
    let mut dkim: Option<Vec<DkimSignature>> = None;
    for result in &ar.results {
        match result.method.as_str() {
            "spf" => {
                let Some(spf) = SpfResult::parse(&result.result) else {
                    continue;
                };
                if result.property("smtp", "helo").is_some()
                    && result.property("smtp", "mailfrom").is_none()
                {
                    out.spf_helo = out.spf_helo.or(Some(spf));
                } else {
                    out.spf = out.spf.or(Some(spf));
                }
            }
            "dkim" => {
                let Some(verdict) = DkimResult::parse(&result.result) else {
                    continue;
                };
                let list = dkim.get_or_insert_with(Vec::new);
                if verdict == DkimResult::None {
                    continue;
                }
                let identity = result.property("header", "i").map(str::to_owned);
                let domain = result
                    .property("header", "d")
                    .map(str::to_owned)
                    .or_else(|| identity.as_deref().and_then(address_domain));
                let Some(domain) = domain else { continue };
                list.push(DkimSignature {
                    domain,
                    selector: result.property("header", "s").map(str::to_owned),
                    identity,
                    result: verdict,
                    key_bits: None,
                });
            }
            "dmarc" => {
                let Some(verdict) = DmarcResult::parse(&result.result) else {
                    continue;
                };
                let policy = result
                    .property("policy", "dmarc")
                    .and_then(DmarcPolicy::parse)
                    .or_else(|| result.comments.iter().find_map(|c| comment_policy(c)));
                out.dmarc = out.dmarc.or(Some(Dmarc::new(verdict, policy)));
            }
            _ => {}
        }
    }
    out.dkim = dkim;
    out
}

/// `p=REJECT` inside a comment such as `(p=REJECT sp=NONE dis=NONE)`.
fn comment_policy(comment: &str) -> Option<DmarcPolicy> {
    comment
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .find_map(|word| {
            let (key, value) = word.split_once('=')?;
            key.eq_ignore_ascii_case("p")
                .then(|| DmarcPolicy::parse(value))
                .flatten()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{HeaderField, Headers, Relay, Relays};

    // RFC 8601 Appendix B examples (values after the colon).
    const RFC8601: &[&str] = &[
        "example.org 1; none",
        "example.com; spf=pass smtp.mailfrom=example.net",
        "example.com; auth=pass (cram-md5) smtp.auth=sender@example.net; spf=pass smtp.mailfrom=example.net",
        "example.com; sender-id=pass header.from=example.net",
        "example.com; dkim=pass (good signature) header.d=mail-router.example.net; dkim=fail (bad signature) header.d=newyork.example.com",
        "example.net; dkim=pass (good signature) header.d=newyork.example.com",
        "example.com; iprev=pass policy.iprev=192.0.2.200",
        "example.com; dkim=pass reason=\"good signature\" header.i=@mail-router.example.net; dkim=fail reason=\"bad signature\" header.i=@newyork.example.com",
    ];

    #[test]
    fn rfc8601_examples_parse() {
        for example in RFC8601 {
            parse_authentication_results(example).unwrap_or_else(|e| panic!("{example}: {e}"));
        }
        let none = parse_authentication_results(RFC8601[0]).expect("parses");
        assert_eq!(none.version.as_deref(), Some("1"));
        assert!(none.results.is_empty());
        let dkim = parse_authentication_results(RFC8601[7]).expect("parses");
        assert_eq!(dkim.results.len(), 2);
        assert_eq!(dkim.results[1].result, "fail");
        assert_eq!(dkim.results[1].reason.as_deref(), Some("bad signature"));
        assert_eq!(
            dkim.results[1].property("header", "i"),
            Some("@newyork.example.com")
        );
    }

    #[test]
    fn real_world_forms_parse() {
        let gmail = "mx.google.com; dkim=pass header.i=@example.com header.s=20230601 header.b=AbC+/9=; spf=pass (google.com: domain of a@example.com designates 192.0.2.1 as permitted sender) smtp.mailfrom=a@example.com; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com";
        let ar = parse_authentication_results(gmail).expect("parses");
        let auth = from_authentication_results(&ar);
        assert_eq!(auth.spf, Some(SpfResult::Pass));
        assert_eq!(
            auth.dmarc,
            Some(Dmarc::new(DmarcResult::Pass, Some(DmarcPolicy::Reject)))
        );
        let dkim = auth.dkim.expect("dkim");
        assert_eq!(dkim[0].sdid(), "example.com");
        let microsoft = "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.com; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=example.com;compauth=pass reason=100";
        // Microsoft omits the authserv-id: `spf=pass` is read as the id, then fails.
        assert!(parse_authentication_results(microsoft).is_err());
        let microsoft = format!("mx.microsoft.com; {microsoft}");
        let auth =
            from_authentication_results(&parse_authentication_results(&microsoft).expect("parses"));
        assert_eq!(auth.dkim, Some(Vec::new()));
        assert_eq!(auth.dmarc, Some(Dmarc::new(DmarcResult::None, None)));
    }

    #[test]
    fn malformed_values_are_typed_errors() {
        let cases = [
            ("", HeaderErrorKind::AuthservId),
            ("example.com; spf", HeaderErrorKind::MethodSpec),
            ("example.com; spf=", HeaderErrorKind::MethodSpec),
            ("example.com; spf=pass (unclosed", HeaderErrorKind::Comment),
            (
                "example.com; spf=pass smtp.mailfrom=\"unclosed",
                HeaderErrorKind::QuotedString,
            ),
            ("example.com; spf=pass smtp.=x", HeaderErrorKind::Property),
            ("example.com spf=pass", HeaderErrorKind::Trailing),
            ("\"unclosed", HeaderErrorKind::QuotedString),
        ];
        for (input, kind) in cases {
            match parse_authentication_results(input) {
                Err(e) => assert_eq!(e.kind, kind, "{input:?}: {e}"),
                Ok(v) => panic!("{input:?} parsed as {v:?}"),
            }
        }
        let deep = format!("example.com; spf=pass {}", "(".repeat(1_000));
        assert_eq!(
            parse_authentication_results(&deep).map_err(|e| e.kind),
            Err(HeaderErrorKind::Comment)
        );
        let long = "a".repeat(MAX_FIELD_LEN + 1);
        assert_eq!(
            parse_authentication_results(&long).map_err(|e| e.kind),
            Err(HeaderErrorKind::TooLong)
        );
    }

    #[test]
    fn rfc7208_examples_parse() {
        let examples = [
            "pass (mybox.example.org: domain of myname@example.com designates 192.0.2.1 as permitted sender) receiver=mybox.example.org; client-ip=192.0.2.1; envelope-from=\"myname@example.com\"; helo=foo.example.com;",
            "fail (mybox.example.org: domain of myname@example.com does not designate 192.0.2.1 as permitted sender) identity=mailfrom; client-ip=192.0.2.1; envelope-from=\"myname@example.com\";",
            "none",
            "softfail identity=helo; receiver=mx.example.org",
        ];
        let parsed: Vec<_> = examples
            .iter()
            .map(|e| parse_received_spf(e).unwrap_or_else(|err| panic!("{e}: {err}")))
            .collect();
        assert_eq!(parsed[1].result, SpfResult::Fail);
        assert!(!parsed[1].is_helo());
        assert_eq!(parsed[2].result, SpfResult::None);
        assert!(parsed[3].is_helo());
        for (input, kind) in [
            ("", HeaderErrorKind::SpfResult),
            ("great (x) a=b", HeaderErrorKind::SpfResult),
            ("pass a b", HeaderErrorKind::KeyValue),
            ("pass a=b c=d", HeaderErrorKind::Trailing),
            ("pass (open", HeaderErrorKind::Comment),
            ("pass a=\"open", HeaderErrorKind::QuotedString),
        ] {
            assert_eq!(
                parse_received_spf(input).map_err(|e| e.kind),
                Err(kind),
                "{input:?}"
            );
        }
    }

    fn message(fields: Vec<HeaderField>, untrusted_ip: &str) -> Analysis {
        Analysis {
            headers: Headers { fields },
            relays: Relays {
                untrusted: vec![Relay {
                    ip: untrusted_ip.to_owned(),
                    ..Relay::default()
                }],
                ..Relays::default()
            },
            ..Analysis::default()
        }
    }

    #[test]
    fn only_trusted_fields_inside_the_boundary_count() {
        let analysis = message(
            vec![
                HeaderField::plain(
                    "Authentication-Results",
                    "mx.example.org; spf=fail smtp.mailfrom=a@b.example",
                ),
                HeaderField::plain(
                    "Authentication-Results",
                    "evil.example; dkim=pass header.d=b.example",
                ),
                HeaderField::plain("Received", "from x (x [203.0.113.7]) by mx.example.org"),
                HeaderField::plain(
                    "Authentication-Results",
                    "mx.example.org; dmarc=pass header.from=b.example",
                ),
            ],
            "203.0.113.7",
        );
        let ids = vec!["mx.example.org".to_owned()];
        let auth = header_verdicts(&analysis, None, &ids, &TrustBoundary::default());
        assert_eq!(auth.spf, Some(SpfResult::Fail));
        assert_eq!(auth.dkim, None, "untrusted authserv-id");
        assert_eq!(auth.dmarc, None, "below the boundary");
        assert!(header_verdicts(&analysis, None, &[], &TrustBoundary::default()).is_empty());
        // SMTP time: the envelope's client is not in the message yet.
        let envelope = Envelope {
            client_ip: Some("198.51.100.1".parse().expect("ip")),
            ..Envelope::default()
        };
        assert!(
            header_verdicts(&analysis, Some(&envelope), &ids, &TrustBoundary::default()).is_empty()
        );
    }

    #[test]
    fn received_spf_needs_a_trusted_receiver() {
        let analysis = message(
            vec![
                HeaderField::plain(
                    "Received-SPF",
                    "softfail identity=helo; receiver=mx.example.org",
                ),
                HeaderField::plain("Received-SPF", "pass receiver=elsewhere.example"),
                HeaderField::plain("Received", "from x (x [203.0.113.7]) by mx.example.org"),
            ],
            "203.0.113.7",
        );
        let auth = header_verdicts(
            &analysis,
            None,
            &["MX.example.org".to_owned()],
            &TrustBoundary::default(),
        );
        assert_eq!(auth.spf_helo, Some(SpfResult::Softfail));
        assert_eq!(auth.spf, None);
    }

    proptest::proptest! {
        #[test]
        fn parsers_are_total(input in ".{0,200}") {
            let _ = parse_authentication_results(&input);
            let _ = parse_received_spf(&input);
        }

        #[test]
        fn parsers_are_total_on_header_like_text(
            input in "[a-z ;=().\"@\\\\/0-9-]{0,120}"
        ) {
            let _ = parse_authentication_results(&input);
            let _ = parse_received_spf(&input);
        }
    }
}
