//! Sender addresses whose user name looks machine-generated: long runs of
//! consonants or vowels, or a short unit repeated.

use crate::Localized;
use crate::analysis::Analysis;
use crate::rules::{Family, Rule, RuleContext, RuleText};

/// Pieces of user names that are common in real addresses and look random.
const KNOWN_PIECES: [&str; 7] = ["mcbr", "mcgr", "kpmg", "nlpbr", "ndqv", "lcgc", "cplpr"];

/// Sites whose real senders have random-looking user names.
const KNOWN_SITES: [&str; 7] = [
    "cmp-info", "cmpgnr", "cnn", "tori", "jysk", "amadeus", "amazon",
];

/// Letters counted as consonants (`h` and `s` excepted: they are common in
/// clusters of ordinary names such as "schm").
const CONSONANTS: &str = "bcdfgjklmnpqrtvwxz";
/// Letters counted as vowels.
const VOWELS: &str = "aeiouy";

/// Whether `text` has `n` letters in a row from `set`.
fn run_of(text: &str, set: &str, n: usize) -> bool {
    let mut run = 0;
    text.chars().any(|c| {
        run = if set.contains(c) { run + 1 } else { 0 };
        run >= n
    })
}

/// Whether `text` has a unit of one or two letters repeated four times in a
/// row (`aaaa`, `xyxyxyxy`).
fn repeated_unit(text: &str) -> bool {
    let bytes = text.as_bytes();
    (1..=2).any(|unit| {
        (0..bytes.len()).any(|start| {
            let Some(first) = bytes.get(start..start + unit) else {
                return false;
            };
            first.iter().all(u8::is_ascii_lowercase)
                && (1..4)
                    .all(|k| bytes.get(start + k * unit..start + (k + 1) * unit) == Some(first))
        })
    })
}

/// Whether the text after an `@` names one of [`KNOWN_SITES`] (within its
/// first 20 characters, at a word start) followed by a 2- or 3-letter TLD
/// ending the address.
fn known_site(after_at: &str) -> bool {
    KNOWN_SITES.iter().any(|site| {
        after_at.match_indices(site).any(|(at, _)| {
            let word_start = !after_at
                .get(..at)
                .and_then(|before| before.bytes().last())
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
            let tld = after_at
                .get(at + site.len()..)
                .and_then(|rest| rest.strip_prefix('.'))
                .unwrap_or_default();
            at <= 20
                && word_start
                && (2..=3).contains(&tld.len())
                && tld.bytes().all(|b| b.is_ascii_lowercase())
        })
    })
}

/// Whether the user name of `address` looks random (case-insensitive): five
/// consonants or five vowels in a row, or a repeated unit; not for
/// `mail-`/`bounce-` senders, user names with `+ = ^ ~ # -` or one of
/// [`KNOWN_PIECES`], user names of 26 characters or more, nor senders at one
/// of [`KNOWN_SITES`].
pub(crate) fn looks_random(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    let user = lower.split('@').next().unwrap_or_default();
    let service = ["mail", "bounce"].iter().any(|prefix| {
        lower
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with(['_', '.', '-']))
    });
    let marked = user.contains(['+', '=', '^', '~', '#', '-'])
        || KNOWN_PIECES.iter().any(|piece| user.contains(piece));
    let long = user.len() >= 26;
    let site = lower
        .match_indices('@')
        .any(|(at, _)| known_site(lower.get(at + 1..).unwrap_or_default()));
    if service || marked || long || site {
        return false;
    }
    run_of(user, CONSONANTS, 5) || run_of(user, VOWELS, 5) || repeated_unit(user)
}

/// The first address of `addresses` whose user name looks random.
fn random_one<'a>(addresses: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    addresses.into_iter().find(|address| looks_random(address))
}

fn random_evidence(what: &str, quoi: &str, address: &str) -> Localized {
    Localized::new(
        format!("{what} {address} looks generated"),
        format!("{quoi} {address} semble fabriquée"),
    )
}

/// A test on one sender address field.
fn random_rule(
    name: &'static str,
    text: RuleText,
    addresses: fn(&Analysis) -> Vec<String>,
    (what, quoi): (&'static str, &'static str),
) -> Rule {
    Rule::new(
        name,
        Family::Header,
        [1.0; 4],
        text,
        move |context: &RuleContext<'_>| {
            let addresses = addresses(context.analysis);
            random_one(addresses.iter().map(String::as_str))
                .map(|address| random_evidence(what, quoi, address))
        },
    )
}

fn from_addresses(analysis: &Analysis) -> Vec<String> {
    analysis
        .addresses
        .from
        .iter()
        .map(|m| m.address.clone())
        .collect()
}

fn reply_to_addresses(analysis: &Analysis) -> Vec<String> {
    analysis
        .addresses
        .reply_to
        .iter()
        .map(|m| m.address.clone())
        .collect()
}

/// SpamAssassin's EnvelopeFrom, as text.
fn envelope_sender(analysis: &Analysis) -> Vec<String> {
    analysis
        .relays
        .envelope_from(&analysis.headers)
        .filter(|sender| !sender.is_empty())
        .into_iter()
        .collect()
}

/// The shared explanation and fix, for the field `field`.
fn random_text(
    description: (&'static str, &'static str),
    field: (&'static str, &'static str),
) -> RuleText {
    let (en, fr) = field;
    RuleText {
        description: Localized::new(description.0, description.1),
        explanation: Localized::new(
            format!(
                "The user name of the {en} address has long runs of consonants or vowels, or one letter pattern repeated, the way generated throw-away addresses do. Real people's addresses rarely look like this."
            ),
            format!(
                "Le nom d'utilisateur de l'adresse {fr} contient de longues suites de consonnes ou de voyelles, ou un même motif de lettres répété, comme les adresses jetables fabriquées en série. Les adresses de vraies personnes ressemblent rarement à cela."
            ),
        ),
        fix: Localized::new(
            "Send from an address with a readable user name (a person's name or a role such as info or support).",
            "Envoyez depuis une adresse dont le nom d'utilisateur est lisible (le nom d'une personne ou un rôle comme info ou support).",
        ),
    }
}

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        random_rule(
            "HK_RANDOM_ENVFROM",
            random_text(
                (
                    "The envelope sender's user name looks random",
                    "Le nom d'utilisateur de l'expéditeur d'enveloppe semble aléatoire",
                ),
                ("envelope sender", "d'expéditeur d'enveloppe"),
            ),
            envelope_sender,
            ("envelope sender", "l'adresse d'expéditeur d'enveloppe"),
        ),
        random_rule(
            "HK_RANDOM_FROM",
            random_text(
                (
                    "The From user name looks random",
                    "Le nom d'utilisateur de l'expéditeur semble aléatoire",
                ),
                ("From", "From"),
            ),
            from_addresses,
            ("From", "l'adresse From"),
        ),
        random_rule(
            "HK_RANDOM_REPLYTO",
            random_text(
                (
                    "The Reply-To user name looks random",
                    "Le nom d'utilisateur de l'adresse de réponse semble aléatoire",
                ),
                ("Reply-To", "Reply-To"),
            ),
            reply_to_addresses,
            ("Reply-To", "l'adresse Reply-To"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing;

    #[test]
    fn random_user_names() {
        for address in [
            "xkcdfgh@example.com",
            "aeiou1@example.com",
            "abababab@example.com",
            "zzzz@example.com",
        ] {
            assert!(looks_random(address), "{address}");
        }
    }

    #[test]
    fn ordinary_or_exempt_user_names() {
        for address in [
            "john.smith@example.com",
            "mail-xkcdfgh@example.com",
            "xkcdfgh-list@example.com",
            "abcdefghijklmnopqrstuvwxyzzzzz@example.com",
            "xkcdfgh@shop.amazon.com",
            "mcbrxkcdfgh@example.com",
        ] {
            assert!(!looks_random(address), "{address}");
        }
    }

    #[test]
    fn fields_are_judged_apart() {
        let message =
            "From: xkcdfgh@example.com\nReply-To: john@example.com\nSubject: hi\n\nbody\n";
        let analysis = testing::analyse(message);
        assert_eq!(
            testing::fired(rules(), &analysis, &Inputs::default()),
            ["HK_RANDOM_FROM"]
        );
    }
}
