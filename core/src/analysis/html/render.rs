//! Text chunks and their assembly into the rendered text (SpamAssassin's
//! `display_text`, sa-semantics §1.1).

/// One piece of rendered text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chunk {
    text: String,
    whitespace: bool,
    invisible: bool,
}

/// The chunks rendered so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct Chunks {
    chunks: Vec<Chunk>,
}

/// HTML::Parser's collapsible whitespace: `[ \t\n\r\f\x0b]`.
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\x0b')
}

/// A "word" character for the obfuscation count: neither whitespace nor ASCII
/// punctuation.
fn is_word(c: char) -> bool {
    !c.is_whitespace() && !c.is_ascii_punctuation()
}

/// Whether `text` has anything besides collapsible whitespace (and the
/// two-character sequence `Â` + no-break space, which SpamAssassin's byte
/// pattern `\xc2\xa0` matches on character strings).
pub(crate) fn has_ink(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_html_space(c) {
            continue;
        }
        if c == '\u{c2}' && chars.peek() == Some(&'\u{a0}') {
            chars.next();
            continue;
        }
        return true;
    }
    false
}

/// Every run of collapsible whitespace (or `Â` + no-break space) as one space.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_html_space(c) {
            while chars.peek().is_some_and(|c| is_html_space(*c)) {
                chars.next();
            }
            out.push(' ');
        } else if c == '\u{c2}' && chars.peek() == Some(&'\u{a0}') {
            chars.next();
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Where HTML::Parser splits the text that ends the document: before its last
/// run of whitespace, `("hello", " world")`; `head` is empty when there is
/// nothing to split off.
pub(crate) fn split_final_text(text: &str) -> (&str, &str) {
    let trimmed = text.trim_end_matches(|c: char| !is_html_space(c));
    let head = trimmed.trim_end_matches(is_html_space);
    (head, text.get(head.len()..).unwrap_or(""))
}

impl Chunks {
    /// Whether `text` glued to the previous chunk splits a word: both sides of
    /// the boundary are word characters.
    pub(crate) fn splits_word(&self, text: &str) -> bool {
        let Some(previous) = self.chunks.last() else {
            return false;
        };
        text.chars().next().is_some_and(is_word)
            && previous.text.chars().next_back().is_some_and(is_word)
    }

    /// Whitespace inserted by a tag; it eats one trailing space of the
    /// previous chunk when that is visible text.
    pub(crate) fn whitespace(&mut self, ws: &str) {
        if let Some(previous) = self.chunks.last_mut()
            && !previous.whitespace
            && !previous.invisible
            && previous.text.ends_with(' ')
        {
            previous.text.pop();
        }
        self.chunks.push(Chunk {
            text: ws.to_owned(),
            whitespace: true,
            invisible: false,
        });
    }

    /// A text event; visible text after a whitespace chunk loses one leading
    /// space.
    pub(crate) fn text(&mut self, text: &str, invisible: bool) {
        let mut text = collapse(text);
        if !invisible && self.chunks.last().is_some_and(|c| c.whitespace) && text.starts_with(' ') {
            text.remove(0);
        }
        self.chunks.push(Chunk {
            text,
            whitespace: false,
            invisible,
        });
    }

    /// `(rendered, visible, invisible)`.
    pub(crate) fn finish(self) -> (String, String, String) {
        let mut rendered = String::new();
        let mut visible = String::new();
        let mut invisible = String::new();
        for chunk in &self.chunks {
            rendered.push_str(&chunk.text);
            if chunk.invisible {
                invisible.push_str(&chunk.text);
            } else {
                visible.push_str(&chunk.text);
            }
        }
        (rendered, visible, invisible)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_rules() {
        let mut c = Chunks::default();
        c.text("hello  \n world ", false);
        c.whitespace("\n");
        c.text(" next", false);
        c.whitespace(" ");
        c.text(" hidden ", true);
        c.whitespace("\n\n");
        let (all, visible, invisible) = c.finish();
        assert_eq!(all, "hello world\nnext  hidden \n\n");
        assert_eq!(visible, "hello world\nnext \n\n");
        assert_eq!(invisible, " hidden ");
    }

    #[test]
    fn final_text_split() {
        assert_eq!(split_final_text("hello world"), ("hello", " world"));
        assert_eq!(split_final_text("hello world \n "), ("hello world", " \n "));
        assert_eq!(split_final_text("hello"), ("", "hello"));
        assert_eq!(split_final_text("  hello"), ("", "  hello"));
    }

    #[test]
    fn ink_and_words() {
        assert!(!has_ink(" \t\n\u{c2}\u{a0}"));
        assert!(has_ink("\u{a0}"));
        let mut c = Chunks::default();
        assert!(!c.splits_word("ab"));
        c.text("ab", false);
        assert!(c.splits_word("cd"));
        assert!(!c.splits_word(".cd"));
        assert!(c.splits_word("été"));
        c.whitespace("\n");
        assert!(!c.splits_word("cd"));
    }
}
