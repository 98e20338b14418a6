//! The free-mail tests themselves.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::body_emails::body_freemails;
use super::domains::{Freemail, FreemailMatcher};
use super::freemail_safe;
use crate::analysis::Analysis;
use crate::analysis::address::{first_field_address, parse_address_list};
use crate::error::ConfigError;
use crate::rules::content::big_address_lists;
use crate::rules::to_format::to_undisclosed;
use crate::rules::{Family, Rule, RuleContext, RuleText};
use crate::{Localized, text};

fn compile(pattern: &str) -> Regex {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(pattern).expect("valid built-in pattern")
}

fn lower_addresses<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    values
        .flat_map(parse_address_list)
        .map(|mailbox| mailbox.address.to_lowercase())
        .collect()
}

/// Every address of every field named `name` (SpamAssassin's `Name:addr`),
/// lower-cased.
fn field_addresses(analysis: &Analysis, name: &str) -> Vec<String> {
    lower_addresses(analysis.headers.all(name).map(|field| field.raw.as_str()))
}

/// The envelope sender's addresses (`EnvelopeFrom:addr`), lower-cased.
fn envelope_addresses(analysis: &Analysis) -> Vec<String> {
    let envelope = analysis.relays.envelope_from(&analysis.headers);
    lower_addresses(envelope.as_deref().into_iter())
}

/// SpamAssassin's `all_from_addrs`: the first Resent-From address when
/// there is one, else the addresses of From, Envelope-Sender, Resent-Sender,
/// X-Envelope-From and the envelope sender, runs of dots squashed; unique,
/// lower-cased.
fn all_from_addresses(analysis: &Analysis) -> Vec<String> {
    let mut addresses = match first_field_address(&analysis.headers, "Resent-From") {
        Some(resent) => vec![resent.to_lowercase()],
        None => {
            let mut all = field_addresses(analysis, "From");
            for name in ["Envelope-Sender", "Resent-Sender", "X-Envelope-From"] {
                all.extend(field_addresses(analysis, name));
            }
            all.extend(envelope_addresses(analysis));
            all.into_iter()
                .map(|address| squash_dots(&address))
                .collect()
        }
    };
    addresses.retain(|address| !address.is_empty());
    let mut unique = Vec::new();
    for address in addresses {
        if !unique.contains(&address) {
            unique.push(address);
        }
    }
    unique
}

fn squash_dots(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    for c in address.chars() {
        if !(c == '.' && out.ends_with('.')) {
            out.push(c);
        }
    }
    out
}

/// A digit right before the `@`.
fn ends_in_digit(address: &str) -> bool {
    address
        .match_indices('@')
        .any(|(at, _)| address[..at].ends_with(|c: char| c.is_ascii_digit()))
}

/// Envelope senders of bulk mail, bounces and list traffic, for which the
/// Reply-To comparison is not made.
static BULK_ENVELOPE: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?i)(?:",
        r"^(?:post|host|domain)master",
        r"|^double-bounce",
        r"|^(?:sentto|owner|return|bounce|bounced|grbounce|grbounced)-.+",
        r"|-(?:request|bounce|bounces|admin|owner)",
        r"|\b(?:do[._`a-t]?)?no[._`a-t]?repl(?:y|ies)",
        r"|.+=.+",
        r")@"
    ))
});

/// What the Reply-To comparison found.
enum ReplyCompare {
    /// From and Reply-To are different free-mail addresses.
    FromAndReplyTo { from: String, reply_to: String },
    /// A free-mail address of the body differs from the reply address.
    Body { reply: String, body: String },
}

/// SpamAssassin's `check_freemail_replyto`: `or_from` selects its `reply`
/// mode, where From stands in for a missing Reply-To.
fn compare_replies(
    analysis: &Analysis,
    matcher: &FreemailMatcher,
    or_from: bool,
) -> Option<ReplyCompare> {
    if analysis
        .relays
        .envelope_from(&analysis.headers)
        .is_some_and(|envelope| BULK_ENVELOPE.is_match(&envelope))
    {
        return None;
    }
    let from = field_addresses(analysis, "From");
    let reply_to = field_addresses(analysis, "Reply-To");
    let free = |list: &[String]| list.iter().any(|a| matcher.is_freemail(a));
    let (from_free, reply_to_free) = (free(&from), free(&reply_to));
    if from_free && reply_to_free && !from.iter().any(|a| reply_to.contains(a)) {
        return Some(ReplyCompare::FromAndReplyTo {
            from: from.join(","),
            reply_to: reply_to.join(","),
        });
    }
    let replies = if or_from {
        if !reply_to.is_empty() && !reply_to_free || reply_to.is_empty() && !from_free {
            return None;
        }
        if reply_to_free { reply_to } else { from }
    } else {
        if !reply_to_free {
            return None;
        }
        reply_to
    };
    let body = body_freemails(analysis, matcher)?;
    body.iter().find_map(|body| {
        replies
            .iter()
            .find(|reply| *reply != body)
            .map(|reply| ReplyCompare::Body {
                reply: reply.clone(),
                body: body.clone(),
            })
    })
}

impl ReplyCompare {
    fn evidence(&self) -> Localized {
        match self {
            ReplyCompare::FromAndReplyTo { from, reply_to } => Localized::new(
                format!("From {from}, Reply-To {reply_to}"),
                format!("From {from}, Reply-To {reply_to}"),
            ),
            ReplyCompare::Body { reply, body } => Localized::new(
                format!("replies go to {reply}, the body gives {body}"),
                format!("les réponses vont à {reply}, le corps donne {body}"),
            ),
        }
    }
}

/// SpamAssassin's `__NOT_SPOOFED` with what a local scan knows: SPF pass, a
/// valid DKIM signature, no external relay, or an authenticated one.
fn not_spoofed(context: &RuleContext<'_>) -> bool {
    context.fired("SPF_PASS")
        || context.fired("DKIM_VALID")
        || context
            .analysis
            .relays
            .last_external()
            .is_none_or(|relay| relay.authenticated())
}

/// `__SPOOFED_FREEMAIL`: free-mail From, and nothing vouches for the sender.
fn spoofed(context: &RuleContext<'_>) -> bool {
    context.fired("FREEMAIL_FROM") && !not_spoofed(context)
}

/// Every value of `name` followed by a line break, as SpamAssassin matches
/// header rules.
fn joined(analysis: &Analysis, name: &str) -> String {
    analysis.headers.get(name).unwrap_or_default()
}

/// Message-ID or User-Agent shapes of mail programs known to write header
/// names in lower case (`__HDRS_LCASE_KNOWN`): JavaMail, Outlook for Mac,
/// Apple Mail's GUIDs, Lotus Notes' ids.
static KNOWN_LCASE_MSGID: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    [
        r"\.JavaMail\.",
        r"\A<[0-9A-F]{8}(?:-[0-9A-F]{4}){3}-[0-9A-F]{12}@\S+>\n?\z",
        r"\A<?[0-9A-F]{8}\.[0-9A-F]{2,5}%[a-zA-Z]",
        r"\A<?OF[0-9A-F]{8}\.[0-9A-F]{8}-ON[0-9A-F]{8}\.[0-9A-F]{8}(?:-[0-9A-F]{8}\.[0-9A-F]{8})?@",
    ]
    .map(compile)
});
static KNOWN_LCASE_AGENT: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"\A(?:Microsoft-Outlook-Express-Mac|Microsoft-MacOutlook/(?:[0-9]+\.){3})")
});

fn lcase_known(analysis: &Analysis) -> bool {
    let msgid = joined(analysis, "Message-ID");
    KNOWN_LCASE_MSGID.iter().any(|re| re.is_match(&msgid))
        || KNOWN_LCASE_AGENT.is_match(&joined(analysis, "User-Agent"))
}

/// `__HDRS_LCASE`: a field other than the first named in an unusual case
/// (`from`, `subject`, `Message-id`, …), as some bulk software writes them.
fn lower_case_names(analysis: &Analysis) -> Option<&str> {
    const NAMES: [&str; 8] = [
        "Message-id",
        "Content-type",
        "X-MSMail-priority",
        "from",
        "subject",
        "to",
        "cc",
        "Disposition-notification-to",
    ];
    analysis
        .headers
        .fields
        .iter()
        .skip(1)
        .map(|field| field.name.as_str())
        .find(|name| NAMES.contains(name))
}

/// A GUID as Message-ID (`__MSGID_GUID`).
static GUID_MSGID: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\A<?[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}@"));

/// `font-size` of 1 to 3 units in the raw HTML (`__AC_TINY_FONT`).
static TINY_FONT: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    regex::bytes::Regex::new(
        r#"(?i)font-size\s*:\s*[1-3]\s*(?:em|pt|px|%)?(?:\s*!important)?\s*[";]"#,
    )
    .expect("valid built-in pattern")
});

/// `__AC_TINY_FONT`: a `font-size` of 1 to 3 units in the source of a text
/// part.
pub(crate) fn tiny_font(analysis: &Analysis) -> bool {
    analysis
        .mime
        .rawbody()
        .any(|(_, bytes)| TINY_FONT.is_match(bytes))
}

/// Whether a relay outside our network was a Google mail host or a
/// T-Online host: both rewrite mail in ways that look forged.
fn relayed_by_google_or_t_online(analysis: &Analysis) -> bool {
    analysis.relays.external.iter().any(|relay| {
        let rdns = relay.rdns.as_str();
        let google = rdns
            .strip_prefix("mail-")
            .map(|rest| rest.strip_suffix('.').unwrap_or(rest))
            .and_then(|rest| rest.strip_suffix(".google.com"))
            .is_some_and(|middle| !middle.is_empty() && !middle.contains(char::is_whitespace));
        let t_online = rdns
            .strip_suffix(".t-online.de")
            .is_some_and(|name| !name.is_empty());
        google || t_online
    })
}

/// SPOOFED_FREEMAIL's exemptions: replies and threads, Outlook-style GUIDs,
/// known lower-case writers, freemail-safe mail, relays of the providers
/// themselves.
fn looks_personal_or_relayed(analysis: &Analysis) -> bool {
    let headers = &analysis.headers;
    // With In-Reply-To the test is off anyway; without it, SpamAssassin's
    // `__THREADED` is a References field.
    headers.exists("In-Reply-To")
        || headers.exists("References")
        || joined(analysis, "Subject").starts_with("Re: ")
        || GUID_MSGID.is_match(&joined(analysis, "Message-ID"))
        || freemail_safe(analysis)
        || lcase_known(analysis)
        || relayed_by_google_or_t_online(analysis)
}

fn first_free<'a>(matcher: &FreemailMatcher, addresses: &'a [String]) -> Option<&'a String> {
    addresses.iter().find(|a| matcher.is_freemail(a))
}

/// The first free-mail address of `addresses` whose user name ends in a
/// digit, as evidence.
fn free_ending_in_digit(matcher: &FreemailMatcher, addresses: &[String]) -> Option<Localized> {
    addresses
        .iter()
        .find(|a| matcher.is_freemail(a) && ends_in_digit(a))
        .map(|a| free_address_evidence(a))
}

fn free_address_evidence(address: &str) -> Localized {
    Localized::new(
        format!("{address} is at a free-mail provider"),
        format!("{address} est chez un fournisseur de messagerie gratuite"),
    )
}

fn header_rule(
    name: &'static str,
    scores: [f64; 4],
    text: RuleText,
    matcher: &Arc<FreemailMatcher>,
    check: impl Fn(&RuleContext<'_>, &FreemailMatcher) -> Option<Localized> + Send + Sync + 'static,
) -> Rule {
    let matcher = Arc::clone(matcher);
    Rule::new(name, Family::Header, scores, text, move |context| {
        check(context, &matcher)
    })
}

/// The free-mail tests for `config`, registered after the header,
/// relay and authentication tests they read.
pub(crate) fn rules(config: &Freemail) -> Result<Vec<Rule>, ConfigError> {
    let matcher = Arc::new(FreemailMatcher::new(config)?);
    Ok(vec![
        header_rule(
            "FREEMAIL_FROM",
            [0.001; 4],
            text!(
                description: (
                    "The sender's address is at a free-mail provider",
                    "L'adresse de l'expéditeur est chez un fournisseur de messagerie gratuite"
                ),
                explanation: (
                    "The author or envelope sender uses a free webmail service. That is normal for people, and also what throwaway accounts used for scams look like; alone it weighs almost nothing.",
                    "L'auteur ou l'expéditeur d'enveloppe utilise un service de messagerie gratuit. C'est normal pour des particuliers, et c'est aussi l'allure des comptes jetables des escroqueries ; seul, ce test ne pèse presque rien."
                ),
                fix: (
                    "Businesses should send from an address in their own domain.",
                    "Les entreprises devraient envoyer depuis une adresse de leur propre domaine."
                ),
            ),
            &matcher,
            |context, matcher| {
                let all = all_from_addresses(context.analysis);
                first_free(matcher, &all).map(|a| free_address_evidence(a))
            },
        ),
        header_rule(
            "FREEMAIL_ENVFROM_END_DIGIT",
            [0.25; 4],
            text!(
                description: (
                    "Free-mail envelope sender whose user name ends in a digit",
                    "Expéditeur d'enveloppe gratuit dont le nom d'utilisateur finit par un chiffre"
                ),
                explanation: (
                    "The envelope sender is a free-mail account whose name ends with a number, as accounts created in bulk by spam software often do.",
                    "L'expéditeur d'enveloppe est un compte de messagerie gratuite dont le nom finit par un chiffre, comme souvent les comptes créés en masse par les logiciels de spam."
                ),
                fix: (
                    "Send from an address in your own domain, or an account without trailing digits.",
                    "Envoyez depuis une adresse de votre domaine, ou un compte sans chiffres à la fin."
                ),
            ),
            &matcher,
            |context, matcher| free_ending_in_digit(matcher, &envelope_addresses(context.analysis)),
        ),
        header_rule(
            "FREEMAIL_REPLYTO_END_DIGIT",
            [0.25; 4],
            text!(
                description: (
                    "Free-mail Reply-To whose user name ends in a digit",
                    "Reply-To gratuit dont le nom d'utilisateur finit par un chiffre"
                ),
                explanation: (
                    "Replies go to a free-mail account whose name ends with a number, a pattern of accounts made in bulk to collect answers to scams.",
                    "Les réponses vont à un compte de messagerie gratuite dont le nom finit par un chiffre, un motif des comptes créés en masse pour recueillir les réponses aux escroqueries."
                ),
                fix: (
                    "Have replies go to an address in your own domain.",
                    "Faites aller les réponses à une adresse de votre propre domaine."
                ),
            ),
            &matcher,
            |context, matcher| free_ending_in_digit(matcher, &field_addresses(context.analysis, "Reply-To")),
        ),
        header_rule(
            "FREEMAIL_REPLYTO",
            [1.0; 4],
            text!(
                description: (
                    "Reply-To is a different free-mail address than From or the body's",
                    "Reply-To est une adresse gratuite différente de celle de From ou du corps"
                ),
                explanation: (
                    "Replies are sent to a free-mail address other than the sender's, or other than the one the text asks you to write to. Advance-fee and other scams do this to collect answers in an account they control.",
                    "Les réponses partent vers une adresse gratuite autre que celle de l'expéditeur, ou autre que celle que le texte demande d'utiliser. Les escroqueries à l'avance de frais font cela pour recueillir les réponses dans un compte qu'elles contrôlent."
                ),
                fix: (
                    "Use one address for From, Reply-To and the contact given in the text.",
                    "Utilisez une seule adresse pour From, Reply-To et le contact donné dans le texte."
                ),
            ),
            &matcher,
            |context, matcher| {
                let analysis = context.analysis;
                if freemail_safe(analysis) {
                    return None;
                }
                compare_replies(analysis, matcher, false).map(|found| found.evidence())
            },
        ),
        header_rule(
            "FREEMAIL_REPLY",
            [1.0; 4],
            text!(
                description: (
                    "From and the body give different free-mail addresses",
                    "From et le corps donnent des adresses gratuites différentes"
                ),
                explanation: (
                    "The sender writes from one free-mail account and asks to be answered at another one given in the text, a habit of scams that keep their real account out of sight.",
                    "L'expéditeur écrit depuis un compte gratuit et demande qu'on lui réponde à un autre, donné dans le texte, une habitude des escroqueries qui cachent leur vrai compte."
                ),
                fix: (
                    "Ask to be answered at the address you send from.",
                    "Demandez qu'on vous réponde à l'adresse depuis laquelle vous écrivez."
                ),
            ),
            &matcher,
            |context, matcher| {
                let analysis = context.analysis;
                if freemail_safe(analysis) || compare_replies(analysis, matcher, false).is_some() {
                    return None;
                }
                compare_replies(analysis, matcher, true).map(|found| found.evidence())
            },
        ),
        header_rule(
            "FREEMAIL_FORGED_REPLYTO",
            [1.199, 2.503, 1.204, 2.095],
            text!(
                description: (
                    "Reply-To is free mail, From is not",
                    "Reply-To est gratuit, From ne l'est pas"
                ),
                explanation: (
                    "The message claims to come from an organisation, but answers go to a free-mail account. Phishing and fraud use this to look official while collecting replies privately.",
                    "Le message prétend venir d'une organisation, mais les réponses vont à un compte gratuit. L'hameçonnage et la fraude s'en servent pour paraître officiels tout en recueillant les réponses en privé."
                ),
                fix: (
                    "Have replies go to an address of the sending organisation.",
                    "Faites aller les réponses à une adresse de l'organisation expéditrice."
                ),
            ),
            &matcher,
            |context, matcher| {
                let analysis = context.analysis;
                if context.fired("FREEMAIL_FROM") || freemail_safe(analysis) {
                    return None;
                }
                let reply_to = field_addresses(analysis, "Reply-To");
                first_free(matcher, &reply_to).map(|a| free_address_evidence(a))
            },
        ),
        Rule::new(
            "FREEMAIL_FORGED_FROMDOMAIN",
            Family::Header,
            [1.0; 4],
            text!(
                description: (
                    "Free-mail From, envelope sender in another domain",
                    "From gratuit, expéditeur d'enveloppe d'un autre domaine"
                ),
                explanation: (
                    "The author's address is at a free-mail provider, but the message was sent with an envelope sender of another domain: mail from a free-mail account normally leaves through that provider.",
                    "L'adresse de l'auteur est chez un fournisseur gratuit, mais le message a été envoyé avec un expéditeur d'enveloppe d'un autre domaine : le courrier d'un compte gratuit part normalement par ce fournisseur."
                ),
                fix: (
                    "Send mail of a free-mail account through that provider's servers.",
                    "Envoyez le courrier d'un compte gratuit par les serveurs de ce fournisseur."
                ),
            ),
            |_| Some(Localized::new(
                "free-mail From and an envelope sender of another domain",
                "From gratuit et expéditeur d'enveloppe d'un autre domaine",
            )),
        )
        .requires("FREEMAIL_FROM")
        .requires("HEADER_FROM_DIFFERENT_DOMAINS"),
        Rule::new(
            "MALFORMED_FREEMAIL",
            Family::Header,
            [1.0; 4],
            text!(
                description: (
                    "Free-mail sender with malformed header fields",
                    "Expéditeur gratuit et champs d'en-tête mal formés"
                ),
                explanation: (
                    "The message claims a free-mail sender, but its header lacks fields every webmail service writes, or names them in unusual lower case. The provider did not write this header.",
                    "Le message se réclame d'un expéditeur gratuit, mais son en-tête n'a pas des champs que tout service de messagerie web écrit, ou les nomme en minuscules inhabituelles. Ce n'est pas le fournisseur qui a écrit cet en-tête."
                ),
                fix: (
                    "Send through the provider's own web or mail client.",
                    "Envoyez avec le client web ou de messagerie du fournisseur."
                ),
            ),
            |context| {
                if context.fired("MISSING_HEADERS") {
                    return Some(Localized::new(
                        "no To field",
                        "pas de champ To",
                    ));
                }
                lower_case_names(context.analysis).map(|name| {
                    Localized::new(
                        format!("field named \"{name}\""),
                        format!("champ nommé « {name} »"),
                    )
                })
            },
        )
        .requires("FREEMAIL_FROM"),
        Rule::new(
            "SPOOFED_FREEMAIL",
            Family::Relay,
            [1.0; 4],
            text!(
                description: (
                    "Free-mail From, not sent through the provider",
                    "From gratuit, non envoyé par le fournisseur"
                ),
                explanation: (
                    "The sender is a free-mail address, yet nothing shows the message came from that provider: no valid signature, no SPF pass, no authenticated submission, and it is neither a reply nor list mail. Forged free-mail senders are common in spam.",
                    "L'expéditeur est une adresse gratuite, mais rien ne montre que le message vient de ce fournisseur : ni signature valide, ni SPF positif, ni envoi authentifié, et ce n'est ni une réponse ni un message de liste. Les expéditeurs gratuits usurpés sont courants dans le spam."
                ),
                fix: (
                    "Send free-mail messages through the provider, which signs them.",
                    "Envoyez les messages d'un compte gratuit par le fournisseur, qui les signe."
                ),
            ),
            |context| {
                (spoofed(context) && !looks_personal_or_relayed(context.analysis)).then(|| {
                    Localized::new(
                        "free-mail From handed over by an unauthenticated outside host",
                        "From gratuit remis par un hôte extérieur non authentifié",
                    )
                })
            },
        ),
        Rule::new(
            "SPOOFED_FREEMAIL_NO_RDNS",
            Family::Relay,
            [1.0; 4],
            text!(
                description: (
                    "Free-mail From, not sent through the provider, from a host without reverse DNS",
                    "From gratuit, non envoyé par le fournisseur, depuis un hôte sans DNS inverse"
                ),
                explanation: (
                    "As for a forged free-mail sender, and the host that delivered the message has no reverse DNS name, which free-mail providers' servers always have.",
                    "Comme pour un expéditeur gratuit usurpé, et l'hôte qui a remis le message n'a pas de nom DNS inverse, ce que les serveurs des fournisseurs gratuits ont toujours."
                ),
                fix: (
                    "Send free-mail messages through the provider.",
                    "Envoyez les messages d'un compte gratuit par le fournisseur."
                ),
            ),
            |context| {
                let relay = context.analysis.relays.last_external()?;
                (spoofed(context) && relay.rdns.is_empty()).then(|| {
                    Localized::new(
                        format!("free-mail From handed over by {}, which has no reverse DNS", relay.ip),
                        format!("From gratuit remis par {}, sans DNS inverse", relay.ip),
                    )
                })
            },
        ),
        Rule::new(
            "SPOOFED_FREEM_REPTO",
            Family::Relay,
            [1.0; 4],
            text!(
                description: (
                    "Forged free-mail sender with a free-mail Reply-To",
                    "Expéditeur gratuit usurpé et Reply-To gratuit"
                ),
                explanation: (
                    "The free-mail sender looks forged and replies go to another free-mail account: the pattern of scams that collect answers in a throwaway mailbox.",
                    "L'expéditeur gratuit semble usurpé et les réponses vont à un autre compte gratuit : le schéma des escroqueries qui recueillent les réponses dans une boîte jetable."
                ),
                fix: (
                    "Send through your provider and let replies come to the sending address.",
                    "Envoyez par votre fournisseur et laissez les réponses venir à l'adresse d'envoi."
                ),
            ),
            |context| {
                let analysis = context.analysis;
                let headers = &analysis.headers;
                (spoofed(context)
                    && !tiny_font(analysis)
                    && !headers.exists("In-Reply-To")
                    && !headers.exists("Thread-Index"))
                .then(|| {
                    Localized::new(
                        "forged free-mail From and a free-mail Reply-To",
                        "From gratuit usurpé et Reply-To gratuit",
                    )
                })
            },
        )
        .requires("FREEMAIL_REPLYTO"),
        header_rule(
            "MONEY_FREEMAIL_REPTO",
            [1.0; 4],
            text!(
                description: (
                    "A large sum, and replies to free mail",
                    "Une grosse somme, et des réponses vers un compte gratuit"
                ),
                explanation: (
                    "The text names a large sum of money and replies go to a free-mail account. Advance-fee and lottery fraudsters dangle money and collect the answers in a mailbox that costs them nothing.",
                    "Le texte cite une grosse somme d'argent et les réponses vont à un compte gratuit. Les escrocs à l'avance de frais et aux faux gains font miroiter de l'argent et recueillent les réponses dans une boîte qui ne leur coûte rien."
                ),
                fix: (
                    "Have replies go to an address of the sending organisation.",
                    "Faites aller les réponses à une adresse de l'organisation expéditrice."
                ),
            ),
            &matcher,
            // `__MONEY_FREEMAIL_REPTO` without `__HAS_CAMPAIGNID`; the sum
            // is LOTS_OF_MONEY's hit (a content test, registered before).
            |context, matcher| {
                let analysis = context.analysis;
                if !context.fired("LOTS_OF_MONEY") || analysis.headers.exists("X-Campaignid") {
                    return None;
                }
                let reply_to = field_addresses(analysis, "Reply-To");
                first_free(matcher, &reply_to).map(|a| free_address_evidence(a))
            },
        ),
        header_rule(
            "BIGNUM_EMAILS_FREEM",
            [1.0; 4],
            text!(
                description: (
                    "Sells huge address lists, replies to free mail",
                    "Vend d'énormes listes d'adresses, réponses vers un compte gratuit"
                ),
                explanation: (
                    "The text offers thousands or millions of e-mail addresses, leads or fax numbers, and replies go to a free-mail account. Sellers of harvested address lists work this way; legitimate list brokers answer from their company's domain.",
                    "Le texte propose des milliers ou des millions d'adresses électroniques, de contacts ou de numéros de fax, et les réponses vont à un compte gratuit. Les vendeurs de listes d'adresses récoltées procèdent ainsi ; les courtiers légitimes répondent depuis le domaine de leur société."
                ),
                fix: (
                    "Have replies go to an address of the sending company, and do not sell address lists.",
                    "Faites aller les réponses à une adresse de la société expéditrice, et ne vendez pas de listes d'adresses."
                ),
            ),
            &matcher,
            // `__BIGNUM_EMAILS && __freemail_hdr_replyto`: the address
            // first, it is cheaper than reading the text.
            |context, matcher| {
                let analysis = context.analysis;
                let reply_to = field_addresses(analysis, "Reply-To");
                let free = first_free(matcher, &reply_to)?;
                (big_address_lists(analysis) > 0).then(|| {
                    Localized::new(
                        format!("a big address list on offer, replies to {free}"),
                        format!("une grosse liste d'adresses proposée, réponses à {free}"),
                    )
                })
            },
        ),
        header_rule(
            "UNDISC_FREEM",
            [1.0; 4],
            text!(
                description: (
                    "Undisclosed recipients, replies to free mail",
                    "Destinataires cachés, réponses vers un compte gratuit"
                ),
                explanation: (
                    "The message went to a hidden list of recipients and replies go to a free-mail account (or come from one, with a different reply address). Mass fraud mailings hide their recipient list and collect answers in a throwaway mailbox.",
                    "Le message a été envoyé à une liste de destinataires cachée et les réponses vont à un compte gratuit (ou en viennent, avec une autre adresse de réponse). Les envois frauduleux en masse cachent leurs destinataires et recueillent les réponses dans une boîte jetable."
                ),
                fix: (
                    "Send to named recipients or through a mailing list, with replies to an address of your organisation.",
                    "Envoyez à des destinataires nommés ou par une liste de diffusion, avec les réponses vers une adresse de votre organisation."
                ),
            ),
            &matcher,
            // `__TO_UNDISCLOSED && __freemail_replyto` (without the
            // `__freemail_safe` exception FREEMAIL_REPLYTO has).
            |context, matcher| {
                let analysis = context.analysis;
                if !to_undisclosed(analysis) {
                    return None;
                }
                compare_replies(analysis, matcher, false).map(|found| found.evidence())
            },
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::rules::testing;

    /// Every test the engine fires on `message`, with two free-mail domains.
    fn fired_on(message: &str) -> Vec<String> {
        let freemail = Freemail::default().domains(["free.example", "mail.*"]);
        testing::engine_fired(Config::default().freemail(freemail), message)
            .into_iter()
            .filter(|name| name.contains("FREEM") || name.starts_with("SPOOFED"))
            .collect()
    }

    const EXTERNAL: &str = "Received: from client.example (unknown [203.0.113.9])\n\tby mx.example.org with SMTP; Mon, 1 Jan 2024 10:00:00 +0000\n";

    #[test]
    fn big_lists_and_undisclosed() {
        let offer = "From: sales@biz.example\nTo: x@y.example\nReply-To: joe@free.example\nSubject: offer\n\nBuy 5 million email addresses today\n";
        assert!(fired_on(offer).contains(&"BIGNUM_EMAILS_FREEM".to_owned()));
        let company = offer.replace("joe@free.example", "joe@biz.example");
        assert!(!fired_on(&company).contains(&"BIGNUM_EMAILS_FREEM".to_owned()));
        let no_offer = offer.replace("5 million email addresses", "our products");
        assert!(!fired_on(&no_offer).contains(&"BIGNUM_EMAILS_FREEM".to_owned()));

        let hidden = "From: ann@mail.example\nTo: undisclosed-recipients:;\nReply-To: joe@free.example\nSubject: hi\n\nhello\n";
        assert!(fired_on(hidden).contains(&"UNDISC_FREEM".to_owned()));
        let named = hidden.replace("undisclosed-recipients:;", "x@y.example");
        assert!(!fired_on(&named).contains(&"UNDISC_FREEM".to_owned()));
    }

    #[test]
    fn from_and_digits() {
        let hits = fired_on(
            "From: joe77@free.example\nReturn-Path: <joe77@free.example>\nReply-To: ann5@mail.example\nTo: x@y.example\n\nhello\n",
        );
        for name in [
            "FREEMAIL_FROM",
            "FREEMAIL_ENVFROM_END_DIGIT",
            "FREEMAIL_REPLYTO_END_DIGIT",
            "FREEMAIL_REPLYTO",
        ] {
            assert!(hits.contains(&name.to_owned()), "{name}: {hits:?}");
        }
        assert!(fired_on("From: info@free.example\nTo: x@y.example\n\nhi\n").is_empty());
        assert!(fired_on("From: joe@other.example\nTo: x@y.example\n\nhi\n").is_empty());
    }

    #[test]
    fn reply_to_against_the_body() {
        let replyto = fired_on(
            "From: boss@corp.example\nReply-To: joe@free.example\nTo: x@y.example\n\nWrite to ann@mail.com now\n",
        );
        assert!(
            replyto.contains(&"FREEMAIL_REPLYTO".to_owned()),
            "{replyto:?}"
        );
        assert!(
            replyto.contains(&"FREEMAIL_FORGED_REPLYTO".to_owned()),
            "{replyto:?}"
        );
        let reply =
            fired_on("From: joe@free.example\nTo: x@y.example\n\nWrite to ann@mail.com now\n");
        assert!(reply.contains(&"FREEMAIL_REPLY".to_owned()), "{reply:?}");
        assert!(!reply.contains(&"FREEMAIL_REPLYTO".to_owned()));
        let quoted = fired_on("From: joe@free.example\nTo: x@y.example\n\nann@mail.com wrote:\n");
        assert!(!quoted.contains(&"FREEMAIL_REPLY".to_owned()), "{quoted:?}");
    }

    #[test]
    fn spoofing_needs_an_unauthenticated_outside_relay() {
        let message = format!(
            "{EXTERNAL}From: joe@free.example\nReply-To: ann@mail.example\nTo: x@y.example\nSubject: offer\n\nhello\n"
        );
        let hits = fired_on(&message);
        for name in [
            "SPOOFED_FREEMAIL",
            "SPOOFED_FREEMAIL_NO_RDNS",
            "SPOOFED_FREEM_REPTO",
        ] {
            assert!(hits.contains(&name.to_owned()), "{name}: {hits:?}");
        }
        let reply = message.replace("Subject: offer", "Subject: Re: offer");
        let hits = fired_on(&reply);
        assert!(!hits.contains(&"SPOOFED_FREEMAIL".to_owned()), "{hits:?}");
        assert!(
            hits.contains(&"SPOOFED_FREEMAIL_NO_RDNS".to_owned()),
            "{hits:?}"
        );
        let local = fired_on("From: joe@free.example\nTo: x@y.example\n\nhello\n");
        assert!(
            !local.iter().any(|name| name.starts_with("SPOOFED")),
            "{local:?}"
        );
    }

    #[test]
    fn lower_case_field_names() {
        let analysis = testing::analyse("Received: x\nfrom: joe@free.example\n\nhi\n");
        assert_eq!(lower_case_names(&analysis), Some("from"));
        let first = testing::analyse("from: joe@free.example\n\nhi\n");
        assert_eq!(lower_case_names(&first), None);
    }

    #[test]
    fn bulk_envelopes_and_squashed_dots() {
        for envelope in [
            "owner-list@x.example",
            "list-request@x.example",
            "noreply@x.example",
            "donotreply@x.example",
            "a=b@x.example",
        ] {
            assert!(BULK_ENVELOPE.is_match(envelope), "{envelope}");
        }
        assert!(!BULK_ENVELOPE.is_match("joe@x.example"));
        assert_eq!(squash_dots("a..b...c@x"), "a.b.c@x");
    }
}
