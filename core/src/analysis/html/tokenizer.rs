//! Adapter over `html5gum`: turns its WHATWG tokenizer into the event stream
//! Perl's HTML::Parser (3.81, as SpamAssassin drives it) delivers.
//!
//! Differences from a plain WHATWG tokenizer that matter to SpamAssassin's
//! counters, and how they are bridged here:
//! * HTML::Parser keeps the contents of `script style xmp iframe plaintext` as
//!   literal text and of `title textarea` as literal text with entities decoded;
//!   other elements (`noscript`, `noembed`, `noframes`) are parsed as markup. We
//!   switch the tokenizer's state ourselves rather than with
//!   `html5gum::naive_next_state`, whose list differs.
//! * Every piece of markup (tag, comment, declaration, processing instruction)
//!   ends the current text event: `ab<!-- -->cd` gives two text events; so
//!   does any `<` outside literal text (`a < b` gives `"a "`, `"< b"`).
//! * A repeated attribute keeps its last value (a Perl hash), not its first.
//! * `<![CDATA[…]]>` content is text (`marked_sections => 1`).
//! * Tag names are lower-cased by the tokenizer; the spelling found in the
//!   source is recovered from the tag's byte offset.

use std::collections::{HashMap, VecDeque};

use html5gum::{Emitter, Error, State, Tokenizer};

/// One parser event, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// A start tag: lower-cased name, the name as written, attributes
    /// (lower-cased names, decoded values; a repeated name keeps its last value).
    Start {
        name: String,
        raw_name: String,
        attrs: Vec<(String, String)>,
    },
    /// An end tag.
    End { name: String, raw_name: String },
    /// Entity-decoded text between two pieces of markup.
    Text(String),
    /// A comment, a bogus comment (`<!foo>`, `<?pi?>`, `</ x>`).
    Comment(String),
    /// `<!DOCTYPE …>`.
    Doctype,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Start,
    End,
}

/// The emitter html5gum calls; it queues [`Event`]s.
#[derive(Debug)]
struct SaEmitter<'a> {
    source: &'a str,
    position: usize,
    events: VecDeque<Event>,
    text: Vec<u8>,
    comment: Vec<u8>,
    tag_kind: Option<TagKind>,
    tag_name: Vec<u8>,
    tag_offset: usize,
    attrs: Vec<(Vec<u8>, Vec<u8>)>,
    last_start_tag: Vec<u8>,
    /// Inside a literal-text element (its end tag returns to markup).
    literal: bool,
}

impl<'a> SaEmitter<'a> {
    fn new(source: &'a str) -> Self {
        Self {
            source,
            position: 0,
            events: VecDeque::new(),
            text: Vec::new(),
            comment: Vec::new(),
            tag_kind: None,
            tag_name: Vec::new(),
            tag_offset: 0,
            attrs: Vec::new(),
            last_start_tag: Vec::new(),
            literal: false,
        }
    }

    fn flush_text(&mut self) {
        if !self.text.is_empty() {
            let text = String::from_utf8_lossy(&self.text).into_owned();
            self.text.clear();
            self.events.push_back(Event::Text(text));
        }
    }

    /// The tag name as spelled in the source, when the offsets agree with the
    /// lower-cased name (they do unless the name held a NUL or a CR).
    fn raw_name(&self, name: &str, kind: TagKind) -> String {
        let skip = match kind {
            TagKind::Start => 1,
            TagKind::End => 2,
        };
        let start = self.tag_offset.saturating_add(skip);
        self.source
            .get(start..start.saturating_add(name.len()))
            .filter(|raw| raw.eq_ignore_ascii_case(name))
            .map_or_else(|| name.to_owned(), str::to_owned)
    }
}

/// HTML::Parser's literal-text elements (see the module docs).
fn literal_state(tag: &[u8]) -> Option<State> {
    match tag {
        b"script" | b"style" | b"xmp" | b"iframe" => Some(State::RawText),
        b"title" | b"textarea" => Some(State::RcData),
        b"plaintext" => Some(State::PlainText),
        _ => None,
    }
}

impl Emitter for SaEmitter<'_> {
    type Token = Event;

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start_tag.clear();
        self.last_start_tag
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }

    fn emit_eof(&mut self) {
        self.flush_text();
    }

    fn emit_error(&mut self, _error: Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    fn emit_string(&mut self, c: &[u8]) {
        self.text.extend_from_slice(c);
    }

    fn init_start_tag(&mut self) {
        self.tag_kind = Some(TagKind::Start);
        self.tag_name.clear();
        self.attrs.clear();
    }

    fn init_end_tag(&mut self) {
        self.tag_kind = Some(TagKind::End);
        self.tag_name.clear();
        self.attrs.clear();
    }

    fn init_comment(&mut self) {
        self.flush_text();
        self.comment.clear();
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        self.flush_text();
        let kind = self.tag_kind.take()?;
        let name = String::from_utf8_lossy(&self.tag_name).into_owned();
        let raw_name = self.raw_name(&name, kind);
        match kind {
            TagKind::Start => {
                let attrs = self
                    .attrs
                    .drain(..)
                    .map(|(k, v)| {
                        (
                            String::from_utf8_lossy(&k).into_owned(),
                            String::from_utf8_lossy(&v).into_owned(),
                        )
                    })
                    .collect();
                self.last_start_tag.clone_from(&self.tag_name);
                self.events.push_back(Event::Start {
                    name,
                    raw_name,
                    attrs,
                });
                let state = literal_state(&self.tag_name);
                self.literal = state.is_some();
                state
            }
            TagKind::End => {
                self.literal = false;
                self.attrs.clear();
                self.events.push_back(Event::End { name, raw_name });
                None
            }
        }
    }

    fn emit_current_comment(&mut self) {
        let comment = String::from_utf8_lossy(&self.comment).into_owned();
        self.comment.clear();
        self.events.push_back(Event::Comment(comment));
    }

    fn emit_current_doctype(&mut self) {
        self.events.push_back(Event::Doctype);
    }

    fn set_self_closing(&mut self) {
        // HTML::Parser (without `empty_element_tags`) ignores `/>`.
    }

    fn set_force_quirks(&mut self) {}

    fn push_tag_name(&mut self, s: &[u8]) {
        self.tag_name.extend_from_slice(s);
    }

    fn push_comment(&mut self, s: &[u8]) {
        self.comment.extend_from_slice(s);
    }

    fn push_doctype_name(&mut self, _s: &[u8]) {}

    fn init_doctype(&mut self) {
        self.flush_text();
    }

    fn init_attribute(&mut self) {
        self.attrs.push((Vec::new(), Vec::new()));
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        if let Some((name, _)) = self.attrs.last_mut() {
            name.extend_from_slice(s);
        }
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        if let Some((_, value)) = self.attrs.last_mut() {
            value.extend_from_slice(s);
        }
    }

    fn set_doctype_public_identifier(&mut self, _value: &[u8]) {}

    fn set_doctype_system_identifier(&mut self, _value: &[u8]) {}

    fn push_doctype_public_identifier(&mut self, _s: &[u8]) {}

    fn push_doctype_system_identifier(&mut self, _s: &[u8]) {}

    fn start_open_tag(&mut self) {
        // Outside literal text, HTML::Parser starts a new text event at every
        // `<`, even one that does not open a tag (`a < b` is "a ", "< b").
        if !self.literal {
            self.flush_text();
        }
        self.tag_offset = self.position.saturating_sub(1);
    }

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.tag_kind == Some(TagKind::End)
            && !self.last_start_tag.is_empty()
            && self.last_start_tag == self.tag_name
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&mut self) -> bool {
        // Makes `<![CDATA[…]]>` a CDATA section whose content is text, as
        // HTML::Parser's marked sections do.
        true
    }

    fn move_position(&mut self, offset: isize) {
        self.position = self.position.saturating_add_signed(offset);
    }
}

/// Tokenizes `source` into HTML::Parser-like events; calls `sink` for each
/// until it returns `false`.
pub(crate) fn tokenize(source: &str, mut sink: impl FnMut(Event) -> bool) {
    let tokenizer = Tokenizer::new_with_emitter(source, SaEmitter::new(source));
    for token in tokenizer {
        let Ok(event) = token;
        let event = match event {
            Event::Start {
                name,
                raw_name,
                attrs,
            } => Event::Start {
                name,
                raw_name,
                attrs: dedup_last_wins(attrs),
            },
            other => other,
        };
        if !sink(event) {
            return;
        }
    }
}

/// Keeps the last value of each attribute name, in first-seen order (a Perl
/// hash assignment overwrites). Empty names (from `<a =x>`) are dropped.
fn dedup_last_wins(attrs: Vec<(String, String)>) -> Vec<(String, String)> {
    if attrs.len() < 2 {
        return attrs.into_iter().filter(|(n, _)| !n.is_empty()).collect();
    }
    let mut out: Vec<(String, String)> = Vec::with_capacity(attrs.len());
    let mut index: HashMap<String, usize> = HashMap::with_capacity(attrs.len());
    for (name, value) in attrs {
        if name.is_empty() {
            continue;
        }
        match index.get(&name) {
            Some(&i) => {
                if let Some(slot) = out.get_mut(i) {
                    slot.1 = value;
                }
            }
            None => {
                index.insert(name.clone(), out.len());
                out.push((name, value));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(source: &str) -> Vec<Event> {
        let mut out = Vec::new();
        tokenize(source, |e| {
            out.push(e);
            true
        });
        out
    }

    fn start(name: &str, raw: &str, attrs: &[(&str, &str)]) -> Event {
        Event::Start {
            name: name.into(),
            raw_name: raw.into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn raw_case_and_attributes() {
        assert_eq!(
            events("a<FoNt Color=Red color=blue>b</FONT>"),
            vec![
                Event::Text("a".into()),
                start("font", "FoNt", &[("color", "blue")]),
                Event::Text("b".into()),
                Event::End {
                    name: "font".into(),
                    raw_name: "FONT".into()
                },
            ]
        );
    }

    #[test]
    fn raw_case_survives_crlf_and_multibyte_text() {
        let got = events("é\r\n\r\n<ImG src=x>");
        assert_eq!(got.get(1), Some(&start("img", "ImG", &[("src", "x")])));
    }

    #[test]
    fn literal_elements() {
        assert_eq!(
            events("<script>a<b>c</script><iframe><i>x</i></iframe>"),
            vec![
                start("script", "script", &[]),
                Event::Text("a<b>c".into()),
                Event::End {
                    name: "script".into(),
                    raw_name: "script".into()
                },
                start("iframe", "iframe", &[]),
                Event::Text("<i>x</i>".into()),
                Event::End {
                    name: "iframe".into(),
                    raw_name: "iframe".into()
                },
            ]
        );
        // Titles are literal but entity-decoded; noscript is markup.
        let got = events("<title>a<b>&amp;</title><noscript><i>");
        assert_eq!(got.get(1), Some(&Event::Text("a<b>&".into())));
        assert!(got.contains(&start("i", "i", &[])));
    }

    #[test]
    fn markup_splits_text() {
        let got = events("ab<!-- x -->cd<!foo>ef<?pi?>gh<!DOCTYPE html>ij");
        let texts: Vec<_> = got
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["ab", "cd", "ef", "gh", "ij"]);
        assert!(got.contains(&Event::Doctype));
    }

    #[test]
    fn every_less_than_sign_starts_text() {
        let got = events("a < b <> c<title>x < y</title>");
        assert_eq!(
            got.get(..3),
            Some(
                &[
                    Event::Text("a ".into()),
                    Event::Text("< b ".into()),
                    Event::Text("<> c".into())
                ][..]
            )
        );
        assert_eq!(got.get(4), Some(&Event::Text("x < y".into())));
    }

    #[test]
    fn cdata_is_text() {
        let got = events("<![CDATA[ d<b>e ]]>");
        assert_eq!(got, vec![Event::Text(" d<b>e ".into())]);
    }
}
