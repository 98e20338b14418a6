//! SpamAssassin's Bayes tokenizer (sa-semantics §3.2–§3.5).
//!
//! A message becomes a set of unique tokens drawn from four sources: the
//! visible rendered body (the Subject is its first line), the invisible HTML
//! text (prefix `I*:`), every cleaned URI variant, and the header fields
//! (prefix `H<name>:`).
//! Each token is identified in the database by the last 40 bits of the SHA-1 of
//! its bytes ([`token_hash`]).
//!
//! Everything here works on bytes, like SpamAssassin, which tokenizes UTF-8
//! octet strings: `\w`, `\s` and case folding are ASCII-only, and multi-byte
//! UTF-8 characters are kept whole.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::ops::{Range, RangeInclusive};
use std::sync::LazyLock;

use super::identity::{generated_msgid, header_msgid, msgid_key};
use super::ignored_headers::BAYES_IGNORED_HEADERS;
use super::token_map::TokenMap;
use crate::analysis::Analysis;

/// A token's identity in the database: the last 40 bits of the SHA-1 of its
/// bytes, as SpamAssassin's DBM store keys it.
pub type TokenHash = u64;

/// The 40-bit hash of a token (SpamAssassin: `substr(sha1($token), -5)`).
///
/// ```
/// use spamgauge::learning::bayes::token_hash;
/// // SHA-1("hello") = aaf4c61d…2cd9aea9434d: the last five bytes.
/// assert_eq!(token_hash(b"hello"), 0xd9_aea9_434d);
/// ```
#[must_use]
pub fn token_hash(token: &[u8]) -> TokenHash {
    let digest = sha1_smol::Sha1::from(token).digest().bytes();
    digest[15..]
        .iter()
        .fold(0u64, |acc, &byte| acc << 8 | u64::from(byte))
}

/// Where a line of text comes from; the tokenizer treats each a little
/// differently (SpamAssassin's `region` argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    /// Header fields: case kept, no address or domain break-outs.
    Header,
    /// Body text, visible or invisible.
    Body,
    /// A URI: like body text, but long tokens are kept whole.
    Uri,
}

/// Caps on the number of tokens taken from each source (counted with
/// repetitions, checked after each line as SpamAssassin does).
const MAX_BODY_TOKENS: usize = 50_000;
const MAX_URI_TOKENS: usize = 10_000;
const MAX_INVISIBLE_TOKENS: usize = 50_000;
const MAX_HEADER_TOKENS: usize = 10_000;

/// The English stop words of SpamAssassin's default configuration
/// (`bayes_stopword_en`): tokens equal to one of these, ignoring ASCII case,
/// are dropped. Sorted, lower-case (a unit test checks).
const STOP_WORDS_EN: &[&str] = &[
    "able",
    "all",
    "already",
    "and",
    "any",
    "are",
    "because",
    "both",
    "can",
    "come",
    "each",
    "email",
    "even",
    "few",
    "first",
    "for",
    "from",
    "give",
    "has",
    "have",
    "http",
    "information",
    "into",
    "it's",
    "just",
    "know",
    "like",
    "long",
    "look",
    "made",
    "mail",
    "mailing",
    "mailto",
    "make",
    "many",
    "more",
    "most",
    "much",
    "need",
    "not",
    "now",
    "number",
    "off",
    "one",
    "only",
    "out",
    "own",
    "people",
    "place",
    "right",
    "same",
    "see",
    "such",
    "that",
    "the",
    "this",
    "through",
    "time",
    "using",
    "web",
    "where",
    "why",
    "with",
    "without",
    "work",
    "world",
    "year",
    "years",
    "you",
    "you're",
    "your",
];

/// SpamAssassin's default `bayes_max_token_length`.
pub const DEFAULT_MAX_TOKEN_LENGTH: usize = 15;

/// The tokenizer and its settings. The defaults are SpamAssassin's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tokenizer {
    max_token_length: usize,
    stop_words: bool,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self {
            max_token_length: DEFAULT_MAX_TOKEN_LENGTH,
            stop_words: true,
        }
    }
}

/// The unique tokens of one message, by hash, with the text of each (kept to
/// explain a verdict), plus the keys that identify the message to make
/// learning idempotent (see [`generated_msgid`](super::generated_msgid)).
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    /// The texts of the tokens, one after another.
    texts: Vec<u8>,
    /// Where each token's text lies in `texts`.
    map: TokenMap<Range<usize>>,
    message_id: u64,
    header_message_id: Option<u64>,
}

/// Two sets are equal when they hold the same tokens with the same texts and
/// identify the same message (however their texts are laid out).
impl PartialEq for Tokens {
    fn eq(&self, other: &Self) -> bool {
        self.message_id == other.message_id
            && self.header_message_id == other.header_message_id
            && self.len() == other.len()
            && self
                .iter()
                .all(|(hash, text)| other.text(hash) == Some(text))
    }
}

impl Eq for Tokens {}

impl Tokens {
    /// Builds a token set from token strings (empty ones are dropped) and a
    /// message identifier.
    pub fn from_strings<I, T>(tokens: I, message_id: u64) -> Self
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let mut list = TokenList::default();
        for token in tokens {
            list.push(&[token.as_ref()]);
        }
        Self::from_list(&list, message_id)
    }

    /// The token set of a list of tokens, in order, with repetitions (empty
    /// ones are dropped; when two texts share a hash, the last one is kept).
    ///
    /// Each distinct text is hashed once: a message repeats its words, and
    /// SHA-1 is the dearest step of tokenizing.
    fn from_list(list: &TokenList, message_id: u64) -> Self {
        let mut known: HashMap<&[u8], TokenHash> = HashMap::with_capacity(list.len());
        let mut map = TokenMap::with_capacity_and_hasher(list.len(), Default::default());
        for range in list.ranges() {
            let text = &list.bytes[range.clone()];
            if !text.is_empty() {
                let hash = *known.entry(text).or_insert_with(|| token_hash(text));
                map.insert(hash, range);
            }
        }
        // Keep only the texts that are kept, once each.
        let mut texts = Vec::new();
        for range in map.values_mut() {
            let start = texts.len();
            texts.extend_from_slice(&list.bytes[range.clone()]);
            *range = start..texts.len();
        }
        Self {
            texts,
            map,
            message_id,
            header_message_id: None,
        }
    }

    /// Adds the key of the message's own Message-ID, which learning and
    /// forgetting also look up, after [`message_id`](Self::message_id), as
    /// SpamAssassin does for databases written by its older versions.
    #[must_use]
    pub fn with_header_message_id(mut self, key: u64) -> Self {
        self.header_message_id = Some(key);
        self
    }

    /// The number of unique tokens.
    #[must_use]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there is no token at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The token hashes, in ascending order.
    #[must_use]
    pub fn hashes(&self) -> Vec<TokenHash> {
        let mut hashes: Vec<TokenHash> = self.map.keys().copied().collect();
        hashes.sort_unstable();
        hashes
    }

    /// The text of the token with this hash.
    #[must_use]
    pub fn text(&self, hash: TokenHash) -> Option<&[u8]> {
        self.map.get(&hash).map(|range| &self.texts[range.clone()])
    }

    /// The token texts, sorted (for tests and debugging), lossily decoded.
    #[must_use]
    pub fn strings(&self) -> Vec<String> {
        let mut strings: Vec<String> = self
            .iter()
            .map(|(_, token)| String::from_utf8_lossy(token).into_owned())
            .collect();
        strings.sort_unstable();
        strings
    }

    /// Whether the token `text` is in the set.
    #[must_use]
    pub fn contains(&self, text: &str) -> bool {
        self.map.contains_key(&token_hash(text.as_bytes()))
    }

    /// The key a learned message is recorded under: for an analysed message,
    /// [`msgid_key`](super::msgid_key) of its
    /// [`generated_msgid`](super::generated_msgid). Learning a message whose
    /// key is recorded as the same class changes nothing.
    #[must_use]
    pub fn message_id(&self) -> u64 {
        self.message_id
    }

    /// The keys a database looks a message up under, in order: the
    /// [`message_id`](Self::message_id), then that of its Message-ID field
    /// when it has one.
    pub fn lookup_keys(&self) -> impl Iterator<Item = u64> {
        std::iter::once(self.message_id).chain(self.header_message_id)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (TokenHash, &[u8])> {
        self.map
            .iter()
            .map(|(hash, range)| (*hash, &self.texts[range.clone()]))
    }
}

/// Tokens in the order they are made, repetitions included, in one buffer:
/// a message makes hundreds, and one allocation for each was a good part of
/// the cost of tokenizing.
#[derive(Debug, Default)]
pub(crate) struct TokenList {
    /// The texts, one after another.
    bytes: Vec<u8>,
    /// Where each text ends in `bytes`.
    ends: Vec<usize>,
}

impl TokenList {
    /// The number of tokens, repetitions included.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Appends the token made of `parts`, one after another.
    fn push(&mut self, parts: &[&[u8]]) {
        for part in parts {
            self.bytes.extend_from_slice(part);
        }
        self.ends.push(self.bytes.len());
    }

    /// Appends the token made of `prefix` then the bytes of `rest`.
    fn push_with(&mut self, prefix: &[u8], rest: impl Iterator<Item = u8>) {
        self.bytes.extend_from_slice(prefix);
        self.bytes.extend(rest);
        self.ends.push(self.bytes.len());
    }

    /// Where each token lies in the buffer, in order.
    fn ranges(&self) -> impl Iterator<Item = Range<usize>> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(start, end)| start..end)
    }

    /// The tokens, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.ranges().map(|range| &self.bytes[range])
    }
}

impl Tokenizer {
    /// Sets the length beyond which a token is shortened (SpamAssassin's
    /// `bayes_max_token_length`). The default value is 15.
    #[must_use]
    pub fn max_token_length(mut self, length: usize) -> Self {
        self.max_token_length = length;
        self
    }

    /// Turns the English stop-word list on or off. The default value is on.
    #[must_use]
    pub fn stop_words(mut self, on: bool) -> Self {
        self.stop_words = on;
        self
    }

    /// Every unique token of an analysed message (sa-semantics §3.2).
    #[must_use]
    pub fn tokens(&self, analysis: &Analysis) -> Tokens {
        let mut list = TokenList::default();
        self.tokenize_lines(
            analysis.body.visible_lines.iter(),
            b"",
            Region::Body,
            MAX_BODY_TOKENS,
            &mut list,
        );
        // Every cleaned variant of every URI, once (SpamAssassin's
        // `get_uri_list`); DKIM `domainkeys:` entries have none.
        let mut seen_uris = HashSet::new();
        self.tokenize_lines(
            analysis
                .uris
                .iter()
                .flat_map(|uri| &uri.cleaned)
                .filter(|cleaned| seen_uris.insert(cleaned.as_str())),
            b"",
            Region::Uri,
            MAX_URI_TOKENS,
            &mut list,
        );
        self.tokenize_lines(
            analysis.body.invisible_lines.iter(),
            b"I*:",
            Region::Body,
            MAX_INVISIBLE_TOKENS,
            &mut list,
        );
        let before = list.len();
        let mut prefix = Vec::new();
        for (name, value) in header_values(analysis) {
            prefix.clear();
            prefix.push(b'H');
            prefix.extend_from_slice(name.as_bytes());
            prefix.push(b':');
            self.tokenize_into(value.as_bytes(), &prefix, Region::Header, &mut list);
            if list.len() - before >= MAX_HEADER_TOKENS {
                break;
            }
        }
        let tokens = Tokens::from_list(&list, msgid_key(&generated_msgid(analysis)));
        match header_msgid(analysis) {
            Some(id) => tokens.with_header_message_id(msgid_key(&id)),
            None => tokens,
        }
    }

    /// Tokenizes `lines` into `list` until `cap` tokens came from them.
    fn tokenize_lines<'a>(
        &self,
        lines: impl Iterator<Item = &'a String>,
        prefix: &[u8],
        region: Region,
        cap: usize,
        list: &mut TokenList,
    ) {
        let before = list.len();
        for line in lines {
            self.tokenize_into(line.as_bytes(), prefix, region, list);
            if list.len() - before >= cap {
                break;
            }
        }
    }

    /// Tokenizes one line (SpamAssassin's `_tokenize_line`, sa-semantics §3.3),
    /// appending the tokens, with repetitions, to `out`.
    ///
    /// ```
    /// use spamgauge::learning::bayes::{Region, Tokenizer};
    /// let mut tokens = Vec::new();
    /// Tokenizer::default().tokenize_line(b"Buy CHEAP pills!", b"", Region::Body, &mut tokens);
    /// let tokens: Vec<_> = tokens.iter().map(|t| String::from_utf8_lossy(t).into_owned()).collect();
    /// assert_eq!(tokens, ["buy", "cheap", "CHEAP", "pills", "pills!"]);
    /// ```
    pub fn tokenize_line(
        &self,
        text: &[u8],
        prefix: &[u8],
        region: Region,
        out: &mut Vec<Vec<u8>>,
    ) {
        let mut list = TokenList::default();
        self.tokenize_into(text, prefix, region, &mut list);
        out.extend(list.iter().map(<[u8]>::to_vec));
    }

    /// [`tokenize_line`](Self::tokenize_line) into a [`TokenList`].
    fn tokenize_into(&self, text: &[u8], prefix: &[u8], region: Region, out: &mut TokenList) {
        let body_like = matches!(region, Region::Body | Region::Uri);
        let bytes = clean_bytes(text);
        let dots_split = split_runs(&bytes, b'.', 3..=6);
        let dashes_split = split_runs(&dots_split, b'-', 2..=6);
        let cleaned = if body_like {
            lower_title_case(&dashes_split)
        } else {
            dashes_split
        };
        // The `sk:` form of a long token, rebuilt in place for each.
        let mut skipped = Vec::new();
        for raw in cleaned.split(u8::is_ascii_whitespace) {
            let mut token = trim_punctuation(raw);
            let len = token.len();
            if len < 3 || (self.stop_words && is_stop_word(token)) {
                continue;
            }
            if body_like {
                if has_inner_at(token) {
                    mail_address_tokens(token, out);
                } else if has_domain_shape(token) {
                    out.push(&[b"UD:", token]);
                    let mut bit = token;
                    while let Some(rest) = strip_first_label(bit) {
                        out.push(&[b"UD:", rest]);
                        bit = rest;
                    }
                }
            }
            if len > self.max_token_length && !token.contains(&b'*') {
                if token
                    .windows(2)
                    .any(|pair| pair.iter().all(|&b| (0x80..=0xbf).contains(&b)))
                {
                    let wide = wide_utf8_chars(token);
                    if !wide.is_empty() {
                        for ch in wide {
                            out.push(&[prefix, b"u8:", ch]);
                        }
                        continue;
                    }
                }
                if region != Region::Uri {
                    let head = seven_chars(token);
                    if token.len() - head >= 2 {
                        skipped.clear();
                        skipped.extend_from_slice(b"sk:");
                        skipped.extend_from_slice(&token[..head]);
                        token = &skipped;
                    }
                }
            }
            if body_like {
                let has_other = token.iter().any(|&b| !is_word_colon_star(b));
                let word_bytes = || token.iter().copied().filter(|&b| is_word_colon_star(b));
                if has_other {
                    out.push_with(prefix, word_bytes());
                }
                if token.iter().any(u8::is_ascii_uppercase) {
                    out.push_with(prefix, token.iter().map(u8::to_ascii_lowercase));
                    if has_other {
                        // Lower-casing keeps `is_word_colon_star` as it was.
                        out.push_with(prefix, word_bytes().map(|b| b.to_ascii_lowercase()));
                    }
                }
            }
            out.push(&[prefix, token]);
        }
    }
}

/// Step 2: a run of `mark`s between two word characters is set apart by
/// spaces when its length is in `lengths`.
///
/// This is SpamAssassin's `s/(\w)(\.{3,6})(\w)/$1 $2 $3/g` (and the same for
/// `-{2,6}`), on bytes, where `\w` is ASCII: a match takes the word character
/// after the run, so that character cannot start the next one. A unit test
/// checks the scan against the regex.
fn split_runs(text: &[u8], mark: u8, lengths: RangeInclusive<usize>) -> Cow<'_, [u8]> {
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let mut out: Option<Vec<u8>> = None;
    // `text[..copied]` is in `out` already; a match may start at `from`.
    let (mut copied, mut from) = (0, 0);
    while let Some(offset) = text
        .get(from + 1..)
        .and_then(|rest| rest.iter().position(|&b| b == mark))
    {
        let run_start = from + 1 + offset;
        let run_len = text[run_start..].iter().take_while(|&&b| b == mark).count();
        let run_end = run_start + run_len;
        let matched = is_word(text[run_start - 1])
            && lengths.contains(&run_len)
            && text.get(run_end).is_some_and(|&b| is_word(b));
        if matched {
            let out = out.get_or_insert_with(|| Vec::with_capacity(text.len() + 8));
            out.extend_from_slice(&text[copied..run_start]);
            out.push(b' ');
            out.extend_from_slice(&text[run_start..run_end]);
            out.push(b' ');
            out.push(text[run_end]);
            (copied, from) = (run_end + 1, run_end + 1);
        } else {
            from = run_end;
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.extend_from_slice(&text[copied..]);
            Cow::Owned(out)
        }
    }
}

/// Step 1: every byte that is neither a token character, part of a
/// well-formed UTF-8 sequence, nor a lone byte ≥ 0xA1 becomes a space.
fn clean_bytes(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while let Some(&byte) = text.get(i) {
        let continuation = |n: usize| {
            text.get(i + 1..i + 1 + n)
                .is_some_and(|tail| tail.iter().all(|&b| (0x80..=0xbf).contains(&b)))
        };
        let width = match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => 1,
            b',' | b'@' | b'*' | b'!' | b'_' | b'\'' | b'"' | b'$' | b'.' | b' ' | b'-' => 1,
            0xc0..=0xdf if continuation(1) => 2,
            0xe0..=0xef if continuation(2) => 3,
            0xf0..=0xf4 if continuation(3) => 4,
            0xa1..=0xff => 1,
            _ => 0,
        };
        // One byte is pushed, not copied as a slice: most bytes are ASCII.
        match width {
            0 => out.push(b' '),
            1 => out.push(byte),
            _ => out.extend_from_slice(&text[i..i + width]),
        }
        i += width.max(1);
    }
    out
}

/// Step 3: a capital that starts the line or a sentence, followed by
/// non-capitals up to a space, is lower-cased (Title Case is not a clue).
///
/// This is SpamAssassin's `s/(?:^|\.\s+)([A-Z])([^A-Z]+)(?:\s|$)/ \L$1$2 /g`
/// on bytes, scanned by hand: with the `regex` crate it was a third of the
/// tokenizer's time (captures for every sentence). A unit test checks it
/// against that regex.
fn lower_title_case(text: &[u8]) -> Cow<'_, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    // `text[..copied]` is in `out` already; a match is looked for from `at`.
    let (mut copied, mut at) = (0, 0);
    while at < text.len() {
        let Some(start) = (if at == 0 {
            Some(0)
        } else {
            text[at..]
                .iter()
                .position(|&b| b == b'.')
                .map(|dot| at + dot)
        }) else {
            break;
        };
        let Some((capital, word_end, end)) = title_word_at(text, start) else {
            at = start + 1;
            continue;
        };
        let out = out.get_or_insert_with(|| Vec::with_capacity(text.len() + 2));
        out.extend_from_slice(&text[copied..start]);
        out.push(b' ');
        out.push(text[capital].to_ascii_lowercase());
        out.extend_from_slice(&text[capital + 1..word_end]);
        out.push(b' ');
        (copied, at) = (end, end);
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.extend_from_slice(&text[copied..]);
            Cow::Owned(out)
        }
    }
}

/// Perl's `\s` on bytes (with the vertical tab, unlike
/// `u8::is_ascii_whitespace`).
fn is_perl_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// The title-case match starting at `start`, as a backtracking regex engine
/// finds it: the capital's position, the end of the word (`$2`) and the end
/// of the match.
fn title_word_at(text: &[u8], start: usize) -> Option<(usize, usize, usize)> {
    // `([A-Z])([^A-Z]+)(?:\s|$)` at `capital`: the run of non-capitals is
    // greedy, then gives back bytes until a blank follows it, or the text
    // ends right after it.
    let word = |capital: usize| {
        if !text.get(capital)?.is_ascii_uppercase() {
            return None;
        }
        let run_end = text[capital + 1..]
            .iter()
            .position(u8::is_ascii_uppercase)
            .map_or(text.len(), |n| capital + 1 + n);
        if run_end == text.len() && run_end >= capital + 2 {
            return Some((capital, run_end, run_end));
        }
        (capital + 2..run_end)
            .rev()
            .find(|&blank| is_perl_space(text[blank]))
            .map(|blank| (capital, blank, blank + 1))
    };
    // `^` first, then `\.\s+` (the blanks are all taken: a capital must
    // follow them).
    if start == 0
        && let Some(found) = word(0)
    {
        return Some(found);
    }
    if text.get(start) != Some(&b'.') {
        return None;
    }
    let blanks = text[start + 1..]
        .iter()
        .take_while(|&&b| is_perl_space(b))
        .count();
    if blanks == 0 {
        return None;
    }
    word(start + 1 + blanks)
}

fn trim_punctuation(token: &[u8]) -> &[u8] {
    let edge = |b: &u8| matches!(b, b'-' | b'\'' | b'"' | b'.' | b',');
    let start = token.iter().position(|b| !edge(b)).unwrap_or(token.len());
    let end = token
        .iter()
        .rposition(|b| !edge(b))
        .map_or(start, |i| i + 1);
    token.get(start..end.max(start)).unwrap_or_default()
}

/// The stop words as [`word_key`]s, in the same (ascending) order.
static STOP_WORD_KEYS: [u128; STOP_WORDS_EN.len()] = {
    let mut keys = [0; STOP_WORDS_EN.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = word_key(STOP_WORDS_EN[i].as_bytes());
        i += 1;
    }
    keys
};

/// The longest stop word, in bytes.
const MAX_STOP_WORD_LEN: usize = 11;

/// A word of at most 15 bytes, lower-cased, as a number that sorts like it:
/// its bytes from the highest down, padded with zeros, then its length (so
/// that padding is not taken for a NUL byte). Comparing numbers is much
/// cheaper than comparing lower-cased byte strings, and every word of a
/// message is looked up.
const fn word_key(word: &[u8]) -> u128 {
    let mut key = 0u128;
    let mut i = 0;
    while i < word.len() && i < 15 {
        key = key << 8 | word[i].to_ascii_lowercase() as u128;
        i += 1;
    }
    key << (8 * (15 - i)) << 8 | word.len() as u128
}

fn is_stop_word(token: &[u8]) -> bool {
    token.len() <= MAX_STOP_WORD_LEN && STOP_WORD_KEYS.binary_search(&word_key(token)).is_ok()
}

fn is_word_colon_star(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b':' | b'*')
}

/// `\S@\S`: an `@` with something on both sides (tokens hold no whitespace).
fn has_inner_at(token: &[u8]) -> bool {
    token.len() >= 3 && token[1..token.len() - 1].contains(&b'@')
}

/// `\S\.[a-z]`i: a dot, not first, followed by a letter.
fn has_domain_shape(token: &[u8]) -> bool {
    token
        .windows(2)
        .skip(1)
        .any(|pair| pair[0] == b'.' && pair[1].is_ascii_alphabetic())
}

/// `s/^[^.]+\.(.+)$/$1/`: drops the first label when something follows its dot.
fn strip_first_label(bit: &[u8]) -> Option<&[u8]> {
    let dot = bit.iter().position(|&b| b == b'.')?;
    (dot > 0 && dot + 1 < bit.len()).then(|| &bit[dot + 1..])
}

/// `U*local`, `D*domain` and `D*` of each parent domain, split at the last `@`
/// that has something on both sides.
fn mail_address_tokens(address: &[u8], out: &mut TokenList) {
    let Some(at) = address
        .iter()
        .enumerate()
        .rev()
        .find(|&(i, &b)| b == b'@' && i > 0 && i + 1 < address.len())
        .map(|(i, _)| i)
    else {
        return;
    };
    out.push(&[b"U*", &address[..at]]);
    let mut domain = &address[at + 1..];
    out.push(&[b"D*", domain]);
    while let Some(parent) = strip_first_label(domain) {
        out.push(&[b"D*", parent]);
        domain = parent;
    }
}

/// The 3- and 4-byte UTF-8 characters of a long token, in order.
fn wide_utf8_chars(token: &[u8]) -> Vec<&[u8]> {
    let mut chars = Vec::new();
    let cont = |b: u8| (0x80..=0xbf).contains(&b);
    let mut i = 0;
    while i < token.len() {
        let lead = token[i];
        let width = if (0xe0..=0xef).contains(&lead) {
            3
        } else if (0xf0..=0xf4).contains(&lead) && token.get(i + 1).is_some_and(|&b| cont(b)) {
            4
        } else {
            0
        };
        if width > 0
            && token
                .get(i + width - 2..i + width)
                .is_some_and(|tail| tail.iter().all(|&b| cont(b)))
        {
            chars.push(&token[i..i + width]);
            i += width;
        } else {
            i += 1;
        }
    }
    chars
}

/// The byte length of the first seven characters (a well-formed UTF-8
/// sequence counts as one, any other byte as one).
fn seven_chars(token: &[u8]) -> usize {
    let cont = |n: usize, at: usize| {
        token
            .get(at + 1..at + 1 + n)
            .is_some_and(|tail| tail.iter().all(|&b| (0x80..=0xbf).contains(&b)))
    };
    let mut at = 0;
    for _ in 0..7 {
        let Some(&lead) = token.get(at) else { break };
        at += match lead {
            0xc0..=0xdf if cont(1, at) => 2,
            0xe0..=0xef if cont(2, at) => 3,
            0xf0..=0xf4 if cont(3, at) => 4,
            _ => 1,
        };
    }
    at
}

/// Whether Bayes ignores this header field (SpamAssassin's built-in list, then
/// the stock `bayes_ignore_header` names). `Received` is handled apart.
fn ignored_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let bare = lower.strip_prefix("x-").unwrap_or(&lower);
    const EXACT: &[&str] = &[
        "delivered-to",
        "delivery-date",
        "x-mime-autoconverted",
        "x-converted-to-plain-text",
        "subject",
        "date",
        "x-list",
        "x-unsub",
        "x-unsubscribe",
        "x-mailman-version",
        "x-beenthere",
        "x-loop",
        "mail-followup-to",
        "x-egroups-return",
        "x-egroups-from",
        "x-mdmailing-list",
        "x-xemacs-list",
        "x-sympa-to",
        "x-mailscanner",
        "x-mailscanner-spamcheck",
        "x-spam",
        "x-spam-status",
        "x-spam-level",
        "x-spam-flag",
        "x-spam-report",
        "x-spam-hits",
        "x-spam-score",
        "x-spam-checker-version",
        "x-antispam",
        "x-rbl-warning",
        "x-mdaemon-deliver-to",
        "x-virus-scanned",
        "x-mass-check-id",
        "x-pyzor",
        "x-filtered-by",
        "x-scanned-by",
        "x-scanner",
        "x-ap-spam-score",
        "x-ap-spam-status",
        "x-ripe-spam-status",
        "x-smtpd",
        "spam",
        "x-perlmx-spam",
        "x-bogosity",
        "content-class",
        "thread-index",
        "thread-topic",
        "x-originalarrivaltime",
        "x-flags",
        "x-keywords",
        "replied",
        "forwarded",
        "lines",
        "content-length",
        "x-uid",
        "x-uidl",
        "x-imapbase",
        "x-vm-bookmark",
        "x-vm-pop-retrieved",
        "x-vm-imap-retrieved",
        "x-vm-labels",
        "x-vm-last-modified",
        "x-vm-summary-format",
        "x-vheader",
        "x-vm-vheader",
        "x-vm-message-order",
        "x-gnus-mail-source",
        "xref",
    ];
    // Names that may also carry an `X-` prefix.
    const OPTIONAL_X: &[&str] = &[
        "sender",
        "envelope-to",
        "mailing-list",
        "list-archive",
        "list-help",
        "list-id",
        "list-owner",
        "list-post",
        "list-subscribe",
        "list-unsubscribe",
        "list-host",
        "list-manager",
        "list-admin",
        "list-comment",
        "list-name",
        "list-url",
        "resent-from",
        "resent-to",
        "resent-date",
        "original-from",
        "original-to",
        "original-date",
        "spam-apparently-to",
        "status",
    ];
    if EXACT.contains(&lower.as_str()) || OPTIONAL_X.contains(&bare) {
        return true;
    }
    let vm_data = lower
        .strip_prefix("x-vm-v")
        .and_then(|rest| rest.strip_suffix("-data"))
        .is_some_and(|digit| digit.len() == 1 && digit.as_bytes()[0].is_ascii_digit());
    let dcc = lower
        .strip_prefix("x-dcc-")
        .and_then(|rest| rest.strip_suffix("-metrics"))
        .is_some_and(|brand| {
            (2..=25).contains(&brand.len()) && !brand.contains(char::is_whitespace)
        });
    let prefixed = ["x-spamcop-", "x-bugzilla-"]
        .iter()
        .any(|p| lower.len() > p.len() && lower.starts_with(p));
    vm_data || dcc || prefixed || BAYES_IGNORED_HEADERS.binary_search(&lower.as_str()).is_ok()
}

/// SpamAssassin's header-name compression (exact case).
fn compressed_name(name: &str) -> &str {
    match name {
        "Message-Id" => "*m",
        "Message-ID" => "*M",
        "Received" => "*r",
        "User-Agent" => "*u",
        "References" => "*f",
        "In-Reply-To" => "*i",
        "From" => "*F",
        "Reply-To" => "*R",
        "Return-Path" => "*p",
        "Return-path" => "*rp",
        "X-Mailer" => "*x",
        "X-Authentication-Warning" => "*a",
        "Organization" | "Organisation" => "*o",
        "Content-Type" => "*ct",
        "Content-Disposition" => "*cd",
        "Content-Transfer-Encoding" => "*ce",
        "x-spam-relays-trusted" => "*RT",
        "x-spam-relays-untrusted" => "*RU",
        other => other,
    }
}

/// The header values to tokenize, by (compressed) name, in a stable order
/// (sa-semantics §3.4).
fn header_values(analysis: &Analysis) -> Vec<(&str, String)> {
    let mut fields: Vec<(&str, Cow<'_, str>)> = Vec::new();
    let mut received: Vec<&str> = Vec::new();
    for field in &analysis.headers.fields {
        if field.name.eq_ignore_ascii_case("Received") {
            received.push(&field.decoded);
        } else if !ignored_header(&field.name) {
            fields.push((&field.name, Cow::Borrowed(&field.decoded)));
        }
    }
    fields.extend(metadata(analysis));
    // The two oldest Received fields: usually the spamware's own hop.
    for value in received.iter().rev().take(2) {
        fields.push(("Received", Cow::Borrowed(value)));
    }

    // The values by name, names in the order they first come.
    let mut joined: Vec<(&str, String)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut append = |name, value: &str| match index.entry(name) {
        Entry::Occupied(at) => {
            let existing = &mut joined[*at.get()].1;
            existing.push(' ');
            existing.push_str(value);
        }
        Entry::Vacant(slot) => {
            slot.insert(joined.len());
            joined.push((name, value.to_owned()));
        }
    };
    for (name, value) in &fields {
        let lower = name.to_ascii_lowercase();
        let value = chew_header(name, &lower, value);
        if matches!(lower.as_str(), "in-reply-to" | "references" | "message-id") {
            append("*MI", &value);
        }
        if matches!(lower.as_str(), "from" | "to" | "cc") {
            append("*Ad", &value);
        }
        if matches!(lower.as_str(), "x-mailer" | "user-agent") {
            append("*UA", &value);
        }
        append(compressed_name(name), &value);
    }
    joined
}

/// The pseudo header fields SpamAssassin adds from its own metadata, sorted by
/// name: the four relay lists. (When SpamAssassin scans, its metadata also
/// holds `x-authordomain` and `x-senderdomain`, but not when it learns, so
/// those tokens are never in a database trained by `sa-learn`; we leave them
/// out on both sides.)
fn metadata(analysis: &Analysis) -> Vec<(&'static str, Cow<'static, str>)> {
    let relays = &analysis.relays;
    if relays.trusted.is_empty() && relays.untrusted.is_empty() {
        return Vec::new();
    }
    vec![
        ("x-spam-relays-external", relays.external_string().into()),
        ("x-spam-relays-internal", relays.internal_string().into()),
        ("x-spam-relays-trusted", relays.trusted_string().into()),
        ("x-spam-relays-untrusted", relays.untrusted_string().into()),
    ]
}

/// Per-field pre-processing before tokenization (sa-semantics §3.4).
fn chew_header<'a>(name: &str, lower: &str, value: &'a str) -> Cow<'a, str> {
    let bare = lower
        .strip_prefix("x-")
        .or_else(|| lower.strip_prefix("resent-"))
        .unwrap_or(lower);
    if bare == "message-id" {
        chew_message_id(value).into()
    } else if matches!(
        bare,
        "return-path"
            | "from"
            | "to"
            | "cc"
            | "reply-to"
            | "errors-to"
            | "mail-followup-to"
            | "sender"
    ) {
        chew_addresses(value).into()
    } else if name == "Received" {
        chew_received(value).into()
    } else if name == "Content-Type" {
        chew_content_type(value).into()
    } else if name == "MIME-Version" {
        value.replacen("1.0", "", 1).into()
    } else if presence_only(lower) {
        "1".into()
    } else if matches!(
        name,
        "x-spam-relays-external"
            | "x-spam-relays-internal"
            | "x-spam-relays-trusted"
            | "x-spam-relays-untrusted"
    ) {
        drop_relay_markers(value).into()
    } else {
        value.into()
    }
}

fn presence_only(lower: &str) -> bool {
    matches!(
        lower,
        "x-face"
            | "dkim-signature"
            | "domainkey-signature"
            | "x-google-dkim-signature"
            | "arc-message-signature"
            | "arc-seal"
            | "autocrypt"
    ) || lower.strip_prefix("x-").is_some_and(|rest| {
        let rest = rest
            .strip_prefix("gnupg")
            .or_else(|| rest.strip_prefix("gnu-pg"))
            .or_else(|| rest.strip_prefix("pgp"))
            .or_else(|| rest.strip_prefix("gpg"));
        rest.is_some_and(|tail| tail == "-fingerprint" || tail == "-key-fingerprint")
    })
}

/// SpamAssassin's `s/ [a-z]+=/ /g` on a relay pseudo-header: each
/// ` name=` becomes a space. Scanned by hand: the relay fields are long and
/// full of markers, each a whole regex match (a unit test checks the scan
/// against the regex).
fn drop_relay_markers(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len());
    // `value[..copied]` is in `out` already; a match may start at `from`.
    let (mut copied, mut from) = (0, 0);
    while let Some(offset) = value[from..].find(' ') {
        let space = from + offset;
        let letters = bytes[space + 1..]
            .iter()
            .take_while(|b| b.is_ascii_lowercase())
            .count();
        let end = space + 1 + letters;
        if letters > 0 && bytes.get(end) == Some(&b'=') {
            out.push_str(&value[copied..space]);
            out.push(' ');
            (copied, from) = (end + 1, end + 1);
        } else {
            from = space + 1;
        }
    }
    out.push_str(&value[copied..]);
    out
}

static OUTLOOK_ID: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"<([0-9a-f]{4})[0-9a-f]{8}\$([0-9a-f]{4})[0-9a-f]{4}\$([0-9a-f]{8})@(\S+)>")
        .unwrap_or_else(|_| unreachable!())
});
static EXIM_ID: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"<[A-Za-z0-9]{7}-[A-Za-z0-9]{6}-0[A-Za-z0-9]@")
        .unwrap_or_else(|_| unreachable!())
});
static SENDMAIL_ID: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"<20\d\d[01]\d[0123]\d[012]\d[012345]\d[012345]\d\.[A-F0-9]{10,12}@")
        .unwrap_or_else(|_| unreachable!())
});
/// SpamAssassin's `s/[^_A-Za-z0-9]/ /g`: every other character (not byte)
/// becomes a space.
fn id_chars_only(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

fn chew_message_id(value: &str) -> String {
    let value = OUTLOOK_ID.replace_all(value, " OEA$1 OEB$2 OEC$3 $4 ");
    let value = EXIM_ID.replace(&value, "");
    let value = SENDMAIL_ID.replace_all(&value, "");
    id_chars_only(&value)
}

static RECEIVED_NOISE: LazyLock<[regex::Regex; 5]> = LazyLock::new(|| {
    [
        r"\swith\sSMTP\sid\sg[\dA-Z]{10,12}\s",
        r"\swith\sESMTP\sid\s[\dA-F]{10,12}\s",
        r"\bid\s[a-zA-Z0-9]{7,20}\b",
        r"\bid\s[A-Za-z0-9]{7}-[A-Za-z0-9]{6}-0[A-Za-z0-9]",
        concat!(
            r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s)?[0-3\s]?[0-9]\s",
            r"(?:Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec)\s(?:19|20)?[0-9]{2}\s",
            r"[0-2][0-9](?::[0-5][0-9]){1,2}\s(?:\s*\(|\)|\s*(?:[+-][0-9]{4})|\s*(?:UT|[A-Z]{2,3}T))*",
        ),
    ]
    .map(|re| regex::Regex::new(&format!("(?-u){re}")).unwrap_or_else(|_| unreachable!()))
});
static RECEIVED_IPV4: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?-u)\b(\d{1,3}\.)(\d{1,3}\.)(\d{1,3})(\.\d{1,3})\b")
        .unwrap_or_else(|_| unreachable!())
});
static RECEIVED_WORDS: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?-u)\b(?:with|from|for|SMTP|ESMTP)\b").unwrap_or_else(|_| unreachable!())
});

fn chew_received(value: &str) -> String {
    let mut value = value.to_owned();
    for (i, re) in RECEIVED_NOISE.iter().enumerate() {
        let with = if i == 4 { "" } else { " " };
        value = re.replace_all(&value, with).into_owned();
    }
    // IPv4 addresses: keep the /24 (the whole address for 10/8 and
    // 192.168/16), plus the full address as `ip*a.b.c.d`.
    let value = RECEIVED_IPV4.replace_all(&value, |caps: &regex::Captures<'_>| {
        let part = |i| caps.get(i).map_or("", |m| m.as_str());
        let (a, b, c, d) = (part(1), part(2), part(3), part(4));
        // SpamAssassin means to keep 10/8 and 192.168/16 addresses whole, but
        // it compares a group that includes the dot ("10." against "10"), so
        // in practice every address is cut to its /24.
        format!("{a}{b}{c} ip*{a}{b}{c}{d} ")
    });
    RECEIVED_WORDS.replace_all(&value, " ").into_owned()
}

static BOUNDARY: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r#"(?i)boundary=["'](.*?)["']"#).unwrap_or_else(|_| unreachable!())
});
static BOUNDARY_SEPARATORS: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"([-_.=]+)").unwrap_or_else(|_| unreachable!()));
static CONTENT_TYPE_WORDS: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?-u)\b(?:text|charset)\b").unwrap_or_else(|_| unreachable!())
});

fn chew_content_type(value: &str) -> String {
    let mut boundary = None;
    let mut value = BOUNDARY
        .replace_all(value, |caps: &regex::Captures<'_>| {
            boundary = caps.get(1).map(|m| m.as_str().to_owned());
            " ".to_owned()
        })
        .into_owned();
    if let Some(boundary) = boundary {
        let hexless: String = boundary
            .chars()
            .map(|c| if c.is_ascii_hexdigit() { 'H' } else { c })
            .collect();
        value.push_str(&BOUNDARY_SEPARATORS.replace_all(&hexless, " $1 "));
    }
    CONTENT_TYPE_WORDS.replace_all(&value, " ").into_owned()
}

/// `N*word` for each display-name word, then the address tokens.
fn chew_addresses(value: &str) -> String {
    let mut tokens: Vec<String> = Vec::new();
    for (phrase, address) in parse_addresses(value) {
        if let Some(phrase) = phrase {
            tokens.extend(phrase.split_whitespace().map(|word| format!("N*{word}")));
        }
        if let Some(address) = address {
            let mut out = TokenList::default();
            mail_address_tokens(address.as_bytes(), &mut out);
            tokens.extend(out.iter().map(|t| String::from_utf8_lossy(t).into_owned()));
        }
    }
    tokens.join(" ")
}

/// `(display name, address)` pairs of an address-list value, as
/// SpamAssassin's `parse_header_addresses` gives them: entries without a
/// usable address keep their name, and a comment stands in for a missing name.
pub(crate) fn parse_addresses(value: &str) -> Vec<(Option<String>, Option<String>)> {
    crate::analysis::address::parse_address_entries(value)
}

/// Whether an address is private for SpamAssassin (sa-semantics §2.8).
pub(crate) fn is_private_ip(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            a == 10
                || a == 127
                || (a == 169 && b == 254)
                || (a == 172 && (16..=31).contains(&b))
                || (a == 192 && b == 168)
                || (a == 100 && (64..=127).contains(&b))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private_ip(&IpAddr::V4(v4));
            }
            v6.is_loopback() || (v6.segments()[0] & 0xffc0) == 0xfe80
        }
    }
}

#[cfg(test)]
mod tests {
    use regex::bytes::Regex;

    use super::*;

    #[test]
    fn address_headers_read_like_parse_header_addresses() {
        // A trailing comment stands in for the missing name.
        assert_eq!(
            chew_addresses("harley@argote.ch (Robert Harley)"),
            "N*Robert N*Harley U*harley D*argote.ch D*ch"
        );
        // Near miss: a name before the address wins over the comment.
        assert_eq!(
            chew_addresses("Bob <harley@argote.ch> (Robert Harley)"),
            "N*Bob U*harley D*argote.ch D*ch"
        );
        // A `<` inside a quoted name does not open the address.
        assert_eq!(
            chew_addresses("\"<Karen Duarte\" <karen@example.com>"),
            "N*<Karen N*Duarte U*karen D*example.com D*com"
        );
        // The address stops at a second `@`.
        assert_eq!(
            chew_addresses("sous1@aa.example.jp@mx2.example.jp"),
            "U*sous1 D*aa.example.jp D*example.jp D*jp"
        );
        // Nested comments defeat the parser: all of it is a name.
        assert_eq!(
            chew_addresses("harley@argote.ch ((Robert Harley))"),
            "N*harley@argote.ch N*()"
        );
    }

    /// `fixed`, then 20,000 pseudo-random texts of fewer than `max_len`
    /// items drawn from `alphabet` (xorshift with a fixed seed: the same
    /// texts on every run), for comparing a hand scan with its regex.
    fn compared_texts<T: Copy>(fixed: &[Vec<T>], alphabet: &[T], max_len: u64) -> Vec<Vec<T>> {
        let mut next = crate::test_random::xorshift(0x2545_f491_4f6c_dd1d_u64);
        let mut texts = fixed.to_vec();
        for _ in 0..20_000 {
            let len = (next() % max_len) as usize;
            texts.push(
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect(),
            );
        }
        texts
    }

    #[test]
    fn title_case_scan_is_the_regex() {
        let regex = Regex::new(r"(?-u)(?:^|\.\s+)([A-Z])([^A-Z]+)(?:\s|$)").unwrap();
        let by_regex = |text: &[u8]| {
            regex
                .replace_all(text, |caps: &regex::bytes::Captures<'_>| {
                    let mut out = vec![b' '];
                    out.extend(caps[1].to_ascii_lowercase());
                    out.extend_from_slice(&caps[2]);
                    out.push(b' ');
                    out
                })
                .into_owned()
        };
        let alphabet = b"Aa. .\t\x0bB\xc3\xa9,Zz9";
        let fixed: &[&[u8]] = &[
            &b""[..],
            b"Hello world",
            b"Hello",
            b"H",
            b"Hi",
            b"A. Bc. De",
            b"x. Hello World. Foo bar.  Baz qux",
            b"Mr. Smith. The END. Okay.",
            b"..  Ab",
        ];
        let fixed: Vec<Vec<u8>> = fixed.iter().map(|t| t.to_vec()).collect();
        let texts = compared_texts(&fixed, alphabet, 24);
        for text in &texts {
            assert_eq!(
                lower_title_case(text).as_ref(),
                by_regex(text).as_slice(),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn run_splitting_scan_is_the_regex() {
        let dots = Regex::new(r"(?-u)([0-9A-Za-z_])(\.{3,6})([0-9A-Za-z_])").unwrap();
        let dashes = Regex::new(r"(?-u)([0-9A-Za-z_])(-{2,6})([0-9A-Za-z_])").unwrap();
        let alphabet = b"a_9..--- \xc3";
        let fixed: &[&[u8]] = &[
            &b"a...b...c"[..],
            b"a.......b",
            b"...a...",
            b"x--y--z---w",
            b"a..b",
            b"",
        ];
        let fixed: Vec<Vec<u8>> = fixed.iter().map(|t| t.to_vec()).collect();
        let texts = compared_texts(&fixed, alphabet, 30);
        for text in &texts {
            let lossy = String::from_utf8_lossy(text);
            let by_regex = dots.replace_all(text, &b"$1 $2 $3"[..]);
            assert_eq!(split_runs(text, b'.', 3..=6), by_regex, "{lossy:?}");
            let by_regex = dashes.replace_all(text, &b"$1 $2 $3"[..]);
            assert_eq!(split_runs(text, b'-', 2..=6), by_regex, "{lossy:?}");
        }
    }

    #[test]
    fn header_scans_are_the_regexes() {
        let markers = regex::Regex::new(r" [a-z]+=").unwrap();
        let non_id = regex::Regex::new(r"[^_A-Za-z0-9]").unwrap();
        let alphabet = ['a', 'z', 'Q', '_', '7', ' ', '=', '<', '@', 'é', '€'];
        let fixed = [
            "[ ip=192.0.2.1 rdns=mx.example.com helo= by=x ident= envfrom= intl=0 id= auth= msa=0 ]",
            " a= b=c  =d  é= ab=",
            "<1234.abcd_é€@example.com>",
            "",
        ];
        let texts: Vec<String> = compared_texts(&fixed.map(|t| t.chars().collect()), &alphabet, 30)
            .into_iter()
            .map(String::from_iter)
            .collect();
        for text in &texts {
            assert_eq!(
                drop_relay_markers(text),
                markers.replace_all(text, " "),
                "{text:?}"
            );
            assert_eq!(
                id_chars_only(text),
                non_id.replace_all(text, " "),
                "{text:?}"
            );
        }
    }

    #[test]
    fn stop_words_ignore_ascii_case() {
        for word in STOP_WORDS_EN {
            assert!(is_stop_word(word.as_bytes()), "{word}");
            assert!(is_stop_word(word.to_ascii_uppercase().as_bytes()), "{word}");
        }
        for word in [
            "abl",
            "ables",
            "al",
            "you'r",
            "yourself",
            "informations",
            "web\0",
        ] {
            assert!(!is_stop_word(word.as_bytes()), "{word}");
        }
        assert_eq!(
            STOP_WORDS_EN.iter().map(|w| w.len()).max(),
            Some(MAX_STOP_WORD_LEN)
        );
    }

    #[test]
    fn lists_are_sorted_for_binary_search() {
        assert!(STOP_WORDS_EN.windows(2).all(|w| w[0] < w[1]));
        assert!(BAYES_IGNORED_HEADERS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            BAYES_IGNORED_HEADERS
                .iter()
                .all(|h| h.to_ascii_lowercase() == *h)
        );
    }

    #[test]
    fn ignored_headers() {
        for name in [
            "Subject",
            "X-Spam-Status",
            "List-Id",
            "X-List-Id",
            "X-DCC-Foo-Metrics",
            "X-VM-v5-Data",
            "Authentication-Results",
            "X-Bugzilla-Who",
        ] {
            assert!(ignored_header(name), "{name}");
        }
        for name in [
            "From",
            "X-Mailer",
            "X-Spam-Relays-External",
            "X-DCC--Metrics",
            "X-Bugzilla-",
        ] {
            assert!(!ignored_header(name), "{name}");
        }
    }

    fn token_texts(message: &str) -> Vec<String> {
        let analysis =
            Analysis::build(message.as_bytes(), &crate::Limits::default()).unwrap_or_default();
        Tokenizer::default()
            .tokens(&analysis)
            .iter()
            .map(|(_, text)| String::from_utf8_lossy(text).into_owned())
            .collect()
    }

    #[test]
    fn uri_tokens_come_from_every_cleaned_variant() {
        let tokens = token_texts(
            "From: a@example.com\nSubject: x\n\nsee http://%77%77%77.example.com/offer\n",
        );
        // Only the decoded variant names the host this way.
        assert!(
            tokens.iter().any(|t| t == "UD:www.example.com"),
            "{tokens:?}"
        );
        // DKIM `d=` domains are looked up in URIBLs but are not Bayes tokens.
        let tokens = token_texts(
            "DKIM-Signature: v=1; d=signer.example.org; s=s\nFrom: a@example.com\n\nhi\n",
        );
        assert!(!tokens.iter().any(|t| t.contains("signer")), "{tokens:?}");
    }

    #[test]
    fn private_addresses() {
        let private = |s: &str| is_private_ip(&s.parse().unwrap());
        assert!(private("10.1.2.3") && private("100.64.0.1") && private("::ffff:192.168.0.1"));
        assert!(private("fe80::1") && private("::1"));
        assert!(!private("8.8.8.8") && !private("fc00::1") && !private("172.32.0.1"));
    }
}
