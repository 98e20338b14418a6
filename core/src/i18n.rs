//! Languages of the human-readable texts: every description, explanation and
//! piece of evidence exists in English and in French.

use serde::{Deserialize, Serialize};

/// A language the texts are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// French.
    Fr,
}

/// A text in every supported language.
///
/// ```
/// use spamgauge::{Lang, Localized};
/// let text = Localized::new("Hello", "Bonjour");
/// assert_eq!(text.get(Lang::Fr), "Bonjour");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Localized {
    /// English.
    pub en: String,
    /// French.
    pub fr: String,
}

impl Localized {
    /// A text from its English and French versions.
    pub fn new(en: impl Into<String>, fr: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            fr: fr.into(),
        }
    }

    /// The text in `lang`.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}

/// Formats a count with the language's digit grouping: `1,100` in English,
/// `1 100` (narrow no-break space) in French.
///
/// ```
/// use spamgauge::{i18n::group_digits, Lang};
/// assert_eq!(group_digits(1100, Lang::En), "1,100");
/// assert_eq!(group_digits(1100, Lang::Fr), "1\u{202f}100");
/// ```
#[must_use]
pub fn group_digits(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Lang::En => ",",
        Lang::Fr => "\u{202f}",
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}
