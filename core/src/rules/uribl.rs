//! URI block lists (sa-semantics §6.3, §6.4): the registrable domains (or full
//! hosts, or IPs) of the message's URIs and DKIM signing domains, looked up in
//! the domain lists of the configured table ([`crate::lookups::DnsLists`]).

use std::net::IpAddr;
use std::sync::Arc;

use crate::analysis::Analysis;
use crate::i18n::Localized;
use crate::lookups::{
    DnsList, ListKind, ListTest, Setup, reversed, uri_ips, uri_query, uri_subjects,
};
use crate::rules::dnsbl::{blocked_text, flags, list_evidence, matching};
use crate::rules::{Family, Rule, RuleText};
use crate::verdicts::Verdicts;

/// The names a URI list is asked about for this message, each with the
/// subject as shown.
pub(crate) fn queries(
    list: &DnsList,
    setup: &Setup,
    analysis: &Analysis,
    verdicts: &Verdicts,
) -> Vec<(String, String)> {
    let subjects = uri_subjects(analysis, &setup.skip);
    match list.kind {
        ListKind::NameServerIp | ListKind::HostIp => {
            uri_ips::walk(list.kind, &subjects, Some(verdicts))
                .ips
                .into_iter()
                .map(|(ip, via)| (reversed(IpAddr::V4(ip)), format!("{ip} ({via})")))
                .collect()
        }
        ListKind::Domain => subjects
            .iter()
            .filter_map(|subject| uri_query(list, subject))
            .collect(),
        ListKind::Ip => Vec::new(),
    }
}

/// `(subject, matched records)` for every URI subject on which a test fires.
pub(crate) fn fired_subjects(
    list: &DnsList,
    test: &ListTest,
    setup: &Setup,
    analysis: &Analysis,
    verdicts: &Verdicts,
) -> Vec<(String, Vec<String>)> {
    if !verdicts.has_dns_answers() {
        return Vec::new();
    }
    let zone = list.zone();
    queries(list, setup, analysis, verdicts)
        .into_iter()
        .filter_map(|(name, shown)| {
            let answer = verdicts.answer(&format!("{name}.{zone}"), list.rtype)?;
            matching(list, test, &answer).map(|codes| (shown, codes))
        })
        .collect()
}

/// The first listed subject of a rejecting URI list, and the test that
/// matched it.
pub(crate) fn listed_subject<'a>(
    list: &'a DnsList,
    setup: &Setup,
    analysis: &Analysis,
    verdicts: &Verdicts,
) -> Option<(String, &'a ListTest)> {
    list.tests
        .iter()
        .filter(|test| !test.blocked)
        .find_map(|test| {
            fired_subjects(list, test, setup, analysis, verdicts)
                .into_iter()
                .next()
                .map(|(subject, _)| (subject, test))
        })
}

fn texts(list: &DnsList, test: &ListTest) -> RuleText {
    let label = list.label();
    let zone = list.zone();
    if test.blocked {
        return blocked_text(
            label,
            Localized::new(
                format!(
                    "{label} ({zone}) would not say whether the message's links are listed: it refuses queries from public resolvers and from sites over their quota. This says nothing about the message."
                ),
                format!(
                    "{label} ({zone}) n'a pas voulu dire si les liens du message sont répertoriés : la liste refuse les requêtes des résolveurs publics et des sites qui dépassent leur quota. Cela ne dit rien du message."
                ),
            ),
        );
    }
    RuleText {
        description: Localized::new(
            format!(
                "Message links to a domain listed by {label} ({})",
                test.name
            ),
            format!(
                "Le message renvoie vers un domaine répertorié par {label} ({})",
                test.name
            ),
        ),
        explanation: Localized::new(
            format!(
                "A web address in the message (or the domain that signed it) is on {label}'s block list ({zone}): it has been advertised in spam or used for phishing or malware."
            ),
            format!(
                "Une adresse web du message (ou le domaine qui l'a signé) figure sur la liste de blocage de {label} ({zone}) : elle a été promue par du spam ou sert à l'hameçonnage ou à des logiciels malveillants."
            ),
        ),
        fix: Localized::new(
            format!(
                "Remove the link, or find out on {label}'s site why the domain is listed, clean it up and ask for delisting. Link shorteners and shared hosting often carry a neighbour's listing."
            ),
            format!(
                "Retirez le lien, ou cherchez sur le site de {label} pourquoi le domaine est répertorié, assainissez-le et demandez le retrait. Les raccourcisseurs de liens et les hébergements mutualisés portent souvent la réputation d'un voisin."
            ),
        ),
    }
}

/// The tests of every URI list of the table.
pub(crate) fn rules(setup: &Arc<Setup>) -> Vec<Rule> {
    let mut out = Vec::new();
    for (at, list) in setup.lists.0.iter().enumerate() {
        if list.kind == ListKind::Ip {
            continue;
        }
        for (index, test) in list.tests.iter().enumerate() {
            let setup = Arc::clone(setup);
            out.push(
                Rule::new(
                    test.name.clone(),
                    Family::Uribl,
                    test.score.scores().0,
                    texts(list, test),
                    move |context| {
                        let verdicts = context.inputs.verdicts?;
                        let list = setup.lists.0.get(at)?;
                        let test = list.tests.get(index)?;
                        let fired = fired_subjects(list, test, &setup, context.analysis, verdicts);
                        (!fired.is_empty()).then(|| list_evidence(list, test, &fired))
                    },
                )
                .flags(flags(test)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::analysis::{Analysis, Headers, uri};
    use crate::rules::testing;
    use crate::verdicts::{Answer, DnsAnswer, RecordType, Verdicts};
    use crate::{Config, Engine, Inputs};

    fn analysis(hosts: &[&str]) -> Analysis {
        let text: String = hosts.iter().map(|h| format!("http://{h}/\n")).collect();
        Analysis {
            uris: uri::from_text(&text, &Headers::default()),
            ..Analysis::default()
        }
    }

    #[test]
    fn uri_tests_fire_from_answers() {
        let engine = Engine::new(Config::default()).expect("engine");
        let a = analysis(&[
            "www.spam.example.com",
            "shop.fine.example.net",
            "198.51.100.9",
        ]);
        let verdicts = Verdicts {
            dns: vec![
                DnsAnswer::new(
                    "example.com.multi.uribl.com",
                    RecordType::A,
                    Answer::Records(vec!["127.0.0.2".into()]),
                ),
                DnsAnswer::new(
                    "example.net.multi.uribl.com",
                    RecordType::A,
                    Answer::Nxdomain,
                ),
                DnsAnswer::new(
                    "www.spam.example.com.dbl.spamhaus.org",
                    RecordType::A,
                    Answer::Records(vec!["127.0.1.2".into()]),
                ),
                DnsAnswer::new(
                    "shop.fine.example.net.dbl.spamhaus.org",
                    RecordType::A,
                    Answer::Records(vec!["127.255.255.254".into()]),
                ),
                DnsAnswer::new(
                    "9.100.51.198.multi.surbl.org",
                    RecordType::A,
                    Answer::Records(vec!["127.0.0.16".into()]),
                ),
                // Asked about a name that was never planned: ignored.
                DnsAnswer::new(
                    "example.com.dbl.spamhaus.org",
                    RecordType::A,
                    Answer::Records(vec!["127.0.1.4".into()]),
                ),
            ],
            ..Verdicts::default()
        };
        let report = engine.score(&a, &Inputs::default().verdicts(&verdicts));
        testing::assert_hits(
            &report,
            &[
                "URIBL_BLACK",
                "URIBL_DBL_SPAM",
                "URIBL_DBL_BLOCKED_OPENDNS",
                "URIBL_MW_SURBL",
            ],
            &[
                "URIBL_GREY",
                "URIBL_DBL_PHISH",
                "URIBL_BLOCKED",
                "URIBL_DBL_BLOCKED",
            ],
        );
        assert_eq!(
            report.hit("URIBL_BLACK").map(|h| h.evidence.en.as_str()),
            Some("example.com listed in multi.uribl.com (127.0.0.2)")
        );
    }
}
