//! DNS block and allow lists of relay IPs (sa-semantics §6.1, §6.2, §6.5,
//! §6.6): one test per entry of the configured table
//! ([`crate::lookups::DnsLists`]), read from the caller's DNS answers.

use std::net::IpAddr;
use std::sync::Arc;

use crate::analysis::Analysis;
use crate::i18n::Localized;
use crate::lookups::{DnsList, ListKind, ListTest, RelaySelection, Setup, reversed};
use crate::rules::{Family, Rule, RuleFlags, RuleText};
use crate::verdicts::{Answer, RecordType, Verdicts};

/// The answer records a test matches, or `["REFUSED"]` for the list's first
/// blocked test when the server refused; `None` when it does not fire.
///
/// A records outside 127.0.0.0/8 are ignored (as SpamAssassin does); an
/// answer that is one of the list's "query blocked" codes is never a listing.
pub(crate) fn matching(list: &DnsList, test: &ListTest, answer: &Answer) -> Option<Vec<String>> {
    match answer {
        Answer::Records(records) => {
            let usable = records.iter().filter(|record| {
                list.rtype != RecordType::A
                    || record
                        .parse::<std::net::Ipv4Addr>()
                        .is_ok_and(|ip| ip.octets()[0] == 127)
            });
            let matched: Vec<String> = if test.blocked {
                usable
                    .filter(|r| test.matcher.as_ref().is_some_and(|m| m.matches(r)))
                    .cloned()
                    .collect()
            } else if test
                .unless
                .as_ref()
                .is_some_and(|unless| records.iter().any(|r| unless.matches(r)))
            {
                Vec::new()
            } else {
                usable
                    .filter(|r| !list.is_blocked_code(r))
                    .filter(|r| test.matcher.as_ref().is_none_or(|m| m.matches(r)))
                    .cloned()
                    .collect()
            };
            (!matched.is_empty()).then_some(matched)
        }
        Answer::Refused => {
            let first = list.refused_test().is_some_and(|t| t.name == test.name);
            (test.blocked && first).then(|| vec!["REFUSED".to_owned()])
        }
        _ => None,
    }
}

fn envelope(verdicts: &Verdicts) -> Option<&crate::verdicts::Envelope> {
    verdicts.envelope.as_ref()
}

/// `(ip, matched records)` for every relay IP a test looks at that fires.
fn fired_ips(
    list: &DnsList,
    test: &ListTest,
    setup: &Setup,
    analysis: &Analysis,
    verdicts: &Verdicts,
) -> Vec<(IpAddr, Vec<String>)> {
    if !verdicts.has_dns_answers() {
        return Vec::new();
    }
    let zone = list.zone();
    setup
        .relay_ips(analysis, envelope(verdicts))
        .select(test.relays, list.allow)
        .into_iter()
        .filter_map(|ip| {
            let answer = verdicts.answer(&format!("{}.{zone}", reversed(ip)), list.rtype)?;
            matching(list, test, &answer).map(|codes| (ip, codes))
        })
        .collect()
}

/// The connecting client's listing in a rejecting IP list: its IP and the
/// first listing test that matched it, if any.
pub(crate) fn client_listing<'a>(
    list: &'a DnsList,
    setup: &Setup,
    analysis: &Analysis,
    verdicts: &Verdicts,
) -> Option<(IpAddr, &'a ListTest)> {
    if list.kind != ListKind::Ip {
        return None;
    }
    let ip = *setup
        .relay_ips(analysis, envelope(verdicts))
        .select(RelaySelection::LastExternal, list.allow)
        .first()?;
    let answer = verdicts.answer(&format!("{}.{}", reversed(ip), list.zone()), list.rtype)?;
    list.tests
        .iter()
        .filter(|test| !test.blocked)
        .find(|test| matching(list, test, &answer).is_some())
        .map(|test| (ip, test))
}

/// The texts of a list's "query blocked" test: the list did not answer, which
/// says nothing about the message; `explanation` says what was not checked.
pub(crate) fn blocked_text(label: &str, explanation: Localized) -> RuleText {
    RuleText {
        description: Localized::new(
            format!("{label} refused to answer: the query was blocked"),
            format!("{label} a refusé de répondre : la requête a été bloquée"),
        ),
        explanation,
        fix: Localized::new(
            format!(
                "Nothing for the sender. The receiving site must query {label} through its own resolver, or subscribe to it."
            ),
            format!(
                "Rien à faire pour l'expéditeur. Le site destinataire doit interroger {label} par son propre résolveur, ou s'y abonner."
            ),
        ),
    }
}

fn texts(list: &DnsList, test: &ListTest) -> RuleText {
    let label = list.label();
    let zone = list.zone();
    if test.blocked {
        return blocked_text(
            label,
            Localized::new(
                format!(
                    "{label} ({zone}) would not say whether the relay is listed: it refuses queries from public resolvers and from sites over their free quota. This says nothing about the sender; the list was simply not consulted."
                ),
                format!(
                    "{label} ({zone}) n'a pas voulu dire si le relais est répertorié : la liste refuse les requêtes venant de résolveurs publics ou de sites qui dépassent leur quota gratuit. Cela ne dit rien de l'expéditeur ; la liste n'a simplement pas été consultée."
                ),
            ),
        );
    }
    if list.allow {
        return RuleText {
            description: Localized::new(
                format!("Sender's server is on {label}'s allow list ({})", test.name),
                format!(
                    "Le serveur de l'expéditeur figure sur la liste blanche de {label} ({})",
                    test.name
                ),
            ),
            explanation: Localized::new(
                format!(
                    "{label} ({zone}) vouches for the server that sent the message: it is known to send legitimate mail."
                ),
                format!(
                    "{label} ({zone}) se porte garant du serveur qui a envoyé le message : il est connu pour envoyer du courrier légitime."
                ),
            ),
            fix: Localized::new(
                "Nothing to do: this lowers the score.",
                "Rien à faire : cela abaisse le score.",
            ),
        };
    }
    RuleText {
        description: Localized::new(
            format!("Relay listed by {label} ({zone})"),
            format!("Relais répertorié par {label} ({zone})"),
        ),
        explanation: Localized::new(
            format!(
                "A server that handled the message is on {label}'s block list: it recently sent spam, is infected, or is an address that should not send mail directly (a home connection)."
            ),
            format!(
                "Un serveur par lequel le message est passé figure sur la liste de blocage de {label} : il a récemment envoyé du spam, il est infecté, ou c'est une adresse qui ne devrait pas envoyer de courrier directement (connexion résidentielle)."
            ),
        ),
        fix: Localized::new(
            format!(
                "Look the IP address up on {label}'s site to learn why, fix the cause (infected machine, open relay, hacked account), then ask for delisting; or send through your provider's mail server."
            ),
            format!(
                "Cherchez l'adresse IP sur le site de {label} pour en connaître la raison, corrigez la cause (machine infectée, relais ouvert, compte piraté), puis demandez le retrait ; ou envoyez par le serveur de messagerie de votre fournisseur."
            ),
        ),
    }
}

fn evidence(list: &DnsList, test: &ListTest, fired: &[(String, Vec<String>)]) -> Localized {
    let zone = list.zone();
    let (en, fr): (Vec<String>, Vec<String>) = fired
        .iter()
        .map(|(subject, codes)| {
            let codes = codes.join(", ");
            if codes == "REFUSED" {
                (
                    format!("{zone} refused the query for {subject}"),
                    format!("{zone} a refusé la requête pour {subject}"),
                )
            } else if test.blocked {
                (
                    format!("{zone} answered {codes} (query blocked) for {subject}"),
                    format!("{zone} a répondu {codes} (requête bloquée) pour {subject}"),
                )
            } else {
                (
                    format!("{subject} listed in {zone} ({codes})"),
                    format!("{subject} répertorié dans {zone} ({codes})"),
                )
            }
        })
        .unzip();
    Localized::new(en.join("; "), fr.join("; "))
}

pub(crate) fn flags(test: &ListTest) -> RuleFlags {
    RuleFlags {
        net: true,
        learn: false,
        ours: test.ours,
        rejects: false,
    }
}

/// The tests of every IP list of the table.
pub(crate) fn rules(setup: &Arc<Setup>) -> Vec<Rule> {
    let mut out = Vec::new();
    for (at, list) in setup.lists.0.iter().enumerate() {
        if list.kind != ListKind::Ip {
            continue;
        }
        for (index, test) in list.tests.iter().enumerate() {
            let setup = Arc::clone(setup);
            let rule = Rule::new(
                test.name.clone(),
                Family::Dnsbl,
                test.score.scores().0,
                texts(list, test),
                move |context| {
                    let verdicts = context.inputs.verdicts?;
                    let list = setup.lists.0.get(at)?;
                    let test = list.tests.get(index)?;
                    let fired: Vec<(String, Vec<String>)> =
                        fired_ips(list, test, &setup, context.analysis, verdicts)
                            .into_iter()
                            .map(|(ip, codes)| (ip.to_string(), codes))
                            .collect();
                    (!fired.is_empty()).then(|| evidence(list, test, &fired))
                },
            )
            .flags(flags(test));
            out.push(rule);
        }
    }
    out
}

/// Shared by the URI lists.
pub(crate) fn list_evidence(
    list: &DnsList,
    test: &ListTest,
    fired: &[(String, Vec<String>)],
) -> Localized {
    evidence(list, test, fired)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lookups::{DnsLists, Matcher};
    use crate::rules::testing;
    use crate::verdicts::{DnsAnswer, Envelope};
    use crate::{Config, Engine, Inputs};

    fn stock(name: &str) -> DnsList {
        DnsLists::default()
            .0
            .into_iter()
            .find(|l| l.name == name)
            .expect("stock list")
    }

    #[test]
    fn blocked_codes_are_never_listings() {
        let zen = stock("zen");
        let sbl = zen
            .tests
            .iter()
            .find(|t| t.name == "RCVD_IN_SBL")
            .expect("SBL");
        let blocked = zen
            .tests
            .iter()
            .find(|t| t.name == "RCVD_IN_ZEN_BLOCKED")
            .expect("blocked");
        let answer = Answer::Records(vec!["127.255.255.255".into()]);
        assert_eq!(matching(&zen, sbl, &answer), None);
        assert_eq!(
            matching(&zen, blocked, &answer),
            Some(vec!["127.255.255.255".into()])
        );
        let listed = Answer::Records(vec!["127.0.0.2".into()]);
        assert!(matching(&zen, sbl, &listed).is_some());
        assert!(matching(&zen, blocked, &listed).is_none());
        // REFUSED: only the first blocked test, never a listing.
        let opendns = zen
            .tests
            .iter()
            .find(|t| t.name == "RCVD_IN_ZEN_BLOCKED_OPENDNS")
            .expect("opendns");
        assert!(matching(&zen, blocked, &Answer::Refused).is_some());
        assert!(matching(&zen, opendns, &Answer::Refused).is_none());
        assert!(matching(&zen, sbl, &Answer::Refused).is_none());
        assert!(matching(&zen, sbl, &Answer::Timeout).is_none());
        // Answers outside 127/8 are ignored.
        let psbl = stock("psbl");
        assert!(
            matching(
                &psbl,
                &psbl.tests[0],
                &Answer::Records(vec!["10.0.0.2".into()])
            )
            .is_none()
        );
        assert!(
            matching(
                &psbl,
                &psbl.tests[0],
                &Answer::Records(vec!["127.0.0.2".into()])
            )
            .is_some()
        );
    }

    #[test]
    fn txt_lists() {
        let spamcop = stock("spamcop");
        let test = &spamcop.tests[0];
        assert!(matches!(test.matcher, Some(Matcher::Txt(_))));
        let listed = Answer::Records(vec![
            "Blocked - see https://www.spamcop.net/bl.shtml?203.0.113.7".into(),
        ]);
        assert!(matching(&spamcop, test, &listed).is_some());
        assert!(matching(&spamcop, test, &Answer::Records(vec!["other".into()])).is_none());
    }

    fn verdicts(answers: Vec<DnsAnswer>) -> Verdicts {
        Verdicts {
            envelope: Some(Envelope {
                client_ip: Some("203.0.113.7".parse().expect("ip")),
                ..Envelope::default()
            }),
            dns: answers,
            ..Verdicts::default()
        }
    }

    #[test]
    fn relay_tests_fire_from_answers() {
        let engine = Engine::new(Config::default()).expect("engine");
        let analysis = Analysis::default();
        let v = verdicts(vec![
            DnsAnswer::new(
                "7.113.0.203.zen.spamhaus.org",
                RecordType::A,
                Answer::Records(vec!["127.0.0.4".into(), "127.0.0.10".into()]),
            ),
            DnsAnswer::new(
                "7.113.0.203.list.dnswl.org",
                RecordType::A,
                Answer::Records(vec!["127.0.5.2".into()]),
            ),
            DnsAnswer::new(
                "7.113.0.203.b.barracudacentral.org",
                RecordType::A,
                Answer::Refused,
            ),
            DnsAnswer::new(
                "7.113.0.203.psbl.surriel.com",
                RecordType::A,
                Answer::Nxdomain,
            ),
        ]);
        let report = engine.score(&analysis, &Inputs::default().verdicts(&v));
        testing::assert_hits(
            &report,
            &[
                "RCVD_IN_XBL",
                "RCVD_IN_PBL",
                "RCVD_IN_DNSWL_MED",
                "RCVD_IN_BRBL_LASTEXT_BLOCKED",
            ],
            &[
                "RCVD_IN_SBL",
                "RCVD_IN_PSBL",
                "RCVD_IN_BRBL_LASTEXT",
                "RCVD_IN_DNSWL_HI",
            ],
        );
        let xbl = report.hit("RCVD_IN_XBL").expect("XBL");
        assert_eq!(
            xbl.evidence.en,
            "203.0.113.7 listed in zen.spamhaus.org (127.0.0.4)"
        );
        assert!(xbl.score > 0.0);
        // Without network verdicts the same answers are not read.
        let report = engine.score(&analysis, &Inputs::default());
        assert!(report.hit("RCVD_IN_XBL").is_none());
    }
}
