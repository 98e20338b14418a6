//! Perl regexes, as rule files write them, into `regex::bytes` regexes.
//!
//! SpamAssassin matches UTF-8 octets with `/aa` (sa-semantics §0.6); a
//! `regex::bytes` regex with Unicode off does the same. The translation
//! keeps Perl's meaning where the two syntaxes differ: `$` (without `/m`)
//! also matches before a final line break, `[` is a literal inside a class,
//! `\e` is ESC, `\<` is `<`, a `{` that starts no repetition is literal,
//! `/x` drops blanks outside classes only, and a raw non-ASCII character
//! stands for its UTF-8 bytes. What needs a backtracking engine
//! (look-around, back-references, atomic groups, possessive quantifiers,
//! code, recursion) is refused by name.

use regex::bytes::{Regex, RegexBuilder};

use crate::error::RuleProblem;

/// Compiled size allowed to one regex, in bytes (the `regex` crate's
/// `size_limit`): a bound on what a hostile rule file can allocate.
const SIZE_LIMIT: usize = 256 << 10;
/// Lazy DFA cache allowed to one regex, in bytes.
const DFA_SIZE_LIMIT: usize = 256 << 10;
/// Deepest nesting of groups and repetitions.
const NEST_LIMIT: u32 = 64;

/// A regex as written in a rule, with its flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PerlRegex {
    /// The text between the delimiters.
    pub(super) pattern: String,
    /// Any of `i`, `m`, `s`, `x`.
    pub(super) flags: String,
}

/// The closing delimiter for an opening one.
fn closing(open: char) -> char {
    match open {
        '{' => '}',
        '(' => ')',
        '<' => '>',
        '[' => ']',
        other => other,
    }
}

/// Reads `/re/flags` or `m{re}flags` (any punctuation delimiter) at the
/// start of `text`; returns the regex and what follows it.
pub(super) fn split_regex(text: &str) -> Result<(PerlRegex, &str), RuleProblem> {
    const FORM: RuleProblem = RuleProblem::Syntax("a regex: /…/flags or m{…}flags");
    let body = if let Some(body) = text.strip_prefix('/') {
        ('/', body)
    } else {
        let body = text.strip_prefix('m').ok_or(FORM)?;
        let open = body.chars().next().ok_or(FORM)?;
        if open.is_alphanumeric() || open.is_whitespace() || open == '_' {
            return Err(FORM);
        }
        (open, &body[open.len_utf8()..])
    };
    let (open, body) = body;
    let close = closing(open);
    let mut depth = 0usize;
    let mut escaped = false;
    for (at, c) in body.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == close && depth == 0 {
            let after = &body[at + c.len_utf8()..];
            let flags_end = after
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(after.len());
            let flags = &after[..flags_end];
            if let Some(bad) = flags.chars().find(|f| !"imsx".contains(*f)) {
                return Err(RuleProblem::Unsupported {
                    what: format!("regex flag {bad}"),
                    why: "only the flags i, m, s and x are read",
                });
            }
            let pattern = PerlRegex {
                pattern: body[..at].to_owned(),
                flags: flags.to_owned(),
            };
            return Ok((pattern, &after[flags_end..]));
        } else if c == close {
            depth -= 1;
        } else if c == open && open != close {
            depth += 1;
        }
    }
    Err(RuleProblem::Syntax("a closing delimiter after the regex"))
}

/// Appends `\xHH` for each UTF-8 byte of `c`.
fn push_bytes(out: &mut String, c: char) {
    let mut buffer = [0; 4];
    for byte in c.encode_utf8(&mut buffer).bytes() {
        out.push_str(&format!("\\x{byte:02X}"));
    }
}

/// The translation of one pattern.
struct Translator<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    pattern: &'a str,
    out: String,
    multi_line: bool,
    extended: bool,
    /// Whether the last token emitted was a quantifier (so a `+` after it
    /// makes it possessive).
    after_quantifier: bool,
}

impl Translator<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|&(_, c)| c)
    }

    fn rest(&mut self) -> &str {
        let at = self.chars.peek().map_or(self.pattern.len(), |&(at, _)| at);
        &self.pattern[at..]
    }

    /// A `\` escape, outside a class or inside one.
    fn escape(&mut self, in_class: bool) -> Result<(), RuleProblem> {
        let Some((_, c)) = self.chars.next() else {
            return Err(RuleProblem::Regex("trailing backslash".into()));
        };
        match c {
            '1'..='9' | 'g' | 'k' => return Err(RuleProblem::RegexFeature("a back-reference")),
            '0' => {
                let mut value = 0u32;
                for _ in 0..2 {
                    match self.peek().and_then(|d| d.to_digit(8)) {
                        Some(digit) => {
                            value = value * 8 + digit;
                            self.chars.next();
                        }
                        None => break,
                    }
                }
                self.out.push_str(&format!("\\x{value:02X}"));
            }
            'x' if self.peek() == Some('{') => {
                self.out.push_str("\\x");
                for (_, c) in self.chars.by_ref() {
                    self.out.push(c);
                    if c == '}' {
                        break;
                    }
                }
            }
            'x' => {
                let mut value = 0u32;
                for _ in 0..2 {
                    match self.peek().and_then(|d| d.to_digit(16)) {
                        Some(digit) => {
                            value = value * 16 + digit;
                            self.chars.next();
                        }
                        None => break,
                    }
                }
                self.out.push_str(&format!("\\x{value:02X}"));
            }
            'e' => self.out.push_str("\\x1B"),
            'b' if in_class => self.out.push_str("\\x08"),
            'b' | 'B' if self.peek() == Some('{') => {
                return Err(RuleProblem::Unsupported {
                    what: format!("\\{c}{{…}}"),
                    why: "Unicode boundaries do not apply to octets",
                });
            }
            'Z' if !in_class => self.out.push_str("(?:\\n?\\z)"),
            'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'n' | 'r' | 't' | 'f' | 'a' => {
                self.out.push('\\');
                self.out.push(c);
            }
            'b' | 'B' | 'A' | 'z' => {
                self.out.push('\\');
                self.out.push(c);
            }
            c if c.is_ascii_alphanumeric() => {
                return Err(RuleProblem::Unsupported {
                    what: format!("\\{c}"),
                    why: "this escape has no equivalent here; write the bytes or class it stands for",
                });
            }
            c => push_bytes(&mut self.out, c),
        }
        self.after_quantifier = false;
        Ok(())
    }

    /// After `(`: refuses the Perl-only group kinds, drops nothing.
    fn group(&mut self) -> Result<(), RuleProblem> {
        self.out.push('(');
        self.after_quantifier = false;
        if self.peek() != Some('?') {
            return Ok(());
        }
        self.chars.next();
        self.out.push('?');
        let after = self.rest().to_owned();
        let after = after.as_str();
        let feature = if after.starts_with('=')
            || after.starts_with('!')
            || after.starts_with("<=")
            || after.starts_with("<!")
        {
            Some("a look-around")
        } else if after.starts_with('>') {
            Some("an atomic group")
        } else if after.starts_with("P=") || after.starts_with("P>") || after.starts_with('&') {
            Some("a back-reference")
        } else if after.starts_with('{') || after.starts_with("?{") {
            Some("code")
        } else if after.starts_with('(') || after.starts_with('|') {
            Some("a conditional or branch-reset group")
        } else if after.starts_with(|c: char| c.is_ascii_digit() || c == 'R' || c == '+') {
            Some("recursion")
        } else {
            None
        };
        if let Some(feature) = feature {
            return Err(RuleProblem::RegexFeature(feature));
        }
        if after.starts_with(':') || after.starts_with('<') || after.starts_with("P<") {
            return Ok(());
        }
        // Inline flags, `(?i)` or `(?i-s:`: only those whose meaning the
        // translation does not change.
        let flags_end = after.find([')', ':']).unwrap_or(after.len());
        let flags = &after[..flags_end];
        if flags.is_empty() || !flags.chars().all(|f| "is-".contains(f)) {
            return Err(RuleProblem::Unsupported {
                what: format!("(?{flags}"),
                why: "inline flags other than i and s; put m and x after the closing delimiter",
            });
        }
        Ok(())
    }

    /// A `{` outside a class: a repetition `{n}`, `{n,}`, `{n,m}` is kept,
    /// anything else is a literal brace, as in Perl.
    fn brace(&mut self) {
        let rest = self.rest().to_owned();
        let end = rest.find('}');
        let is_repetition = end.is_some_and(|end| {
            let inside = &rest[..end];
            let (low, high) = inside.split_once(',').unwrap_or((inside, "0"));
            !low.is_empty()
                && low.bytes().all(|b| b.is_ascii_digit())
                && high.bytes().all(|b| b.is_ascii_digit())
        });
        match end {
            Some(end) if is_repetition => {
                self.out.push('{');
                self.out.push_str(&rest[..=end]);
                for _ in 0..=end {
                    self.chars.next();
                }
                self.after_quantifier = true;
            }
            _ => {
                self.out.push_str("\\{");
                self.after_quantifier = false;
            }
        }
    }

    /// A bracketed class, after its `[`.
    fn class(&mut self) -> Result<(), RuleProblem> {
        self.out.push('[');
        if self.peek() == Some('^') {
            self.chars.next();
            self.out.push('^');
        }
        if self.peek() == Some(']') {
            self.chars.next();
            self.out.push_str("\\]");
        }
        while let Some((_, c)) = self.chars.next() {
            match c {
                ']' => {
                    self.out.push(']');
                    self.after_quantifier = false;
                    return Ok(());
                }
                '\\' => self.escape(true)?,
                '[' => {
                    let rest = self.rest();
                    let posix = rest
                        .strip_prefix(':')
                        .and_then(|rest| rest.find(":]").map(|end| (end, rest)))
                        .filter(|(end, rest)| {
                            rest[..*end].bytes().all(|b| b.is_ascii_alphabetic())
                        });
                    match posix {
                        Some((end, _)) => {
                            let class = format!("[{}", &self.rest()[..end + 3]);
                            for _ in 0..end + 3 {
                                self.chars.next();
                            }
                            self.out.push_str(&class);
                        }
                        None => self.out.push_str("\\["),
                    }
                }
                // Set operators in `regex` classes, literals in Perl.
                '&' | '~' => push_bytes(&mut self.out, c),
                c if !c.is_ascii() => push_bytes(&mut self.out, c),
                c => self.out.push(c),
            }
        }
        Err(RuleProblem::Regex("unclosed character class".into()))
    }

    fn run(mut self) -> Result<String, RuleProblem> {
        while let Some((_, c)) = self.chars.next() {
            match c {
                '\\' => self.escape(false)?,
                '[' => self.class()?,
                '(' => self.group()?,
                '{' => self.brace(),
                '}' => {
                    self.out.push_str("\\}");
                    self.after_quantifier = false;
                }
                '+' if self.after_quantifier => {
                    return Err(RuleProblem::RegexFeature("a possessive quantifier"));
                }
                '*' | '+' => {
                    self.out.push(c);
                    self.after_quantifier = true;
                }
                // After a quantifier, `?` makes it lazy; else it is one.
                '?' => {
                    self.out.push(c);
                    self.after_quantifier = !self.after_quantifier;
                }
                '$' if !self.multi_line => {
                    self.out.push_str("(?:\\n?\\z)");
                    self.after_quantifier = false;
                }
                c if self.extended && c.is_whitespace() => {}
                '#' if self.extended => break,
                c if !c.is_ascii() => {
                    push_bytes(&mut self.out, c);
                    self.after_quantifier = false;
                }
                c => {
                    self.out.push(c);
                    self.after_quantifier = false;
                }
            }
        }
        Ok(self.out)
    }
}

impl PerlRegex {
    /// The equivalent `regex` syntax, flags included (`x` is applied by the
    /// translation, not passed on).
    pub(super) fn translate(&self) -> Result<String, RuleProblem> {
        let inline: String = self.flags.chars().filter(|f| "ims".contains(*f)).collect();
        let translator = Translator {
            chars: self.pattern.char_indices().peekable(),
            pattern: &self.pattern,
            out: if inline.is_empty() {
                String::new()
            } else {
                format!("(?{inline})")
            },
            multi_line: self.flags.contains('m'),
            extended: self.flags.contains('x'),
            after_quantifier: false,
        };
        translator.run()
    }

    /// Compiles the translation, within the size limits.
    pub(super) fn compile(&self) -> Result<(Regex, String), RuleProblem> {
        let translated = self.translate()?;
        let regex = RegexBuilder::new(&translated)
            .unicode(false)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(DFA_SIZE_LIMIT)
            .nest_limit(NEST_LIMIT)
            .build()
            .map_err(|error| RuleProblem::Regex(error.to_string()))?;
        Ok((regex, translated))
    }
}
