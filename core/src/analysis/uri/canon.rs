//! The "cleaned" variants of one URI (sa-semantics §6.3, SpamAssassin's
//! `uri_list_canonicalize`): every spelling a `uri` rule and the URIBL
//! lookups should see.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::{domain, idn};

/// Longest cleaned URI kept, in bytes (SpamAssassin's `MAX_URI_LENGTH`).
pub(crate) const MAX_URI_LENGTH: usize = 8192;

/// URIs canonicalised per call: the one given plus those found embedded in it
/// by redirector unwrapping. SpamAssassin has no bound; each embedded URI is
/// shorter than its container, but a hostile chain could still multiply the
/// work by its length.
const MAX_UNWRAPPED: usize = 16;

fn re(pattern: &str) -> Regex {
    // The patterns are constants, checked by the tests below.
    Regex::new(pattern).unwrap_or_else(|error| unreachable!("{error}"))
}

static MAILTO_OR_AT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^mailto:|^[^:]*@"));
static MAIL_QUERY: LazyLock<Regex> = LazyLock::new(|| re(r"^([^@]+@[^?]+)\?"));
static MAIL_AMP: LazyLock<Regex> = LazyLock::new(|| re(r"^([^@]+@[^?&]+)&"));
static MAIL_SPACES: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:mailto:)?(?:%20)*([^@]+@[^?&%]+)"));
static MAIL_ANGLE: LazyLock<Regex> = LazyLock::new(|| re(r"^[^?&]*<([^@>]+@[^>]+)>"));
static HTTP_SLASHES: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(https?:)/{0,2}"));
static HAS_ESCAPE: LazyLock<Regex> = LazyLock::new(|| re(r"%[0-9a-fA-F]{2}"));
static HAS_SCHEME: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^[-_a-z0-9]+:"));
static BARE_QUERY: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(https?://[^/?#]+)([?#])"));
static DECIMAL_ENTITY: LazyLock<Regex> =
    LazyLock::new(|| re(r"&#0*(3[3-9]|[4-9][0-9]|1[01][0-9]|12[0-6]);"));
static HEX_ENTITY: LazyLock<Regex> =
    LazyLock::new(|| re(r"&#x0*(2[1-9]|[3-6][a-fA-F0-9]|7[0-9a-eA-E]);"));
static DOT_ENTITY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)&#(?:x2e|12290|x3002|65294|xff0e|65377|xff61);"));
static HTTP_PARTS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(https?://)([^@/?#]*@)?([^/?#:]+)((?::([0-9]*))?.*)$"));
static EMBEDDED: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(https?:/{0,2}[^&#]+)"));
static DOTTED_NUMBERS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^((?:0x[0-9a-f]+|[0-9]+)\.)((?:0x[0-9a-f]+|[0-9]+)\.)((?:0x[0-9a-f]+|[0-9]+)\.)(0x[0-9a-f]+|[0-9]+)$",
    )
});
static OCTAL: LazyLock<Regex> = LazyLock::new(|| re(r"^0+([1-3][0-7]{0,2}|[4-7][0-7]?)(?-u:\b)"));
static HEX_HOST: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^0x[0-9a-f]*?([0-9a-f]{1,8})$"));
static SINGLE_LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:www\.)?([^.]+)$"));

/// Whether `text` holds a `%xx` escape.
pub(crate) fn has_escape(text: &str) -> bool {
    HAS_ESCAPE.is_match(text)
}

/// Perl truthiness of a string: defined, not empty and not `"0"`.
fn perl_true(text: &str) -> bool {
    !text.is_empty() && text != "0"
}

/// Ordered set of the variants found so far.
#[derive(Default)]
struct Variants(Vec<String>);

impl Variants {
    fn push(&mut self, variant: String) {
        if !self.0.contains(&variant) {
            self.0.push(variant);
        }
    }
}

/// All cleaned variants of `uri`, the URI itself (trimmed) first, then in the
/// order they were derived; unique.
pub(crate) fn canonicalize(uri: &str) -> Vec<String> {
    let mut queue = vec![uri.to_owned()];
    let mut out = Variants::default();
    let mut index = 0;
    while let Some(next) = queue.get(index).cloned() {
        index += 1;
        let embedded = clean_one(next, &mut out);
        if let Some(found) = embedded
            && queue.len() < MAX_UNWRAPPED
        {
            queue.push(found);
        }
    }
    out.0
}

/// Canonicalises one URI into `out`; returns a URI found embedded in it.
fn clean_one(uri: String, out: &mut Variants) -> Option<String> {
    let uri: String = if uri.contains('\n') {
        uri.chars().filter(|&c| c != '\n').collect()
    } else {
        uri
    };
    let uri = uri
        .trim_matches(|c: char| c.is_ascii_whitespace() || c == '\u{0B}')
        .replace('\r', "");
    out.push(uri.clone());
    let bytes = uri.as_bytes();
    if bytes.len() <= 1
        || matches!(bytes[0], b'#' | b'?' | b'&')
        || (bytes[0] == b'/' && bytes.get(1) != Some(&b'/'))
    {
        return None;
    }
    if MAILTO_OR_AT.is_match(&uri) {
        mail_variants(&uri, out);
        return None;
    }

    let mut nuri = uri.replace('\\', "/");
    // Already `http://` or `https://` (any case): the replacement would
    // write the same text back.
    let canonical_slashes = ["http://", "https://"].iter().any(|scheme| {
        nuri.get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
    });
    if !canonical_slashes && let Cow::Owned(fixed) = HTTP_SLASHES.replace(&nuri, "$1//") {
        nuri = fixed;
    }
    if HAS_ESCAPE.is_match(&nuri) {
        nuri = url_decode(&nuri);
    }
    if !HAS_SCHEME.is_match(&nuri) {
        nuri = if nuri.starts_with("ftp.") {
            format!("ftp://{nuri}")
        } else {
            format!("http://{nuri}")
        };
    }
    if let Cow::Owned(fixed) = BARE_QUERY.replace(&nuri, "$1/$2") {
        nuri = fixed;
    }
    if let Cow::Owned(decoded) = decode_entities(&nuri) {
        nuri = decoded;
    }
    if nuri != uri {
        out.push(nuri.clone());
    }
    http_variants(&nuri, out)
}

/// Variants of a mail address: without `?query`, without `&…`, without `%20`
/// runs, and the `<addr>` inside a display form.
fn mail_variants(uri: &str, out: &mut Variants) {
    if let Some(caps) = MAIL_QUERY.captures(uri) {
        out.push(caps[1].to_owned());
    }
    if let Some(caps) = MAIL_AMP.captures(uri) {
        out.push(caps[1].to_owned());
    }
    if uri.contains("%20")
        && let Some(caps) = MAIL_SPACES.captures(uri)
    {
        out.push(format!("mailto:{}", &caps[1]));
    }
    if let Some(caps) = MAIL_ANGLE.captures(uri) {
        out.push(format!("mailto:{}", &caps[1]));
    }
}

/// Printable-ASCII numeric character references and the Unicode dot
/// references, each pass over the previous one's output.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains("&#") {
        return Cow::Borrowed(text);
    }
    let char_of = |value: u32| char::from_u32(value).map(String::from).unwrap_or_default();
    let text = DECIMAL_ENTITY.replace_all(text, |caps: &regex::Captures<'_>| {
        char_of(caps[1].parse().unwrap_or_default())
    });
    let text = HEX_ENTITY.replace_all(&text, |caps: &regex::Captures<'_>| {
        char_of(u32::from_str_radix(&caps[1], 16).unwrap_or_default())
    });
    Cow::Owned(DOT_ENTITY.replace_all(&text, ".").into_owned())
}

/// Host-level variants of an `http(s)://` URI; returns an embedded URI.
fn http_variants(nuri: &str, out: &mut Variants) -> Option<String> {
    let caps = HTTP_PARTS.captures(nuri)?;
    let proto = caps.get(1).map_or("", |m| m.as_str());
    let auth = caps.get(2).map_or("", |m| m.as_str());
    let mut host = caps.get(3).map_or("", |m| m.as_str()).to_owned();
    let rest = caps.get(4).map_or("", |m| m.as_str());
    let mut port = caps.get(5).map_or("", |m| m.as_str());
    let join = |host: &str, rest: &str| format!("{proto}{host}{rest}");

    let mut rest_noport: Option<String> = None;
    if port.is_empty() {
        // Case-sensitive on purpose: "HTTP://" counts as https here.
        port = if proto == "http://" { "80" } else { "443" };
    } else {
        let default = if proto == "http://" { ":80" } else { ":443" };
        let mut noport = rest.to_owned();
        if let Some(after) = rest.strip_prefix(default)
            && !after.bytes().next().is_some_and(is_word)
        {
            noport = after.to_owned();
            out.push(join(&host, &noport));
        }
        rest_noport = Some(noport);
    }

    let nhost = idn::to_ascii(&host);
    if nhost != host.to_ascii_lowercase() {
        out.push(join(&nhost, rest));
        if let Some(noport) = rest_noport.as_deref().filter(|r| perl_true(r)) {
            out.push(join(&nhost, noport));
        }
        host.clone_from(&nhost);
    }

    if host.bytes().any(|b| b <= 0x20) {
        host.retain(|c| c > ' ');
        out.push(join(&host, rest));
    }

    let embedded = EMBEDDED
        .captures(rest)
        .map(|caps| caps[1].to_owned())
        .filter(|found| found.contains('.'));

    if let Some(at) = host.find('@').filter(|&at| at > 0) {
        host.drain(..=at);
        out.push(join(&host, rest));
    }
    let kept = host
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
        .len();
    if kept < host.len() {
        host.truncate(kept);
        out.push(join(&host, rest));
    }

    // Both numeric forms start with a digit (`0x` included): other hosts
    // skip their searches.
    let numeric = host.as_bytes().first().is_some_and(u8::is_ascii_digit);
    if let Some(parts) = numeric.then(|| DOTTED_NUMBERS.captures(&host)).flatten() {
        let octets: String = (1..=4)
            .map(|i| normalise_octet(parts.get(i).map_or("", |m| m.as_str())))
            .collect();
        out.push(join(&octets, rest));
    } else if let Some(parts) = numeric.then(|| HEX_HOST.captures(&host)).flatten() {
        let value = u64::from_str_radix(&parts[1], 16).unwrap_or_default();
        out.push(join(&ulong_to_ip(value), rest));
    } else if !host.is_empty() && host.bytes().all(|b| b.is_ascii_digit()) {
        out.push(join(&ulong_to_ip(parse_decimal(&host)), rest));
    } else if proto == "http://"
        && auth.is_empty()
        && nhost != "localhost"
        && port == "80"
        && let Some(label) = SINGLE_LABEL.captures(&nhost)
        && !domain::is_domain_valid(&nhost)
    {
        // Browsers turn a bare word into www.<word>.com.
        out.push(format!("http://www.{}.com{rest}", &label[1]));
    }
    embedded
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// One part of a dotted numeric host (with its trailing dot, if any): hex to
/// decimal, then a leading-zero octal number up to 0377 to decimal, then
/// leading zeros removed — so a lone "0" part becomes empty, as in
/// SpamAssassin.
fn normalise_octet(part: &str) -> String {
    let mut part = part.to_owned();
    if part.len() > 2 && part[..2].eq_ignore_ascii_case("0x") {
        let digits = part[2..].bytes().take_while(u8::is_ascii_hexdigit).count();
        let value = parse_hex(&part[2..2 + digits]);
        part = format!("{value}{}", &part[2 + digits..]);
    }
    if let Some(caps) = OCTAL.captures(&part) {
        let whole = caps.get(0).map_or(0, |m| m.end());
        let value = u64::from_str_radix(&caps[1], 8).unwrap_or_default();
        part = format!("{value}{}", &part[whole..]);
    }
    part.trim_start_matches('0').to_owned()
}

/// Hex digits to a number, saturating like Perl's `hex` on overflow.
fn parse_hex(digits: &str) -> u64 {
    let significant = digits.trim_start_matches('0');
    if significant.len() > 16 {
        return u64::MAX;
    }
    u64::from_str_radix(significant, 16).unwrap_or_default()
}

/// Decimal digits to a number, saturating.
fn parse_decimal(digits: &str) -> u64 {
    digits.bytes().fold(0u64, |acc, b| {
        acc.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    })
}

/// `decode_ulong_to_ip`: the first four bytes of the number written as
/// (at least eight) hex digits.
fn ulong_to_ip(value: u64) -> String {
    let hex = format!("{value:08x}");
    let octet = |i: usize| u8::from_str_radix(hex.get(i * 2..i * 2 + 2).unwrap_or("0"), 16);
    (0..4)
        .map(|i| octet(i).unwrap_or_default().to_string())
        .collect::<Vec<_>>()
        .join(".")
}

/// SpamAssassin's `url_encode`, which mostly decodes: `%21`–`%7E` escapes
/// become their character, other escapes stay, and outside escapes the bytes
/// 0x00–0x20, 0x7F–0xFF, `"`, `%`, `<` and `>` are %-encoded (lower-case hex).
pub(crate) fn url_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escape = (b == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .filter(|pair| pair.iter().all(u8::is_ascii_hexdigit));
        if let Some(pair) = escape {
            let value = std::str::from_utf8(pair)
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .unwrap_or_default();
            if (0x21..=0x7E).contains(&value) {
                out.push(char::from(value));
            } else {
                out.push('%');
                out.extend(pair.iter().map(|&h| char::from(h)));
            }
            i += 3;
            continue;
        }
        if b <= 0x20 || b >= 0x7F || matches!(b, b'"' | b'%' | b'<' | b'>') {
            out.push_str(&format!("%{b:02x}"));
        } else {
            out.push(char::from(b));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(uri: &str) -> Vec<String> {
        canonicalize(uri)
    }

    fn has(uri: &str, variant: &str) -> bool {
        cleaned(uri).iter().any(|v| v == variant)
    }

    #[test]
    fn patterns_compile() {
        for pattern in [
            &MAILTO_OR_AT,
            &MAIL_QUERY,
            &MAIL_AMP,
            &MAIL_SPACES,
            &MAIL_ANGLE,
            &HTTP_SLASHES,
            &HAS_ESCAPE,
            &HAS_SCHEME,
            &BARE_QUERY,
            &DECIMAL_ENTITY,
            &HEX_ENTITY,
            &DOT_ENTITY,
            &HTTP_PARTS,
            &EMBEDDED,
            &DOTTED_NUMBERS,
            &OCTAL,
            &HEX_HOST,
            &SINGLE_LABEL,
        ] {
            let _ = pattern.as_str();
        }
    }

    #[test]
    fn raw_is_first_and_plain_uri_has_no_extra_variant() {
        assert_eq!(
            cleaned("http://www.example.com/a"),
            ["http://www.example.com/a"]
        );
    }

    #[test]
    fn scheme_added() {
        assert!(has("www.example.com", "http://www.example.com"));
        assert!(has("ftp.example.com/x", "ftp://ftp.example.com/x"));
        assert!(has("http:www.example.com", "http://www.example.com"));
        assert!(has("http:/www.example.com", "http://www.example.com"));
        assert!(!has(
            "https://www.example.com",
            "http://https://www.example.com"
        ));
    }

    #[test]
    fn percent_decoding() {
        assert!(has(
            "http://www%2eexample%2Ecom/",
            "http://www.example.com/"
        ));
        // %20 and %7f stay encoded; raw spaces get encoded in the decoded copy.
        assert!(has("http://a.com/%20x%41 y", "http://a.com/%20xA%20y"));
        assert_eq!(url_decode("%7f%7E%41%2"), "%7f~A%252");
        assert_eq!(url_decode("é"), "%c3%a9");
    }

    #[test]
    fn entities_and_dots() {
        assert!(has(
            "http://example.com/a&#46;b&#x2E;c",
            "http://example.com/a.b.c"
        ));
        // In the host, "#" is taken for a fragment first, as in SpamAssassin.
        assert!(has(
            "http://www&#46;example.com/",
            "http://www&/#46;example.com/"
        ));
        assert!(has("http://a.com/x&#12290;y", "http://a.com/x.y"));
        assert!(has("http://a.com/ex&#97;mple", "http://a.com/example"));
        assert!(has("http://a.com/ex&#x61;mple", "http://a.com/example"));
        // Not printable ASCII, or decoded twice: kept.
        assert!(!has("http://a.com/ex&#32;mple", "http://a.com/ex mple"));
        assert!(has("http://a.com/&#38;#46;", "http://a.com/&#46;"));
    }

    #[test]
    fn backslashes_and_bare_query() {
        assert!(has(
            "http:\\\\www.example.com\\x",
            "http://www.example.com/x"
        ));
        assert!(has("http://example.com?a=1", "http://example.com/?a=1"));
        assert!(has("http://example.com#frag", "http://example.com/#frag"));
    }

    #[test]
    fn default_ports() {
        assert!(has("http://example.com:80/x", "http://example.com/x"));
        assert!(has("https://example.com:443/x", "https://example.com/x"));
        assert!(!has("http://example.com:8080/x", "http://example.com/x"));
        assert!(!has("http://example.com:443/x", "http://example.com/x"));
    }

    #[test]
    fn userinfo_and_trailing_junk() {
        // A plain userinfo is dropped only when the host is looked up.
        assert_eq!(cleaned("http://www.bank.com@evil.com/").len(), 1);
        assert!(has("http://a@www.bank.com@evil.com/", "http://evil.com/"));
        assert!(has("http://example.com!!/", "http://example.com/"));
        assert!(!has("http://example.com/", "http://example.co/"));
    }

    #[test]
    fn ipv4_forms() {
        assert!(has("http://0x7f.0x00.0.01/", "http://127...1/"));
        assert!(has("http://0xC0.0250.0x02.010/", "http://192.168.2.8/"));
        assert!(has("http://0x7f000001/", "http://127.0.0.1/"));
        assert!(has("http://0xffff7f000001/", "http://127.0.0.1/"));
        assert!(has("http://3221225985/", "http://192.0.2.1/"));
        assert!(has("http://4294967296/", "http://16.0.0.0/"));
        assert!(has(
            "http://89.0x00000000000000000000068.0000000000000000000000160.0x00000000000011/",
            "http://89.104.112.17/"
        ));
        // Already canonical: no new variant.
        assert_eq!(cleaned("http://192.0.2.1/").len(), 2);
    }

    #[test]
    fn single_label_gets_www_com() {
        assert!(has("http://foo/", "http://www.foo.com/"));
        assert!(has("http://www.fooqqq/x", "http://www.fooqqq.com/x"));
        // "foo" is a TLD: www.foo is a valid domain, left alone.
        assert!(!has("http://www.foo/x", "http://www.foo.com/x"));
        assert!(!has("http://localhost/", "http://www.localhost.com/"));
        assert!(!has("http://foo:8080/", "http://www.foo.com:8080/"));
        // "www.com" is a valid domain: left alone.
        assert!(!has("http://www.com/", "http://www.com.com/"));
    }

    #[test]
    fn idn_hosts() {
        assert!(has("http://bücher.de/x", "http://xn--bcher-kva.de/x"));
        assert!(has("http://bücher.de:80/x", "http://xn--bcher-kva.de/x"));
    }

    #[test]
    fn redirectors_unwrap_recursively() {
        let list = cleaned("http://r.example/?u=http://mid.example/?v=https://end.example/x&y");
        assert!(list.contains(&"http://mid.example/?v=https://end.example/x".to_owned()));
        assert!(list.contains(&"https://end.example/x".to_owned()));
        // No dot: not a URI.
        assert!(
            !cleaned("http://r.example/?u=http://localhost")
                .iter()
                .any(|v| v == "http://localhost")
        );
    }

    #[test]
    fn redirector_chain_is_bounded() {
        let chain = "http://a.example/".repeat(1000);
        let list = cleaned(&chain);
        assert!(list.len() < MAX_UNWRAPPED * 4, "{}", list.len());
    }

    #[test]
    fn mail_variants_list() {
        assert!(has(
            "mailto:a@example.com?subject=x",
            "mailto:a@example.com"
        ));
        assert!(has("mailto:a@example.com&x", "mailto:a@example.com"));
        assert!(has("mailto:%20%20a@example.com", "mailto:a@example.com"));
        assert!(has(
            "mailto:\"A B\" <a@example.com>",
            "mailto:a@example.com"
        ));
        assert_eq!(cleaned("mailto:a@example.com"), ["mailto:a@example.com"]);
    }

    #[test]
    fn skipped_forms_are_kept_raw_only() {
        assert_eq!(cleaned("#top"), ["#top"]);
        assert_eq!(cleaned("/img.gif"), ["/img.gif"]);
        assert_eq!(cleaned("?a=b"), ["?a=b"]);
        assert_eq!(
            cleaned("//www.example.com/"),
            ["//www.example.com/", "http:////www.example.com/"]
        );
    }

    #[test]
    fn control_characters_removed_from_host() {
        assert!(has("http://exam\tple.com/", "http://example.com/"));
    }
}
