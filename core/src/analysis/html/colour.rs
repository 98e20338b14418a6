//! SpamAssassin's colour model: colour names and values to `#rrggbb`, CSS
//! `color`/`background` declarations, and the low-contrast test
//! (sa-semantics §1.1).

use std::sync::LazyLock;

use regex::Regex;

/// The 147 CSS3 / SVG 1.1 colour keywords (HTML 4's 16 included), sorted for a
/// binary search.
const NAMED: [(&str, u32); 147] = [
    ("aliceblue", 0xf0f8ff),
    ("antiquewhite", 0xfaebd7),
    ("aqua", 0x00ffff),
    ("aquamarine", 0x7fffd4),
    ("azure", 0xf0ffff),
    ("beige", 0xf5f5dc),
    ("bisque", 0xffe4c4),
    ("black", 0x000000),
    ("blanchedalmond", 0xffebcd),
    ("blue", 0x0000ff),
    ("blueviolet", 0x8a2be2),
    ("brown", 0xa52a2a),
    ("burlywood", 0xdeb887),
    ("cadetblue", 0x5f9ea0),
    ("chartreuse", 0x7fff00),
    ("chocolate", 0xd2691e),
    ("coral", 0xff7f50),
    ("cornflowerblue", 0x6495ed),
    ("cornsilk", 0xfff8dc),
    ("crimson", 0xdc143c),
    ("cyan", 0x00ffff),
    ("darkblue", 0x00008b),
    ("darkcyan", 0x008b8b),
    ("darkgoldenrod", 0xb8860b),
    ("darkgray", 0xa9a9a9),
    ("darkgreen", 0x006400),
    ("darkgrey", 0xa9a9a9),
    ("darkkhaki", 0xbdb76b),
    ("darkmagenta", 0x8b008b),
    ("darkolivegreen", 0x556b2f),
    ("darkorange", 0xff8c00),
    ("darkorchid", 0x9932cc),
    ("darkred", 0x8b0000),
    ("darksalmon", 0xe9967a),
    ("darkseagreen", 0x8fbc8f),
    ("darkslateblue", 0x483d8b),
    ("darkslategray", 0x2f4f4f),
    ("darkslategrey", 0x2f4f4f),
    ("darkturquoise", 0x00ced1),
    ("darkviolet", 0x9400d3),
    ("deeppink", 0xff1493),
    ("deepskyblue", 0x00bfff),
    ("dimgray", 0x696969),
    ("dimgrey", 0x696969),
    ("dodgerblue", 0x1e90ff),
    ("firebrick", 0xb22222),
    ("floralwhite", 0xfffaf0),
    ("forestgreen", 0x228b22),
    ("fuchsia", 0xff00ff),
    ("gainsboro", 0xdcdcdc),
    ("ghostwhite", 0xf8f8ff),
    ("gold", 0xffd700),
    ("goldenrod", 0xdaa520),
    ("gray", 0x808080),
    ("green", 0x008000),
    ("greenyellow", 0xadff2f),
    ("grey", 0x808080),
    ("honeydew", 0xf0fff0),
    ("hotpink", 0xff69b4),
    ("indianred", 0xcd5c5c),
    ("indigo", 0x4b0082),
    ("ivory", 0xfffff0),
    ("khaki", 0xf0e68c),
    ("lavender", 0xe6e6fa),
    ("lavenderblush", 0xfff0f5),
    ("lawngreen", 0x7cfc00),
    ("lemonchiffon", 0xfffacd),
    ("lightblue", 0xadd8e6),
    ("lightcoral", 0xf08080),
    ("lightcyan", 0xe0ffff),
    ("lightgoldenrodyellow", 0xfafad2),
    ("lightgray", 0xd3d3d3),
    ("lightgreen", 0x90ee90),
    ("lightgrey", 0xd3d3d3),
    ("lightpink", 0xffb6c1),
    ("lightsalmon", 0xffa07a),
    ("lightseagreen", 0x20b2aa),
    ("lightskyblue", 0x87cefa),
    ("lightslategray", 0x778899),
    ("lightslategrey", 0x778899),
    ("lightsteelblue", 0xb0c4de),
    ("lightyellow", 0xffffe0),
    ("lime", 0x00ff00),
    ("limegreen", 0x32cd32),
    ("linen", 0xfaf0e6),
    ("magenta", 0xff00ff),
    ("maroon", 0x800000),
    ("mediumaquamarine", 0x66cdaa),
    ("mediumblue", 0x0000cd),
    ("mediumorchid", 0xba55d3),
    ("mediumpurple", 0x9370db),
    ("mediumseagreen", 0x3cb371),
    ("mediumslateblue", 0x7b68ee),
    ("mediumspringgreen", 0x00fa9a),
    ("mediumturquoise", 0x48d1cc),
    ("mediumvioletred", 0xc71585),
    ("midnightblue", 0x191970),
    ("mintcream", 0xf5fffa),
    ("mistyrose", 0xffe4e1),
    ("moccasin", 0xffe4b5),
    ("navajowhite", 0xffdead),
    ("navy", 0x000080),
    ("oldlace", 0xfdf5e6),
    ("olive", 0x808000),
    ("olivedrab", 0x6b8e23),
    ("orange", 0xffa500),
    ("orangered", 0xff4500),
    ("orchid", 0xda70d6),
    ("palegoldenrod", 0xeee8aa),
    ("palegreen", 0x98fb98),
    ("paleturquoise", 0xafeeee),
    ("palevioletred", 0xdb7093),
    ("papayawhip", 0xffefd5),
    ("peachpuff", 0xffdab9),
    ("peru", 0xcd853f),
    ("pink", 0xffc0cb),
    ("plum", 0xdda0dd),
    ("powderblue", 0xb0e0e6),
    ("purple", 0x800080),
    ("red", 0xff0000),
    ("rosybrown", 0xbc8f8f),
    ("royalblue", 0x4169e1),
    ("saddlebrown", 0x8b4513),
    ("salmon", 0xfa8072),
    ("sandybrown", 0xf4a460),
    ("seagreen", 0x2e8b57),
    ("seashell", 0xfff5ee),
    ("sienna", 0xa0522d),
    ("silver", 0xc0c0c0),
    ("skyblue", 0x87ceeb),
    ("slateblue", 0x6a5acd),
    ("slategray", 0x708090),
    ("slategrey", 0x708090),
    ("snow", 0xfffafa),
    ("springgreen", 0x00ff7f),
    ("steelblue", 0x4682b4),
    ("tan", 0xd2b48c),
    ("teal", 0x008080),
    ("thistle", 0xd8bfd8),
    ("tomato", 0xff6347),
    ("turquoise", 0x40e0d0),
    ("violet", 0xee82ee),
    ("wheat", 0xf5deb3),
    ("white", 0xffffff),
    ("whitesmoke", 0xf5f5f5),
    ("yellow", 0xffff00),
    ("yellowgreen", 0x9acd32),
];

/// What [`name_to_rgb`] returns for a colour it cannot read.
pub(crate) const INVALID: &str = "invalid";

static RGB_PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"rgb\(([0-9]+)%,\s*([0-9]+)%,\s*([0-9]+)%\s*\)").expect("valid regex")
});
static RGB_DECIMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"rgb\(([0-9]+),\s*([0-9]+),\s*([0-9]+)\s*\)").expect("valid regex")
});
static RGB_ANYWHERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"rgb\([0-9%, ]*\)").expect("valid regex"));

/// A colour as SpamAssassin's `name_to_rgb` reads it: `#rrggbb`, a few
/// shorter `#…` forms SpamAssassin produces for odd input, or `"invalid"`.
///
/// Names are looked up case-insensitively; `rgb(…)` is converted; a hex value
/// is accepted only when it starts with `#` (bare `ff0000` is invalid).
pub(crate) fn name_to_rgb(value: &str) -> String {
    let lower = value.to_lowercase();
    let color = lower.trim();
    if let Ok(i) = NAMED.binary_search_by(|(name, _)| (*name).cmp(color)) {
        return NAMED
            .get(i)
            .map_or_else(|| INVALID.to_owned(), |(_, rgb)| format!("#{rgb:06x}"));
    }
    let hexish = color
        .bytes()
        .all(|b| b == b'#' || b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !hexish && !RGB_ANYWHERE.is_match(color) {
        return INVALID.to_owned();
    }
    let mut color = color.to_owned();
    if let Some(c) = RGB_PERCENT.captures(&color) {
        let part = |i: usize| {
            let percent = decimal(c.get(i).map_or("", |m| m.as_str()));
            // Perl: int($p / 100 * 255) — truncation, no clamping.
            dec2hex((percent as f64 / 100.0 * 255.0) as u64)
        };
        color = format!("#{}{}{}", part(1), part(2), part(3));
    }
    if let Some(c) = RGB_DECIMAL.captures(&color) {
        let part = |i: usize| dec2hex(decimal(c.get(i).map_or("", |m| m.as_str())));
        color = format!("#{}{}{}", part(1), part(2), part(3));
    }
    if !color.starts_with('#') {
        return INVALID.to_owned();
    }
    let mut hex: String = color.chars().filter(char::is_ascii_hexdigit).collect();
    if hex.len() > 6 {
        hex.truncate(6);
    }
    if hex.len() > 3 && hex.len() < 6 {
        hex.truncate(3);
    }
    while !hex.len().is_multiple_of(3) {
        hex.push('0');
    }
    if hex.len() == 3 {
        hex = hex.chars().flat_map(|c| [c, c]).collect();
    }
    format!("#{hex}")
}

/// A decimal digit string as a number, saturating (Perl would go to floating
/// point; only the comparison with 255 and the hex digits matter).
fn decimal(digits: &str) -> u64 {
    digits.bytes().fold(0u64, |n, d| {
        n.saturating_mul(10)
            .saturating_add(u64::from(d.wrapping_sub(b'0') % 10))
    })
}

/// Perl's `dec2hex`: lower-case hex, zero-padded to two digits below 16.
fn dec2hex(n: u64) -> String {
    format!("{n:02x}")
}

/// The value of a CSS `rgb(…)` colour inside a `style=` declaration: only
/// digits and commas are kept, the first three numbers clamped to 0…255.
pub(crate) fn css_rgb(value: &str) -> String {
    let kept: String = value
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',')
        .collect();
    let mut parts = kept.split(',');
    let mut channel = || {
        let n = decimal(parts.next().unwrap_or(""));
        n.min(255)
    };
    let (r, g, b) = (channel(), channel(), channel());
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Splits a CSS `background` value into layers of tokens, as SpamAssassin's
/// `parse_css_background`: layers at top-level commas, tokens at spaces,
/// parentheses and quotes kept inside one token.
pub(crate) fn css_background_layers(value: &str) -> Vec<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum St {
        Top,
        Paren,
        Double,
        Single,
    }
    let mut layers = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    let mut token = String::new();
    let mut stack: Vec<St> = Vec::new();
    let mut state = St::Top;
    for ch in value.chars() {
        match state {
            St::Top => match ch {
                ' ' => {
                    if !token.is_empty() {
                        tokens.push(std::mem::take(&mut token));
                    }
                }
                '(' | '"' | '\'' => {
                    token.push(ch);
                    stack.push(state);
                    state = match ch {
                        '(' => St::Paren,
                        '"' => St::Double,
                        _ => St::Single,
                    };
                }
                ',' => {
                    if !token.is_empty() {
                        tokens.push(std::mem::take(&mut token));
                    }
                    layers.push(std::mem::take(&mut tokens));
                }
                _ => token.push(ch),
            },
            St::Paren => {
                token.push(ch);
                match ch {
                    ')' => {
                        tokens.push(std::mem::take(&mut token));
                        state = stack.pop().unwrap_or(St::Top);
                    }
                    '"' => {
                        stack.push(state);
                        state = St::Double;
                    }
                    '\'' => {
                        stack.push(state);
                        state = St::Single;
                    }
                    _ => {}
                }
            }
            St::Double | St::Single => {
                token.push(ch);
                if (state == St::Double && ch == '"') || (state == St::Single && ch == '\'') {
                    state = stack.pop().unwrap_or(St::Top);
                }
            }
        }
    }
    if !token.is_empty() {
        tokens.push(token);
    }
    if !tokens.is_empty() {
        layers.push(tokens);
    }
    layers
}

/// The last six characters of a colour string (the whole string if shorter),
/// as Perl's `substr($c, -6)`.
fn last6(colour: &str) -> &str {
    let start = colour.char_indices().rev().nth(5).map_or(0, |(i, _)| i);
    colour.get(start..).unwrap_or(colour)
}

/// `#rrggbb` (the `#` optional) as three channels.
fn channels(colour: &str) -> Option<(f64, f64, f64)> {
    let hex = colour.strip_prefix('#').unwrap_or(colour);
    if hex.len() != 6
        || !hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    let ch = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map(f64::from)
    };
    Some((ch(0)?, ch(2)?, ch(4)?))
}

/// Whether text in `fg` on `bg` is low-contrast: same last six characters, or
/// a luminance-weighted distance below 12.
pub(crate) fn low_contrast(fg: &str, bg: &str) -> bool {
    if last6(fg) == last6(bg) {
        return true;
    }
    match (channels(fg), channels(bg)) {
        (Some((r1, g1, b1)), Some((r2, g2, b2))) => {
            let distance = ((0.2126 * (r1 - r2)).powi(2)
                + (0.7152 * (g1 - g2)).powi(2)
                + (0.0722 * (b1 - b2)).powi(2))
            .sqrt();
            distance < 12.0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_complete() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(name_to_rgb("White"), "#ffffff");
        assert_eq!(name_to_rgb(" LightGoldenrodYellow "), "#fafad2");
        assert_eq!(name_to_rgb("rebeccapurple"), INVALID);
    }

    #[test]
    fn hex_forms() {
        assert_eq!(name_to_rgb("#FF0000"), "#ff0000");
        assert_eq!(name_to_rgb("#f00"), "#ff0000");
        assert_eq!(name_to_rgb("#f000"), "#ff0000");
        assert_eq!(name_to_rgb("#ab"), "#aabb00");
        assert_eq!(name_to_rgb("#1234567"), "#123456");
        // Bare hex and empty values are invalid (verified).
        assert_eq!(name_to_rgb("ff0000"), INVALID);
        assert_eq!(name_to_rgb(""), INVALID);
        assert_eq!(name_to_rgb("bluish"), INVALID);
    }

    #[test]
    fn rgb_forms() {
        assert_eq!(name_to_rgb("rgb(255, 0, 16)"), "#ff0010");
        assert_eq!(name_to_rgb("rgb(100%,50%,0%)"), "#ff7f00");
        assert_eq!(name_to_rgb("rgb(1,2)"), INVALID);
        // CSS values: only digits and commas kept, clamped.
        assert_eq!(css_rgb("rgb(100%,0,0)"), "#640000");
        assert_eq!(css_rgb("rgb(300, 20, 1)"), "#ff1401");
        assert_eq!(css_rgb("rgb()"), "#000000");
    }

    #[test]
    fn background_layers() {
        assert_eq!(
            css_background_layers("url(\"a b.png\") no-repeat, #fff red"),
            vec![
                vec!["url(\"a b.png\")".to_owned(), "no-repeat".to_owned()],
                vec!["#fff".to_owned(), "red".to_owned()],
            ]
        );
    }

    #[test]
    fn contrast() {
        assert!(low_contrast("#fefefe", "#ffffff"));
        assert!(low_contrast("#f0f0f0", "#ffffff"));
        assert!(!low_contrast("#e0e0e0", "#ffffff"));
        assert!(low_contrast(INVALID, INVALID));
        assert!(!low_contrast(INVALID, "#ffffff"));
    }
}
