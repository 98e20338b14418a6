//! The text style stack: which colours and size the next piece of text is
//! rendered with (SpamAssassin's `text_style`, sa-semantics §1.1).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::colour::{INVALID, css_background_layers, css_rgb, low_contrast, name_to_rgb};

/// One entry of the stack.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Style {
    tag: &'static str,
    fg: String,
    bg: String,
    size: i64,
    display: Option<String>,
    visibility: Option<String>,
}

/// How the top of the stack renders text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Visibility {
    /// Hidden from a reader.
    pub invisible: bool,
    /// Hidden because the colours are (almost) the same.
    pub low_contrast: bool,
    /// Hidden because a colour could not be read.
    pub invalid_colour: bool,
}

static CSS_COLOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(background-)?color:\s*(.+?)\s*$").expect("valid regex"));
static CSS_BACKGROUND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*background:\s*(.+?)\s*$").expect("valid regex"));
static CSS_OTHER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*([a-z_-]+)\s*:\s*(\S.*?)\s*$").expect("valid regex"));
static IMPORTANT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*!\s*important$").expect("valid regex"));
static LEADING_SIGNED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([+-][0-9]+)").expect("valid regex"));
static LEADING_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([0-9]+)").expect("valid regex"));

/// The style stack with SpamAssassin's size bookkeeping.
#[derive(Debug, Clone)]
pub(crate) struct StyleStack {
    stack: Vec<Style>,
    /// How many entries of each tag are on the stack, so that "is this tag
    /// open?" costs O(1) and deep nesting stays linear.
    open: HashMap<&'static str, usize>,
    basefont: i64,
    /// Largest font size reached.
    pub max_size: i64,
    /// Smallest font size reached.
    pub min_size: i64,
}

impl Default for StyleStack {
    fn default() -> Self {
        Self {
            stack: vec![Style {
                tag: "default",
                fg: "#000000".to_owned(),
                bg: "#ffffff".to_owned(),
                size: 3,
                display: None,
                visibility: None,
            }],
            open: HashMap::new(),
            basefont: 3,
            max_size: 3,
            min_size: 3,
        }
    }
}

/// Attributes SpamAssassin reads on each style tag.
fn allowed(tag: &str, attr: &str) -> bool {
    match tag {
        "basefont" | "font" => matches!(attr, "color" | "face" | "size"),
        "body" => matches!(
            attr,
            "text" | "bgcolor" | "link" | "alink" | "vlink" | "background"
        ),
        "table" | "td" | "tr" => matches!(attr, "bgcolor" | "style"),
        "span" | "p" | "div" | "a" => attr == "style",
        _ => false,
    }
}

/// The interned name of a style tag (`th` is treated as `td`).
fn intern(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "body" => "body",
        "font" => "font",
        "table" => "table",
        "tr" => "tr",
        "th" | "td" => "td",
        "big" => "big",
        "small" => "small",
        "basefont" => "basefont",
        "span" => "span",
        "p" => "p",
        "div" => "div",
        "a" => "a",
        _ => return None,
    })
}

/// A decimal number from digit text, saturating.
fn number(digits: &str) -> i64 {
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits.strip_prefix('+').unwrap_or(digits)),
    };
    let n = digits.bytes().fold(0i64, |n, d| {
        n.saturating_mul(10)
            .saturating_add(i64::from(d.wrapping_sub(b'0')))
    });
    if negative { -n } else { n }
}

impl StyleStack {
    /// Whether `tag` takes part in the style stack.
    pub(crate) fn is_style_tag(tag: &str) -> bool {
        intern(tag).is_some()
    }

    fn top(&self) -> Option<&Style> {
        self.stack.last()
    }

    fn push(&mut self, style: Style) {
        *self.open.entry(style.tag).or_default() += 1;
        self.stack.push(style);
    }

    fn pop(&mut self) -> Option<Style> {
        let style = self.stack.pop()?;
        if let Some(n) = self.open.get_mut(style.tag) {
            *n = n.saturating_sub(1);
        }
        Some(style)
    }

    fn is_open(&self, tag: &str) -> bool {
        self.open.get(tag).is_some_and(|n| *n > 0)
    }

    /// A start tag of a style element.
    pub(crate) fn start(&mut self, tag: &str, attrs: &[(String, String)]) {
        let Some(tag) = intern(tag) else {
            return;
        };
        if tag == "basefont"
            && let Some((_, size)) = attrs.iter().find(|(k, _)| k == "size")
            && let Some(c) = LEADING_DIGITS.captures(size)
        {
            self.basefont = number(c.get(1).map_or("", |m| m.as_str()));
            return;
        }
        if tag == "td" || tag == "tr" {
            self.close_table_tag(tag);
        }
        let Some(top) = self.top() else {
            return;
        };
        let parent_bg = top.bg.clone();
        let mut new = top.clone();
        new.tag = tag;
        if tag == "big" || tag == "small" {
            new.size = new.size.saturating_add(if tag == "big" { 1 } else { -1 });
            self.push(new);
            return;
        }
        for (name, value) in attrs {
            if !allowed(tag, name) {
                continue;
            }
            match name.as_str() {
                "text" | "color" => new.fg = name_to_rgb(value),
                "size" => {
                    if let Some(c) = LEADING_SIGNED.captures(value) {
                        new.size = self
                            .basefont
                            .saturating_add(number(c.get(1).map_or("", |m| m.as_str())));
                    } else if let Some(c) = LEADING_DIGITS.captures(value) {
                        new.size = number(c.get(1).map_or("", |m| m.as_str()));
                    }
                }
                "style" => apply_css(&mut new, value, &parent_bg),
                // `bgcolor` is parsed but never applied (verified quirk); the
                // other allowed attributes do not affect rendering.
                _ => {}
            }
            if new.size > self.max_size {
                self.max_size = new.size;
            } else if new.size < self.min_size {
                self.min_size = new.size;
            }
        }
        self.push(new);
    }

    /// An end tag of a style element (`</body>` is ignored).
    pub(crate) fn end(&mut self, tag: &str) {
        let Some(tag) = intern(tag) else {
            return;
        };
        if tag == "body" || !self.is_open(tag) {
            return;
        }
        while let Some(popped) = self.pop() {
            if popped.tag == tag {
                break;
            }
        }
    }

    /// A new cell or row closes the open cell (and row) styles above it.
    fn close_table_tag(&mut self, tag: &'static str) {
        if !self.is_open(tag) {
            return;
        }
        while let Some(top) = self.top() {
            let closes = match tag {
                "td" => matches!(top.tag, "font" | "td"),
                _ => matches!(top.tag, "font" | "td" | "tr"),
            };
            if !closes {
                break;
            }
            self.pop();
        }
    }

    /// How text rendered now looks.
    pub(crate) fn visibility(&self) -> Visibility {
        let Some(top) = self.top() else {
            return Visibility::default();
        };
        if low_contrast(&top.fg, &top.bg) {
            return Visibility {
                invisible: true,
                low_contrast: true,
                invalid_colour: false,
            };
        }
        if top.fg == INVALID || top.bg == INVALID {
            return Visibility {
                invisible: true,
                low_contrast: false,
                invalid_colour: true,
            };
        }
        let hidden = top.size <= 1
            || top
                .display
                .as_deref()
                .is_some_and(|d| d.to_lowercase() == "none")
            || top
                .visibility
                .as_deref()
                .is_some_and(|v| v.to_lowercase() == "hidden");
        Visibility {
            invisible: hidden,
            ..Visibility::default()
        }
    }
}

/// Applies an inline `style=` value to `new`.
fn apply_css(new: &mut Style, css: &str, parent_bg: &str) {
    for declaration in css.split(';') {
        if let Some(c) = CSS_COLOR.captures(declaration) {
            let background = c.get(1).is_some();
            let mut value = c.get(2).map_or("", |m| m.as_str()).to_lowercase();
            if let Some(m) = IMPORTANT.find(&value) {
                value.truncate(m.start());
            }
            let colour = if value.contains("rgb") {
                Some(css_rgb(&value))
            } else if value == "inherit" {
                None
            } else if value == "transparent" {
                Some(value)
            } else {
                Some(name_to_rgb(&value))
            };
            if let Some(colour) = colour {
                if background {
                    new.bg = colour;
                } else {
                    new.fg = colour;
                }
            }
        } else if let Some(c) = CSS_BACKGROUND.captures(declaration) {
            let value = c.get(1).map_or("", |m| m.as_str()).to_lowercase();
            let layers = css_background_layers(&value);
            if let Some(last) = layers.last()
                && let Some(colour) = last
                    .iter()
                    .map(|token| name_to_rgb(token))
                    .find(|colour| colour != INVALID)
            {
                new.bg = colour;
            }
        } else if let Some(c) = CSS_OTHER.captures(declaration) {
            let value = c.get(2).map(|m| m.as_str().to_owned());
            // Property names are stored as written: only lower-case ones are
            // read back, as in SpamAssassin.
            match c.get(1).map(|m| m.as_str()) {
                Some("display") => new.display = value,
                Some("visibility") => new.visibility = value,
                _ => {}
            }
        }
    }
    if new.bg == "transparent" {
        parent_bg.clone_into(&mut new.bg);
    }
    if new.fg == "transparent" {
        new.fg.clone_from(&new.bg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn bgcolor_is_never_applied() {
        let mut s = StyleStack::default();
        s.start(
            "body",
            &attrs(&[("bgcolor", "#000000"), ("text", "#000000")]),
        );
        assert!(!s.visibility().invisible);
    }

    #[test]
    fn css_background_colour_and_transparent() {
        let mut s = StyleStack::default();
        s.start("div", &attrs(&[("style", "background-color:#000")]));
        s.start("font", &attrs(&[("color", "#000")]));
        assert!(s.visibility().low_contrast);
        s.end("font");
        s.end("div");
        s.start("span", &attrs(&[("style", "color: transparent")]));
        assert!(s.visibility().low_contrast);
        s.end("span");
        assert!(!s.visibility().invisible);
    }

    #[test]
    fn css_rgb_percent_is_a_quirk() {
        let mut s = StyleStack::default();
        s.start("span", &attrs(&[("style", "color: rgb(100%,0,0)")]));
        assert_eq!(s.top().map(|t| t.fg.as_str()), Some("#640000"));
    }

    #[test]
    fn invalid_colour_and_hidden() {
        let mut s = StyleStack::default();
        s.start("font", &attrs(&[("color", "ff0000")]));
        assert!(s.visibility().invalid_colour);
        s.end("font");
        s.start("p", &attrs(&[("style", "display: NONE")]));
        let v = s.visibility();
        assert!(v.invisible && !v.low_contrast && !v.invalid_colour);
        s.end("p");
        s.start("p", &attrs(&[("style", "Display: none")]));
        assert!(!s.visibility().invisible);
    }

    #[test]
    fn sizes() {
        let mut s = StyleStack::default();
        s.start("basefont", &attrs(&[("size", "5")]));
        s.start("font", &attrs(&[("size", "-4")]));
        assert!(s.visibility().invisible);
        assert_eq!(s.min_size, 1);
        s.start("font", &attrs(&[("size", "7")]));
        assert_eq!(s.max_size, 7);
        // big/small change the size but not the bookkeeping.
        s.start("big", &[]);
        assert_eq!(s.max_size, 7);
        assert_eq!(s.top().map(|t| t.size), Some(8));
    }

    #[test]
    fn table_cells_close_fonts() {
        let mut s = StyleStack::default();
        s.start("table", &[]);
        s.start("td", &[]);
        s.start("font", &attrs(&[("color", "#ffffff")]));
        assert!(s.visibility().invisible);
        s.start("td", &[]);
        assert!(!s.visibility().invisible);
        assert_eq!(s.stack.len(), 3);
    }

    #[test]
    fn deep_nesting_stays_linear() {
        let mut s = StyleStack::default();
        for _ in 0..50_000 {
            s.start("span", &[]);
        }
        for _ in 0..50_000 {
            s.end("div");
            s.end("span");
        }
        assert_eq!(s.stack.len(), 1);
    }
}
