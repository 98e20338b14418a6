//! SpamAssassin's reading of a Content-Type value (`Util::parse_content_type`,
//! sa-semantics §0.2): lenient on purpose, so that malformed values read the
//! same way as in SpamAssassin.

/// What SpamAssassin takes from a Content-Type value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ContentType {
    /// Normalised `type/subtype`.
    pub mime_type: String,
    pub boundary: Option<String>,
    pub charset: Option<String>,
    /// `name=` or `filename=` (RFC 2231 continuations joined), undecoded.
    pub name: Option<String>,
    /// The value was missing or had no type.
    pub missing: bool,
}

/// Parses the value of the last Content-Type field (`None` when absent).
pub(crate) fn parse_last(value: Option<&str>) -> ContentType {
    match value {
        Some(value) if !value.is_empty() => parse(value),
        _ => ContentType {
            mime_type: "text/plain".to_owned(),
            charset: Some("us-ascii".to_owned()),
            missing: true,
            ..ContentType::default()
        },
    }
}

/// Parses one Content-Type value.
pub(crate) fn parse(value: &str) -> ContentType {
    let boundary = boundary(value);
    let charset = param_value(value, "charset", false).map(|(_, v)| v);
    let name = param_value(value, "name", true)
        .map(|(_, v)| v)
        .filter(|name| !name.is_empty())
        .or_else(|| continued_name(value));

    // Type: before the first `;`, only `something/something`, lower-cased.
    let head = value.trim_start();
    let head = head.split(';').next().unwrap_or_default();
    let mut mime_type = match head.split_once('/') {
        Some((main, sub)) => {
            let sub_end = sub.find(['/', ' ', '\t', '\r', '\n']).unwrap_or(sub.len());
            format!("{main}/{}", sub.get(..sub_end).unwrap_or_default())
        }
        None => head.to_owned(),
    }
    .to_lowercase();
    let mut missing = false;
    if mime_type.is_empty() {
        missing = true;
        mime_type = "text/plain".to_owned();
    } else if is_word_prefixed(&mime_type, "text")
        && !matches!(
            mime_type.as_str(),
            "text/x-vcard" | "text/calendar" | "text/html"
        )
    {
        mime_type = "text/plain".to_owned();
    }
    mime_type.retain(|c| {
        !(c <= ' '
            || c >= '\u{7f}'
            || matches!(
                c,
                '"' | '(' | ')' | ',' | ':' | ';' | '<' | '=' | '>' | '?' | '@' | '[' | '\\' | ']'
            ))
    });
    ContentType {
        mime_type,
        boundary,
        charset,
        name,
        missing,
    }
}

/// `s` starts with `word` followed by a non-word character or the end (`^word\b`).
fn is_word_prefixed(s: &str, word: &str) -> bool {
    s.starts_with(word)
        && s[word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
}

/// Byte offsets where `\bkeyword` starts, case-insensitively.
fn keyword_positions<'a>(value: &'a str, keyword: &'a str) -> impl Iterator<Item = usize> + 'a {
    let lower = value.to_ascii_lowercase();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(found) = lower.get(from..)?.find(keyword) {
            let at = from + found;
            from = at + keyword.len();
            let word_before = value[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            if !word_before {
                return Some(at);
            }
        }
        None
    })
}

/// `\bboundary\s*=\s*("[^"]+|[^\s";]+(?=[\s;]|$))`, quotes removed.
fn boundary(value: &str) -> Option<String> {
    keyword_positions(value, "boundary").find_map(|at| {
        let rest = value[at + "boundary".len()..].trim_start();
        let rest = rest.strip_prefix('=')?.trim_start();
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            let inner = &quoted[..end];
            (!inner.is_empty()).then(|| inner.to_owned())
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"' || c == ';')
                .unwrap_or(rest.len());
            let token = &rest[..end];
            let next = rest[end..].chars().next();
            (!token.is_empty() && next.is_none_or(|c| c.is_whitespace() || c == ';'))
                .then(|| token.replace('"', ""))
        }
    })
}

/// `\b(file)?KEY\s*=\s*["']?(.*?)["']?(?:;|$)`: the first match's value.
/// With `file_prefix`, `filename` matches too (for `name`).
fn param_value(value: &str, key: &str, file_prefix: bool) -> Option<(usize, String)> {
    let lower = value.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find(key)) {
        let at = from + found;
        from = at + key.len();
        let start = if file_prefix && lower[..at].ends_with("file") {
            at - 4
        } else {
            at
        };
        let word_before = value[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if word_before {
            continue;
        }
        let Some(raw) = assigned(&value[from..]) else {
            continue;
        };
        return Some((at, raw.trim().to_owned()));
    }
    None
}

/// What follows a parameter's name: `= "value"` up to the next `;` (or the
/// end), one quote stripped at each end; `None` when no `=` comes first.
fn assigned(after_name: &str) -> Option<&str> {
    let rest = after_name.trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
    let end = rest.find(';').unwrap_or(rest.len());
    let raw = &rest[..end];
    Some(raw.strip_suffix(['"', '\'']).unwrap_or(raw))
}

/// RFC 2231 continuations: `name*0=…; name*1=…` joined in order.
fn continued_name(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    if !lower.contains("name*0") {
        return None;
    }
    let mut pieces: Vec<(usize, String)> = Vec::new();
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find("name*")) {
        let at = from + found;
        from = at + "name*".len();
        let rest = &value[from..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let Ok(index) = rest[..digits].parse::<usize>() else {
            continue;
        };
        let Some(raw) = assigned(&rest[digits..]) else {
            continue;
        };
        if pieces.len() < 64 {
            pieces.push((index, raw.to_owned()));
        }
    }
    pieces.sort_by_key(|(index, _)| *index);
    pieces.dedup_by_key(|(index, _)| *index);
    let joined: String = pieces.into_iter().map(|(_, piece)| piece).collect();
    (!joined.is_empty()).then_some(joined)
}

/// SpamAssassin's file name from Content-Disposition: `name=\s*"?([^";]+)"?`
/// (so `filename=` too).
pub(crate) fn disposition_name(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find("name=")) {
        let at = from + found + "name=".len();
        from = at;
        let rest = value[at..].trim_start();
        let rest = rest.strip_prefix('"').unwrap_or(rest);
        let end = rest.find(['"', ';']).unwrap_or(rest.len());
        if end > 0 {
            return Some(rest[..end].to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_is_text_plain() {
        let ct = parse_last(None);
        assert_eq!(ct.mime_type, "text/plain");
        assert!(ct.missing);
    }

    #[test]
    fn text_types_fold_into_plain() {
        assert_eq!(parse("text/enriched").mime_type, "text/plain");
        assert_eq!(parse("Text/HTML; charset=x").mime_type, "text/html");
        assert_eq!(parse("text/calendar").mime_type, "text/calendar");
        assert_eq!(parse("text/x-vcard").mime_type, "text/x-vcard");
        assert_eq!(parse("textual/thing").mime_type, "textual/thing");
    }

    #[test]
    fn odd_characters_are_deleted() {
        assert_eq!(parse("image/\"gif\"").mime_type, "image/gif");
        assert_eq!(parse("  application/x(y)").mime_type, "application/xy");
        assert_eq!(
            parse("multipart/mixed boundary=x").mime_type,
            "multipart/mixed"
        );
    }

    #[test]
    fn parameters() {
        let ct =
            parse("multipart/alternative;\n\tboundary=\"----=_NextPart_1\"; charset='ISO-8859-1'");
        assert_eq!(ct.boundary.as_deref(), Some("----=_NextPart_1"));
        assert_eq!(ct.charset.as_deref(), Some("ISO-8859-1"));
        assert_eq!(
            parse("multipart/mixed; boundary=abc;x=y")
                .boundary
                .as_deref(),
            Some("abc")
        );
        assert_eq!(parse("multipart/mixed; boundary=").boundary, None);
        assert_eq!(
            parse("text/plain; name=\"a.html\"").name.as_deref(),
            Some("a.html")
        );
        assert_eq!(
            parse("text/plain; filename=b.htm").name.as_deref(),
            Some("b.htm")
        );
        assert_eq!(parse("text/plain; rename=c.htm").name, None);
        assert_eq!(
            parse("application/x; name*0=\"pa\"; name*1=\"ge.html\"")
                .name
                .as_deref(),
            Some("page.html")
        );
    }

    #[test]
    fn disposition_names() {
        assert_eq!(
            disposition_name("attachment; filename=\"x.shtml\"").as_deref(),
            Some("x.shtml")
        );
        assert_eq!(disposition_name("inline").as_deref(), None);
    }
}
