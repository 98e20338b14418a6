//! URIs of HTML attributes (sa-semantics §6.3, source 2): which tag and
//! attribute pairs count, `<base href>` and the RFC 3986 resolution of
//! relative references, as SpamAssassin's `HTML.pm` does them.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::html::HtmlModel;

use super::canon::MAX_URI_LENGTH;

fn re(pattern: &str) -> Regex {
    // The patterns are constants, exercised by the tests below.
    Regex::new(pattern).unwrap_or_else(|error| unreachable!("{error}"))
}

static PARSE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?"));
static NO_TARGET: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:data|mailto|file|cid|tel):"));
static BASE_SCHEME: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:https?|ftp):/{0,2}"));
static BASE_FILE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^([a-z]+:/{0,2}[^/]+/.*?)[^/.]+\.[^/.]{2,4}$"));
static REFRESH_HAS_URL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\burl\s*="));
static REFRESH_PREFIX: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^.*\burl\s*=\s*"));
static REFRESH_SUFFIX: LazyLock<Regex> = LazyLock::new(|| re(r"\s*;.*"));
static WWW_AUTHORITY: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^www[0-9]*\."));
static FTP_AUTHORITY: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^ftp[0-9]*\."));

/// One URI of an HTML part, keyed as SpamAssassin keys it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct HtmlUri {
    /// The resolved URI (or, for anchor text only, the `href` as written).
    pub(crate) key: String,
    /// Tag names that referenced it, in first-seen order.
    pub(crate) tags: Vec<String>,
    /// Anchor texts of `<a>` tags whose `href` is this key, unique.
    pub(crate) anchors: Vec<String>,
}

/// The URIs of one HTML part, in first-seen order.
#[derive(Default)]
struct PartUris {
    list: Vec<HtmlUri>,
    index: HashMap<String, usize>,
}

impl PartUris {
    fn entry(&mut self, key: String) -> &mut HtmlUri {
        let next = self.list.len();
        let at = *self.index.entry(key.clone()).or_insert(next);
        if at == next {
            self.list.push(HtmlUri {
                key,
                ..HtmlUri::default()
            });
        }
        &mut self.list[at]
    }

    fn add_tag(&mut self, key: String, tag: &str) {
        let entry = self.entry(key);
        if !entry.tags.iter().any(|t| t == tag) {
            entry.tags.push(tag.to_owned());
        }
    }

    fn add_anchor(&mut self, key: String, text: &str) {
        let entry = self.entry(key);
        if !entry.anchors.iter().any(|t| t == text) {
            entry.anchors.push(text.to_owned());
        }
    }
}

/// Trimmed of whitespace and NBSP, cut to [`MAX_URI_LENGTH`] characters.
fn canon_uri(value: &str) -> String {
    let trimmed = value.trim_matches(char::is_whitespace);
    match trimmed.char_indices().nth(MAX_URI_LENGTH) {
        Some((cut, _)) => trimmed[..cut].to_owned(),
        None => trimmed.to_owned(),
    }
}

/// `xxx/href`, `xxx/src`: attributes of badly formed HTML that browsers and
/// SpamAssassin still read.
fn is_malformed(attr: &str, name: &str) -> bool {
    let needle = format!("/{name}");
    attr.match_indices(&needle).any(|(at, _)| {
        attr[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The URIs of one HTML part.
pub(crate) fn part_uris(model: &HtmlModel) -> Vec<HtmlUri> {
    let mut part = PartUris::default();
    let mut base: Option<String> = None;
    for link in &model.links {
        let tag = link.tag.as_str();
        let attr = link.attr.as_str();
        let value = link.value.as_str();
        let push = |part: &mut PartUris, base: &Option<String>, value: &str| {
            let uri = canon_uri(value);
            if uri.is_empty() {
                return;
            }
            let key = if NO_TARGET.is_match(&uri) {
                uri
            } else {
                target_uri(base.as_deref().unwrap_or(""), &uri)
            };
            if !key.is_empty() {
                part.add_tag(key, tag);
            }
        };
        match tag {
            "body" | "table" | "tr" | "td" if attr == "background" => push(&mut part, &base, value),
            "a" | "area" | "link" if attr == "href" || is_malformed(attr, "href") => {
                let href = value.replace('\u{FEFF}', "");
                push(&mut part, &base, &href);
                if tag == "a" {
                    let key = canon_uri(&href);
                    if !key.is_empty() {
                        part.add_anchor(key, link.anchor_text.as_deref().unwrap_or(""));
                    }
                }
            }
            "a" | "area" | "link" if attr == "data-saferedirecturl" => {
                push(&mut part, &base, value);
            }
            "img" | "frame" | "iframe" | "embed" | "script" | "bgsound"
                if attr == "src" || is_malformed(attr, "src") =>
            {
                push(&mut part, &base, value);
            }
            "form" if attr == "action" => push(&mut part, &base, value),
            "base" if attr == "href" && !value.is_empty() && value != "0" => {
                let uri = canon_uri(value);
                push(&mut part, &base, &uri);
                if BASE_SCHEME.is_match(&uri) {
                    let mut new_base = BASE_FILE.replace(&uri, "$1").into_owned();
                    if !new_base.ends_with('/') {
                        new_base.push('/');
                    }
                    base = Some(new_base);
                }
            }
            "meta" if attr == "content" && REFRESH_HAS_URL.is_match(value) => {
                let uri = REFRESH_PREFIX.replace(value, "");
                let uri = REFRESH_SUFFIX.replace(&uri, "");
                push(&mut part, &base, &uri);
            }
            _ => {}
        }
    }
    part.list
}

/// The five parts of a URI reference; `None` for an absent part.
#[derive(Debug, Default)]
struct Parts {
    scheme: Option<String>,
    authority: Option<String>,
    path: String,
    query: Option<String>,
    fragment: Option<String>,
}

fn parse(uri: &str) -> Parts {
    let Some(caps) = PARSE.captures(uri) else {
        return Parts::default();
    };
    let part = |i: usize| caps.get(i).map(|m| m.as_str().to_owned());
    Parts {
        scheme: part(1),
        authority: part(2),
        path: part(3).unwrap_or_default(),
        query: part(4),
        fragment: part(5),
    }
}

/// Perl truthiness of a string: not empty and not `"0"`.
fn perl_true(text: &str) -> bool {
    !text.is_empty() && text != "0"
}

/// Resolves `reference` against `base` (RFC 3986 §5.2, with SpamAssassin's
/// leniency: a reference with the base's own scheme is treated as relative,
/// and a scheme-less `//www…`/`//ftp…` authority gets `http:`/`ftp:`).
pub(crate) fn target_uri(base: &str, reference: &str) -> String {
    let mut r = parse(reference);
    let b = parse(base);
    if r.scheme.is_some() && r.scheme == b.scheme {
        r.scheme = None;
    }
    let mut t = Parts::default();
    if r.scheme.is_some() {
        t.scheme = r.scheme;
        t.authority = r.authority;
        t.path = remove_dot_segments(&r.path);
        t.query = r.query;
    } else {
        if r.authority.is_some() {
            t.authority = r.authority;
            t.path = remove_dot_segments(&r.path);
            t.query = r.query;
        } else {
            if r.path.is_empty() {
                t.path.clone_from(&b.path);
                t.query = if r.query.is_some() { r.query } else { b.query };
            } else {
                t.path = if r.path.starts_with('/') {
                    remove_dot_segments(&r.path)
                } else {
                    remove_dot_segments(&merge(b.authority.as_deref(), &b.path, &r.path))
                };
                t.query = r.query;
            }
            t.authority = b.authority;
        }
        t.scheme = b.scheme;
    }
    t.fragment = r.fragment;

    let mut out = String::new();
    match (&t.scheme, &t.authority) {
        (Some(scheme), _) if perl_true(scheme) => {
            out.push_str(scheme);
            out.push(':');
        }
        (_, Some(authority)) if WWW_AUTHORITY.is_match(authority) => out.push_str("http:"),
        (_, Some(authority)) if FTP_AUTHORITY.is_match(authority) => out.push_str("ftp:"),
        _ => {}
    }
    if let Some(authority) = &t.authority {
        out.push_str("//");
        out.push_str(authority);
    }
    out.push_str(&t.path);
    if let Some(query) = &t.query {
        out.push('?');
        out.push_str(query);
    }
    if let Some(fragment) = &t.fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

fn merge(base_authority: Option<&str>, base_path: &str, path: &str) -> String {
    if base_authority.is_some() && !perl_true(base_path) {
        return format!("/{path}");
    }
    match base_path.rfind('/') {
        Some(slash) => format!("{}{path}", &base_path[..=slash]),
        None => path.to_owned(),
    }
}

/// RFC 3986 §5.2.4 as SpamAssassin writes it; linear in the input.
fn remove_dot_segments(input: &str) -> String {
    let mut input: &str = input;
    let owned;
    if let Some(rest) = input
        .strip_prefix("./")
        .or_else(|| input.strip_prefix("../"))
    {
        owned = format!("/{rest}");
        input = &owned;
    }
    let mut output = String::with_capacity(input.len());
    // Perl's `while ($input)`: the loop also stops at the string "0".
    let mut pos = 0;
    // `pending_slash` stands for a "/" put back at the front of the input.
    let mut pending_slash = false;
    loop {
        let rest = &input[pos..];
        let current_len = rest.len() + usize::from(pending_slash);
        if current_len == 0 || (!pending_slash && rest == "0") {
            break;
        }
        // The input as Perl sees it: an optional put-back slash, then `rest`.
        let (starts_slash, after_slash) = if pending_slash {
            (true, rest)
        } else if let Some(after) = rest.strip_prefix('/') {
            (true, after)
        } else {
            (false, rest)
        };
        let consumed_slash = !pending_slash;
        if starts_slash {
            if after_slash == "." || after_slash.starts_with("./") {
                // "/." or "/./" → "/"
                pos += usize::from(consumed_slash) + if after_slash == "." { 1 } else { 2 };
                pending_slash = true;
                continue;
            }
            if after_slash == ".." || after_slash.starts_with("../") {
                pos += usize::from(consumed_slash) + if after_slash == ".." { 2 } else { 3 };
                pending_slash = true;
                let cut = output.rfind('/').unwrap_or(0);
                output.truncate(cut);
                continue;
            }
            let segment = after_slash.find('/').unwrap_or(after_slash.len());
            output.push('/');
            output.push_str(&after_slash[..segment]);
            pos += usize::from(consumed_slash) + segment;
            pending_slash = false;
        } else {
            let segment = rest.find('/').unwrap_or(rest.len());
            output.push_str(&rest[..segment]);
            pos += segment;
        }
    }
    output
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::html::HtmlLink;

    fn link(tag: &str, attr: &str, value: &str, anchor: Option<&str>) -> HtmlLink {
        HtmlLink {
            tag: tag.into(),
            attr: attr.into(),
            value: value.into(),
            target: value.into(),
            anchor_text: anchor.map(Into::into),
        }
    }

    fn model(links: Vec<HtmlLink>) -> HtmlModel {
        HtmlModel {
            links,
            ..HtmlModel::default()
        }
    }

    fn keys(links: Vec<HtmlLink>) -> Vec<(String, Vec<String>)> {
        part_uris(&model(links))
            .into_iter()
            .map(|u| (u.key, u.tags))
            .collect()
    }

    #[test]
    fn dot_segments() {
        assert_eq!(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
        assert_eq!(remove_dot_segments("mid/content=5/../6"), "mid/6");
        assert_eq!(remove_dot_segments("/a/.."), "/");
        assert_eq!(remove_dot_segments("../x"), "/x");
        assert_eq!(remove_dot_segments("./x"), "/x");
        assert_eq!(remove_dot_segments("/a/.b/c"), "/a/.b/c");
        assert_eq!(remove_dot_segments("0"), "");
        assert_eq!(remove_dot_segments(""), "");
        assert_eq!(remove_dot_segments("//x"), "//x");
        let deep = "/..".repeat(50_000);
        assert_eq!(remove_dot_segments(&deep), "/");
    }

    #[test]
    fn rfc3986_examples() {
        let base = "http://a/b/c/d;p?q";
        for (reference, expected) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("", "http://a/b/c/d;p?q"),
            ("../g", "http://a/b/g"),
            ("../../g", "http://a/g"),
            ("https://other/x", "https://other/x"),
            ("http:g", "http://a/b/c/g"),
        ] {
            assert_eq!(target_uri(base, reference), expected, "{reference}");
        }
    }

    #[test]
    fn schemeless_authority() {
        assert_eq!(
            target_uri("", "//www.example.com/x"),
            "http://www.example.com/x"
        );
        assert_eq!(
            target_uri("", "//ftp2.example.com/x"),
            "ftp://ftp2.example.com/x"
        );
        assert_eq!(target_uri("", "//cdn.example.com/x"), "//cdn.example.com/x");
        assert_eq!(target_uri("", "page.html"), "page.html");
    }

    #[test]
    fn base_resolves_relative_links() {
        let got = keys(vec![
            link("base", "href", "http://example.com/dir/index.html", None),
            link("img", "src", "pic.gif", None),
            link("a", "href", "mailto:a@example.com", Some("mail")),
        ]);
        assert_eq!(got[0].0, "http://example.com/dir/index.html");
        assert_eq!(got[1].0, "http://example.com/dir/pic.gif");
        assert_eq!(got[1].1, ["img"]);
        assert_eq!(got[2].0, "mailto:a@example.com");
    }

    #[test]
    fn base_must_be_absolute() {
        let got = keys(vec![
            link("base", "href", "/dir/", None),
            link("img", "src", "pic.gif", None),
        ]);
        assert_eq!(got[1].0, "pic.gif");
    }

    #[test]
    fn tag_attribute_table() {
        let got = keys(vec![
            link("td", "background", "http://a.example/bg.png", None),
            link("p", "background", "http://b.example/", None),
            link("form", "action", "http://c.example/post", None),
            link("iframe", "src", "http://d.example/", None),
            link("img", "x/src", "http://e.example/", None),
            link("a", "data-saferedirecturl", "http://f.example/", None),
            link("input", "src", "http://g.example/", None),
            link("meta", "content", "5; URL = http://h.example/ ; x", None),
            link("a", "href", " \u{FEFF}http://i.example/\u{a0}", Some("")),
        ]);
        let list: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            list,
            [
                "http://a.example/bg.png",
                "http://c.example/post",
                "http://d.example/",
                "http://e.example/",
                "http://f.example/",
                "http://h.example/",
                "http://i.example/",
            ]
        );
    }

    #[test]
    fn anchor_text_follows_the_written_href() {
        let uris = part_uris(&model(vec![
            link("base", "href", "http://example.com/", None),
            link("a", "href", "next.html", Some("Next")),
        ]));
        // The target carries the tag, the href as written the anchor text.
        assert_eq!(uris[1].key, "http://example.com/next.html");
        assert!(uris[1].anchors.is_empty());
        assert_eq!(uris[2].key, "next.html");
        assert_eq!(uris[2].anchors, ["Next"]);
        assert!(uris[2].tags.is_empty());
    }

    #[test]
    fn empty_values_skipped() {
        assert!(keys(vec![link("img", "src", "  ", None)]).is_empty());
        assert!(keys(vec![link("base", "href", "0", None)]).is_empty());
    }

    #[test]
    fn long_values_truncated() {
        let long = format!("http://a.example/{}", "x".repeat(10_000));
        let got = keys(vec![link("img", "src", &long, None)]);
        assert_eq!(got[0].0.chars().count(), MAX_URI_LENGTH);
    }
}
