//! Content-Transfer-Encoding decoding as SpamAssassin does it (`Node.pm`
//! `decode`, `Util.pm` `base64_decode` and `qp_decode`, sa-semantics §0.2).
//!
//! mail-parser's MIME decoders give up on a part whose closing boundary never
//! comes (common in spam sent by ratware that forgets it): the part is then
//! handed over undecoded. SpamAssassin never gives up: it strips what is not
//! base64 and decodes the rest, so the HTML inside is parsed. These decoders
//! work on the raw body of a part and follow SpamAssassin's leniency.

use std::borrow::Cow;

/// The transfer-decoded body of a part: `encoding` is the part's last
/// `Content-Transfer-Encoding` value, trimmed and lower-cased. Only
/// `quoted-printable` and `base64` decode; anything else is taken as is.
/// `text_like` (a `text/*` or `message/*` part) turns base64-decoded CRLF
/// line ends into LF, as quoted-printable ones always are.
pub(crate) fn decode<'a>(raw: &'a [u8], encoding: Option<&str>, text_like: bool) -> Cow<'a, [u8]> {
    match encoding {
        Some("quoted-printable") => Cow::Owned(crlf_to_lf(quoted_printable(raw))),
        Some("base64") => {
            let decoded = base64(raw);
            Cow::Owned(if text_like {
                crlf_to_lf(decoded)
            } else {
                decoded
            })
        }
        _ => Cow::Borrowed(raw),
    }
}

fn crlf_to_lf(bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.windows(2).any(|w| w == b"\r\n") {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().copied().peekable();
    while let Some(byte) = iter.next() {
        if byte == b'\r' && iter.peek() == Some(&b'\n') {
            continue;
        }
        out.push(byte);
    }
    out
}

/// Value of a base64 digit, `None` for anything else (`=` included).
fn digit(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// SpamAssassin's lenient base64: whitespace is dropped; a clean body (only
/// digits and `=`, length a multiple of 4) decodes with `=` inside the text
/// read as zero bits; anything else loses every byte that is not a digit or
/// `=`, and an `=` left inside then reads as 63 (the uudecode path). Trailing
/// `=` end the data; a last group of 2 or 3 digits gives 1 or 2 bytes, a
/// lone digit none.
///
/// One pass, with no copy of the text: a run of `=` is held back until a
/// digit follows it (then it is inside the data, and only then is the body
/// checked for being clean) or the text ends (then it is dropped).
fn base64(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() / 4 * 3 + 3);
    let mut inner_pad: Option<u8> = None;
    let mut pending_pad = 0_usize;
    let mut word = 0_u32;
    let mut digits = 0_u8;
    let mut push = |value: u8, out: &mut Vec<u8>| {
        word = word << 6 | u32::from(value);
        digits += 1;
        if digits == 4 {
            out.extend_from_slice(&word.to_be_bytes()[1..]);
            (word, digits) = (0, 0);
        }
    };
    for &byte in raw {
        if byte == b'=' {
            pending_pad += 1;
            continue;
        }
        let Some(value) = digit(byte) else {
            continue;
        };
        if pending_pad > 0 {
            let pad = *inner_pad.get_or_insert_with(|| if is_clean_base64(raw) { 0 } else { 63 });
            for _ in 0..pending_pad {
                push(pad, &mut out);
            }
            pending_pad = 0;
        }
        push(value, &mut out);
    }
    // A last group of 2 or 3 digits: the missing ones read as zero bits.
    let take = match digits {
        3 => 2,
        2 => 1,
        _ => 0,
    };
    let word = word << (6 * (4 - u32::from(digits)) % 24);
    out.extend_from_slice(word.to_be_bytes().get(1..1 + take).unwrap_or_default());
    out
}

/// Whether a base64 body, blanks dropped, holds only digits and `=` and has
/// a length that is a multiple of 4 (and at least 2).
fn is_clean_base64(raw: &[u8]) -> bool {
    let mut len = 0_usize;
    for &byte in raw {
        if matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c') {
            continue;
        }
        if byte != b'=' && digit(byte).is_none() {
            return false;
        }
        len += 1;
    }
    len.is_multiple_of(4) && len >= 2
}

/// SpamAssassin's quoted-printable: spaces and tabs before a line end are
/// dropped, `=` at a line end joins the lines, `=XX` (either case) is a byte;
/// any other `=` stays.
fn quoted_printable(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut at = 0;
    while let Some(&byte) = raw.get(at) {
        match byte {
            b' ' | b'\t' => {
                let run_end = raw
                    .get(at..)
                    .and_then(|rest| rest.iter().position(|b| !matches!(b, b' ' | b'\t')))
                    .map_or(raw.len(), |n| at + n);
                let at_eol = match raw.get(run_end) {
                    Some(b'\n') => true,
                    Some(b'\r') => raw.get(run_end + 1) == Some(&b'\n'),
                    _ => false,
                };
                if !at_eol {
                    out.extend_from_slice(raw.get(at..run_end).unwrap_or_default());
                }
                at = run_end;
            }
            b'=' => match (raw.get(at + 1), raw.get(at + 2)) {
                (Some(b'\n'), _) => at += 2,
                (Some(b'\r'), Some(b'\n')) => at += 3,
                // Spaces before the soft break are dropped first in Perl,
                // so `=  \n` is a soft break too.
                (Some(b' ' | b'\t'), _) if soft_break_after_blanks(raw, at + 1).is_some() => {
                    at = soft_break_after_blanks(raw, at + 1).unwrap_or(raw.len());
                }
                (Some(&hi), Some(&lo)) if hi.is_ascii_hexdigit() && lo.is_ascii_hexdigit() => {
                    out.push(hex(hi) << 4 | hex(lo));
                    at += 3;
                }
                _ => {
                    out.push(b'=');
                    at += 1;
                }
            },
            _ => {
                out.push(byte);
                at += 1;
            }
        }
    }
    out
}

/// When `raw[from..]` is spaces/tabs then a line end: the offset after it.
fn soft_break_after_blanks(raw: &[u8], from: usize) -> Option<usize> {
    let rest = raw.get(from..)?;
    let blanks = rest.iter().position(|b| !matches!(b, b' ' | b'\t'))?;
    match rest.get(blanks..)? {
        [b'\n', ..] => Some(from + blanks + 1),
        [b'\r', b'\n', ..] => Some(from + blanks + 2),
        _ => None,
    }
}

fn hex(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        b'A'..=b'F' => digit - b'A' + 10,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(raw: &str) -> Vec<u8> {
        base64(raw.as_bytes())
    }

    #[test]
    fn base64_clean_and_padded() {
        assert_eq!(b64("PGh0bWw+\nPC9odG1sPg==\n"), b"<html></html>");
        assert_eq!(b64("QQ=="), b"A");
        assert_eq!(b64("QUI="), b"AB");
        assert_eq!(b64("QQ======"), b"A");
    }

    #[test]
    fn base64_keeps_going_past_garbage() {
        // A boundary that never closes the part leaves its text in the body;
        // SpamAssassin drops the stray characters and decodes the rest.
        assert_eq!(
            b64("PGh0bWw+\n-- not base64 !\n"),
            b"<html>\x9e\x8b[j\xc7\xba"
        );
        assert_eq!(b64("PGh0bWw+\n\n\n"), b"<html>");
    }

    #[test]
    fn base64_unpadded_tail_and_inner_padding() {
        // A last group of 3 digits gives 2 bytes, a lone digit nothing.
        assert_eq!(b64("QUJD\nQUI"), b"ABCAB");
        assert_eq!(b64("QUJDQ"), b"ABC");
        // Clean text: an inner `=` is zero bits; otherwise it reads as 63.
        assert_eq!(b64("QQ==QUJD"), b"A\0\0ABC");
        assert_eq!(b64("QQ==QUJD!"), b"A\x0f\xffABC");
    }

    #[test]
    fn quoted_printable_as_spamassassin() {
        assert_eq!(quoted_printable(b"caf=E9 =e9\n"), b"caf\xe9 \xe9\n");
        assert_eq!(
            quoted_printable(b"long =\nline  \t\nend"),
            b"long line\nend"
        );
        assert_eq!(quoted_printable(b"soft =  \r\nbreak"), b"soft break");
        assert_eq!(quoted_printable(b"a=2 =zz b"), b"a=2 =zz b");
    }

    #[test]
    fn crlf_only_for_text_like_base64() {
        // "a\r\nb" in base64.
        assert_eq!(decode(b"YQ0KYg==", Some("base64"), true).as_ref(), b"a\nb");
        assert_eq!(
            decode(b"YQ0KYg==", Some("base64"), false).as_ref(),
            b"a\r\nb"
        );
        assert_eq!(decode(b"a\r\nb", Some("7bit"), true).as_ref(), b"a\r\nb");
        assert_eq!(
            decode(b"a=\r\nb\r\n", Some("quoted-printable"), false).as_ref(),
            b"ab\n"
        );
    }

    /// The straightforward reading the one-pass [`base64`] replaced.
    fn base64_in_four_passes(raw: &[u8]) -> Vec<u8> {
        let compact: Vec<u8> = raw
            .iter()
            .copied()
            .filter(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c'))
            .collect();
        let clean = compact.len().is_multiple_of(4)
            && compact.len() >= 2
            && compact.iter().all(|&b| b == b'=' || digit(b).is_some());
        let inner_pad = if clean { 0 } else { 63 };
        let kept: Vec<u8> = compact
            .iter()
            .copied()
            .filter(|&b| b == b'=' || digit(b).is_some())
            .collect();
        let data_end = kept.iter().rposition(|&b| b != b'=').map_or(0, |at| at + 1);
        let values: Vec<u8> = kept
            .get(..data_end)
            .unwrap_or_default()
            .iter()
            .map(|&b| digit(b).unwrap_or(inner_pad))
            .collect();
        let mut out = Vec::with_capacity(values.len() / 4 * 3 + 2);
        for group in values.chunks(4) {
            let v = |i: usize| u32::from(group.get(i).copied().unwrap_or(0));
            let word = (v(0) << 18) | (v(1) << 12) | (v(2) << 6) | v(3);
            let bytes = word.to_be_bytes();
            let take = match group.len() {
                4 => 3,
                3 => 2,
                2 => 1,
                _ => 0,
            };
            out.extend_from_slice(bytes.get(1..1 + take).unwrap_or_default());
        }
        out
    }

    #[test]
    fn one_pass_base64_is_the_four_pass_reading() {
        let pieces: &[&[u8]] = &[
            b"QUJD", b"Q", b"U", b"=", b"==", b"\n", b"\r\n", b" ", b"\t", b"!", b"-", b"\xc3",
            b"+/", b"9", b"\x0b",
        ];
        let mut next = crate::test_random::xorshift(0x2545_f491_4f6c_dd1d_u64);
        for _ in 0..20_000 {
            let len = next() % 16;
            let text: Vec<u8> = (0..len)
                .flat_map(|_| pieces[(next() % pieces.len() as u64) as usize].iter())
                .copied()
                .collect();
            assert_eq!(
                base64(&text),
                base64_in_four_passes(&text),
                "{:?}",
                String::from_utf8_lossy(&text)
            );
        }
    }
}
