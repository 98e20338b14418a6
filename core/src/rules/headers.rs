//! Header and format tests: missing fields, addresses (sa-semantics §2.4–2.6).

use crate::analysis::address::{Mailbox, parse_address_list};
use crate::rules::content::{Expr, View, content_rule};
use crate::rules::{Family, Rule, RuleContext, RuleFlags};
use crate::{Localized, text};

/// SpamAssassin's naive "second-level" domain: the last two labels when there
/// are more (`a.example.co.uk` → `co.uk`), lower-cased.
fn last_two_labels(domain: &str) -> String {
    let lower = domain.to_ascii_lowercase();
    let mut dots = lower.rmatch_indices('.').map(|(at, _)| at);
    match (dots.next(), dots.next()) {
        // Both labels must be non-empty and something must precede them.
        (Some(last), Some(second)) if second > 0 && last > second + 1 && last + 1 < lower.len() => {
            lower.get(second + 1..).unwrap_or_default().to_owned()
        }
        _ => lower,
    }
}

/// A "missing header" test: fires when no field named `header` exists.
fn missing(
    name: &'static str,
    header: &'static str,
    scores: [f64; 4],
    text: crate::rules::RuleText,
) -> Rule {
    Rule::new(name, Family::Header, scores, text, move |context| {
        (!context.analysis.headers.exists(header)).then(|| {
            Localized::new(
                format!("no {header}: field in the header"),
                format!("aucun champ {header}: dans l'en-tête"),
            )
        })
    })
}

/// FROM_ADDR_WS's exceptions, as far as they can be computed here:
/// `__RCD_RDNS_MTA_MESSY` and `__RCD_RDNS_MAIL` on the first external relay's
/// rDNS, `__FROM_ENCODED_QP` on the raw From, and ANY_BOUNCE_MESSAGE
/// approximated by the marks every bounce carries (a delivery report, a
/// mailer-daemon or postmaster sender, or a null Return-Path): the header
/// tests run before the bounce tests (`content::bounces`), whose hits they
/// cannot read.
fn from_addr_ws_excluded(context: &RuleContext<'_>) -> bool {
    let analysis = context.analysis;
    let rdns = analysis
        .relays
        .last_external()
        .map(|relay| relay.rdns.to_ascii_lowercase())
        .unwrap_or_default();
    let rdns_mta = rdns.contains("mta");
    let rdns_mail = {
        let padded = format!("{rdns} ");
        padded.match_indices("mail").any(|(at, _)| {
            let before_ok = at == 0
                || !padded
                    .as_bytes()
                    .get(at - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            let after_ok = padded
                .as_bytes()
                .get(at + 4)
                .is_some_and(|b| !b.is_ascii_lowercase());
            before_ok && after_ok
        })
    };
    let encoded_qp = analysis.headers.all("From").any(|field| {
        let lower = field.raw.to_ascii_lowercase();
        lower.match_indices("=?").any(|(at, _)| {
            lower
                .get(at + 2..)
                .and_then(|rest| rest.split_whitespace().next())
                .is_some_and(|word| word.contains("?q?") && !word.starts_with("?q?"))
        })
    });
    let bounce = analysis
        .headers
        .first("Content-Type")
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("multipart/report"))
        || analysis.addresses.from.iter().any(|mailbox| {
            let local = mailbox
                .address
                .split('@')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            local == "mailer-daemon" || local == "postmaster"
        })
        || analysis
            .headers
            .first("Return-Path")
            .is_some_and(|rp| rp.trim() == "<>");
    rdns_mta || rdns_mail || encoded_qp || bounce
}

/// Charset names whose subjects read as all capitals once reduced to ASCII
/// letters (Cyrillic, Japanese, Chinese, Thai, Georgian…): an encoded word in
/// one of them makes SUBJ_ALL_CAPS stand aside.
const CAPS_PRONE_CHARSETS: [&str; 12] = [
    "koi",
    "jp",
    "jis",
    "euc",
    "gb",
    "big5",
    "isoir",
    "cp1251",
    "windows-1251",
    "georgianps",
    "pt154",
    "tis",
];

/// Whether a raw Subject value has an encoded word (`=?charset?`) in one of
/// [`CAPS_PRONE_CHARSETS`].
fn caps_prone_encoding(raw: &str) -> bool {
    let lower = raw.to_ascii_lowercase();
    lower.match_indices("=?").any(|(at, _)| {
        let rest = lower.get(at + 2..).unwrap_or_default();
        let Some(end) = rest.find('?') else {
            return false;
        };
        let charset = rest.get(..end).unwrap_or_default();
        charset
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && CAPS_PRONE_CHARSETS
                .iter()
                .any(|name| charset.contains(name))
    })
}

/// Drops leading reply and forward markers (`Re:`, `Fwd:`, `AW:`, `SV:`…, in
/// any case, each followed by optional blanks).
fn strip_reply_markers(mut subject: &str) -> &str {
    const MARKERS: [&str; 10] = [
        "re", "fwd", "fw", "aw", "antwort", "wg", "sv", "vb", "vs", "vl",
    ];
    'strip: loop {
        for marker in MARKERS {
            let candidate = subject
                .get(..marker.len())
                .filter(|head| head.eq_ignore_ascii_case(marker))
                .and_then(|_| subject.get(marker.len()..))
                .and_then(|rest| rest.strip_prefix(':'));
            if let Some(rest) = candidate {
                subject = rest.trim_start();
                continue 'strip;
            }
        }
        return subject;
    }
}

/// SUBJ_ALL_CAPS: a subject of several words, at least 10 characters once
/// reply markers are dropped, whose ASCII letters are all capitals.
fn subject_all_caps(context: &RuleContext<'_>) -> Option<Localized> {
    let headers = &context.analysis.headers;
    let joined = headers.get("Subject")?;
    let subject = strip_reply_markers(joined.trim());
    if !subject.contains(char::is_whitespace) || subject.chars().count() < 10 {
        return None;
    }
    if headers
        .all("Subject")
        .any(|field| caps_prone_encoding(&field.raw))
    {
        return None;
    }
    let mut letters = subject.chars().filter(char::is_ascii_alphabetic).peekable();
    letters.peek()?;
    letters
        .all(|c| c.is_ascii_uppercase())
        .then(|| Localized::new(format!("Subject: {subject}"), format!("Objet : {subject}")))
}

/// MIME_HEADER_CTYPE_ONLY: a Content-Type field that is not `text/plain`,
/// without the MIME-Version field MIME requires and without
/// Content-Transfer-Encoding or Content-Disposition fields: a MIME type
/// pasted on by software that does not write MIME.
fn ctype_without_mime(context: &RuleContext<'_>) -> Option<Localized> {
    let headers = &context.analysis.headers;
    let ctype = headers.get("Content-Type")?;
    let lower = ctype.to_ascii_lowercase();
    let text_plain = lower.strip_prefix("text/plain").is_some_and(|rest| {
        !rest
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    let other_mime = [
        "Content-Disposition",
        "Content-Transfer-Encoding",
        "MIME-Version",
    ]
    .iter()
    .any(|name| headers.exists(name));
    (!text_plain && !other_mime).then(|| {
        let ctype = ctype.lines().next().unwrap_or_default();
        Localized::new(
            format!("Content-Type: {ctype}, no MIME-Version field"),
            format!("Content-Type : {ctype}, aucun champ MIME-Version"),
        )
    })
}

/// FROM_NO_USER: a From value with an `@` that no user name precedes: at its
/// very start, right after `<`, or after a blank with no `)` nor `<` up to
/// the end; or an empty `<>`.
const FROM_NO_USER: Expr = Expr::Match(View::Header("From"), r"\A@|<@| @[^)<]*\n?\z|<>");

/// Fields whose values may hold `%` followed by capitals without a template
/// left unfilled: addresses, subjects and message identifiers, which
/// UNRESOLVED_TEMPLATE leaves out.
const TEMPLATE_EXEMPT: [&str; 13] = [
    "X-VMS-To",
    "X-UIDL",
    "X-Face",
    "To",
    "Cc",
    "From",
    "Subject",
    "References",
    "In-Reply-To",
    "Message-Id",
    "X-Message-Id",
    "Resent-Message-Id",
    "X-Original-Message-Id",
];

/// UNRESOLVED_TEMPLATE: a header line (`Name: decoded value`, cut at line
/// breaks as SpamAssassin's `ALL` is) holding `%` then a capital then a
/// capital, `_` or `-`, as in `%FIRST_NAME` left by a mail-merge script,
/// outside the lines of [`TEMPLATE_EXEMPT`] fields.
fn unresolved_template(context: &RuleContext<'_>) -> Option<Localized> {
    let all = crate::rules::content::field_text(&View::<&str>::AllHeaders, context)?;
    let line = all.lines().find(|line| {
        let placeholder = line.as_bytes().windows(3).any(|w| {
            w[0] == b'%'
                && w[1].is_ascii_uppercase()
                && (w[2].is_ascii_uppercase() || w[2] == b'_' || w[2] == b'-')
        });
        placeholder
            && !TEMPLATE_EXEMPT.iter().any(|name| {
                line.get(..name.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(name))
                    && line.as_bytes().get(name.len()) == Some(&b':')
            })
    })?;
    let line: String = line.chars().take(80).collect();
    Some(Localized::new(
        format!("unfilled placeholder in \"{line}\""),
        format!("espace réservé non rempli dans « {line} »"),
    ))
}

/// REPLYTO_WITHOUT_TO_CC: a Reply-To field but neither To nor Cc.
fn reply_to_without_recipients(context: &RuleContext<'_>) -> Option<Localized> {
    let headers = &context.analysis.headers;
    (headers.exists("Reply-To") && !headers.exists("To") && !headers.exists("Cc")).then(|| {
        Localized::new(
            "a Reply-To: field, no To: nor Cc: field",
            "un champ Reply-To:, aucun champ To: ni Cc:",
        )
    })
}

pub(crate) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "FROM_NO_USER",
            Family::Header,
            [0.001, 2.599, 0.019, 0.798],
            &FROM_NO_USER,
            text!(
                description: (
                    "From: address has no user name before the @",
                    "L'adresse From: n'a pas de nom d'utilisateur avant le @"
                ),
                explanation: (
                    "The author's address starts with its @ sign (\"@example.com\"), or is empty (\"<>\"): it names a domain but nobody in it. Mail programs never write such an author; broken bulk-mail scripts do.",
                    "L'adresse de l'auteur commence par son signe @ (« @example.com ») ou est vide (« <> ») : elle nomme un domaine mais personne dedans. Les logiciels de messagerie n'écrivent jamais un tel auteur ; les scripts d'envoi en masse défectueux, si."
                ),
                fix: (
                    "Put a complete address in From:, such as news@example.com.",
                    "Mettez une adresse complète dans From:, comme news@example.com."
                ),
            ),
        ),
        Rule::new(
            "UNRESOLVED_TEMPLATE",
            Family::Header,
            [3.035, 0.716, 2.424, 1.252],
            text!(
                description: (
                    "Header holds a template placeholder left unfilled",
                    "L'en-tête contient un espace réservé de modèle non rempli"
                ),
                explanation: (
                    "A header field holds a placeholder such as %FIRST_NAME or %RND_DIGIT that the sending program should have replaced with a value. Bulk-mail tools fill such templates for each recipient; when one is left as is, the message was made by such a tool, and a faulty one.",
                    "Un champ de l'en-tête contient un espace réservé comme %FIRST_NAME ou %RND_DIGIT que le programme d'envoi aurait dû remplacer par une valeur. Les outils d'envoi en masse remplissent ces modèles pour chaque destinataire ; quand l'un reste tel quel, le message vient d'un tel outil, et d'un outil défaillant."
                ),
                fix: (
                    "Make sure your sending software fills in every placeholder of its header template.",
                    "Assurez-vous que votre logiciel d'envoi remplit chaque espace réservé de son modèle d'en-tête."
                ),
            ),
            unresolved_template,
        ),
        Rule::new(
            "REPLYTO_WITHOUT_TO_CC",
            Family::Header,
            [2.399, 1.946, 0.607, 1.552],
            text!(
                description: (
                    "Reply-To: field but no To: nor Cc:",
                    "Champ Reply-To: mais ni To: ni Cc:"
                ),
                explanation: (
                    "The message says where to send replies but names no recipient at all, neither in To: nor in Cc:. Mail written to someone names them; bulk mail sent to hidden lists that still wants answers looks like this.",
                    "Le message indique où envoyer les réponses mais ne nomme aucun destinataire, ni dans To: ni dans Cc:. Un message écrit à quelqu'un le nomme ; un envoi en masse à des listes cachées qui attend quand même des réponses ressemble à ceci."
                ),
                fix: (
                    "Put the recipient in To:, or for hidden lists a To: such as \"undisclosed-recipients:;\".",
                    "Indiquez le destinataire dans To:, ou pour des listes cachées un To: comme « undisclosed-recipients:; »."
                ),
            ),
            reply_to_without_recipients,
        ),
        Rule::new(
            "NULL_IN_BODY",
            Family::Header,
            [0.511, 0.498, 2.056, 1.596],
            text!(
                description: ("Message holds a NUL byte", "Le message contient un octet NUL"),
                explanation: (
                    "Somewhere in the message, header or body, is a NUL byte (code 0), which text mail never holds: mail programs encode binary attachments so that none is left. Broken or hand-made bulk mail carries them.",
                    "Quelque part dans le message, en-tête ou corps, se trouve un octet NUL (code 0), qu'un courriel texte ne contient jamais : les logiciels de messagerie encodent les pièces jointes binaires pour qu'il n'en reste aucun. Les envois en masse défectueux ou bricolés en portent."
                ),
                fix: (
                    "Encode binary content (base64) and remove stray NUL bytes from the text.",
                    "Encodez les contenus binaires (base64) et retirez les octets NUL égarés dans le texte."
                ),
            ),
            |context| {
                context.analysis.has_nul.then(|| {
                    Localized::new("a NUL byte in the message", "un octet NUL dans le message")
                })
            },
        ),
        Rule::new(
            "X_IP",
            Family::Header,
            [0.001; 4],
            text!(
                description: ("Message has an X-IP: field", "Le message a un champ X-IP:"),
                explanation: (
                    "The header has an X-IP: field, which some web mail forms and bulk-mail scripts add to record the address of the machine that sent the message. Informational.",
                    "L'en-tête a un champ X-IP:, que certains formulaires de messagerie web et scripts d'envoi en masse ajoutent pour noter l'adresse de la machine qui a envoyé le message. Pour information."
                ),
                fix: ("Nothing to do.", "Rien à faire."),
            ),
            |context| {
                context.analysis.headers.exists("X-IP").then(|| {
                    Localized::new("an X-IP: field in the header", "un champ X-IP: dans l'en-tête")
                })
            },
        ),
        Rule::new(
            "MIME_HEADER_CTYPE_ONLY",
            Family::Header,
            [0.1, 0.1, 0.1, 0.1],
            text!(
                description: (
                    "Content-Type field without the other MIME fields",
                    "Champ Content-Type sans les autres champs MIME"
                ),
                explanation: (
                    "The message declares a content type other than plain text but none of the fields MIME requires with it, starting with MIME-Version. Mail programs write them together; scripts that paste a Content-Type on by hand often do not.",
                    "Le message déclare un type de contenu autre que du texte brut, mais aucun des champs que MIME exige avec lui, à commencer par MIME-Version. Les logiciels de messagerie les écrivent ensemble ; les scripts qui ajoutent un Content-Type à la main souvent pas."
                ),
                fix: (
                    "Add a \"MIME-Version: 1.0\" field to every message that has a Content-Type field, or let a MIME library build the message.",
                    "Ajoutez un champ « MIME-Version: 1.0 » à tout message qui a un champ Content-Type, ou laissez une bibliothèque MIME construire le message."
                ),
            ),
            ctype_without_mime,
        ),
        Rule::new(
            "SUBJ_ALL_CAPS",
            Family::Header,
            [0.5, 0.5, 0.5, 0.5],
            text!(
                description: ("Subject is all capitals", "Objet entièrement en majuscules"),
                explanation: (
                    "Every letter of the subject is a capital. Writing in capitals is shouting; people rarely do it in real correspondence, while advertising uses it to grab attention.",
                    "Toutes les lettres de l'objet sont des majuscules. Écrire en capitales revient à crier ; on le fait rarement dans une vraie correspondance, alors que la publicité s'en sert pour attirer l'œil."
                ),
                fix: (
                    "Write the subject in normal sentence case (\"Your order has shipped\", not \"YOUR ORDER HAS SHIPPED\").",
                    "Écrivez l'objet avec une casse normale (« Votre commande est partie », et non « VOTRE COMMANDE EST PARTIE »)."
                ),
            ),
            subject_all_caps,
        ),
        Rule::new(
        "MISSING_DATE",
        Family::Header,
        [2.739, 1.396, 1.8, 1.36],
        text!(
            description: ("Missing Date: header", "En-tête Date: absent"),
            explanation: (
                "The message has no Date: header. Every mail program adds one when the message is written, so its absence suggests software that builds messages by hand, as bulk senders do.",
                "Le message n'a pas d'en-tête Date:. Tout logiciel de messagerie en ajoute un à la rédaction ; son absence évoque un programme qui fabrique les messages à la main, comme le font les expéditeurs en masse."
            ),
            fix: (
                "Let your mail library add a Date: header, in RFC 5322 form (e.g. \"Mon, 23 Nov 2026 10:00:00 +0100\"), when the message is created.",
                "Laissez votre bibliothèque d'envoi ajouter un en-tête Date: au format RFC 5322 (par exemple « Mon, 23 Nov 2026 10:00:00 +0100 ») à la création du message."
            ),
        ),
        |context| {
            (!context.analysis.headers.exists("Date")).then(|| {
                Localized::new(
                    "no Date: field in the header",
                    "aucun champ Date: dans l'en-tête",
                )
            })
        },
    ),
        missing(
            "MISSING_FROM",
            "From",
            [1.0, 1.0, 1.0, 1.0],
            text!(
                description: ("Missing From: header", "En-tête From: absent"),
                explanation: (
                    "The message has no From: header, so it does not say who wrote it. Every legitimate mail program adds one; its absence points to a broken or hand-rolled sender.",
                    "Le message n'a pas d'en-tête From: : il ne dit pas qui l'a écrit. Tout logiciel de messagerie légitime en ajoute un ; son absence révèle un expéditeur défectueux ou bricolé."
                ),
                fix: (
                    "Add a From: header with the author's address, e.g. \"Example Shop <news@example.com>\".",
                    "Ajoutez un en-tête From: avec l'adresse de l'auteur, par exemple « Example Shop <news@example.com> »."
                ),
            ),
        ),
        Rule::new(
            "MISSING_HEADERS",
            Family::Header,
            [0.915, 1.207, 1.204, 1.021],
            text!(
                description: ("Missing To: header", "En-tête To: absent"),
                explanation: (
                    "The message has neither a To: nor an Apparently-To: header. Mail written to someone names them; bulk mail sent to hidden recipients often names nobody.",
                    "Le message n'a ni en-tête To: ni Apparently-To:. Un message écrit à quelqu'un le nomme ; les envois en masse à des destinataires cachés ne nomment souvent personne."
                ),
                fix: (
                    "Put the recipient in To:; for hidden recipient lists, use a To: such as \"undisclosed-recipients:;\" or your own address.",
                    "Indiquez le destinataire dans To: ; pour des destinataires cachés, mettez un To: comme « undisclosed-recipients:; » ou votre propre adresse."
                ),
            ),
            |context| {
                let headers = &context.analysis.headers;
                (!headers.exists("To") && !headers.exists("Apparently-To")).then(|| {
                    Localized::new(
                        "no To: or Apparently-To: field in the header",
                        "aucun champ To: ni Apparently-To: dans l'en-tête",
                    )
                })
            },
        ),
        missing(
            "MISSING_MID",
            "Message-Id",
            [0.552, 0.14, 1.199, 0.497],
            text!(
                description: ("Missing Message-Id: header", "En-tête Message-Id: absent"),
                explanation: (
                    "The message has no Message-Id: header, the unique identifier mail programs or the first server give every message. Software that skips it is usually sending in bulk by hand.",
                    "Le message n'a pas d'en-tête Message-Id:, l'identifiant unique que le logiciel de messagerie ou le premier serveur donne à chaque message. Un programme qui l'omet envoie généralement en masse de façon artisanale."
                ),
                fix: (
                    "Let your mail library or your outgoing server add a Message-Id: (e.g. <unique-string@your-domain>).",
                    "Laissez votre bibliothèque d'envoi ou votre serveur sortant ajouter un Message-Id: (par exemple <chaîne-unique@votre-domaine>)."
                ),
            ),
        ),
        missing(
            "MISSING_SUBJECT",
            "Subject",
            [0.001, 1.767, 1.3, 1.799],
            text!(
                description: ("Missing Subject: header", "En-tête Subject: absent"),
                explanation: (
                    "The message has no Subject: header at all (an empty subject does not count). Mail programs always write one, even empty.",
                    "Le message n'a aucun en-tête Subject: (un objet vide ne compte pas). Les logiciels de messagerie en écrivent toujours un, même vide."
                ),
                fix: (
                    "Give the message a Subject: header that says what it is about.",
                    "Donnez au message un en-tête Subject: qui annonce son contenu."
                ),
            ),
        ),
        Rule::new(
            "HEADER_FROM_DIFFERENT_DOMAINS",
            Family::Header,
            [1.0, 1.0, 1.0, 1.0],
            text!(
                description: (
                    "From: and envelope sender are in different domains",
                    "From: et expéditeur d'enveloppe dans des domaines différents"
                ),
                explanation: (
                    "The author's address (From:) and the address bounces go to (the envelope sender) belong to different domains. Mailing lists and newsletters services do this legitimately; forged senders do it too.",
                    "L'adresse de l'auteur (From:) et celle qui reçoit les retours (l'expéditeur d'enveloppe) appartiennent à des domaines différents. Les listes de diffusion et services d'envoi le font légitimement ; les expéditeurs usurpés aussi."
                ),
                fix: (
                    "Use a bounce address in the same domain as From: (e.g. bounces.example.com for news@example.com), which your sending service can usually configure.",
                    "Utilisez une adresse de retour dans le même domaine que From: (par exemple bounces.example.com pour news@example.com) ; votre service d'envoi permet généralement de la configurer."
                ),
            ),
            |context| {
                let analysis = context.analysis;
                let from = analysis.addresses.from.first()?;
                let envelope = analysis.envelope_from()?;
                let envelope = parse_address_list(envelope).into_iter().next()?;
                let (from_domain, envelope_domain) =
                    (last_two_labels(from.domain()), last_two_labels(envelope.domain()));
                if from_domain.is_empty() || envelope_domain.is_empty() || from_domain == envelope_domain {
                    return None;
                }
                Some(Localized::new(
                    format!("From: {} but envelope sender {}", from.address, envelope.address),
                    format!("From: {} mais expéditeur d'enveloppe {}", from.address, envelope.address),
                ))
            },
        ),
        Rule::new(
            "FROM_ADDR_WS",
            Family::Header,
            [1.0, 1.0, 1.0, 1.0],
            text!(
                description: ("Malformed From: address", "Adresse From: mal formée"),
                explanation: (
                    "The From: address contains white space (a quoted local part such as \"john smith\"@example.com), or the From: holds several addresses. Real mail systems do not hand out such addresses.",
                    "L'adresse From: contient des espaces (une partie locale entre guillemets comme \"jean dupont\"@example.com), ou le From: contient plusieurs adresses. Les vrais systèmes de messagerie ne distribuent pas de telles adresses."
                ),
                fix: (
                    "Send from a single plain address without spaces, e.g. john.smith@example.com.",
                    "Envoyez depuis une seule adresse simple sans espace, par exemple jean.dupont@example.com."
                ),
            ),
            |context| {
                let from = &context.analysis.addresses.from;
                // SpamAssassin joins the From addresses with newlines before
                // matching white space, so two addresses are enough.
                let spaced = from.iter().find(|m| m.address.chars().any(char::is_whitespace));
                if spaced.is_none() && from.len() < 2 {
                    return None;
                }
                if from_addr_ws_excluded(context) {
                    return None;
                }
                Some(match spaced {
                    Some(mailbox) => Localized::new(
                        format!("From: address {} contains white space", mailbox.address),
                        format!("l'adresse From: {} contient des espaces", mailbox.address),
                    ),
                    None => Localized::new(
                        format!("From: holds {} addresses", from.len()),
                        format!("From: contient {} adresses", from.len()),
                    ),
                })
            },
        ),
        // spamgauge's own test. A From: with several authors from different
        // domains is allowed by RFC 5322 only with a Sender:, is practically
        // never produced by mail programs, and is used to slip a trusted
        // brand next to the real sender. It is a weak signal on its own, so it
        // gets SpamAssassin's default weight for an unscored test, 1.0.
        Rule::new(
            "SG_FROM_MULTI_DOMAIN",
            Family::Header,
            [1.0, 1.0, 1.0, 1.0],
            text!(
                description: (
                    "From: lists addresses in different domains (spamgauge test)",
                    "From: cite des adresses de domaines différents (test spamgauge)"
                ),
                explanation: (
                    "This is one of spamgauge's own tests, not a SpamAssassin one. A From: header names several authors from different domains. Mail programs do not write this; it is used to show a well-known sender next to the real one.",
                    "Ce test est propre à spamgauge, il n'existe pas dans SpamAssassin. Un en-tête From: nomme plusieurs auteurs de domaines différents. Les logiciels de messagerie ne l'écrivent pas ; on s'en sert pour afficher un expéditeur connu à côté du vrai."
                ),
                fix: (
                    "Put a single author in From:; other people go in Reply-To: or Cc:.",
                    "Mettez un seul auteur dans From: ; les autres personnes vont dans Reply-To: ou Cc:."
                ),
            ),
            |context| {
                context.analysis.headers.all("From").find_map(|field| {
                    let mailboxes: Vec<Mailbox> = parse_address_list(&field.raw);
                    let first = mailboxes.first()?;
                    let first_domain = last_two_labels(first.domain());
                    let other = mailboxes
                        .iter()
                        .find(|m| last_two_labels(m.domain()) != first_domain)?;
                    Some(Localized::new(
                        format!("From: holds {} and {}", first.address, other.address),
                        format!("From: contient {} et {}", first.address, other.address),
                    ))
                })
            },
        )
        .flags(RuleFlags {
            ours: true,
            ..RuleFlags::default()
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing;

    fn fired(message: &str) -> Vec<String> {
        testing::fired(rules(), &testing::analyse(message), &Inputs::default())
    }

    const COMPLETE: &str = "Date: Mon, 2 Jan 2006 12:00:00 +0000\nFrom: a@example.com\nTo: b@example.org\nSubject: hi\nMessage-Id: <1@example.com>\n\nbody\n";

    #[test]
    fn complete_message_fires_nothing() {
        assert!(fired(COMPLETE).is_empty(), "{:?}", fired(COMPLETE));
    }

    #[test]
    fn each_missing_header() {
        for (header, test) in [
            ("Date", "MISSING_DATE"),
            ("From", "MISSING_FROM"),
            ("To", "MISSING_HEADERS"),
            ("Subject", "MISSING_SUBJECT"),
            ("Message-Id", "MISSING_MID"),
        ] {
            let message: String = COMPLETE
                .lines()
                .filter(|line| !line.starts_with(&format!("{header}:")))
                .map(|line| format!("{line}\n"))
                .collect();
            assert_eq!(fired(&message), [test], "{header}");
        }
    }

    #[test]
    fn content_type_without_mime() {
        let html = COMPLETE.replace("Subject: hi", "Subject: hi\nContent-Type: text/html");
        assert_eq!(fired(&html), ["MIME_HEADER_CTYPE_ONLY"]);
        let mime = html.replace("Subject: hi", "Subject: hi\nMIME-Version: 1.0");
        assert!(fired(&mime).is_empty());
        let plain = COMPLETE.replace(
            "Subject: hi",
            "Subject: hi\nContent-Type: TEXT/PLAIN; charset=us-ascii",
        );
        assert!(fired(&plain).is_empty());
    }

    #[test]
    fn empty_fields_still_exist() {
        let message = COMPLETE
            .replace("To: b@example.org", "To:")
            .replace("Subject: hi", "Subject:");
        assert!(fired(&message).is_empty());
        let message = COMPLETE.replace("To: b@example.org", "Apparently-To: b@example.org");
        assert!(fired(&message).is_empty());
        let message = COMPLETE.replace("Message-Id:", "MESSAGE-ID:");
        assert!(fired(&message).is_empty());
    }

    #[test]
    fn from_and_envelope_domains() {
        let hit = format!("Return-Path: <bounce@mailer.example.net>\n{COMPLETE}");
        assert_eq!(fired(&hit), ["HEADER_FROM_DIFFERENT_DOMAINS"]);
        let same = format!("Return-Path: <bounce@news.example.com>\n{COMPLETE}");
        assert!(fired(&same).is_empty());
        assert_eq!(last_two_labels("a.example.co.uk"), "co.uk");
        assert_eq!(last_two_labels("Example.COM"), "example.com");
        assert_eq!(last_two_labels("a.b.example.com."), "a.b.example.com.");
        // A Return-Path below a Received field is not trusted.
        let below = COMPLETE.replace(
            "Date:",
            "Received: from x (x.example.com [203.0.113.1]) by mx.example.org (Postfix) with ESMTP id A1\nReturn-Path: <b@other.net>\nDate:",
        );
        assert!(!fired(&below).contains(&"HEADER_FROM_DIFFERENT_DOMAINS".to_owned()));
    }

    #[test]
    fn from_addr_ws() {
        let hit = COMPLETE.replace("From: a@example.com", "From: \"john smith\"@example.com");
        assert_eq!(fired(&hit), ["FROM_ADDR_WS"]);
        let unquoted = COMPLETE.replace("From: a@example.com", "From: john smith@example.com");
        assert!(fired(&unquoted).is_empty());
        let bounce = hit.replace("Date:", "Return-Path: <>\nDate:");
        assert!(fired(&bounce).is_empty());
        let qp = COMPLETE.replace(
            "From: a@example.com",
            "From: =?utf-8?Q?J=C3=A9?= <\"je an\"@example.com>",
        );
        assert!(!fired(&qp).contains(&"FROM_ADDR_WS".to_owned()));
    }

    #[test]
    fn from_multi_domain() {
        let two = COMPLETE.replace(
            "From: a@example.com",
            "From: a@example.com, ceo@bank.example.org",
        );
        let hits = fired(&two);
        assert!(
            hits.contains(&"SG_FROM_MULTI_DOMAIN".to_owned()),
            "{hits:?}"
        );
        let same = COMPLETE.replace(
            "From: a@example.com",
            "From: a@example.com, b@mail.example.com",
        );
        assert!(!fired(&same).contains(&"SG_FROM_MULTI_DOMAIN".to_owned()));
    }

    #[test]
    fn subject_in_capitals() {
        let with = |subject: &str| {
            fired(&COMPLETE.replace("Subject: hi", &format!("Subject: {subject}")))
                .contains(&"SUBJ_ALL_CAPS".to_owned())
        };
        assert!(with("FREE OFFER INSIDE!!"));
        assert!(with("Re: fwd: LAST CHANCE 2 WIN"));
        // Too short, one word, a lower-case letter, no letters at all.
        assert!(!with("BUY NOW"));
        assert!(!with("RE: SALE"));
        assert!(!with("EXTRAORDINARY"));
        assert!(!with("FREE OFFER iNSIDE"));
        assert!(!with("12345 67890"));
        // An encoded word in a charset whose text reads as capitals.
        assert!(!with("=?koi8-r?B?8NLJ18XU?= NEWS TODAY"));
    }

    #[test]
    fn from_without_user() {
        let with = |from: &str| {
            fired(&COMPLETE.replace("From: a@example.com", &format!("From: {from}")))
                .contains(&"FROM_NO_USER".to_owned())
        };
        assert!(with("@example.com"));
        assert!(with("Shop <@example.com>"));
        assert!(with("Shop @example.com"));
        assert!(with("<>"));
        assert!(!with("shop@example.com"));
        assert!(!with("Shop <shop@example.com>"));
        // A blank before an @ that a comment or an address follows.
        assert!(!with("a @example.com (Shop)"));
    }

    #[test]
    fn unresolved_template() {
        let with = |field: &str| {
            fired(&COMPLETE.replace("Subject: hi", &format!("Subject: hi\n{field}")))
                .contains(&"UNRESOLVED_TEMPLATE".to_owned())
        };
        assert!(with("X-Campaign: %RND_DIGIT"));
        assert!(with("Reply-To: %FROM_EMAIL"));
        // Lower case after the capital, or an exempt field.
        assert!(!with("X-Campaign: 100%Pure"));
        assert!(!with("References: <%ABC@example.com>"));
        assert!(!with("X-Message-Id: <%ABC@example.com>"));
        assert!(
            !fired(&COMPLETE.replace("Subject: hi", "Subject: 50%OFF"))
                .contains(&"UNRESOLVED_TEMPLATE".to_owned())
        );
    }

    #[test]
    fn reply_to_without_recipients() {
        let reply = COMPLETE.replace("To: b@example.org", "Reply-To: c@example.com");
        assert_eq!(fired(&reply), ["REPLYTO_WITHOUT_TO_CC", "MISSING_HEADERS"]);
        let cc = reply.replace("Reply-To:", "Cc: d@example.org\nReply-To:");
        assert_eq!(fired(&cc), ["MISSING_HEADERS"]);
        let reply_to = COMPLETE.replace(
            "To: b@example.org",
            "To: b@example.org\nReply-To: c@example.com",
        );
        assert!(fired(&reply_to).is_empty());
    }

    #[test]
    fn nul_byte() {
        let nul = COMPLETE.replace("body", "bo\0dy");
        assert_eq!(fired(&nul), ["NULL_IN_BODY"]);
        let in_header = COMPLETE.replace("Subject: hi", "Subject: h\0i");
        assert!(fired(&in_header).contains(&"NULL_IN_BODY".to_owned()));
    }

    #[test]
    fn x_ip() {
        let x_ip = COMPLETE.replace("Subject: hi", "Subject: hi\nX-IP: 203.0.113.9");
        assert_eq!(fired(&x_ip), ["X_IP"]);
        let other = COMPLETE.replace("Subject: hi", "Subject: hi\nX-IP-Origin: 203.0.113.9");
        assert!(fired(&other).is_empty());
    }
}
