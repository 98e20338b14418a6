//! Rendered text: what body tests and Bayes read (sa-semantics §0.5).

use serde::{Deserialize, Serialize};

use crate::analysis::html::HtmlModel;
use crate::analysis::mime::MimeTree;

/// The rendering of one effective `text/plain` or `text/html` leaf.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TextPart {
    /// Index of the leaf in the [`MimeTree`].
    pub node: usize,
    /// Whether the part was rendered as HTML.
    pub is_html: bool,
    /// Index into [`crate::Analysis::html`] for HTML parts.
    pub html: Option<usize>,
    /// Full rendering (visible and invisible text).
    pub rendered: String,
    /// Visible text only.
    pub visible: String,
    /// Invisible text only (HTML parts).
    pub invisible: String,
}

/// The rendered body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Body {
    /// One rendering per text leaf, in document order.
    pub parts: Vec<TextPart>,
    /// SpamAssassin's body lines: the Subject is line 1, whitespace collapsed,
    /// lines split at 2048 bytes; each line keeps its trailing `\n`.
    pub lines: Vec<String>,
    /// The same for visible text only (Bayes).
    pub visible_lines: Vec<String>,
    /// Invisible HTML text, without the Subject (Bayes).
    pub invisible_lines: Vec<String>,
}

/// SpamAssassin's `body_part_scan_size`: characters of each part's rendering
/// kept for the body lines.
pub const BODY_PART_SCAN_SIZE: usize = 50_000;
/// Bytes past the scan size within which the cut waits for a line break or a
/// space.
const SCAN_SIZE_SLACK: usize = 1024;
/// SpamAssassin's `MAX_BODY_LINE_LENGTH`.
pub const MAX_BODY_LINE_LENGTH: usize = 2048;

/// Which rendering a body view is built from.
#[derive(Clone, Copy)]
enum View {
    Full,
    Visible,
    Invisible,
}

impl Body {
    pub(crate) fn render(mime: &MimeTree, html: &[HtmlModel], subject: Option<&str>) -> Self {
        let mut parts = Vec::new();
        // One entry per leaf: its rendering, or None for leaves not rendered.
        let mut leaves: Vec<Option<usize>> = Vec::new();
        for (index, node) in mime.nodes.iter().enumerate() {
            if !node.is_leaf {
                continue;
            }
            if !node.is_rendered() {
                leaves.push(None);
                continue;
            }
            let text = node.text.as_deref().unwrap_or_default();
            let part = if node.effective_type == "text/html" {
                let model = html.iter().position(|model| model.node == index);
                let rendered = |get: fn(&HtmlModel) -> &str| {
                    model
                        .and_then(|m| html.get(m))
                        .filter(|_| !text.is_empty())
                        .map(|m| get(m).to_owned())
                        .unwrap_or_default()
                };
                TextPart {
                    node: index,
                    is_html: true,
                    html: model,
                    rendered: rendered(|m| &m.rendered),
                    visible: rendered(|m| &m.visible),
                    invisible: rendered(|m| &m.invisible),
                }
            } else {
                TextPart {
                    node: index,
                    is_html: false,
                    html: None,
                    rendered: text.to_owned(),
                    visible: text.to_owned(),
                    invisible: String::new(),
                }
            };
            leaves.push(Some(parts.len()));
            parts.push(part);
        }
        let subject_line = format!("{}\n", subject.unwrap_or_default());
        let lines = body_lines(&parts, &leaves, View::Full, &subject_line);
        // Without invisible HTML text both views are the same text.
        let visible_lines = if parts.iter().all(|part| part.visible == part.rendered) {
            lines.clone()
        } else {
            body_lines(&parts, &leaves, View::Visible, &subject_line)
        };
        let invisible_lines = body_lines(&parts, &leaves, View::Invisible, "");
        Self {
            parts,
            lines,
            visible_lines,
            invisible_lines,
        }
    }

    /// The rendering of the MIME leaf `node`, if it is a text leaf.
    #[must_use]
    pub fn part(&self, node: usize) -> Option<&TextPart> {
        self.parts.iter().find(|part| part.node == node)
    }
}

/// One body view: the parts' renderings joined, whitespace collapsed, the
/// `first_line` (Subject) prepended, split into lines.
fn body_lines(
    parts: &[TextPart],
    leaves: &[Option<usize>],
    view: View,
    first_line: &str,
) -> Vec<String> {
    let mut text = String::new();
    for leaf in leaves {
        if !text.is_empty() {
            text.push('\n');
        }
        if let Some(part) = leaf.and_then(|i| parts.get(i)) {
            let rendering = match view {
                View::Full => &part.rendered,
                View::Visible => &part.visible,
                View::Invisible => &part.invisible,
            };
            text.push_str(truncate_part(rendering));
        }
    }
    let mut all = String::with_capacity(first_line.len() + text.len());
    all.push_str(first_line);
    all.push_str(&collapse_whitespace(&text));
    split_lines(&all)
}

/// Cuts a part's rendering to [`BODY_PART_SCAN_SIZE`] characters, extended to
/// the next line break (else space) when one comes within 1 KiB.
fn truncate_part(text: &str) -> &str {
    // No more characters than bytes: a short text is not walked.
    if text.len() <= BODY_PART_SCAN_SIZE {
        return text;
    }
    let Some((cut_at, _)) = text.char_indices().nth(BODY_PART_SCAN_SIZE) else {
        return text;
    };
    let rest = &text[cut_at..];
    let within = |c: char| {
        rest.char_indices()
            .take(SCAN_SIZE_SLACK + 1)
            .find(|&(_, ch)| ch == c)
            .map(|(at, ch)| cut_at + at + ch.len_utf8())
    };
    let end = within('\n').or_else(|| within(' ')).unwrap_or(cut_at);
    &text[..end]
}

/// SpamAssassin's whitespace folding: a whitespace run holding two or more
/// line breaks becomes one paragraph break (the blanks before its first and
/// after its last line break each become a space); any other run becomes one
/// space.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = find_whitespace(rest) {
        // The text up to the run is copied whole, not char by char.
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let len = after
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(after.len());
        let run = &after[..len];
        rest = &after[len..];
        let first = run.find('\n');
        let last = run.rfind('\n');
        match (first, last) {
            (Some(first), Some(last)) if first != last => {
                if first > 0 {
                    out.push(' ');
                }
                out.push('\n');
                if last + 1 < run.len() {
                    out.push(' ');
                }
            }
            _ => out.push(' '),
        }
    }
    out.push_str(rest);
    out
}

/// `text.find(char::is_whitespace)`, scanning bytes: only ASCII blanks and
/// characters led by 0xC2, 0xE1, 0xE2 or 0xE3 (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000) can be Unicode whitespace, so other characters are
/// not decoded.
fn find_whitespace(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes[from..]
        .iter()
        .position(|&b| b.is_ascii_whitespace() || matches!(b, 0x0B | 0xC2 | 0xE1 | 0xE2 | 0xE3))
    {
        let at = from + offset;
        if bytes[at] < 0x80 || text[at..].chars().next().is_some_and(char::is_whitespace) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Splits into lines that keep their `\n`; lines longer than
/// [`MAX_BODY_LINE_LENGTH`] bytes are cut after the last space within it,
/// else at the limit.
fn split_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for line in text.split_inclusive('\n') {
        let mut line = line;
        while line.len() > MAX_BODY_LINE_LENGTH {
            let window = &line.as_bytes()[..=MAX_BODY_LINE_LENGTH];
            let mut at = window
                .iter()
                .rposition(|&b| b == b' ')
                .map_or(MAX_BODY_LINE_LENGTH, |space| space + 1);
            while !line.is_char_boundary(at) {
                at -= 1;
            }
            if at == 0 {
                at = line.char_indices().nth(1).map_or(line.len(), |(i, _)| i);
            }
            let (head, tail) = line.split_at(at);
            lines.push(head.to_owned());
            line = tail;
        }
        lines.push(line.to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_found_as_by_chars() {
        let mut all_blanks = String::new();
        for c in (0..=0x3000u32).filter_map(char::from_u32) {
            if c.is_whitespace() {
                all_blanks.push(c);
            }
        }
        for text in [
            "",
            "abc",
            "a b",
            "é\u{a0}x",
            "\u{2028}",
            "x\u{3000}",
            "\u{c2}\u{e2}\u{e3} z",
            "\u{0b}",
            "\u{85}",
            "âêî\u{2009}",
            all_blanks.as_str(),
        ] {
            assert_eq!(
                find_whitespace(text),
                text.find(char::is_whitespace),
                "{text:?}"
            );
            for (at, _) in text.char_indices() {
                let rest = &text[at..];
                assert_eq!(find_whitespace(rest), rest.find(char::is_whitespace));
            }
        }
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            let text = format!("a{c}");
            assert_eq!(
                find_whitespace(&text),
                text.find(char::is_whitespace),
                "{c:?}"
            );
        }
    }
    use crate::analysis::Analysis;
    use crate::config::Limits;

    fn body(raw: &[u8]) -> Body {
        Analysis::build(raw, &Limits::default()).unwrap().body
    }

    #[test]
    fn subject_is_line_one() {
        let b = body(b"Subject: =?utf-8?q?caf=C3=A9?=\n\nhello  world\n");
        assert_eq!(b.lines, ["café\n", "hello world "]);
        assert_eq!(b.visible_lines, b.lines);
        assert!(b.invisible_lines.is_empty());
        let b = body(b"From: a@example.com\n\nhello\n");
        assert_eq!(b.lines, ["\n", "hello "]);
    }

    #[test]
    fn paragraphs_and_spaces() {
        assert_eq!(collapse_whitespace("a \n\n b"), "a \n b");
        assert_eq!(collapse_whitespace("a\n\n\nb"), "a\nb");
        assert_eq!(collapse_whitespace("a\nb\t\u{a0} c"), "a b c");
        assert_eq!(collapse_whitespace("a\n \t\nb"), "a\nb");
    }

    #[test]
    fn parts_are_joined_with_a_line_break() {
        let raw = b"From: a@example.com\nSubject: s\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b\nContent-Type: image/png\n\nxx\n--b\n\ntwo\n--b--\n";
        let b = body(raw);
        assert_eq!(b.parts.len(), 2);
        // one, "\n" before the image (renders nothing), "\n" before two: a
        // paragraph break.
        assert_eq!(b.lines, ["s\n", "one\n", "two"]);
    }

    #[test]
    fn html_parts_use_the_model() {
        let model = HtmlModel {
            rendered: "seen hidden".into(),
            visible: "seen ".into(),
            invisible: "hidden".into(),
            ..HtmlModel::default()
        };
        let mime = MimeTree {
            nodes: vec![crate::analysis::MimeNode {
                ctype: "text/html".into(),
                effective_type: "text/html".into(),
                is_leaf: true,
                text: Some("<p>seen</p><p style=x>hidden</p>".into()),
                ..Default::default()
            }],
        };
        let b = Body::render(&mime, &[model], Some("subj"));
        assert_eq!(b.lines, ["subj\n", "seen hidden"]);
        assert_eq!(b.visible_lines, ["subj\n", "seen "]);
        assert_eq!(b.invisible_lines, ["hidden"]);
        assert_eq!(b.parts[0].html, Some(0));
        assert!(b.parts[0].is_html);
    }

    #[test]
    fn long_lines_are_split() {
        let word = "abcdefghi ".repeat(300);
        let lines = split_lines(&word);
        assert!(lines.iter().all(|l| l.len() <= MAX_BODY_LINE_LENGTH + 1));
        assert!(lines[0].ends_with(' '));
        assert_eq!(lines.concat(), word);
        let solid = "x".repeat(5000);
        let lines = split_lines(&solid);
        assert_eq!(
            lines.iter().map(String::len).collect::<Vec<_>>(),
            [2048, 2048, 904]
        );
        let wide = "é".repeat(3000);
        assert_eq!(split_lines(&wide).concat(), wide);
    }

    #[test]
    fn parts_are_truncated_at_the_scan_size() {
        let text = format!("{}\nrest", "a".repeat(BODY_PART_SCAN_SIZE + 10));
        assert_eq!(truncate_part(&text).len(), BODY_PART_SCAN_SIZE + 11);
        let text = "a".repeat(BODY_PART_SCAN_SIZE + 5000);
        assert_eq!(truncate_part(&text).len(), BODY_PART_SCAN_SIZE);
        assert_eq!(truncate_part("short"), "short");
    }
}
