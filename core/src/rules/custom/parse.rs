//! Lines of a rule file into directives: comments, blank lines, keys.

use crate::error::RuleProblem;

/// One meaningful line of a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    /// From 1.
    pub(super) number: usize,
    /// The directive, lower-cased, `-` read as `_`.
    pub(super) key: String,
    /// Whether it came after `lang fr`.
    pub(super) french: bool,
    /// The rule it is about: the first word after the key, when there is one.
    pub(super) name: Option<String>,
    /// What follows the name, trimmed.
    pub(super) rest: String,
}

/// The text of a line up to its comment: `#` starts one unless escaped as
/// `\#`, which stands for `#` (also inside a regex).
fn strip_comment(line: &str) -> String {
    let mut kept = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'#') => {
                kept.push('#');
                chars.next();
            }
            '#' => break,
            _ => kept.push(c),
        }
    }
    kept
}

/// Splits off the first whitespace-separated word.
fn first_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (&text[..end], text[end..].trim())
}

/// The directives of a rule file, with their line numbers. `lang xx` lines
/// for other languages than French are dropped, as SpamAssassin drops them
/// in other locales.
pub(super) fn lines(text: &str) -> Result<Vec<Line>, (usize, RuleProblem)> {
    let mut found = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let kept = strip_comment(raw);
        let (mut key, mut rest) = first_word(&kept);
        if key.is_empty() {
            continue;
        }
        let mut french = false;
        if key.eq_ignore_ascii_case("lang") {
            let (lang, directive) = first_word(rest);
            if lang.is_empty() || directive.is_empty() {
                return Err((number, RuleProblem::Syntax("`lang LANGUAGE DIRECTIVE`")));
            }
            if !lang.eq_ignore_ascii_case("fr") && !lang.to_ascii_lowercase().starts_with("fr_") {
                continue;
            }
            french = true;
            (key, rest) = first_word(directive);
        }
        let (name, rest) = first_word(rest);
        found.push(Line {
            number,
            key: key.to_ascii_lowercase().replace('-', "_"),
            french,
            name: (!name.is_empty()).then(|| name.to_owned()),
            rest: rest.to_owned(),
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blank_lines_and_keys() {
        let text = "# a comment\n\n  BODY  FOO  /a\\#b/i  # trailing\nlang fr describe FOO Un texte\nlang de describe FOO Ein Text\nTFlags BAR\n";
        let found = lines(text).unwrap();
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].number, 3);
        assert_eq!(found[0].key, "body");
        assert_eq!(found[0].name.as_deref(), Some("FOO"));
        assert_eq!(found[0].rest, "/a#b/i");
        assert!(found[1].french);
        assert_eq!(found[1].key, "describe");
        assert_eq!(found[1].rest, "Un texte");
        assert_eq!(found[2].key, "tflags");
        assert_eq!(found[2].rest, "");
    }

    #[test]
    fn lang_needs_a_directive() {
        assert_eq!(lines("lang fr\n").unwrap_err().0, 1);
    }
}
