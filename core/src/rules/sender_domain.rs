//! Sender and recipient domains in the DNS (sa-semantics §2.7): does the
//! domain exist, and can it receive mail (MX, or A/AAAA for the implicit MX)?
//!
//! `NO_DNS_FOR_FROM` keeps SpamAssassin's name and scores but tests what its
//! name says: in SpamAssassin 4.0.1 a bug makes it practically never fire.

use crate::i18n::Localized;
use crate::lookups::{Purpose, checked_domains};
use crate::rules::{Family, Rule, RuleContext, RuleFlags};
use crate::text;
use crate::verdicts::{Answer, RecordType, Verdicts};

const NET: RuleFlags = RuleFlags {
    net: true,
    learn: false,
    ours: false,
    rejects: false,
};

const NET_OURS: RuleFlags = RuleFlags { ours: true, ..NET };

/// What the DNS said about a domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Existence {
    /// NXDOMAIN: it does not exist.
    Missing,
    /// It exists but has no MX, A or AAAA record: it cannot receive mail.
    NoMailHost,
    /// Anything else (records, or not enough answers to tell).
    Unknown,
}

fn existence(verdicts: &Verdicts, domain: &str, types: &[RecordType]) -> Existence {
    let answers: Vec<Option<Answer>> = types.iter().map(|&t| verdicts.answer(domain, t)).collect();
    if answers.iter().flatten().any(|a| *a == Answer::Nxdomain) {
        return Existence::Missing;
    }
    let has_records = answers
        .iter()
        .flatten()
        .any(|a| matches!(a, Answer::Records(_)));
    let mx_and_a_negative = [RecordType::Mx, RecordType::A].iter().all(|t| {
        types
            .iter()
            .position(|x| x == t)
            .and_then(|i| answers.get(i).cloned().flatten())
            .is_some_and(|a| a.is_negative())
    });
    if mx_and_a_negative && !has_records {
        Existence::NoMailHost
    } else {
        Existence::Unknown
    }
}

/// `(domain, existence)` of every checked domain matching `want`.
fn domains(
    context: &RuleContext<'_>,
    want: fn(&Purpose) -> Option<&String>,
) -> Vec<(String, Existence)> {
    let Some(verdicts) = context.inputs.verdicts else {
        return Vec::new();
    };
    checked_domains(context.analysis, verdicts.envelope.as_ref())
        .iter()
        .filter_map(|(purpose, types)| {
            let domain = want(purpose)?;
            Some((domain.clone(), existence(verdicts, domain, types)))
        })
        .collect()
}

fn sender(purpose: &Purpose) -> Option<&String> {
    match purpose {
        Purpose::SenderDomain { domain } => Some(domain),
        _ => None,
    }
}

fn sender_or_from(purpose: &Purpose) -> Option<&String> {
    match purpose {
        Purpose::SenderDomain { domain } | Purpose::FromDomain { domain } => Some(domain),
        _ => None,
    }
}

fn from(purpose: &Purpose) -> Option<&String> {
    match purpose {
        Purpose::FromDomain { domain } => Some(domain),
        _ => None,
    }
}

fn recipient(purpose: &Purpose) -> Option<&String> {
    match purpose {
        Purpose::RecipientDomain { domain } => Some(domain),
        _ => None,
    }
}

fn listed(found: Vec<(String, Existence)>, want: &[Existence]) -> Option<Vec<String>> {
    let mut names: Vec<String> = found
        .into_iter()
        .filter(|(_, e)| want.contains(e))
        .map(|(d, _)| d)
        .collect();
    names.dedup();
    (!names.is_empty()).then_some(names)
}

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        Rule::new(
            "NO_DNS_FOR_FROM",
            Family::Header,
            [0.0, 0.379, 0.0, 0.001],
            text!(
                description: ("Envelope sender's domain cannot receive mail", "Le domaine de l'expéditeur d'enveloppe ne peut pas recevoir de courrier"),
                explanation: (
                    "The domain of the envelope sender (MAIL FROM) has no MX record and no address record, so replies and bounces to it cannot be delivered. Throwaway sender domains look like this.",
                    "Le domaine de l'expéditeur d'enveloppe (MAIL FROM) n'a ni enregistrement MX ni enregistrement d'adresse : les réponses et les retours ne peuvent pas lui être remis. Les domaines d'expédition jetables ressemblent à cela."
                ),
                fix: (
                    "Publish an MX record (or at least an A record) for the domain used in MAIL FROM.",
                    "Publiez un enregistrement MX (ou au moins un enregistrement A) pour le domaine utilisé dans le MAIL FROM."
                ),
            ),
            |context| {
                let names = listed(domains(context, sender), &[Existence::Missing, Existence::NoMailHost])?;
                Some(Localized::new(
                    format!("{}: no MX and no A record", names.join(", ")),
                    format!("{} : ni MX ni enregistrement A", names.join(", ")),
                ))
            },
        )
        .flags(NET),
        Rule::new(
            "FROM_DOMAIN_NO_MAIL_HOST",
            Family::Header,
            [0.0, 1.0, 0.0, 1.0],
            text!(
                description: ("From: domain cannot receive mail", "Le domaine du From: ne peut pas recevoir de courrier"),
                explanation: (
                    "The domain of the From: address exists but has no MX record and no address record, so nobody can reply to the author.",
                    "Le domaine de l'adresse From: existe mais n'a ni enregistrement MX ni enregistrement d'adresse : personne ne peut répondre à l'auteur."
                ),
                fix: (
                    "Publish an MX record for the domain of the From: address.",
                    "Publiez un enregistrement MX pour le domaine de l'adresse From:."
                ),
            ),
            |context| {
                let names = listed(domains(context, from), &[Existence::NoMailHost])?;
                Some(Localized::new(
                    format!("{}: no MX and no A record", names.join(", ")),
                    format!("{} : ni MX ni enregistrement A", names.join(", ")),
                ))
            },
        )
        .flags(NET_OURS),
        Rule::new(
            "SENDER_DOMAIN_NXDOMAIN",
            Family::Header,
            [0.0, 1.5, 0.0, 1.5],
            text!(
                description: ("Sender's domain does not exist", "Le domaine de l'expéditeur n'existe pas"),
                explanation: (
                    "The domain of the envelope sender or of the From: address does not exist in the DNS: the address is made up.",
                    "Le domaine de l'expéditeur d'enveloppe ou de l'adresse From: n'existe pas dans le DNS : l'adresse est inventée."
                ),
                fix: (
                    "Send from an address in a registered domain whose DNS is published.",
                    "Envoyez depuis une adresse d'un domaine enregistré et publié dans le DNS."
                ),
            ),
            |context| {
                let names = listed(domains(context, sender_or_from), &[Existence::Missing])?;
                Some(Localized::new(
                    format!("{}: NXDOMAIN", names.join(", ")),
                    format!("{} : NXDOMAIN (domaine inexistant)", names.join(", ")),
                ))
            },
        )
        .flags(NET_OURS),
        Rule::new(
            "RCPT_DOMAIN_NXDOMAIN",
            Family::Header,
            [0.0, 1.0, 0.0, 1.0],
            text!(
                description: ("A recipient's domain does not exist", "Le domaine d'un destinataire n'existe pas"),
                explanation: (
                    "The message is addressed to a domain that does not exist in the DNS. Senders who mail bought or harvested address lists hit such domains.",
                    "Le message est adressé à un domaine qui n'existe pas dans le DNS. Les expéditeurs qui écrivent à des listes d'adresses achetées ou récoltées tombent sur de tels domaines."
                ),
                fix: (
                    "Remove addresses whose domain no longer exists from your lists, and confirm new subscriptions (double opt-in).",
                    "Retirez de vos listes les adresses dont le domaine n'existe plus, et confirmez les nouvelles inscriptions (double opt-in)."
                ),
            ),
            |context| {
                let names = listed(domains(context, recipient), &[Existence::Missing])?;
                Some(Localized::new(
                    format!("{}: NXDOMAIN", names.join(", ")),
                    format!("{} : NXDOMAIN (domaine inexistant)", names.join(", ")),
                ))
            },
        )
        .flags(NET_OURS),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdicts::{DnsAnswer, Envelope};

    fn verdicts(answers: &[(&str, RecordType, Answer)]) -> Verdicts {
        Verdicts {
            envelope: Some(Envelope::default()),
            dns: answers
                .iter()
                .map(|(n, t, a)| DnsAnswer::new(*n, *t, a.clone()))
                .collect(),
            ..Verdicts::default()
        }
    }

    const SENDER: &[RecordType] = &[RecordType::Mx, RecordType::A, RecordType::Aaaa];

    #[test]
    fn existence_from_answers() {
        let v = verdicts(&[("x.example", RecordType::Mx, Answer::Nxdomain)]);
        assert_eq!(existence(&v, "x.example", SENDER), Existence::Missing);
        let v = verdicts(&[
            ("x.example", RecordType::Mx, Answer::Nodata),
            ("x.example", RecordType::A, Answer::Nodata),
        ]);
        assert_eq!(existence(&v, "x.example", SENDER), Existence::NoMailHost);
        // Near misses: an AAAA record is an implicit MX; a missing A answer is unknown.
        let v = verdicts(&[
            ("x.example", RecordType::Mx, Answer::Nodata),
            ("x.example", RecordType::A, Answer::Nodata),
            (
                "x.example",
                RecordType::Aaaa,
                Answer::Records(vec!["2001:db8::1".into()]),
            ),
        ]);
        assert_eq!(existence(&v, "x.example", SENDER), Existence::Unknown);
        let v = verdicts(&[("x.example", RecordType::Mx, Answer::Nodata)]);
        assert_eq!(existence(&v, "x.example", SENDER), Existence::Unknown);
        let v = verdicts(&[
            ("x.example", RecordType::Mx, Answer::Servfail),
            ("x.example", RecordType::A, Answer::Nodata),
        ]);
        assert_eq!(existence(&v, "x.example", SENDER), Existence::Unknown);
    }
}
