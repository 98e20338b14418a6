//! Recipient-list tests: lists of addresses that look generated rather than
//! chosen.

use crate::analysis::Analysis;
use crate::analysis::address::parse_address_list;
use crate::rules::{Family, Rule, RuleContext};
use crate::{Localized, text};

/// Fewest recipients for the similarity to be judged.
const MIN_RECIPIENTS: usize = 5;
/// Most recipients looked at.
const MAX_RECIPIENTS: usize = 256;
/// How many leading bytes of the user and host parts are compared.
const PREFIX: usize = 2;
/// The similarity from which SUSPICIOUS_RECIPS fires.
const SUSPICIOUS: f64 = 0.65;

/// The recipients SpamAssassin compares: the To and Cc addresses, then the
/// Bcc ones when there are fewer than [`MIN_RECIPIENTS`]; a run of the same
/// address (ignoring case) counts once; the list stops at an empty address.
fn recipients(analysis: &Analysis) -> Vec<String> {
    let mut inputs: Vec<String> = analysis
        .addresses
        .to
        .iter()
        .chain(&analysis.addresses.cc)
        .map(|mailbox| mailbox.address.clone())
        .collect();
    if inputs.len() < MIN_RECIPIENTS {
        inputs.extend(
            analysis
                .headers
                .all("Bcc")
                .flat_map(|field| parse_address_list(&field.raw))
                .map(|mailbox| mailbox.address),
        );
    }
    let mut kept: Vec<String> = Vec::new();
    // Perl's truth: an empty address or "0" ends the list.
    for address in inputs
        .into_iter()
        .take_while(|address| !address.is_empty() && address != "0")
    {
        if !kept
            .last()
            .is_some_and(|previous| previous.eq_ignore_ascii_case(&address))
        {
            kept.push(address);
        }
        if kept.len() == MAX_RECIPIENTS {
            break;
        }
    }
    kept
}

/// The first [`PREFIX`] bytes of `text`.
fn prefix(text: &str) -> &[u8] {
    let bytes = text.as_bytes();
    bytes.get(..PREFIX).unwrap_or(bytes)
}

/// How alike the recipients are: over every pair, one point when the user
/// parts start with the same two bytes, one when different host names start
/// with the same two bytes; divided by the number of pairs. `None` under
/// [`MIN_RECIPIENTS`].
fn similarity(addresses: &[String]) -> Option<f64> {
    if addresses.len() < MIN_RECIPIENTS {
        return None;
    }
    // As SpamAssassin's list, the hosts of addresses without `@` are left
    // out, so that later hosts pair with earlier addresses' users.
    let hosts: Vec<&str> = addresses
        .iter()
        .filter_map(|address| address.split_once('@').map(|(_, host)| host))
        .collect();
    let mut hits = 0usize;
    let mut pairs = 0usize;
    for i in 0..addresses.len() {
        for j in i + 1..addresses.len() {
            let (a, b) = (&addresses[i], &addresses[j]);
            if prefix(a) == prefix(b) {
                hits += 1;
            }
            let (host_a, host_b) = (hosts.get(i).copied(), hosts.get(j).copied());
            let same_start =
                prefix(host_a.unwrap_or_default()) == prefix(host_b.unwrap_or_default());
            if same_start && host_a != host_b {
                hits += 1;
            }
            pairs += 1;
        }
    }
    #[allow(clippy::cast_precision_loss)] // at most 256 × 255 pairs
    Some(hits as f64 / pairs as f64)
}

/// SUSPICIOUS_RECIPS: five or more recipients so alike (same first letters,
/// different hosts with the same first letters) that the list looks
/// generated from a dictionary.
fn suspicious_recipients(context: &RuleContext<'_>) -> Option<Localized> {
    let addresses = recipients(context.analysis);
    let similarity = similarity(&addresses).filter(|s| *s >= SUSPICIOUS)?;
    let count = addresses.len();
    Some(Localized::new(
        format!("{count} recipients, similarity {similarity:.2}"),
        format!("{count} destinataires, similarité {similarity:.2}"),
    ))
}

pub(crate) fn rules() -> Vec<Rule> {
    vec![Rule::new(
        "SUSPICIOUS_RECIPS",
        Family::Header,
        [2.499, 2.497, 2.139, 2.51],
        text!(
            description: (
                "The recipients' addresses are suspiciously alike",
                "Les adresses des destinataires se ressemblent étrangement"
            ),
            explanation: (
                "The message is addressed to five or more people whose addresses begin alike, at different hosts whose names begin alike too. Such lists come from address-guessing programs that run through a dictionary, not from someone writing to people they know.",
                "Le message est adressé à cinq personnes ou plus dont les adresses commencent de la même façon, chez des hôtes différents dont les noms commencent eux aussi de la même façon. De telles listes viennent de programmes qui devinent des adresses en parcourant un dictionnaire, pas de quelqu'un qui écrit à des gens qu'il connaît."
            ),
            fix: (
                "Send to several recipients with Bcc or a mailing list rather than listing many similar addresses in To or Cc.",
                "Pour écrire à plusieurs destinataires, utilisez Cci ou une liste de diffusion plutôt que d'énumérer de nombreuses adresses semblables dans À ou Cc."
            ),
        ),
        suspicious_recipients,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing;

    fn fired(to: &str) -> Vec<String> {
        let message = format!("From: a@example.com\nTo: {to}\nSubject: hi\n\nbody\n");
        testing::fired(rules(), &testing::analyse(&message), &Inputs::default())
    }

    #[test]
    fn dictionary_recipients() {
        assert_eq!(
            fired(
                "jo@mx1.example, jon@mx2.example, joe@mx3.example, josh@mx4.example, jim@mx5.example"
            ),
            ["SUSPICIOUS_RECIPS"]
        );
    }

    #[test]
    fn ordinary_recipients() {
        assert!(fired("alice@example.org, bob@mail.example, carol@corp.example, dan@uni.example, eve@isp.example").is_empty());
        // Too few to judge.
        assert!(
            fired("jo@mx1.example, jon@mx2.example, joe@mx3.example, josh@mx4.example").is_empty()
        );
    }

    #[test]
    fn similarity_counts_pairs() {
        let list = |addresses: &[&str]| {
            addresses
                .iter()
                .map(|a| (*a).to_owned())
                .collect::<Vec<_>>()
        };
        // 10 pairs, every user alike, hosts all the same host: 10/10.
        assert_eq!(
            similarity(&list(&["ab@h", "ab@h", "ab@h", "ab@h", "ab@h"])),
            Some(1.0)
        );
        assert_eq!(similarity(&list(&["ab@h", "cd@h"])), None);
    }
}
