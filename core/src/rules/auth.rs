//! Sender authentication: SPF, DKIM and DMARC (sa-semantics §5), from the
//! caller's verdicts or, failing those, from trusted Authentication-Results and
//! Received-SPF fields ([`crate::verdicts::headers`]). All are network tests:
//! they run in score sets 1 and 3 only.

use std::sync::Arc;

use crate::analysis::Analysis;
use crate::lookups::Setup;
use crate::rules::{Family, Rule, RuleContext, RuleFlags, RuleText};
use crate::verdicts::headers::header_verdicts;
use crate::verdicts::{
    AuthResults, DkimResult, DkimSignature, DmarcPolicy, DmarcResult, SpfResult, address_domain,
};
use crate::{Localized, text};

/// SpamAssassin's `dkim_minimum_key_bits`.
const MIN_KEY_BITS: u32 = 1024;

const NET: RuleFlags = RuleFlags {
    net: true,
    learn: false,
    ours: false,
    rejects: false,
};

/// The results the tests read: the caller's, completed from trusted header
/// fields.
pub(crate) fn effective(context: &RuleContext<'_>, setup: &Setup) -> AuthResults {
    let verdicts = context.inputs.verdicts;
    let mut auth = verdicts.map(|v| v.auth.clone()).unwrap_or_default();
    let envelope = verdicts.and_then(|v| v.envelope.as_ref());
    auth.fill_from(header_verdicts(
        context.analysis,
        envelope,
        &setup.trusted_authserv_ids,
        &setup.boundary,
    ));
    auth
}

/// Lower-cased domains of every From address.
fn author_domains(analysis: &Analysis) -> Vec<String> {
    analysis
        .addresses
        .from
        .iter()
        .filter_map(|mailbox| address_domain(&mailbox.address))
        .collect()
}

fn spf_text(helo: bool, result: SpfResult) -> RuleText {
    let (who_en, who_fr) = if helo {
        ("the HELO name", "le nom HELO")
    } else {
        (
            "the envelope sender (MAIL FROM)",
            "l'expéditeur d'enveloppe (MAIL FROM)",
        )
    };
    let (de, df, ee, ef, fe, ff) = match result {
        SpfResult::Pass => (
            "SPF: sender is authorised",
            "SPF : expéditeur autorisé",
            "The sending server is one the domain's SPF record lists as allowed to send its mail.",
            "Le serveur d'envoi figure parmi ceux que l'enregistrement SPF du domaine autorise.",
            "Nothing to do: this is the expected result.",
            "Rien à faire : c'est le résultat attendu.",
        ),
        SpfResult::Fail => (
            "SPF: sender is not authorised (fail)",
            "SPF : expéditeur non autorisé (fail)",
            "The domain's SPF record says this server may not send its mail. Forged senders produce exactly this result.",
            "L'enregistrement SPF du domaine indique que ce serveur n'a pas le droit d'envoyer son courrier. C'est exactement ce que produit un expéditeur usurpé.",
            "Add the sending server (or your provider's include:) to the domain's SPF record, or send through a server it already lists.",
            "Ajoutez le serveur d'envoi (ou l'include: de votre fournisseur) à l'enregistrement SPF du domaine, ou envoyez par un serveur déjà autorisé.",
        ),
        SpfResult::Softfail => (
            "SPF: sender is probably not authorised (softfail)",
            "SPF : expéditeur probablement non autorisé (softfail)",
            "The domain's SPF record does not list this server and asks receivers to be suspicious (~all).",
            "L'enregistrement SPF du domaine ne mentionne pas ce serveur et demande aux destinataires de se méfier (~all).",
            "List every server that sends for the domain in its SPF record.",
            "Déclarez dans l'enregistrement SPF du domaine tous les serveurs qui envoient pour lui.",
        ),
        SpfResult::Neutral => (
            "SPF: domain makes no statement about this sender (neutral)",
            "SPF : le domaine ne se prononce pas sur cet expéditeur (neutral)",
            "The domain's SPF record explicitly declines to say whether this server may send (?all), which gives receivers nothing to rely on.",
            "L'enregistrement SPF du domaine refuse explicitement de dire si ce serveur peut envoyer (?all) ; le destinataire n'a rien sur quoi s'appuyer.",
            "Publish an SPF record that lists your servers and ends in ~all or -all.",
            "Publiez un enregistrement SPF qui liste vos serveurs et se termine par ~all ou -all.",
        ),
        SpfResult::None => (
            "SPF: domain publishes no SPF record",
            "SPF : le domaine ne publie pas d'enregistrement SPF",
            "The domain has no SPF record, so nobody can tell which servers may send its mail.",
            "Le domaine n'a pas d'enregistrement SPF : personne ne peut savoir quels serveurs ont le droit d'envoyer son courrier.",
            "Publish a TXT record \"v=spf1 … -all\" listing the servers that send for the domain.",
            "Publiez un enregistrement TXT « v=spf1 … -all » qui liste les serveurs envoyant pour le domaine.",
        ),
        SpfResult::Permerror => (
            "SPF: the domain's SPF record is broken (permerror)",
            "SPF : l'enregistrement SPF du domaine est invalide (permerror)",
            "The domain's SPF record cannot be evaluated: a syntax error, too many DNS lookups, or several records.",
            "L'enregistrement SPF du domaine ne peut pas être évalué : erreur de syntaxe, trop de requêtes DNS, ou plusieurs enregistrements.",
            "Check the record with an SPF validator: one record only, at most 10 DNS-querying mechanisms.",
            "Vérifiez l'enregistrement avec un validateur SPF : un seul enregistrement, au plus 10 mécanismes qui interrogent le DNS.",
        ),
        SpfResult::Temperror => (
            "SPF: the check failed temporarily (temperror)",
            "SPF : la vérification a échoué temporairement (temperror)",
            "The domain's DNS servers did not answer in time, so its SPF record could not be read.",
            "Les serveurs DNS du domaine n'ont pas répondu à temps ; son enregistrement SPF n'a pas pu être lu.",
            "Make sure the domain's DNS servers answer reliably.",
            "Assurez-vous que les serveurs DNS du domaine répondent de façon fiable.",
        ),
    };
    let prefix = |s: &str, lang_helo: &str| {
        if helo {
            format!("{s} ({lang_helo})")
        } else {
            s.to_owned()
        }
    };
    RuleText {
        description: Localized::new(prefix(de, "HELO"), prefix(df, "HELO")),
        explanation: Localized::new(
            format!("Checked for {who_en}. {ee}"),
            format!("Vérifié pour {who_fr}. {ef}"),
        ),
        fix: Localized::new(fe, ff),
    }
}

fn spf_rules(trusted: &Arc<Setup>) -> Vec<Rule> {
    use SpfResult::{Fail, Neutral, None, Pass, Permerror, Softfail, Temperror};
    let table: [(&str, bool, SpfResult, [f64; 4]); 14] = [
        ("SPF_PASS", false, Pass, [-0.001; 4]),
        ("SPF_NEUTRAL", false, Neutral, [0.0, 0.652, 0.0, 0.779]),
        ("SPF_FAIL", false, Fail, [0.0, 0.919, 0.0, 0.001]),
        ("SPF_SOFTFAIL", false, Softfail, [0.0, 0.972, 0.0, 0.665]),
        ("SPF_NONE", false, None, [0.001; 4]),
        ("T_SPF_PERMERROR", false, Permerror, [0.01; 4]),
        ("T_SPF_TEMPERROR", false, Temperror, [0.01; 4]),
        ("SPF_HELO_PASS", true, Pass, [-0.001; 4]),
        ("SPF_HELO_NEUTRAL", true, Neutral, [0.0, 0.001, 0.0, 0.112]),
        ("SPF_HELO_FAIL", true, Fail, [0.0, 0.001, 0.0, 0.001]),
        (
            "SPF_HELO_SOFTFAIL",
            true,
            Softfail,
            [0.0, 0.896, 0.0, 0.732],
        ),
        ("SPF_HELO_NONE", true, None, [0.001; 4]),
        ("T_SPF_HELO_PERMERROR", true, Permerror, [0.01; 4]),
        ("T_SPF_HELO_TEMPERROR", true, Temperror, [0.01; 4]),
    ];
    table
        .into_iter()
        .map(|(name, helo, result, scores)| {
            let trusted = Arc::clone(trusted);
            Rule::new(
                name,
                Family::Auth,
                scores,
                spf_text(helo, result),
                move |context| {
                    let auth = effective(context, &trusted);
                    let got = if helo { auth.spf_helo } else { auth.spf };
                    (got == Some(result)).then(|| {
                        let envelope = context.inputs.verdicts.and_then(|v| v.envelope.as_ref());
                        let identity = if helo {
                            envelope.and_then(|e| e.helo.clone())
                        } else {
                            envelope.and_then(|e| e.mail_from.clone())
                        }
                        .unwrap_or_default();
                        Localized::new(
                            format!(
                                "SPF {} for {}: {}",
                                if helo { "HELO" } else { "MAIL FROM" },
                                shown(&identity),
                                result.as_str()
                            ),
                            format!(
                                "SPF {} pour {} : {}",
                                if helo { "HELO" } else { "MAIL FROM" },
                                shown(&identity),
                                result.as_str()
                            ),
                        )
                    })
                },
            )
            .flags(NET)
        })
        .collect()
}

fn shown(identity: &str) -> String {
    if identity.is_empty() {
        "<>".to_owned()
    } else {
        format!("<{identity}>")
    }
}

fn signatures(auth: &AuthResults) -> &[DkimSignature] {
    auth.dkim.as_deref().unwrap_or_default()
}

fn valid(signature: &DkimSignature) -> bool {
    signature.result == DkimResult::Pass
}

/// The signing domains, sorted and each once: the order of the caller's DKIM
/// results must not change the evidence.
fn list_domains<'a>(signatures: impl Iterator<Item = &'a DkimSignature>) -> String {
    // Sorted: the report must not depend on the order the results came in,
    // and `dedup` only drops neighbours.
    let mut domains: Vec<String> = signatures.map(DkimSignature::sdid).collect();
    domains.sort_unstable();
    domains.dedup();
    domains.join(", ")
}

fn dkim_rules(trusted: &Arc<Setup>) -> Vec<Rule> {
    let t = Arc::clone(trusted);
    let signed = Rule::new(
        "DKIM_SIGNED",
        Family::Auth,
        [0.1; 4],
        text!(
            description: ("Message has a DKIM signature (valid or not)", "Le message porte une signature DKIM (valide ou non)"),
            explanation: (
                "A DKIM signature was found. On its own this says nothing good or bad; DKIM_VALID or DKIM_INVALID tells whether it verified.",
                "Une signature DKIM a été trouvée. Seule, elle ne dit rien de bon ou de mauvais ; DKIM_VALID ou DKIM_INVALID indique si elle a été vérifiée."
            ),
            fix: (
                "Nothing to do; make sure the signature verifies.",
                "Rien à faire ; assurez-vous que la signature se vérifie."
            ),
        ),
        move |context| {
            let auth = effective(context, &t);
            let sigs = signatures(&auth);
            (!sigs.is_empty()).then(|| {
                Localized::new(
                    format!("signed by {}", list_domains(sigs.iter())),
                    format!("signé par {}", list_domains(sigs.iter())),
                )
            })
        },
    )
    .flags(NET);
    let t = Arc::clone(trusted);
    let valid_rule = Rule::new(
        "DKIM_VALID",
        Family::Auth,
        [-0.1; 4],
        text!(
            description: ("Message has at least one valid DKIM signature", "Le message porte au moins une signature DKIM valide"),
            explanation: (
                "A DKIM signature verified: the signed parts of the message are unchanged since the signing domain sent it.",
                "Une signature DKIM a été vérifiée : les parties signées du message n'ont pas changé depuis leur envoi par le domaine signataire."
            ),
            fix: ("Nothing to do: this is the expected result.", "Rien à faire : c'est le résultat attendu."),
        ),
        move |context| {
            let auth = effective(context, &t);
            let domains = list_domains(signatures(&auth).iter().filter(|s| valid(s)));
            (!domains.is_empty()).then(|| {
                Localized::new(
                    format!("valid signature from {domains}"),
                    format!("signature valide de {domains}"),
                )
            })
        },
    )
    .flags(NET);
    let t = Arc::clone(trusted);
    let invalid = Rule::new(
        "DKIM_INVALID",
        Family::Auth,
        [0.1; 4],
        text!(
            description: ("DKIM signature present but none verifies", "Signature DKIM présente mais aucune ne se vérifie"),
            explanation: (
                "The message is DKIM-signed but no signature verifies: it was altered on the way (a mailing list footer, a rewritten body) or the signature is forged.",
                "Le message est signé DKIM mais aucune signature ne se vérifie : il a été modifié en route (pied de page d'une liste de diffusion, corps réécrit) ou la signature est falsifiée."
            ),
            fix: (
                "Check that the public key is published under the selector used, and that nothing rewrites the message after signing.",
                "Vérifiez que la clé publique est publiée sous le sélecteur utilisé et que rien ne réécrit le message après la signature."
            ),
        ),
        move |context| {
            let auth = effective(context, &t);
            let sigs = signatures(&auth);
            (!sigs.is_empty() && !sigs.iter().any(valid)).then(|| {
                let results: Vec<String> = sigs
                    .iter()
                    .map(|s| format!("{}: {:?}", s.sdid(), s.result).to_lowercase())
                    .collect();
                Localized::new(
                    format!("no valid signature ({})", results.join(", ")),
                    format!("aucune signature valide ({})", results.join(", ")),
                )
            })
        },
    )
    .flags(NET);
    let t = Arc::clone(trusted);
    let au = Rule::new(
        "DKIM_VALID_AU",
        Family::Auth,
        [-0.1; 4],
        text!(
            description: ("Valid DKIM signature from the author's domain", "Signature DKIM valide du domaine de l'auteur"),
            explanation: (
                "A valid DKIM signature comes from the same domain as the From: address, so that domain vouches for the message.",
                "Une signature DKIM valide provient du même domaine que l'adresse From: : ce domaine se porte garant du message."
            ),
            fix: ("Nothing to do: this is the expected result.", "Rien à faire : c'est le résultat attendu."),
        ),
        move |context| {
            let auth = effective(context, &t);
            let authors = author_domains(context.analysis);
            let sig = signatures(&auth).iter().find(|s| {
                valid(s)
                    && s.key_bits.is_none_or(|bits| bits >= MIN_KEY_BITS)
                    && authors.contains(&s.sdid())
            })?;
            Some(Localized::new(
                format!("{} signs and is the From: domain", sig.sdid()),
                format!("{} signe et est le domaine du From:", sig.sdid()),
            ))
        },
    )
    .flags(NET);
    let t = Arc::clone(trusted);
    let ef = Rule::new(
        "DKIM_VALID_EF",
        Family::Auth,
        [-0.1; 4],
        text!(
            description: ("Valid DKIM signature from the envelope sender's domain", "Signature DKIM valide du domaine de l'expéditeur d'enveloppe"),
            explanation: (
                "A valid DKIM signature comes from the domain of the envelope sender (MAIL FROM, where bounces go).",
                "Une signature DKIM valide provient du domaine de l'expéditeur d'enveloppe (MAIL FROM, l'adresse des retours)."
            ),
            fix: ("Nothing to do: this is the expected result.", "Rien à faire : c'est le résultat attendu."),
        ),
        move |context| {
            let auth = effective(context, &t);
            let domain = context
                .inputs
                .verdicts
                .and_then(|v| v.envelope.as_ref())
                .and_then(|e| e.mail_from_domain())?;
            let sig = signatures(&auth).iter().find(|s| valid(s) && s.sdid() == domain)?;
            Some(Localized::new(
                format!("{} signs and is the MAIL FROM domain", sig.sdid()),
                format!("{} signe et est le domaine du MAIL FROM", sig.sdid()),
            ))
        },
    )
    .flags(NET);
    vec![signed, valid_rule, invalid, au, ef]
}

fn dmarc_rules(trusted: &Arc<Setup>) -> Vec<Rule> {
    type Condition = fn(DmarcResult, Option<DmarcPolicy>) -> bool;
    let table: [(&str, [f64; 4], Condition, RuleText); 5] = [
        (
            "DMARC_PASS",
            [-0.001; 4],
            |r, p| r == DmarcResult::Pass && p.is_some(),
            text!(
                description: ("DMARC: the From: domain is aligned and authenticated", "DMARC : le domaine du From: est aligné et authentifié"),
                explanation: (
                    "The From: domain publishes a DMARC policy and the message passed it: SPF or DKIM authenticated that very domain.",
                    "Le domaine du From: publie une politique DMARC et le message la respecte : SPF ou DKIM a authentifié ce domaine même."
                ),
                fix: ("Nothing to do: this is the expected result.", "Rien à faire : c'est le résultat attendu."),
            ),
        ),
        (
            "DMARC_REJECT",
            [0.001, 1.797, 0.001, 1.797],
            |r, p| r == DmarcResult::Fail && p == Some(DmarcPolicy::Reject),
            text!(
                description: ("DMARC failed; the domain asks to reject such mail", "DMARC en échec ; le domaine demande de rejeter ce courrier"),
                explanation: (
                    "Neither SPF nor DKIM authenticated the From: domain, and that domain's DMARC policy (p=reject) says such mail is not from it.",
                    "Ni SPF ni DKIM n'ont authentifié le domaine du From:, et la politique DMARC de ce domaine (p=reject) affirme qu'un tel courrier ne vient pas de lui."
                ),
                fix: (
                    "Sign with DKIM for the From: domain, or send from servers its SPF record lists with a MAIL FROM in the same domain.",
                    "Signez en DKIM pour le domaine du From:, ou envoyez depuis des serveurs listés dans son SPF avec un MAIL FROM du même domaine."
                ),
            ),
        ),
        (
            "DMARC_QUAR",
            [0.001, 1.198, 0.001, 1.198],
            |r, p| r == DmarcResult::Fail && p == Some(DmarcPolicy::Quarantine),
            text!(
                description: ("DMARC failed; the domain asks to quarantine such mail", "DMARC en échec ; le domaine demande de mettre ce courrier en quarantaine"),
                explanation: (
                    "Neither SPF nor DKIM authenticated the From: domain, and its DMARC policy (p=quarantine) asks receivers to treat such mail as suspicious.",
                    "Ni SPF ni DKIM n'ont authentifié le domaine du From:, et sa politique DMARC (p=quarantine) demande de traiter ce courrier comme suspect."
                ),
                fix: (
                    "Sign with DKIM for the From: domain, or align SPF: MAIL FROM in the From: domain, sent from a listed server.",
                    "Signez en DKIM pour le domaine du From:, ou alignez SPF : MAIL FROM dans le domaine du From:, envoi depuis un serveur déclaré."
                ),
            ),
        ),
        (
            "DMARC_NONE",
            [0.001, 0.898, 0.001, 0.898],
            |r, p| r == DmarcResult::Fail && p == Some(DmarcPolicy::None),
            text!(
                description: ("DMARC failed; the domain only monitors (p=none)", "DMARC en échec ; le domaine se contente de surveiller (p=none)"),
                explanation: (
                    "Neither SPF nor DKIM authenticated the From: domain; its DMARC policy only asks for reports, but the failure still suggests a forged sender.",
                    "Ni SPF ni DKIM n'ont authentifié le domaine du From: ; sa politique DMARC ne demande que des rapports, mais l'échec évoque quand même un expéditeur usurpé."
                ),
                fix: (
                    "Sign with DKIM for the From: domain, and read the DMARC reports to find the servers that send unauthenticated mail.",
                    "Signez en DKIM pour le domaine du From:, et lisez les rapports DMARC pour trouver les serveurs qui envoient sans authentification."
                ),
            ),
        ),
        (
            "DMARC_MISSING",
            [0.001; 4],
            |r, _| r == DmarcResult::None,
            text!(
                description: ("The From: domain publishes no DMARC policy", "Le domaine du From: ne publie aucune politique DMARC"),
                explanation: (
                    "The From: domain has no DMARC record, so receivers cannot tell forged mail in its name from genuine mail.",
                    "Le domaine du From: n'a pas d'enregistrement DMARC : les destinataires ne peuvent pas distinguer le courrier usurpé en son nom du vrai."
                ),
                fix: (
                    "Publish a TXT record at _dmarc.<domain>, starting with \"v=DMARC1; p=none; rua=mailto:…\".",
                    "Publiez un enregistrement TXT sur _dmarc.<domaine>, pour commencer « v=DMARC1; p=none; rua=mailto:… »."
                ),
            ),
        ),
    ];
    table
        .into_iter()
        .map(|(name, scores, condition, text)| {
            let trusted = Arc::clone(trusted);
            Rule::new(name, Family::Auth, scores, text, move |context| {
                let dmarc = effective(context, &trusted).dmarc?;
                condition(dmarc.result, dmarc.policy).then(|| {
                    let result = format!("{:?}", dmarc.result).to_lowercase();
                    let policy = dmarc
                        .policy
                        .map(|p| format!("{p:?}").to_lowercase())
                        .unwrap_or_else(|| "-".to_owned());
                    Localized::new(
                        format!("DMARC {result}, policy {policy}"),
                        format!("DMARC {result}, politique {policy}"),
                    )
                })
            })
            .flags(NET)
        })
        .collect()
}

/// The SPF, DKIM and DMARC tests; header verdicts are believed only from the
/// configured authserv-ids, in fields added inside the trust boundary.
pub(crate) fn rules(setup: &Arc<Setup>) -> Vec<Rule> {
    let mut rules = spf_rules(setup);
    rules.extend(dkim_rules(setup));
    rules.extend(dmarc_rules(setup));
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Addresses, Mailbox};
    use crate::verdicts::{Dmarc, Envelope, Verdicts};
    use crate::{Config, Engine, Inputs};

    fn engine() -> Engine {
        Engine::new(Config::default()).expect("engine")
    }

    fn analysis(from: &str) -> Analysis {
        Analysis {
            addresses: Addresses {
                from: vec![Mailbox {
                    name: None,
                    address: from.to_owned(),
                }],
                ..Addresses::default()
            },
            ..Analysis::default()
        }
    }

    fn fired(verdicts: &Verdicts, from: &str) -> Vec<String> {
        let report = engine().score(&analysis(from), &Inputs::default().verdicts(verdicts));
        report
            .hits
            .iter()
            .filter(|h| h.family == Family::Auth)
            .map(|h| h.name.clone())
            .collect()
    }

    #[test]
    fn spf_results_map_to_tests() {
        for (result, name) in [
            (SpfResult::Pass, "SPF_PASS"),
            (SpfResult::Fail, "SPF_FAIL"),
            (SpfResult::Softfail, "SPF_SOFTFAIL"),
            (SpfResult::Neutral, "SPF_NEUTRAL"),
            (SpfResult::None, "SPF_NONE"),
            (SpfResult::Permerror, "T_SPF_PERMERROR"),
            (SpfResult::Temperror, "T_SPF_TEMPERROR"),
        ] {
            let mut verdicts = Verdicts::default();
            verdicts.auth.spf = Some(result);
            assert_eq!(fired(&verdicts, "a@b.example"), vec![name.to_owned()]);
            let mut helo = Verdicts::default();
            helo.auth.spf_helo = Some(result);
            assert_eq!(
                fired(&helo, "a@b.example"),
                vec![format!("{}", name.replace("SPF_", "SPF_HELO_"))]
            );
        }
    }

    #[test]
    fn no_auth_result_no_auth_test() {
        let mut verdicts = Verdicts {
            envelope: Some(Envelope::default()),
            ..Verdicts::default()
        };
        assert!(fired(&verdicts, "a@b.example").is_empty());
        // Network set, but nothing checked.
        verdicts.dns = vec![crate::verdicts::DnsAnswer::new(
            "x.example",
            crate::verdicts::RecordType::A,
            crate::verdicts::Answer::Nxdomain,
        )];
        assert!(fired(&verdicts, "a@b.example").is_empty());
    }

    #[test]
    fn dkim_tests() {
        let mut verdicts = Verdicts {
            envelope: Some(Envelope {
                mail_from: Some("bounce@mailer.example".into()),
                ..Envelope::default()
            }),
            ..Verdicts::default()
        };
        verdicts.auth.dkim = Some(vec![
            DkimSignature::new("B.example", DkimResult::Pass),
            DkimSignature::new("mailer.example", DkimResult::Pass),
        ]);
        assert_eq!(
            fired(&verdicts, "a@b.example"),
            [
                "DKIM_SIGNED",
                "DKIM_VALID",
                "DKIM_VALID_AU",
                "DKIM_VALID_EF"
            ]
        );
        // Near misses: a subdomain is not the author domain; a short key.
        assert_eq!(
            fired(&verdicts, "a@sub.b.example"),
            ["DKIM_SIGNED", "DKIM_VALID", "DKIM_VALID_EF"]
        );
        let mut short = verdicts.clone();
        if let Some(sigs) = short.auth.dkim.as_mut() {
            sigs[0].key_bits = Some(512);
        }
        assert!(!fired(&short, "a@b.example").contains(&"DKIM_VALID_AU".to_owned()));
        verdicts.auth.dkim = Some(vec![DkimSignature::new("b.example", DkimResult::Fail)]);
        assert_eq!(
            fired(&verdicts, "a@b.example"),
            ["DKIM_SIGNED", "DKIM_INVALID"]
        );
        verdicts.auth.dkim = Some(Vec::new());
        assert!(fired(&verdicts, "a@b.example").is_empty());
    }

    #[test]
    fn dmarc_tests() {
        for (dmarc, expected) in [
            (
                Dmarc::new(DmarcResult::Pass, Some(DmarcPolicy::None)),
                vec!["DMARC_PASS"],
            ),
            (Dmarc::new(DmarcResult::Pass, None), vec![]),
            (
                Dmarc::new(DmarcResult::Fail, Some(DmarcPolicy::Reject)),
                vec!["DMARC_REJECT"],
            ),
            (
                Dmarc::new(DmarcResult::Fail, Some(DmarcPolicy::Quarantine)),
                vec!["DMARC_QUAR"],
            ),
            (
                Dmarc::new(DmarcResult::Fail, Some(DmarcPolicy::None)),
                vec!["DMARC_NONE"],
            ),
            (Dmarc::new(DmarcResult::None, None), vec!["DMARC_MISSING"]),
            (Dmarc::new(DmarcResult::Temperror, None), vec![]),
        ] {
            let mut verdicts = Verdicts::default();
            verdicts.auth.dmarc = Some(dmarc);
            assert_eq!(fired(&verdicts, "a@b.example"), expected, "{dmarc:?}");
        }
    }

    #[test]
    fn header_verdicts_need_a_configured_authserv_id() {
        use crate::analysis::{HeaderField, Relay};
        let mut a = analysis("a@b.example");
        a.headers.fields = vec![
            HeaderField::plain(
                "Authentication-Results",
                "mx.example.org; spf=softfail smtp.mailfrom=a@b.example",
            ),
            HeaderField::plain("Received", "from x ([203.0.113.7]) by mx.example.org"),
        ];
        a.relays.untrusted = vec![Relay {
            ip: "203.0.113.7".into(),
            ..Relay::default()
        }];
        let mut verdicts = Verdicts::default();
        verdicts.auth.dmarc = Some(Dmarc::new(DmarcResult::None, None));
        let inputs = Inputs::default().verdicts(&verdicts);
        let trusting =
            Engine::new(Config::default().trusted_authserv_id("mx.example.org")).expect("engine");
        assert!(trusting.score(&a, &inputs).hit("SPF_SOFTFAIL").is_some());
        assert!(engine().score(&a, &inputs).hit("SPF_SOFTFAIL").is_none());
        // The caller's verdict wins over the header's.
        verdicts.auth.spf = Some(SpfResult::Pass);
        let inputs = Inputs::default().verdicts(&verdicts);
        let report = trusting.score(&a, &inputs);
        assert!(report.hit("SPF_PASS").is_some() && report.hit("SPF_SOFTFAIL").is_none());
    }
}
