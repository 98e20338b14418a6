//! Internationalised host names to ASCII (ACE, `xn--` labels), the part of
//! `Util::idn_to_ascii` that URI canonicalisation and domain cutting need.
//!
//! Written here (RFC 3492 Punycode plus the RFC 3490 dot rule) instead of
//! depending on `idna`: that crate brings the full UTS 46 tables, several
//! hundred kilobytes in WASM, for a variant that only matters to hosts that are
//! not ASCII. What is left out: NFC normalisation and the IDNA2008 validity
//! tables, so a few exotic labels convert where libidn2 would refuse them.

/// Characters that make a host "already ASCII" in `idn_to_ascii`.
fn is_plain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'[' | b']' | b'-')
}

/// Converts a host name to ASCII-compatible encoding, lower-cased. ASCII input
/// is only lower-cased. Input that cannot be converted is returned with its
/// alternative dots normalised but otherwise unchanged, as SpamAssassin does
/// when libidn2 refuses it.
pub(crate) fn to_ascii(host: &str) -> String {
    if host.bytes().all(is_plain) {
        return host.to_ascii_lowercase();
    }
    // RFC 3490: U+3002, U+FF0E and U+FF61 are dots too.
    let normalised: String = host
        .chars()
        .map(|c| match c {
            '\u{3002}' | '\u{FF0E}' | '\u{FF61}' => '.',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(normalised.len() + 8);
    for (index, label) in normalised.split('.').enumerate() {
        if index > 0 {
            out.push('.');
        }
        if label.is_ascii() {
            out.push_str(&label.to_ascii_lowercase());
            continue;
        }
        let lower: String = label.chars().flat_map(char::to_lowercase).collect();
        let convertible = lower
            .chars()
            .all(|c| (c.is_ascii_graphic()) || (!c.is_ascii() && c.is_alphanumeric()));
        match convertible.then(|| punycode(&lower)).flatten() {
            Some(encoded) if encoded.len() + 4 <= 63 => {
                out.push_str("xn--");
                out.push_str(&encoded);
            }
            _ => return normalised,
        }
    }
    out
}

/// RFC 3492 §6.3 encoding of one label; `None` on arithmetic overflow.
fn punycode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    let code_points: Vec<u32> = input.chars().map(u32::from).collect();
    let mut output: String = input.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(output.len()).ok()?;
    let mut handled = basic;
    if basic > 0 {
        output.push('-');
    }
    let total = u32::try_from(code_points.len()).ok()?;
    let mut n: u32 = 0x80;
    let mut delta: u32 = 0;
    let mut bias: u32 = 72;
    while handled < total {
        let m = code_points.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &code_points {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    const BASE: u32 = 36;
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - 1) * 26) / 2 {
        delta /= BASE - 1;
        k += BASE;
    }
    k + (BASE * delta) / (delta + 38)
}

fn digit(value: u32) -> char {
    match value {
        0..=25 => char::from(b'a' + value as u8),
        _ => char::from(b'0' + (value - 26) as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_lowercased() {
        assert_eq!(to_ascii("WWW.Example.COM"), "www.example.com");
        assert_eq!(to_ascii("[::1]"), "[::1]");
    }

    #[test]
    fn known_conversions() {
        assert_eq!(to_ascii("bücher.de"), "xn--bcher-kva.de");
        assert_eq!(to_ascii("Bücher.DE"), "xn--bcher-kva.de");
        assert_eq!(to_ascii("пример.рф"), "xn--e1afmkfd.xn--p1ai");
        assert_eq!(to_ascii("例え.jp"), "xn--r8jz45g.jp");
        assert_eq!(to_ascii("münchen\u{3002}de"), "xn--mnchen-3ya.de");
    }

    #[test]
    fn refused_input_is_kept() {
        assert_eq!(to_ascii("bü cher.de"), "bü cher.de");
        assert_eq!(to_ascii("a\u{2603}.com"), "a\u{2603}.com");
    }
}
