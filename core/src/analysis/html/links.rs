//! URI-bearing attributes and anchor texts (SpamAssassin's `html_uri`,
//! `push_uri` and `target_uri`; sa-semantics §1.1 and §6.3 item 2).

use std::sync::LazyLock;

use regex::Regex;

use super::{HtmlLink, HtmlModel};

/// SpamAssassin's `MAX_URI_LENGTH`.
const MAX_URI_CHARS: usize = 8192;

static URI_PARTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?")
        .expect("valid regex")
});
static KEPT_AS_IS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:data|mailto|file|cid|tel):").expect("valid regex"));
static ABSOLUTE_BASE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:https?|ftp):/{0,2}").expect("valid regex"));
static BASE_FILE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^([a-z]+:/{0,2}[^/]+/.*?)[^/.]+\.[^/.]{2,4}$").expect("valid regex")
});
static MALFORMED_HREF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\w{1,8}/href").expect("valid regex"));
static MALFORMED_SRC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\w{1,8}/src").expect("valid regex"));
static REFRESH_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\burl\s*=").expect("valid regex"));
static REFRESH_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^.*\burl\s*=\s*").expect("valid regex"));
static REFRESH_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*;.*").expect("valid regex"));
static WWW_HOST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^www[0-9]*\.").expect("valid regex"));
static FTP_HOST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^ftp[0-9]*\.").expect("valid regex"));

/// Link bookkeeping while the document is parsed.
#[derive(Debug, Clone, Default)]
pub(crate) struct LinkState {
    /// The document's base, once an absolute `<base href>` was seen.
    base_href: Option<String>,
    /// The link of the `<a>` start tag being handled, until its anchor opens.
    pending_anchor: Option<usize>,
    /// The link whose anchor text is being collected.
    current_anchor: Option<usize>,
}

/// Perl truthiness of a string: neither empty nor `"0"`.
fn perl_true(s: &str) -> bool {
    !s.is_empty() && s != "0"
}

/// Trims whitespace and no-break spaces, cuts to 8,192 characters.
fn canon(value: &str, truncated: &mut bool) -> String {
    let trimmed = value.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    match trimmed.char_indices().nth(MAX_URI_CHARS) {
        Some((cut, _)) => {
            *truncated = true;
            trimmed.get(..cut).unwrap_or(trimmed).to_owned()
        }
        None => trimmed.to_owned(),
    }
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The value of `key`, or of a malformed `xxx/key` attribute (which
/// SpamAssassin renames to `key`, overwriting it).
fn attr_or_malformed<'a>(
    attrs: &'a [(String, String)],
    key: &str,
    malformed: &Regex,
) -> Option<&'a str> {
    attrs
        .iter()
        .rev()
        .find(|(k, _)| malformed.is_match(k))
        .map(|(_, v)| v.as_str())
        .or_else(|| attr(attrs, key))
}

impl LinkState {
    /// Records the URI attributes of a start tag.
    pub(crate) fn start_tag(
        &mut self,
        tag: &str,
        attrs: &[(String, String)],
        model: &mut HtmlModel,
    ) {
        self.pending_anchor = None;
        match tag {
            "body" | "table" | "tr" | "td" => {
                if let Some(v) = attr(attrs, "background") {
                    self.push(model, tag, "background", v);
                }
            }
            "a" | "area" | "link" => {
                if let Some(v) = attr_or_malformed(attrs, "href", &MALFORMED_HREF) {
                    let v = v.replace('\u{feff}', "");
                    let index = self.push(model, tag, "href", &v);
                    if tag == "a" {
                        self.pending_anchor = index;
                    }
                }
                if let Some(v) = attr(attrs, "data-saferedirecturl") {
                    self.push(model, tag, "data-saferedirecturl", v);
                }
            }
            "img" | "frame" | "iframe" | "embed" | "script" | "bgsound" => {
                if let Some(v) = attr_or_malformed(attrs, "src", &MALFORMED_SRC) {
                    self.push(model, tag, "src", v);
                }
            }
            "form" => {
                if let Some(v) = attr(attrs, "action") {
                    self.push(model, tag, "action", v);
                }
            }
            "base" => {
                if let Some(v) = attr(attrs, "href").filter(|v| perl_true(v)) {
                    let uri = canon(v, &mut model.uri_truncated);
                    self.push(model, tag, "href", &uri);
                    if ABSOLUTE_BASE.is_match(&uri) {
                        let mut base = BASE_FILE_NAME.replace(&uri, "$1").into_owned();
                        if !base.ends_with('/') {
                            base.push('/');
                        }
                        self.base_href = Some(base);
                    }
                }
            }
            "meta" => {
                if let (Some(equiv), Some(content)) =
                    (attr(attrs, "http-equiv"), attr(attrs, "content"))
                    && equiv.to_ascii_lowercase().contains("refresh")
                    && REFRESH_URL.is_match(content)
                {
                    let uri = REFRESH_PREFIX.replace(content, "");
                    let uri = REFRESH_SUFFIX.replace(&uri, "");
                    self.push(model, tag, "content", &uri);
                }
            }
            _ => {}
        }
    }

    /// An `<a>` start tag opens a new anchor text.
    pub(crate) fn open_anchor(&mut self, model: &mut HtmlModel) {
        model.anchors.push(String::new());
        self.current_anchor = self.pending_anchor.take();
        if let Some(link) = self.current_anchor.and_then(|i| model.links.get_mut(i)) {
            link.anchor_text = Some(String::new());
        }
    }

    /// Text (or `"<img>\n"`) inside an open `<a>`.
    pub(crate) fn append_anchor_text(&mut self, text: &str, model: &mut HtmlModel) {
        if let Some(anchor) = model.anchors.last_mut() {
            anchor.push_str(text);
        }
        if let Some(link) = self.current_anchor.and_then(|i| model.links.get_mut(i))
            && let Some(anchor_text) = link.anchor_text.as_mut()
        {
            anchor_text.push_str(text);
        }
    }

    /// Adds a link; returns its index, or `None` when the value is empty
    /// after trimming or does not resolve to anything.
    fn push(&mut self, model: &mut HtmlModel, tag: &str, attr: &str, value: &str) -> Option<usize> {
        let value = canon(value, &mut model.uri_truncated);
        if value.is_empty() {
            return None;
        }
        let target = if KEPT_AS_IS.is_match(&value) {
            value.clone()
        } else {
            target_uri(self.base_href.as_deref().unwrap_or(""), &value)
        };
        if target.is_empty() {
            return None;
        }
        model.links.push(HtmlLink {
            tag: tag.to_owned(),
            attr: attr.to_owned(),
            value,
            target,
            anchor_text: None,
        });
        Some(model.links.len() - 1)
    }
}

/// The five parts of a URI reference (RFC 3986 appendix B).
#[derive(Debug, Default)]
struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn parts(uri: &str) -> Parts<'_> {
    let Some(c) = URI_PARTS.captures(uri) else {
        return Parts::default();
    };
    let group = |i: usize| c.get(i).map(|m| m.as_str());
    Parts {
        scheme: group(1),
        authority: group(2),
        path: group(3).unwrap_or(""),
        query: group(4),
        fragment: group(5),
    }
}

/// RFC 3986 §5.2.4 with SpamAssassin's loop (which stops early on a
/// remaining `"0"`). Linear: the input is consumed as a slice.
fn remove_dot_segments(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    // The input is `"/" + rest` when `lead`, else `rest`.
    let (mut lead, mut rest) = match input
        .strip_prefix("../")
        .or_else(|| input.strip_prefix("./"))
    {
        Some(r) => (true, r),
        None => (false, input),
    };
    loop {
        if !lead {
            if let Some(r) = rest.strip_prefix('/') {
                lead = true;
                rest = r;
            } else if rest.is_empty() || rest == "0" {
                break;
            }
        }
        if lead && (rest == "." || rest == ".\n" || rest.starts_with("./")) {
            rest = rest.get(1..).unwrap_or("");
            if let Some(r) = rest.strip_prefix('/') {
                rest = r;
            }
        } else if lead && (rest == ".." || rest == "..\n" || rest.starts_with("../")) {
            rest = rest.get(2..).unwrap_or("");
            if let Some(r) = rest.strip_prefix('/') {
                rest = r;
            }
            let cut = out.rfind('/').unwrap_or(0);
            out.truncate(cut);
        } else {
            if lead {
                out.push('/');
                lead = false;
            }
            let end = rest.find('/').unwrap_or(rest.len());
            out.push_str(rest.get(..end).unwrap_or(""));
            rest = rest.get(end..).unwrap_or("");
        }
    }
    out
}

fn merge(base_authority: Option<&str>, base_path: &str, path: &str) -> String {
    if base_authority.is_some() && !perl_true(base_path) {
        return format!("/{path}");
    }
    let dir = base_path
        .rfind('/')
        .map_or("", |i| base_path.get(..=i).unwrap_or(""));
    format!("{dir}{path}")
}

/// Resolves `reference` against `base` as SpamAssassin's `target_uri`
/// (non-strict: a reference with the base's scheme is treated as relative).
fn target_uri(base: &str, reference: &str) -> String {
    let mut r = parts(reference);
    let b = parts(base);
    if r.scheme.is_some() && r.scheme == b.scheme {
        r.scheme = None;
    }
    let (scheme, authority, path, query);
    if r.scheme.is_some() {
        scheme = r.scheme;
        authority = r.authority;
        path = remove_dot_segments(r.path);
        query = r.query;
    } else {
        if r.authority.is_some() {
            authority = r.authority;
            path = remove_dot_segments(r.path);
            query = r.query;
        } else {
            if r.path.is_empty() {
                path = b.path.to_owned();
                query = r.query.or(b.query);
            } else {
                path = if r.path.starts_with('/') {
                    remove_dot_segments(r.path)
                } else {
                    remove_dot_segments(&merge(b.authority, b.path, r.path))
                };
                query = r.query;
            }
            authority = b.authority;
        }
        scheme = b.scheme;
    }
    let mut out = String::new();
    if let Some(s) = scheme.filter(|s| perl_true(s)) {
        out.push_str(s);
        out.push(':');
    } else if let Some(a) = authority {
        if WWW_HOST.is_match(a) {
            out.push_str("http:");
        } else if FTP_HOST.is_match(a) {
            out.push_str("ftp:");
        }
    }
    if let Some(a) = authority {
        out.push_str("//");
        out.push_str(a);
    }
    out.push_str(&path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = r.fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Limits;

    fn targets(source: &str) -> Vec<String> {
        HtmlModel::parse(0, source, &Limits::default(), &mut Vec::new())
            .links
            .into_iter()
            .map(|link| link.target)
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
        let long = "/..".repeat(50_000) + "/a";
        assert_eq!(remove_dot_segments(&long), "/a");
        assert_eq!(remove_dot_segments(&"/..".repeat(50_000)), "/");
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
            // Non-strict: the base's own scheme makes the reference relative.
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
        assert_eq!(
            target_uri("", "https://x.test/a/../b#f"),
            "https://x.test/b#f"
        );
    }

    #[test]
    fn base_must_be_absolute() {
        assert_eq!(
            targets("<base href=\"/dir/\"><img src=pic.gif>"),
            ["/dir/", "pic.gif"]
        );
        assert_eq!(
            targets("<base href=\"http://b.test/d/i.html\"><img src=pic.gif>"),
            ["http://b.test/d/i.html", "http://b.test/d/pic.gif"]
        );
        // A `0` base is false in Perl: neither a link nor a base.
        assert_eq!(targets("<base href=0><img src=p.gif>"), ["p.gif"]);
    }

    #[test]
    fn kept_as_is_and_skipped_values() {
        assert_eq!(
            targets(concat!(
                "<base href=\"http://b.test/\">",
                "<a href=\"mailto:a@b.test\">m</a><img src=\"cid:logo\">",
                "<img src=\"  \"><p background=\"p.png\"><input src=\"in.png\">",
                "<a data-saferedirecturl=\"https://g.test/url?q=x\" href=\" &#xFEFF;x.html&nbsp;\">x</a>",
            )),
            [
                "http://b.test/",
                "mailto:a@b.test",
                "cid:logo",
                "http://b.test/x.html",
                "https://g.test/url?q=x",
            ]
        );
    }
}
