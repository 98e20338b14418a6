//! Local policy: the hosting providers' outright refusals (blocked sender
//! TLDs, blocked senders, forbidden attachments). Not SpamAssassin tests: each
//! hit is reported with its explanation and forces a reject
//! ([`crate::report::Action`]).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::error::ConfigError;
use crate::rules::{Family, Rule, RuleContext, RuleFlags};
use crate::verdicts::{Envelope, address_domain};
use crate::{Localized, text};

/// Score of a policy hit: enough to be spam under either profile; the reject
/// does not depend on it.
const POLICY_SCORE: f64 = 10.0;

/// Why a sender is blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockReason {
    /// It sends spam.
    Spam,
    /// The domain is used for abuse (phishing, fraud, malware).
    AbusiveDomain,
    /// The account was taken over and sends on someone else's behalf.
    CompromisedAccount,
}

impl BlockReason {
    /// The reason as shown in replies and evidence.
    #[must_use]
    pub fn text(self) -> Localized {
        match self {
            BlockReason::Spam => Localized::new("spam", "spam"),
            BlockReason::AbusiveDomain => Localized::new("abusive domain", "domaine abusif"),
            BlockReason::CompromisedAccount => {
                Localized::new("compromised account", "compte compromis")
            }
        }
    }
}

/// One blocked sender: an address (`a@b.example`) or a domain (`b.example` or
/// `@b.example`, which also covers its subdomains).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BlockedSender {
    /// The address or domain.
    pub sender: String,
    /// Why it is blocked.
    pub reason: BlockReason,
}

impl BlockedSender {
    /// A blocked address or domain.
    pub fn new(sender: impl Into<String>, reason: BlockReason) -> Self {
        Self {
            sender: sender.into(),
            reason,
        }
    }

    fn matches(&self, address: &str) -> bool {
        let entry = self.sender.trim().to_ascii_lowercase();
        let address = address.trim().trim_matches(['<', '>']).to_ascii_lowercase();
        match entry.split_once('@') {
            Some((local, domain)) if !local.is_empty() => address == format!("{local}@{domain}"),
            Some((_, domain)) => domain_matches(&address, domain),
            None => domain_matches(&address, &entry),
        }
    }
}

fn domain_matches(address: &str, domain: &str) -> bool {
    let domain = domain.trim_end_matches('.');
    address_domain(address).is_some_and(|d| {
        d == domain
            || d.strip_suffix(domain)
                .is_some_and(|rest| rest.ends_with('.'))
    })
}

/// The providers' refusal lists ([`crate::Config::policy`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Policy {
    /// Sender top-level domains refused, with their leading dot. The default
    /// value is `.accountant .bid .cc .cf .click .club .cricket .date .diet
    /// .download .faith .ga .gdn .gq .link .loan .men .ml .party .press .pro
    /// .racing .reise .review .science .study .stream .tk .top .trade .vip
    /// .wang .win .work .xyz .zip`.
    pub blocked_tlds: Vec<String>,
    /// Senders refused, each with its reason. The default value is empty.
    pub blocked_senders: Vec<BlockedSender>,
    /// Attachment extensions refused (the last extension of the file name,
    /// case-insensitive). The default value is `.ade .adp .bat .chm .cmd .com
    /// .cpl .exe .hta .ins .isp .jar .js .jse .lib .lnk .mde .msc .msi .msp
    /// .mst .nsh .pif .scr .sct .shb .sys .vb .vbe .vbs .vxd .wsc .wsf .wsh
    /// .zip`.
    pub blocked_extensions: Vec<String>,
    /// Refuse `.doc` attachments whose name contains "facture" (any case), a
    /// long-running malware campaign. The default value is `true`.
    pub block_facture_doc: bool,
}

const DEFAULT_TLDS: &[&str] = &[
    "accountant",
    "bid",
    "cc",
    "cf",
    "click",
    "club",
    "cricket",
    "date",
    "diet",
    "download",
    "faith",
    "ga",
    "gdn",
    "gq",
    "link",
    "loan",
    "men",
    "ml",
    "party",
    "press",
    "pro",
    "racing",
    "reise",
    "review",
    "science",
    "study",
    "stream",
    "tk",
    "top",
    "trade",
    "vip",
    "wang",
    "win",
    "work",
    "xyz",
    "zip",
];

const DEFAULT_EXTENSIONS: &[&str] = &[
    "ade", "adp", "bat", "chm", "cmd", "com", "cpl", "exe", "hta", "ins", "isp", "jar", "js",
    "jse", "lib", "lnk", "mde", "msc", "msi", "msp", "mst", "nsh", "pif", "scr", "sct", "shb",
    "sys", "vb", "vbe", "vbs", "vxd", "wsc", "wsf", "wsh", "zip",
];

impl Default for Policy {
    fn default() -> Self {
        Self {
            blocked_tlds: DEFAULT_TLDS.iter().map(|t| format!(".{t}")).collect(),
            blocked_senders: Vec::new(),
            blocked_extensions: DEFAULT_EXTENSIONS.iter().map(|e| format!(".{e}")).collect(),
            block_facture_doc: true,
        }
    }
}

/// A label without its leading dot, lower-cased.
fn bare(entry: &str) -> String {
    entry.trim().trim_start_matches('.').to_ascii_lowercase()
}

impl Policy {
    /// Checks every entry; errors name the faulty field.
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let label_ok = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        };
        if let Some((i, tld)) = self
            .blocked_tlds
            .iter()
            .enumerate()
            .find(|(_, t)| !label_ok(&bare(t)))
        {
            return Err(ConfigError::Invalid {
                field: format!("policy.blocked_tlds[{i}]"),
                reason: format!("{tld:?} is not a domain suffix"),
            });
        }
        if let Some((i, ext)) = self
            .blocked_extensions
            .iter()
            .enumerate()
            .find(|(_, e)| bare(e).is_empty() || bare(e).contains(['.', '/', '\\']))
        {
            return Err(ConfigError::Invalid {
                field: format!("policy.blocked_extensions[{i}]"),
                reason: format!("{ext:?} is not a file extension"),
            });
        }
        if let Some((i, entry)) = self.blocked_senders.iter().enumerate().find(|(_, s)| {
            let domain = s.sender.rsplit('@').next().unwrap_or_default();
            !label_ok(&bare(domain)) || !bare(domain).contains('.')
        }) {
            return Err(ConfigError::Invalid {
                field: format!("policy.blocked_senders[{i}].sender"),
                reason: format!("{:?} is not an address or a domain", entry.sender),
            });
        }
        Ok(())
    }
}

/// Why a message is refused by policy, with what the reply needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The sender's domain is under a refused TLD.
    Tld { sender: String, tld: String },
    /// The sender is on the block list.
    Sender { sender: String, reason: BlockReason },
    /// A forbidden attachment.
    Attachment { filename: String, facture: bool },
}

/// The sender addresses policy looks at: MAIL FROM, then every From address.
fn senders<'a>(
    analysis: &'a Analysis,
    envelope: Option<&'a Envelope>,
) -> impl Iterator<Item = &'a str> {
    envelope
        .and_then(|e| e.mail_from.as_deref())
        .into_iter()
        .chain(analysis.addresses.from.iter().map(|m| m.address.as_str()))
        .filter(|a| address_domain(a).is_some())
}

pub(crate) fn blocked_tld(
    policy: &Policy,
    analysis: &Analysis,
    envelope: Option<&Envelope>,
) -> Option<Refusal> {
    senders(analysis, envelope).find_map(|sender| {
        let domain = address_domain(sender)?;
        policy.blocked_tlds.iter().find_map(|tld| {
            let tld = bare(tld);
            domain
                .strip_suffix(&tld)
                .is_some_and(|rest| rest.ends_with('.'))
                .then(|| Refusal::Tld {
                    sender: clean(sender),
                    tld,
                })
        })
    })
}

pub(crate) fn blocked_sender(
    policy: &Policy,
    analysis: &Analysis,
    envelope: Option<&Envelope>,
) -> Option<Refusal> {
    senders(analysis, envelope).find_map(|sender| {
        policy
            .blocked_senders
            .iter()
            .find(|entry| entry.matches(sender))
            .map(|entry| Refusal::Sender {
                sender: clean(sender),
                reason: entry.reason,
            })
    })
}

pub(crate) fn blocked_attachment(policy: &Policy, analysis: &Analysis) -> Option<Refusal> {
    analysis.mime.nodes.iter().find_map(|node| {
        let filename = node.filename.as_deref()?;
        // Windows ignores trailing dots and spaces: `x.exe.` runs as `x.exe`.
        let name = filename.trim_end_matches(['.', ' ', '\t']).to_lowercase();
        let extension = name.rsplit_once('.').map(|(_, ext)| ext)?;
        if policy
            .blocked_extensions
            .iter()
            .any(|e| bare(e) == extension)
        {
            return Some(Refusal::Attachment {
                filename: filename.to_owned(),
                facture: false,
            });
        }
        (policy.block_facture_doc && extension == "doc" && name.contains("facture")).then(|| {
            Refusal::Attachment {
                filename: filename.to_owned(),
                facture: true,
            }
        })
    })
}

fn clean(address: &str) -> String {
    address.trim().trim_matches(['<', '>']).to_owned()
}

fn envelope<'a>(context: &RuleContext<'a>) -> Option<&'a Envelope> {
    context.inputs.verdicts.and_then(|v| v.envelope.as_ref())
}

const FLAGS: RuleFlags = RuleFlags {
    net: false,
    learn: false,
    ours: true,
    rejects: true,
};

/// The policy tests, checking `policy`.
pub(crate) fn rules(policy: &Policy) -> Result<Vec<Rule>, ConfigError> {
    policy.validate()?;
    let policy = Arc::new(policy.clone());
    let tld = Arc::clone(&policy);
    let sender = Arc::clone(&policy);
    let attachment = policy;
    Ok(vec![
        Rule::new(
            "POLICY_SENDER_TLD",
            Family::Policy,
            [POLICY_SCORE; 4],
            text!(
                description: ("Sender domain under a refused top-level domain", "Domaine expéditeur sous une extension refusée"),
                explanation: (
                    "The sender's address ends in a top-level domain this server refuses outright: almost all mail from it is spam, because its names are cheap or free to register.",
                    "L'adresse de l'expéditeur se termine par une extension que ce serveur refuse d'office : presque tout le courrier qui en provient est du spam, ses noms étant bon marché ou gratuits."
                ),
                fix: (
                    "Send from an address in a domain under a mainstream extension (.com, .org, a country code…); ask the recipient's provider if you cannot.",
                    "Envoyez depuis une adresse d'un domaine sous une extension courante (.com, .org, un code pays…) ; à défaut, contactez le fournisseur du destinataire."
                ),
            ),
            move |context| match blocked_tld(&tld, context.analysis, envelope(context))? {
                Refusal::Tld { sender, tld } => Some(Localized::new(
                    format!("<{sender}>: .{tld} domains are refused"),
                    format!("<{sender}> : les domaines .{tld} sont refusés"),
                )),
                _ => None,
            },
        )
        .flags(FLAGS),
        Rule::new(
            "POLICY_SENDER_BLOCKED",
            Family::Policy,
            [POLICY_SCORE; 4],
            text!(
                description: ("Sender on this server's block list", "Expéditeur sur la liste de blocage du serveur"),
                explanation: (
                    "The sender's address or domain is on this server's own block list, for sending spam, for abuse, or because the account was taken over.",
                    "L'adresse ou le domaine de l'expéditeur figure sur la liste de blocage propre à ce serveur : envoi de spam, abus, ou compte piraté."
                ),
                fix: (
                    "Secure the account (new password, check forwarding rules and connected applications), stop the unwanted sending, then ask the recipient's provider to lift the block.",
                    "Sécurisez le compte (nouveau mot de passe, vérification des renvois et des applications connectées), faites cesser les envois indésirables, puis demandez au fournisseur du destinataire de lever le blocage."
                ),
            ),
            move |context| match blocked_sender(&sender, context.analysis, envelope(context))? {
                Refusal::Sender { sender, reason } => {
                    let why = reason.text();
                    Some(Localized::new(
                        format!("<{sender}>: blocked ({})", why.en),
                        format!("<{sender}> : bloqué ({})", why.fr),
                    ))
                }
                _ => None,
            },
        )
        .flags(FLAGS),
        Rule::new(
            "POLICY_ATTACHMENT",
            Family::Policy,
            [POLICY_SCORE; 4],
            text!(
                description: ("Forbidden attachment type", "Type de pièce jointe interdit"),
                explanation: (
                    "The message carries a file of a type that can run code when opened (a program, a script, a shortcut) or an archive that may hide one. Such files are the usual way to spread malware by mail, so this server refuses them.",
                    "Le message contient un fichier d'un type qui peut exécuter du code à l'ouverture (programme, script, raccourci) ou une archive qui peut en cacher un. C'est le moyen habituel de propager des logiciels malveillants par courriel ; ce serveur les refuse donc."
                ),
                fix: (
                    "Share the file through a download link, or send it in a document format (PDF, an image); a double extension such as .pdf.exe is always refused.",
                    "Partagez le fichier par un lien de téléchargement, ou envoyez-le dans un format de document (PDF, image) ; une double extension comme .pdf.exe est toujours refusée."
                ),
            ),
            move |context| match blocked_attachment(&attachment, context.analysis)? {
                Refusal::Attachment { filename, facture } => Some(if facture {
                    Localized::new(
                        format!("attachment \"{filename}\": a .doc named like an invoice (\"facture\")"),
                        format!("pièce jointe « {filename} » : un .doc nommé comme une facture"),
                    )
                } else {
                    Localized::new(
                        format!("attachment \"{filename}\": forbidden extension"),
                        format!("pièce jointe « {filename} » : extension interdite"),
                    )
                }),
                _ => None,
            },
        )
        .flags(FLAGS),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Addresses, Mailbox, MimeNode, MimeTree};

    fn with_from(address: &str) -> Analysis {
        Analysis {
            addresses: Addresses {
                from: vec![Mailbox {
                    name: None,
                    address: address.to_owned(),
                }],
                ..Addresses::default()
            },
            ..Analysis::default()
        }
    }

    fn with_files(names: &[&str]) -> Analysis {
        Analysis {
            mime: MimeTree {
                nodes: names
                    .iter()
                    .map(|name| MimeNode {
                        filename: Some((*name).to_owned()),
                        is_leaf: true,
                        ..MimeNode::default()
                    })
                    .collect(),
            },
            ..Analysis::default()
        }
    }

    fn envelope(mail_from: &str) -> Envelope {
        Envelope {
            mail_from: Some(mail_from.to_owned()),
            ..Envelope::default()
        }
    }

    #[test]
    fn tlds() {
        let policy = Policy::default();
        let hit = blocked_tld(&policy, &Analysis::default(), Some(&envelope("x@y.BID")));
        assert_eq!(
            hit,
            Some(Refusal::Tld {
                sender: "x@y.BID".into(),
                tld: "bid".into()
            })
        );
        assert!(blocked_tld(&policy, &with_from("news@shop.xyz"), None).is_some());
        // Near misses: a label merely ending in the TLD's letters, a non-listed TLD.
        assert!(blocked_tld(&policy, &Analysis::default(), Some(&envelope("x@forbid"))).is_none());
        assert!(
            blocked_tld(
                &policy,
                &Analysis::default(),
                Some(&envelope("x@bid.example"))
            )
            .is_none()
        );
        assert!(blocked_tld(&policy, &Analysis::default(), Some(&envelope(""))).is_none());
    }

    #[test]
    fn senders() {
        let policy = Policy {
            blocked_senders: vec![
                BlockedSender::new("a@b.example", BlockReason::Spam),
                BlockedSender::new("@abuse.example", BlockReason::AbusiveDomain),
                BlockedSender::new("hacked.example", BlockReason::CompromisedAccount),
            ],
            ..Policy::default()
        };
        let check =
            |from: &str| blocked_sender(&policy, &Analysis::default(), Some(&envelope(from)));
        assert!(matches!(
            check("<A@B.example>"),
            Some(Refusal::Sender {
                reason: BlockReason::Spam,
                ..
            })
        ));
        assert!(
            check("c@b.example").is_none(),
            "address entry, other local part"
        );
        assert!(matches!(
            check("x@mail.abuse.example"),
            Some(Refusal::Sender {
                reason: BlockReason::AbusiveDomain,
                ..
            })
        ));
        assert!(check("x@notabuse.example").is_none());
        assert!(matches!(
            check("x@hacked.example"),
            Some(Refusal::Sender {
                reason: BlockReason::CompromisedAccount,
                ..
            })
        ));
    }

    #[test]
    fn attachments() {
        let policy = Policy::default();
        let hit = |names: &[&str]| blocked_attachment(&policy, &with_files(names));
        assert!(hit(&["invoice.pdf.exe"]).is_some());
        assert!(hit(&["INVOICE.PDF.EXE"]).is_some());
        assert!(hit(&["setup.exe. "]).is_some(), "trailing dot and space");
        assert!(hit(&["photos.zip"]).is_some());
        assert!(matches!(
            hit(&["Facture_2024.DOC"]),
            Some(Refusal::Attachment { facture: true, .. })
        ));
        assert!(
            hit(&["exe.pdf"]).is_none(),
            "only the last extension counts"
        );
        assert!(hit(&["report.doc"]).is_none(), "a .doc without facture");
        assert!(hit(&["facture.docx"]).is_none());
        assert!(hit(&["README"]).is_none());
        let no_facture = Policy {
            block_facture_doc: false,
            ..Policy::default()
        };
        assert!(blocked_attachment(&no_facture, &with_files(&["facture.doc"])).is_none());
    }

    #[test]
    fn invalid_policies_name_the_field() {
        let bad = Policy {
            blocked_tlds: vec![".ok".into(), "no way".into()],
            ..Policy::default()
        };
        let err = bad.validate().expect_err("invalid");
        assert!(err.to_string().contains("policy.blocked_tlds[1]"), "{err}");
        let bad = Policy {
            blocked_senders: vec![BlockedSender::new("nodot", BlockReason::Spam)],
            ..Policy::default()
        };
        assert!(bad.validate().is_err());
        Policy::default().validate().expect("default policy");
    }
}
