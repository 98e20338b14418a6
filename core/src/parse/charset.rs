//! Bytes to text as SpamAssassin's `_normalize` does it (sa-semantics §0.3),
//! and RFC 2047 header decoding as its `_decode_header` does it (§0.4).

use std::borrow::Cow;

use mail_parser::decoders::charsets::map::charset_decoder;

/// Decodes message bytes declared in `declared` (`us-ascii` when absent).
///
/// Order, as SpamAssassin: pure ASCII stays as is; 8-bit data that is valid
/// UTF-8 is UTF-8 whatever the declaration; else the declared charset
/// (ISO-8859-1 read as Windows-1252), strictly; else Windows-1252.
pub(crate) fn decode(bytes: &[u8], declared: Option<&str>) -> String {
    normalize(bytes, declared.unwrap_or("us-ascii"), false)
}

fn normalize(bytes: &[u8], declared: &str, insist_on_declared: bool) -> String {
    let declared = declared.trim();
    let ascii = bytes.is_ascii();
    if ascii && is_ascii_superset(declared) {
        return ascii_text(bytes);
    }
    let lower = declared.to_ascii_lowercase();
    if !ascii
        && !insist_on_declared
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        return text.to_owned();
    }
    let is_us_ascii = matches!(lower.as_str(), "ascii" | "us-ascii");
    if !is_us_ascii || insist_on_declared {
        let name: Cow<'_, str> = match lower.as_str() {
            "iso-8859-1" | "iso8859-1" | "windows-1252" | "cp1252" => "cp1252".into(),
            _ => lower.as_str().into(),
        };
        let already_tried_utf8 = !ascii && !insist_on_declared;
        let is_utf8 = matches!(name.as_ref(), "utf-8" | "utf8");
        if is_utf8 && insist_on_declared {
            return String::from_utf8_lossy(bytes).into_owned();
        }
        if !(is_utf8 && already_tried_utf8)
            && let Some(decoder) = charset_decoder(name.as_bytes())
        {
            // mail-parser reads GB2312 as its superset GB18030; SpamAssassin's
            // EUC-CN decoder refuses bytes outside GB2312 itself.
            let strict_ok = insist_on_declared || !is_euc_cn(&name) || is_strict_euc_cn(bytes);
            let text = decoder(bytes);
            // mail-parser's decoders replace what they cannot map; a strict
            // decode (Encode's FB_CROAK) would have failed instead.
            if strict_ok && (insist_on_declared || !text.contains('\u{fffd}')) {
                return text;
            }
        }
    }
    if ascii {
        return ascii_text(bytes);
    }
    windows_1252(bytes)
}

/// Names Perl's Encode resolves to its EUC-CN (GB2312) decoder.
fn is_euc_cn(lower: &str) -> bool {
    let squeezed: String = lower
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .collect();
    let squeezed = squeezed.strip_prefix('x').unwrap_or(&squeezed);
    squeezed == "euccn"
        || squeezed == "cseuccn"
        || (squeezed.contains("gb2312") && !squeezed.contains("raw"))
}

/// Whether `bytes` are well-formed EUC-CN with every double-byte code
/// assigned in GB2312: ASCII, or a lead byte of an assigned row followed by a
/// trail byte inside that row's assigned cells.
fn is_strict_euc_cn(bytes: &[u8]) -> bool {
    // Assigned cells (trail-byte ranges) of the rows that are not full.
    fn row(lead: u8) -> &'static [(u8, u8)] {
        match lead {
            0xa1 | 0xa3 | 0xb0..=0xd6 | 0xd8..=0xf7 => &[(0xa1, 0xfe)],
            0xa2 => &[(0xb1, 0xe2), (0xe5, 0xee), (0xf1, 0xfc)],
            0xa4 => &[(0xa1, 0xf3)],
            0xa5 => &[(0xa1, 0xf6)],
            0xa6 => &[(0xa1, 0xb8), (0xc1, 0xd8)],
            0xa7 => &[(0xa1, 0xc1), (0xd1, 0xf1)],
            0xa8 => &[(0xa1, 0xba), (0xc5, 0xe9)],
            0xa9 => &[(0xa4, 0xef)],
            0xd7 => &[(0xa1, 0xf9)],
            _ => &[],
        }
    }
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        if lead < 0x80 {
            i += 1;
            continue;
        }
        let Some(&trail) = bytes.get(i + 1) else {
            return false;
        };
        if !row(lead).iter().any(|&(lo, hi)| (lo..=hi).contains(&trail)) {
            return false;
        }
        i += 2;
    }
    true
}

/// Charsets SpamAssassin does not bother decoding when the data is 7-bit
/// (`declared` trimmed, in any case).
fn is_ascii_superset(declared: &str) -> bool {
    // The names nearly every message uses, answered without allocating.
    if ["us-ascii", "utf-8", "iso-8859-1", "ascii", "utf8"]
        .iter()
        .any(|name| declared.eq_ignore_ascii_case(name))
    {
        return true;
    }
    let lower = declared.to_ascii_lowercase().replace('_', "-");
    matches!(
        lower.as_str(),
        "ascii"
            | "us-ascii"
            | "ansi x3.4-1986"
            | "ansi-x3.4-1986"
            | "ansix3.4-1986"
            | "ansi x3.4-1968"
            | "ansi-x3.4-1968"
            | "ansix3.4-1968"
            | "iso646-us"
            | "utf-8"
            | "utf8"
            | "big5"
            | "gbk"
    ) || lower.starts_with("iso-8859")
        || lower.starts_with("iso8859")
        || lower.starts_with("iso 8859")
        || lower.starts_with("windows-")
        || lower.starts_with("koi8-")
        || lower.starts_with("euc-")
        || lower.starts_with("gb18030")
        || lower.starts_with("gb 18030")
        || lower.starts_with("gb-18030")
}

/// `bytes` as text, each byte one character (callers pass ASCII, which is
/// copied as it is).
fn ascii_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) if bytes.is_ascii() => text.to_owned(),
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

fn windows_1252(bytes: &[u8]) -> String {
    match charset_decoder(b"cp1252") {
        Some(decoder) => decoder(bytes),
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Decodes a header value as SpamAssassin does: folding removed, trimmed,
/// 8-bit bytes read as UTF-8 (else Windows-1252), and RFC 2047 encoded words
/// decoded — except in the fields SpamAssassin leaves alone.
pub(crate) fn decode_header(raw: &[u8], name: &str) -> String {
    // Unfold: a line break followed by blanks becomes one space; other line
    // breaks disappear, and so does every carriage return.
    let mut unfolded = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if b == b'\n' {
            let blanks = raw
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            if blanks > 0 {
                unfolded.push(b' ');
            }
            i += 1 + blanks;
            continue;
        }
        if b != b'\r' {
            unfolded.push(b);
        }
        i += 1;
    }
    let text = if unfolded.is_ascii() {
        ascii_text(&unfolded)
    } else {
        normalize(&unfolded, "UTF-8", false)
    };
    let text = text.trim();
    if !text.contains("=?") || keeps_encoded_words(name) {
        return text.to_owned();
    }
    decode_encoded_words(text)
}

/// Fields whose RFC 2047 encoded words SpamAssassin does not decode.
fn keeps_encoded_words(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "received"
            | "message-id"
            | "resent-message-id"
            | "date"
            | "resent-date"
            | "mime-version"
            | "references"
            | "in-reply-to"
    ) || lower.starts_with("list-")
}

/// One `=?charset?B|Q?text?=` word at the start of `s`: (charset, encoding,
/// text, length).
fn encoded_word(s: &str) -> Option<(&str, u8, &str, usize)> {
    let rest = s.strip_prefix("=?")?;
    let charset_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'_' | b'-'))
        .count();
    if charset_len == 0 {
        return None;
    }
    let charset = &rest[..charset_len];
    let rest = rest[charset_len..].strip_prefix('?')?;
    let encoding = rest.bytes().next()?.to_ascii_uppercase();
    if encoding != b'B' && encoding != b'Q' {
        return None;
    }
    let rest = rest[1..].strip_prefix('?')?;
    let text_len = rest.find('?')?;
    rest[text_len..].strip_prefix("?=")?;
    let total = 2 + charset_len + 1 + 1 + 1 + text_len + 2;
    Some((charset, encoding, &rest[..text_len], total))
}

fn decode_word(encoding: u8, text: &str) -> Vec<u8> {
    if encoding == b'B' {
        let clean: Vec<u8> = text
            .bytes()
            .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
            .collect();
        let mut padded = clean;
        while !padded.len().is_multiple_of(4) {
            padded.push(b'=');
        }
        mail_parser::decoders::base64::base64_decode(&padded).unwrap_or_default()
    } else {
        let mut out = Vec::with_capacity(text.len());
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'_' => out.push(b' '),
                b'=' => {
                    let hex = bytes
                        .get(i + 1..i + 3)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    if let Some(byte) = hex {
                        out.push(byte);
                        i += 3;
                        continue;
                    }
                    out.push(b);
                }
                _ => out.push(b),
            }
            i += 1;
        }
        out
    }
}

/// Decodes encoded words; blanks between two encoded words disappear, and
/// consecutive words of one charset are joined before decoding (so a
/// character split across words survives).
fn decode_encoded_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Pending bytes of consecutive encoded words in one charset.
    let mut pending: Option<(String, Vec<u8>)> = None;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some((charset, encoding, word, len)) = encoded_word(rest) {
            let charset = charset
                .split_once('*')
                .map_or(charset, |(c, _)| c)
                .to_ascii_lowercase();
            let bytes = decode_word(encoding, word);
            match &mut pending {
                Some((current, buffer)) if *current == charset => buffer.extend(bytes),
                _ => {
                    flush(&mut out, pending.take());
                    pending = Some((charset, bytes));
                }
            }
            i += len;
            // Blanks followed by another encoded word are dropped.
            let blanks = text[i..]
                .bytes()
                .take_while(u8::is_ascii_whitespace)
                .count();
            if blanks > 0 && encoded_word(&text[i + blanks..]).is_some() {
                i += blanks;
            }
            continue;
        }
        flush(&mut out, pending.take());
        // Copy up to the next possible encoded word, at least one character.
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next = rest[first..].find("=?").map_or(rest.len(), |at| at + first);
        out.push_str(&rest[..next]);
        i += next;
    }
    flush(&mut out, pending);
    out
}

fn flush(out: &mut String, pending: Option<(String, Vec<u8>)>) {
    if let Some((charset, bytes)) = pending {
        out.push_str(&normalize(&bytes, &charset, true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_kept() {
        assert_eq!(decode(b"hello", None), "hello");
        assert_eq!(decode(b"hello", Some("iso-2022-jp")), "hello");
    }

    #[test]
    fn latin1_reads_as_windows_1252() {
        assert_eq!(
            decode(b"caf\xe9 \x93ok\x94", Some("ISO-8859-1")),
            "café “ok”"
        );
    }

    #[test]
    fn utf8_wins_over_the_declaration() {
        assert_eq!(decode("café".as_bytes(), Some("iso-8859-1")), "café");
    }

    #[test]
    fn unknown_or_missing_charset_falls_back_to_windows_1252() {
        assert_eq!(decode(b"caf\xe9", Some("x-no-such-charset")), "café");
        assert_eq!(decode(b"caf\xe9", None), "café");
    }

    #[test]
    fn gb2312_is_strict_like_euc_cn() {
        // 中文 in GB2312: decoded.
        assert_eq!(decode(b"\xd6\xd0\xce\xc4", Some("GB2312")), "中文");
        // \xeb\x8a is GBK, not GB2312: SpamAssassin's EUC-CN decoder fails
        // and the text is read as Windows-1252 instead.
        assert_eq!(decode(b"\xeb\x8a", Some("gb2312")), "ëŠ");
        // Near miss: the same bytes declared GBK decode as GBK.
        assert_ne!(decode(b"\xeb\x8a", Some("gbk")), "ëŠ");
        // An unassigned cell of a partial row, and a cut pair.
        assert!(!is_strict_euc_cn(b"\xa2\xa1"));
        assert!(!is_strict_euc_cn(b"ok\xd6"));
        assert!(is_strict_euc_cn(b"ok \xa2\xb1 \xd7\xf9"));
        assert!(is_euc_cn("euc-cn") && is_euc_cn("gb_2312-80") && is_euc_cn("x-gb2312"));
        assert!(!is_euc_cn("gbk") && !is_euc_cn("gb18030"));
    }

    #[test]
    fn other_declared_charsets() {
        assert_eq!(decode(b"\xc1\xda", Some("koi8-r")), "аз");
        assert_eq!(decode(b"\xe6\xf3\xe9", Some("iso-8859-7")), "ζσι");
    }

    #[test]
    fn header_words() {
        assert_eq!(
            decode_header(
                b" =?iso-8859-1?q?caf=E9_noir?= =?utf-8?B?w6k=?=\n",
                "Subject"
            ),
            "café noiré"
        );
        assert_eq!(
            decode_header(b" a =?UTF-8?Q?=C3=A9?= b", "Subject"),
            "a é b"
        );
        // A character split across two words of the same charset.
        assert_eq!(
            decode_header(b" =?utf-8?q?=C3?= =?utf-8?q?=A9?=", "Subject"),
            "é"
        );
        assert_eq!(
            decode_header(b" =?utf-8?q?x?=", "Message-ID"),
            "=?utf-8?q?x?="
        );
        assert_eq!(decode_header(b" =?utf-8?q?x?=", "List-Id"), "=?utf-8?q?x?=");
        assert_eq!(decode_header(b" =?broken", "Subject"), "=?broken");
        assert_eq!(decode_header(" é=?x é".as_bytes(), "Subject"), "é=?x é");
    }

    #[test]
    fn header_folding_and_8bit() {
        assert_eq!(decode_header(b" Foo\r\n\tbar \r\n", "To"), "Foo bar");
        assert_eq!(decode_header(b" caf\xe9\n", "Subject"), "café");
        assert_eq!(decode_header(" café\n".as_bytes(), "Subject"), "café");
    }
}
