//! The HTML model: one per effective `text/html` leaf, as SpamAssassin's
//! `HTML.pm` builds it (sa-semantics §1.1).
//!
//! The source is tokenized by [`html5gum`] through an adapter that reproduces
//! the event stream of Perl's HTML::Parser (`tokenizer`); the events drive
//! SpamAssassin's counters, the text style stack (`style`, colours in
//! `colour`), the text chunks (`render`) and the URI-bearing attributes
//! (`links`).

mod colour;
mod links;
mod render;
mod style;
mod tokenizer;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::analysis::LimitHit;
use crate::config::Limits;

use render::Chunks;
use style::StyleStack;
use tokenizer::Event;

/// What SpamAssassin's HTML parser learns about one HTML part.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HtmlModel {
    /// Index of the leaf in the MIME tree.
    pub node: usize,
    /// Characters of the whole decoded source, markup included (what
    /// `HTML_IMAGE_ONLY_*` and `__HTML_LENGTH_*` measure).
    pub length: usize,
    /// Full rendering (visible and invisible chunks).
    pub rendered: String,
    /// Visible chunks.
    pub visible: String,
    /// Invisible chunks.
    pub invisible: String,
    /// Final open-tag counter per lower-cased tag name; a key exists when the
    /// tag was seen at all (start or end tag), as SpamAssassin's `inside{}`.
    /// Counters never go below 0. `<!DOCTYPE>` appears as `!doctype`.
    pub inside: BTreeMap<String, i64>,
    /// Every spelling each tag name was written with (`"img"` →
    /// `{"IMG", "Img"}`), keyed by the lower-cased name.
    pub raw_tags: BTreeMap<String, BTreeSet<String>>,
    /// URI-bearing attributes in document order (`a href`, `img src`, …).
    pub links: Vec<HtmlLink>,
    /// Tag events: every start and end tag, unknown and namespaced ones and
    /// `<!DOCTYPE>` included.
    pub tags: usize,
    /// Tag events of known HTML elements (and `o:`/`stN:` namespaced tags).
    pub elements: usize,
    /// Distinct tag names seen.
    pub tags_seen: usize,
    /// Distinct known element names seen.
    pub elements_seen: usize,
    /// End tags without a matching open tag.
    pub closed_extra: usize,
    /// Words split by a tag (`ab<b>cd</b>` counts one).
    pub obfuscation: usize,
    /// `<img>` start tags.
    pub images: usize,
    /// Sum of the areas of images with both `width` and `height`.
    pub image_area: u64,
    /// Smallest font size reached (starts at 3).
    pub min_size: i64,
    /// Largest font size reached (starts at 3).
    pub max_size: i64,
    /// Text of each `<title>`, entity-decoded, whitespace kept.
    pub titles: Vec<String>,
    /// Text of each `<a>` (`"<img>\n"` stands for a linked image).
    pub anchors: Vec<String>,
    /// Text drawn in (almost) the background colour.
    pub font_low_contrast: bool,
    /// Text drawn in a colour that could not be read.
    pub font_invalid_color: bool,
    /// A `<font face=…>` whose value does not look like font names.
    pub font_face_bad: bool,
    /// A `<form action="mailto:…">`.
    pub form_action_mailto: bool,
    /// An `<object>` or `<embed>`.
    pub embeds: bool,
    /// Charsets declared by `<meta http-equiv=Content-Type>`.
    pub charsets: Vec<String>,
    /// Comments seen.
    pub comments: usize,
    /// A comment holds the mark Internet Explorer leaves in pages it saves
    /// (`<!-- saved from url=(0022)http://…`).
    #[serde(default)]
    pub saved_page: bool,
    /// Scripts' text.
    pub scripts: Vec<String>,
    /// A `</html>` was seen.
    pub closed_html: bool,
    /// A `</body>` was seen.
    pub closed_body: bool,
    /// A URI attribute was longer than 8,192 characters and was cut.
    pub uri_truncated: bool,
}

/// One URI-bearing attribute of an HTML tag.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HtmlLink {
    /// Lower-cased tag name (`a`, `img`, `form`, `base`, `meta`, …).
    pub tag: String,
    /// Lower-cased attribute name (`href`, `src`, `action`, `background`, …;
    /// `content` for a meta refresh, `data-saferedirecturl` for Gmail's copy).
    pub attr: String,
    /// The entity-decoded attribute value, trimmed of whitespace and no-break
    /// spaces, cut to 8,192 characters.
    pub value: String,
    /// The value resolved against the document's `<base href>` as
    /// SpamAssassin's `target_uri` does (`data: mailto: file: cid: tel:`
    /// values are kept as they are).
    pub target: String,
    /// For `a`: the anchor text collected while the anchor was open.
    pub anchor_text: Option<String>,
}

/// Elements SpamAssassin knows (HTML 4.01 / XHTML 1.0 plus a few).
fn is_element(tag: &str) -> bool {
    matches!(
        tag,
        "a" | "abbr"
            | "acronym"
            | "address"
            | "area"
            | "b"
            | "base"
            | "bdo"
            | "big"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "cite"
            | "code"
            | "col"
            | "colgroup"
            | "dd"
            | "del"
            | "dfn"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "fieldset"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "html"
            | "i"
            | "img"
            | "input"
            | "ins"
            | "kbd"
            | "label"
            | "legend"
            | "li"
            | "link"
            | "map"
            | "meta"
            | "noscript"
            | "object"
            | "ol"
            | "optgroup"
            | "option"
            | "p"
            | "param"
            | "pre"
            | "q"
            | "samp"
            | "script"
            | "select"
            | "small"
            | "span"
            | "strong"
            | "style"
            | "sub"
            | "sup"
            | "table"
            | "tbody"
            | "td"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "tt"
            | "ul"
            | "var"
            | "applet"
            | "basefont"
            | "center"
            | "dir"
            | "font"
            | "frame"
            | "frameset"
            | "iframe"
            | "isindex"
            | "menu"
            | "noframes"
            | "s"
            | "strike"
            | "u"
            | "nobr"
            | "x-sigsep"
            | "x-tab"
    )
}

/// Rendered, but not valid, tags.
fn is_trick(tag: &str) -> bool {
    matches!(tag, "bgsound" | "embed" | "listing" | "plaintext" | "xmp")
}

/// The whitespace a tag inserts into the rendering (start and end tags).
fn tag_whitespace(tag: &str) -> Option<&'static str> {
    match tag {
        "br" | "div" => Some("\n"),
        "li" | "th" | "td" | "dt" | "dd" | "embed" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            Some(" ")
        }
        "p" | "hr" | "blockquote" | "pre" | "listing" | "plaintext" | "xmp" | "title" => {
            Some("\n\n")
        }
        _ => None,
    }
}

static NAMESPACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:o|st[0-9]):[\w-]+/?$").expect("valid regex"));
static SELF_CLOSING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(\w+)\s*/>").expect("valid regex"));
static FONT_FACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)^\s*["'.]?[a-z ][a-z -]*[a-z][0-9]?["']?(?:,\s*["']?[a-z][a-z -]*[a-z][0-9]?["']?)*;?$"#,
    )
    .expect("valid regex")
});
static IMG_DIMENSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]+)(%)?$").expect("valid regex"));
static META_CHARSET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\bcharset\s*=\s*["']?([^"']+)"#).expect("valid regex"));

static C1_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&#(?:[xX]0*([89][0-9a-fA-F])|0*(1[2-5][0-9]));?").expect("valid regex")
});

/// SpamAssassin's pre-processing before the parser runs (steps 2–4 of §1.1),
/// plus one bridge: HTML::Parser decodes `&#128;`…`&#159;` to those C1
/// control characters, where a WHATWG tokenizer maps them to Windows-1252
/// (`&#149;` → `•`); they are replaced by the raw character beforehand.
fn preprocess(source: &str) -> String {
    let text = source.replace("&nbsp;", " ");
    let text = SELF_CLOSING.replace_all(&text, "<$1>");
    let text = text.replace(['\u{201C}', '\u{201D}'], "\"");
    if !text.contains("&#") {
        return text;
    }
    C1_REFERENCE
        .replace_all(&text, |c: &regex::Captures<'_>| {
            let code = match (c.get(1), c.get(2)) {
                (Some(hex), _) => u32::from_str_radix(hex.as_str(), 16).ok(),
                (None, Some(dec)) => dec.as_str().parse::<u32>().ok(),
                (None, None) => None,
            };
            code.filter(|n| (0x80..=0x9f).contains(n))
                .and_then(char::from_u32)
                .map_or_else(
                    || c.get(0).map_or_else(String::new, |m| m.as_str().to_owned()),
                    String::from,
                )
        })
        .into_owned()
}

/// The parser's state while events arrive.
struct Builder<'l> {
    model: HtmlModel,
    style: StyleStack,
    chunks: Chunks,
    links: links::LinkState,
    /// Index of the current anchor text in `anchors`.
    max_tags: usize,
    limit_hit: bool,
    limits_hit: &'l mut Vec<LimitHit>,
}

impl Builder<'_> {
    fn inside(&self, tag: &str) -> i64 {
        self.model.inside.get(tag).copied().unwrap_or(0)
    }

    /// Counts a tag event; `false` when the `max_html_tags` limit stops it.
    fn admit_tag(&mut self) -> bool {
        if self.model.tags >= self.max_tags {
            if !self.limit_hit {
                self.limit_hit = true;
                self.limits_hit.push(LimitHit::new(
                    "max_html_tags",
                    self.max_tags,
                    format!("part {}", self.model.node),
                ));
            }
            return false;
        }
        true
    }

    fn tag(&mut self, name: &str, raw_name: &str, attrs: &[(String, String)], start: bool) {
        if !self.admit_tag() {
            return;
        }
        let namespace = NAMESPACE.is_match(name);
        let seen = self.model.inside.contains_key(name);
        if is_element(name) || namespace {
            self.model.elements += 1;
            if !seen {
                self.model.elements_seen += 1;
            }
        }
        self.model.tags += 1;
        if !seen {
            self.model.tags_seen += 1;
        }
        if !self
            .model
            .raw_tags
            .get(name)
            .is_some_and(|s| s.contains(raw_name))
        {
            self.model
                .raw_tags
                .entry(name.to_owned())
                .or_default()
                .insert(raw_name.to_owned());
        }
        let counter = self.model.inside.entry(name.to_owned()).or_insert(0);
        *counter = counter.saturating_add(if start { 1 } else { -1 });
        if *counter < 0 {
            *counter = 0;
            self.model.closed_extra += 1;
        }
        if namespace || !(is_element(name) || is_trick(name)) {
            return;
        }
        if StyleStack::is_style_tag(name) {
            if start {
                self.style.start(name, attrs);
            } else {
                self.style.end(name);
            }
        }
        if let Some(ws) = tag_whitespace(name) {
            self.chunks.whitespace(ws);
        }
        if start {
            self.links.start_tag(name, attrs, &mut self.model);
            self.html_tests(name, attrs);
        } else if name == "html" {
            self.model.closed_html = true;
        } else if name == "body" {
            self.model.closed_body = true;
        }
    }

    fn html_tests(&mut self, tag: &str, attrs: &[(String, String)]) {
        let attr = |key: &str| {
            attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        match tag {
            "font" => {
                if let Some(face) = attr("face")
                    && !FONT_FACE.is_match(face)
                {
                    self.model.font_face_bad = true;
                }
            }
            "img" => {
                self.model.images += 1;
                if self.inside("a") > 0 {
                    self.links.append_anchor_text("<img>\n", &mut self.model);
                }
                if let (Some(w), Some(h)) = (attr("width"), attr("height")) {
                    let w = dimension(w, 8);
                    let h = dimension(h, 6);
                    self.model.image_area =
                        self.model.image_area.saturating_add(w.saturating_mul(h));
                }
            }
            "form"
                if attr("action").is_some_and(|a| a.to_ascii_lowercase().contains("mailto:")) =>
            {
                self.model.form_action_mailto = true;
            }
            "object" | "embed" => self.model.embeds = true,
            "a" => self.links.open_anchor(&mut self.model),
            "title" => self.model.titles.push(String::new()),
            "meta" => {
                if let (Some(equiv), Some(content)) = (attr("http-equiv"), attr("content"))
                    && equiv.to_ascii_lowercase().contains("content-type")
                    && let Some(c) = META_CHARSET.captures(content)
                    && let Some(charset) = c.get(1)
                {
                    self.model.charsets.push(charset.as_str().to_owned());
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.inside("script") > 0 {
            self.model.scripts.push(text.to_owned());
            return;
        }
        if self.inside("style") > 0 {
            return;
        }
        if self.inside("a") > 0 {
            self.links.append_anchor_text(text, &mut self.model);
        }
        if self.inside("title") > 0
            && let Some(title) = self.model.titles.last_mut()
        {
            title.push_str(text);
        }
        let mut invisible = false;
        if render::has_ink(text) {
            let visibility = self.style.visibility();
            invisible = visibility.invisible;
            self.model.font_low_contrast |= visibility.low_contrast;
            self.model.font_invalid_color |= visibility.invalid_colour;
        }
        if self.chunks.splits_word(text) {
            self.model.obfuscation += 1;
        }
        self.chunks.text(text, invisible);
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start {
                name,
                raw_name,
                attrs,
            } => self.tag(&name, &raw_name, &attrs, true),
            Event::End { name, raw_name } => self.tag(&name, &raw_name, &[], false),
            Event::Text(text) => self.text(&text),
            Event::Comment(text) => {
                self.model.comments += 1;
                self.model.saved_page |= saved_from_url(&text);
            }
            Event::Doctype => {
                if self.admit_tag() {
                    self.model.elements += 1;
                    self.model.tags += 1;
                    self.model.inside.insert("!doctype".to_owned(), 0);
                }
            }
        }
    }
}

/// An image dimension: `N` or `N%` (× `percent_factor`); anything else, or 0,
/// counts as 200.
fn dimension(value: &str, percent_factor: u64) -> u64 {
    let n = IMG_DIMENSION.captures(value).map_or(0, |c| {
        let digits = c.get(1).map_or("", |m| m.as_str());
        let n = digits.bytes().fold(0u64, |n, d| {
            n.saturating_mul(10)
                .saturating_add(u64::from(d.wrapping_sub(b'0') % 10))
        });
        if c.get(2).is_some() {
            n.saturating_mul(percent_factor)
        } else {
            n
        }
    });
    if n == 0 { 200 } else { n }
}

impl HtmlModel {
    /// Parses the decoded HTML source of the MIME leaf `node`.
    ///
    /// Work is linear in the size of `source`; at most
    /// [`Limits::max_html_tags`] tag events are processed (a [`LimitHit`] is
    /// pushed when more were found; text after them is still rendered).
    pub fn parse(
        node: usize,
        source: &str,
        limits: &Limits,
        limits_hit: &mut Vec<LimitHit>,
    ) -> Self {
        let mut builder = Builder {
            model: HtmlModel {
                node,
                length: source.chars().count(),
                min_size: 3,
                max_size: 3,
                ..Self::default()
            },
            style: StyleStack::default(),
            chunks: Chunks::default(),
            links: links::LinkState::default(),
            max_tags: limits.max_html_tags,
            limit_hit: false,
            limits_hit,
        };
        let text = preprocess(source);
        // HTML::Parser reports the document's final text in two pieces: up to
        // its last whitespace run, then the rest at end of input. Hold the last
        // text event back to split it.
        let mut held: Option<String> = None;
        tokenizer::tokenize(&text, |event| {
            if let Some(previous) = held.take() {
                builder.text(&previous);
            }
            match event {
                Event::Text(text) => held = Some(text),
                other => builder.event(other),
            }
            true
        });
        if let Some(last) = held {
            let (head, tail) = render::split_final_text(&last);
            if !head.is_empty() {
                builder.text(head);
            }
            builder.text(tail);
        }
        // SpamAssassin closes unterminated style and script elements.
        for tag in ["style", "script"] {
            while builder.inside(tag) > 0 && builder.model.tags < builder.max_tags {
                builder.tag(tag, tag, &[], false);
            }
        }
        let Builder {
            mut model,
            style,
            chunks,
            ..
        } = builder;
        model.min_size = style.min_size;
        model.max_size = style.max_size;
        (model.rendered, model.visible, model.invisible) = chunks.finish();
        model
    }

    /// Whether the part has this tag at all (start or end tag).
    #[must_use]
    pub fn has_tag(&self, tag: &str) -> bool {
        self.inside.contains_key(tag)
    }

    /// Whether the part ends with more `tag` start tags than end tags.
    #[must_use]
    pub fn unbalanced(&self, tag: &str) -> bool {
        self.inside.get(tag).is_some_and(|n| *n != 0)
    }

    /// Words split by tags per tag event, when any word was split.
    #[must_use]
    pub fn obfuscation_ratio(&self) -> Option<f64> {
        (self.obfuscation > 0 && self.tags > 0).then(|| self.obfuscation as f64 / self.tags as f64)
    }

    /// Share of tag events that are not known elements.
    #[must_use]
    pub fn bad_tag_ratio(&self) -> Option<f64> {
        (self.tags > 0)
            .then(|| (self.tags - self.elements.min(self.tags)) as f64 / self.tags as f64)
    }

    /// Share of distinct tag names that are not known elements.
    #[must_use]
    pub fn non_element_ratio(&self) -> Option<f64> {
        (self.tags_seen > 0).then(|| {
            (self.tags_seen - self.elements_seen.min(self.tags_seen)) as f64 / self.tags_seen as f64
        })
    }

    /// Share of tag events that were end tags without a matching start tag.
    #[must_use]
    pub fn closed_extra_ratio(&self) -> Option<f64> {
        (self.tags > 0).then(|| self.closed_extra as f64 / self.tags as f64)
    }

    /// Whether an image sits inside a link (an `<img>` while an `<a>` is open).
    #[must_use]
    pub fn has_linked_image(&self) -> bool {
        self.anchors.iter().any(|a| a.contains("<img>"))
    }
}

/// Whether a comment's text (between `<!--` and `-->`) holds
/// `<!-- saved from url=(` and four digits, the comment counted from its own
/// opening.
fn saved_from_url(comment: &str) -> bool {
    const MARK: &str = " saved from url=(";
    let opening = comment.strip_prefix(MARK).into_iter();
    let nested = comment
        .match_indices("<!--")
        .filter_map(|(at, _)| comment.get(at + 4..)?.strip_prefix(MARK));
    opening.chain(nested).any(|rest| {
        let rest = rest.as_bytes();
        rest.len() > 4 && rest.iter().take(4).all(u8::is_ascii_digit) && rest.get(4) == Some(&b')')
    })
}

#[cfg(test)]
mod tests;
