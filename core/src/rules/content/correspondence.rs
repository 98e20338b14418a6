//! How the message addresses its reader: replies written by real mail
//! programs, honorifics in front of a free-mail sender's name, the reader's
//! own user name as the Subject, long digit runs in the sender's address,
//! money or excited punctuation in the Subject, and To or Message-ID fields
//! no mail program writes.

use super::conversation::ISO_2022_JP;
use super::{Expr, View, content_rule};
use crate::analysis::Analysis;
use crate::rules::{Family, Rule};
use crate::text;

/// `__SUBJ_RE`: the Subject opens with "Re:" (or its Scandinavian and German
/// forms "Sv:", "Vs:", "Aw:"), the first letter a capital.
const SUBJECT_REPLY: Expr = Expr::Match(View::Header("Subject"), r"\A(?:R[eE]|S[vV]|V[sS]|A[wW]):");

/// `__BOTH_INR_AND_REF`: mail programs that write both In-Reply-To and
/// References in a reply (Balsa, Calypso, Forte Agent, mh-e, SquirrelMail,
/// Sylpheed, The Bat!, VM, Ximian Evolution, KMail, Mozilla 5, Opera 7).
const THREADING_MAILER: Expr = Expr::Any(&[
    Expr::Match(
        View::Header("X-Mailer"),
        r"\A(?:Balsa [0-9]|Calypso|Forte Agent [0-9]|mh-e [0-9]|SquirrelMail|Sylpheed|The Bat!|VM [0-9]|Ximian Evolution)",
    ),
    Expr::Match(View::Header("User-Agent"), r"\A(?:KMail|Mozilla/5|Opera7)"),
]);

/// `NICE_REPLY_A`: a reply with both threading fields, from a mail program
/// known to write both.
const NICE_REPLY_A: Expr = Expr::All(&[
    SUBJECT_REPLY,
    Expr::Not(&field_missing!("In-Reply-To")),
    Expr::Not(&field_missing!("References")),
    THREADING_MAILER,
]);

/// `REPTO_QUOTE_YAHOO`: a quoted name in Reply-To from a Yahoo! sender (by
/// From or by message ID); Yahoo! does not quote names that way.
const REPTO_QUOTE_YAHOO: Expr = Expr::All(&[
    Expr::Match(View::Header("Reply-To"), r#"".*"\s*<"#),
    Expr::Any(&[
        Expr::Match(View::Header("From"), r"(?i)@yahoo\.com\b"),
        Expr::Match(View::MessageIds, r"(?i)@yahoo\.com\b"),
    ]),
]);

/// `FROM_LOCAL_DIGITS`: eleven digits in a row in the From address before
/// the `@`.
const FROM_LOCAL_DIGITS: Expr = Expr::Match(View::Header("From"), r"[0-9]{11}\S*@");

/// `SUBJ_DOLLARS`: the Subject starts with a dollar amount.
const SUBJ_DOLLARS: Expr = Expr::Match(View::Header("Subject"), r"\A\$[0-9.,]+\b");

/// `PLING_QUERY`: an exclamation mark and a question mark in the Subject,
/// outside Japanese mail.
const PLING_QUERY: Expr = Expr::All(&[
    Expr::Match(View::Header("Subject"), r"\?.*!|!.*\?"),
    Expr::Not(&ISO_2022_JP),
]);

/// `__MSGID_NOFQDN1`: a message ID in angle brackets with no `@`.
const MSGID_NOFQDN1: Expr = Expr::Match(View::Header("Message-ID"), r"<[^@]*>");

/// `TO_MALFORMED`: a To field in none of the forms an address takes: a
/// mailbox with a dotted domain, a group (`name: ;`), a lone comment, a
/// bang path in angle brackets, or nothing. Perl's `$` (end, or before a
/// final line break) is written `\n?\z`.
const TO_MALFORMED: Expr = Expr::All(&[
    field_exists!("To"),
    Expr::Not(&Expr::Match(
        View::Header("To"),
        r#"(?:\A|[^\S"])(?:(?:"[^"]+"|\S+)@\S+\.\S+|\A\s*.+:\s*;|\A\s*"[^"]+":\s*;|\A\s*\([^)]*\)\s*\n?\z|<\S+(?:!\S+)+>|\A\s*\n?\z)"#,
    )),
]);

/// `__HK_NAME_MR_MRS`: a From display name opening with "Mr", "Mrs" or
/// "Miss" as a whole word, in any case.
fn honorific_sender(analysis: &Analysis) -> bool {
    analysis
        .addresses
        .from
        .iter()
        .filter_map(|mailbox| mailbox.name.as_deref())
        .any(|name| {
            let name = name.trim();
            let name = name
                .strip_prefix('\'')
                .and_then(|inner| inner.strip_suffix('\''))
                .unwrap_or(name);
            let lower = name.to_ascii_lowercase();
            ["mrs", "mr", "miss"].iter().any(|title| {
                lower.strip_prefix(title).is_some_and(|rest| {
                    !rest
                        .bytes()
                        .next()
                        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
                })
            })
        })
}

/// Whether `text` is at its end, or only a line break remains (Perl's `$`).
fn at_end(text: &str) -> bool {
    text.is_empty() || text == "\n"
}

/// `text` with `prefix` removed, ASCII case ignored.
fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// Whether the byte is one of the punctuation marks that may follow the
/// user name.
fn is_mark(c: char) -> bool {
    matches!(c, ',' | ':' | ';' | '!' | '?' | '-')
}

/// `text` without its leading ASCII blanks (Perl's `\s*`).
fn skip_blanks(text: &str) -> &str {
    text.trim_start_matches(|c: char| c.is_ascii_whitespace())
}

/// SpamAssassin's `check_for_to_in_subject('user')`: the Subject is the
/// first To address's user name alone, or opens with it followed by a
/// punctuation mark, or is a reply or forward of it, or the name between a
/// comma and a final mark.
fn user_name_as_subject(analysis: &Analysis) -> bool {
    let Some(address) = analysis
        .addresses
        .to
        .first()
        .map(|mailbox| &mailbox.address)
    else {
        return false;
    };
    let user = address
        .split_once('@')
        .map_or(address.as_str(), |(user, _)| user);
    let Some(subject) = analysis.headers.get("Subject") else {
        return false;
    };
    if user.is_empty() {
        return false;
    }
    // The user name, then the end.
    let alone = |text: &str| strip_prefix_ci(text, user).is_some_and(at_end);
    let reply = ["re:", "fw:"]
        .iter()
        .filter_map(|prefix| strip_prefix_ci(&subject, prefix))
        .map(skip_blanks)
        .any(|rest| {
            let word = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
            let after_word = skip_blanks(word);
            alone(rest)
                || word.len() < rest.len() && after_word.len() < word.len() && alone(after_word)
        });
    let opening = subject.strip_prefix(user).is_some_and(|rest| {
        let mut rest = skip_blanks(rest).chars();
        rest.next().is_some_and(is_mark) && {
            let tail = rest.as_str();
            at_end(tail) || tail.starts_with(|c: char| c.is_ascii_whitespace())
        }
    });
    let after_comma = subject
        .strip_prefix(',')
        .map(skip_blanks)
        .and_then(|rest| strip_prefix_ci(rest, user))
        .is_some_and(|rest| {
            let mut rest = rest.chars();
            rest.next().is_some_and(is_mark) && at_end(rest.as_str())
        });
    alone(&subject) || reply || opening || after_comma
}

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "NICE_REPLY_A",
            Family::Header,
            [-1.0; 4],
            &NICE_REPLY_A,
            text!(
                description: (
                    "Looks like a genuine reply",
                    "Ressemble à une vraie réponse"
                ),
                explanation: (
                    "The subject starts with \"Re:\", and the message carries both In-Reply-To and References, written by a mail program known to write both in replies (Thunderbird, KMail, Sylpheed, Evolution, SquirrelMail, …). Bulk-mail tools rarely fake all of this, so the test lowers the score.",
                    "L'objet commence par « Re: », et le message porte à la fois In-Reply-To et References, écrits par un logiciel de messagerie connu pour mettre les deux dans ses réponses (Thunderbird, KMail, Sylpheed, Evolution, SquirrelMail…). Les outils d'envoi en masse imitent rarement tout cela ; le test fait donc baisser le score."
                ),
                fix: (
                    "Nothing to fix: this test counts in the message's favour.",
                    "Rien à corriger : ce test joue en faveur du message."
                ),
            ),
        ),
        content_rule(
            "REPTO_QUOTE_YAHOO",
            Family::Header,
            [0.001, 0.49, 0.001, 0.646],
            &REPTO_QUOTE_YAHOO,
            text!(
                description: (
                    "Yahoo! sender with a quoted name in Reply-To",
                    "Expéditeur Yahoo! avec un nom entre guillemets dans Reply-To"
                ),
                explanation: (
                    "The message claims to come from Yahoo! Mail, but its Reply-To field puts the name in double quotes before the address, which Yahoo! Mail does not do. The field was written by another program, as when spam tools forge a Yahoo! origin.",
                    "Le message prétend venir de Yahoo! Mail, mais son champ Reply-To met le nom entre guillemets doubles devant l'adresse, ce que Yahoo! Mail ne fait pas. Le champ a été écrit par un autre programme, comme lorsque des outils de spam imitent une origine Yahoo!."
                ),
                fix: (
                    "Send Yahoo! mail through Yahoo! itself, or leave Reply-To as your mail program writes it.",
                    "Envoyez le courrier Yahoo! par Yahoo! lui-même, ou laissez Reply-To tel que votre logiciel l'écrit."
                ),
            ),
        ),
        content_rule(
            "FROM_LOCAL_DIGITS",
            Family::Header,
            [0.001; 4],
            &FROM_LOCAL_DIGITS,
            text!(
                description: (
                    "Sender's user name has a long run of digits",
                    "Le nom d'utilisateur de l'expéditeur contient une longue suite de chiffres"
                ),
                explanation: (
                    "The From address has eleven digits or more in a row before the @. People rarely choose such names; generated throw-away accounts have them.",
                    "L'adresse From contient onze chiffres ou plus d'affilée avant le @. Les gens choisissent rarement de tels noms ; les comptes jetables générés en ont."
                ),
                fix: (
                    "Send from an address with a readable user name.",
                    "Envoyez depuis une adresse au nom d'utilisateur lisible."
                ),
            ),
        ),
        content_rule(
            "SUBJ_DOLLARS",
            Family::Header,
            [0.1; 4],
            &SUBJ_DOLLARS,
            text!(
                description: (
                    "Subject starts with a dollar amount",
                    "L'objet commence par un montant en dollars"
                ),
                explanation: (
                    "The subject opens with a sum in dollars (\"$500 ...\"), the way offers of money and prizes grab attention.",
                    "L'objet commence par une somme en dollars (« $500 ... »), comme les offres d'argent et de prix qui cherchent à attirer l'attention."
                ),
                fix: (
                    "Start the subject with what the message is about, not with a price.",
                    "Commencez l'objet par le sujet du message, pas par un prix."
                ),
            ),
        ),
        content_rule(
            "PLING_QUERY",
            Family::Header,
            [0.1; 4],
            &PLING_QUERY,
            text!(
                description: (
                    "Subject has an exclamation mark and a question mark",
                    "L'objet contient un point d'exclamation et un point d'interrogation"
                ),
                explanation: (
                    "The subject holds both \"!\" and \"?\", as in \"Want to earn more?!\". Such excited subjects are common in advertising.",
                    "L'objet contient à la fois « ! » et « ? », comme dans « Envie de gagner plus ?! ». Ces objets excités sont courants dans la publicité."
                ),
                fix: (
                    "Write a plain, factual subject.",
                    "Écrivez un objet simple et factuel."
                ),
            ),
        ),
        content_rule(
            "MSGID_NOFQDN1",
            Family::Header,
            [1.0; 4],
            &MSGID_NOFQDN1,
            text!(
                description: (
                    "Message-ID without a domain name",
                    "Message-ID sans nom de domaine"
                ),
                explanation: (
                    "The message identifier has no @ and no domain, although every mail program writes one as unique-part@domain. Crude bulk-mail tools write such identifiers.",
                    "L'identifiant du message n'a ni @ ni domaine, alors que tout logiciel de messagerie l'écrit sous la forme partie-unique@domaine. Les outils d'envoi en masse rudimentaires écrivent de tels identifiants."
                ),
                fix: (
                    "Let your mail program or server write the Message-ID.",
                    "Laissez votre logiciel ou votre serveur de messagerie écrire le Message-ID."
                ),
            ),
        ),
        content_rule(
            "TO_MALFORMED",
            Family::Header,
            [0.1; 4],
            &TO_MALFORMED,
            text!(
                description: (
                    "To field holds no well-formed address",
                    "Le champ To ne contient aucune adresse bien formée"
                ),
                explanation: (
                    "The To field is present but holds no address of the form name@domain.tld, nor a group or a comment. Mail programs do not write such fields; tools that hide or mangle the recipient list do.",
                    "Le champ To est présent mais ne contient aucune adresse de la forme nom@domaine.tld, ni groupe ni commentaire. Les logiciels de messagerie n'écrivent pas de tels champs ; les outils qui cachent ou abîment la liste des destinataires si."
                ),
                fix: (
                    "Put the recipients' full addresses in To.",
                    "Mettez les adresses complètes des destinataires dans To."
                ),
            ),
        ),
        content_rule(
            "LOCALPART_IN_SUBJECT",
            Family::Header,
            [0.001, 0.73, 1.199, 1.107],
            &Expr::Fact(|c| user_name_as_subject(c.analysis)),
            text!(
                description: (
                    "Recipient's user name is the subject",
                    "Le nom d'utilisateur du destinataire sert d'objet"
                ),
                explanation: (
                    "The subject is the recipient's user name (the part of the To address before the @), alone or followed by a punctuation mark (\"john: your offer\"). Bulk-mail tools fill the subject from the address to look personal; people write the name the person goes by.",
                    "L'objet est le nom d'utilisateur du destinataire (la partie de l'adresse To avant le @), seul ou suivi d'une ponctuation (« jean : votre offre »). Les outils d'envoi en masse remplissent l'objet à partir de l'adresse pour paraître personnels ; les gens écrivent le nom usuel de la personne."
                ),
                fix: (
                    "Write a subject about the content, and address people by their name.",
                    "Écrivez un objet qui parle du contenu, et adressez-vous aux gens par leur nom."
                ),
            ),
        ),
    ]
}

/// Tests that read the free-mail tests' hits: registered after them.
pub(super) fn late_rules() -> Vec<Rule> {
    vec![
        content_rule(
            "HK_NAME_FM_MR_MRS",
            Family::Header,
            [1.0; 4],
            &Expr::Fact(|c| honorific_sender(c.analysis)),
            text!(
                description: (
                    "Free-mail sender calling itself Mr, Mrs or Miss",
                    "Expéditeur de messagerie gratuite qui se présente comme M., Mme ou Mlle"
                ),
                explanation: (
                    "The sender's name starts with \"Mr\", \"Mrs\" or \"Miss\" and the address is at a free-mail provider. People do not put a title before their own name; the \"Mrs. Jane Smith\" of advance-fee fraud letters does.",
                    "Le nom de l'expéditeur commence par « Mr », « Mrs » ou « Miss » et l'adresse est chez un fournisseur de messagerie gratuite. Les gens ne mettent pas de titre devant leur propre nom ; la « Mrs. Jane Smith » des lettres d'escroquerie à l'avance de fonds, si."
                ),
                fix: (
                    "Write your name without a title in the From field.",
                    "Écrivez votre nom sans titre dans le champ From."
                ),
            ),
        )
        .requires("FREEMAIL_FROM"),
        content_rule(
            "HK_NAME_MR_MRS",
            Family::Header,
            [1.0; 4],
            &Expr::All(&[
                Expr::Fact(|c| honorific_sender(c.analysis)),
                Expr::Not(&Expr::Fact(|c| c.fired("FREEMAIL_FROM"))),
            ]),
            text!(
                description: (
                    "Sender calling itself Mr, Mrs or Miss",
                    "Expéditeur qui se présente comme M., Mme ou Mlle"
                ),
                explanation: (
                    "The sender's name starts with \"Mr\", \"Mrs\" or \"Miss\" (the address is not at a free-mail provider, which has a test of its own). People do not put a title before their own name; the \"Mr. John Smith\" of advance-fee fraud letters does.",
                    "Le nom de l'expéditeur commence par « Mr », « Mrs » ou « Miss » (l'adresse n'est pas chez un fournisseur de messagerie gratuite, qui a son propre test). Les gens ne mettent pas de titre devant leur propre nom ; le « Mr. John Smith » des lettres d'escroquerie à l'avance de fonds, si."
                ),
                fix: (
                    "Write your name without a title in the From field.",
                    "Écrivez votre nom sans titre dans le champ From."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    /// The tests of this file that fire on a message with these header lines
    /// and a one-line body.
    fn fired_on(header: &str) -> Vec<String> {
        let mut rules = rules();
        rules.extend(late_rules());
        fired(
            rules,
            &analyse(&format!("{header}\nbody\n")),
            &Inputs::default(),
        )
    }

    /// Whether `name` fires on a message with these header lines.
    fn fires(name: &str, header: &str) -> bool {
        fired_on(header).iter().any(|hit| hit == name)
    }

    const TO: &str =
        "From: a@example.com\nTo: Bob <bob@example.org>\nMessage-ID: <1@example.com>\n";

    #[test]
    fn nice_reply() {
        let reply = format!(
            "{TO}Subject: Re: lunch\nIn-Reply-To: <1@example.org>\nReferences: <1@example.org>\nUser-Agent: Mozilla/5.0 (X11) Thunderbird/115\n"
        );
        assert!(fires("NICE_REPLY_A", &reply));
        // No References, lower-case "re:", or a mailer not on the list.
        assert!(!fires(
            "NICE_REPLY_A",
            &reply.replace("References", "X-Ref")
        ));
        assert!(!fires("NICE_REPLY_A", &reply.replace("Re:", "re:")));
        assert!(!fires(
            "NICE_REPLY_A",
            &reply.replace("Mozilla/5", "Mozilla/4")
        ));
    }

    #[test]
    fn yahoo_reply_to() {
        let yahoo = "From: Ann <ann@yahoo.com>\nTo: b@example.org\nSubject: hi\nReply-To: \"Ann\" <ann@yahoo.com>\n";
        assert!(fires("REPTO_QUOTE_YAHOO", yahoo));
        assert!(!fires(
            "REPTO_QUOTE_YAHOO",
            &yahoo.replace("\"Ann\"", "Ann")
        ));
        assert!(!fires(
            "REPTO_QUOTE_YAHOO",
            &yahoo.replace("From: Ann <ann@yahoo.com>", "From: ann@example.com")
        ));
    }

    #[test]
    fn sender_and_subject_shapes() {
        let base = "To: b@example.org\nMessage-ID: <1@example.com>\n";
        assert!(fires(
            "FROM_LOCAL_DIGITS",
            &format!("{base}From: 12345678901@example.com\nSubject: x\n")
        ));
        assert!(!fires(
            "FROM_LOCAL_DIGITS",
            &format!("{base}From: 1234567890@example.com\nSubject: x\n")
        ));
        let from = format!("{base}From: a@example.com\n");
        assert!(fires(
            "SUBJ_DOLLARS",
            &format!("{from}Subject: $1,000 for you\n")
        ));
        assert!(!fires(
            "SUBJ_DOLLARS",
            &format!("{from}Subject: Win $1,000\n")
        ));
        assert!(fires(
            "PLING_QUERY",
            &format!("{from}Subject: Ready? Go!\n")
        ));
        assert!(!fires(
            "PLING_QUERY",
            &format!("{from}Subject: Ready? Go.\n")
        ));
    }

    #[test]
    fn message_id_without_domain() {
        let head = "From: a@example.com\nTo: b@example.org\nSubject: x\n";
        assert!(fires(
            "MSGID_NOFQDN1",
            &format!("{head}Message-ID: <12345.67890>\n")
        ));
        assert!(!fires(
            "MSGID_NOFQDN1",
            &format!("{head}Message-ID: <12345@example.com>\n")
        ));
    }

    #[test]
    fn malformed_to() {
        let head = "From: a@example.com\nSubject: x\nMessage-ID: <1@example.com>\n";
        assert!(fires("TO_MALFORMED", &format!("{head}To: bob@localhost\n")));
        for to in [
            "bob@example.org",
            "Bob <bob@example.org>",
            "undisclosed-recipients: ;",
            "(hidden)",
            "<a!b!c>",
        ] {
            assert!(!fires("TO_MALFORMED", &format!("{head}To: {to}\n")), "{to}");
        }
        assert!(!fires("TO_MALFORMED", head));
    }

    #[test]
    fn user_name_in_subject() {
        let on = |subject: &str| {
            user_name_as_subject(&analyse(&format!(
                "From: a@example.com\nTo: John <john@example.org>\nSubject: {subject}\n\nbody\n"
            )))
        };
        for hit in [
            "john",
            "JOHN",
            "john: your offer",
            "Re: john",
            "fw: hello john",
            ", john!",
        ] {
            assert!(on(hit), "{hit}");
        }
        for miss in ["johnny", "John: offer", "hello john", "john is here", ""] {
            assert!(!on(miss), "{miss}");
        }
    }

    #[test]
    fn honorifics() {
        let on = |from: &str| honorific_sender(&analyse(&format!("From: {from}\n\nbody\n")));
        assert!(on("\"Mrs. Jane Smith\" <jane@example.com>"));
        assert!(on("MISS AMINA <a@example.com>"));
        assert!(on("Mr John <j@example.com>"));
        assert!(!on("Mrinal Sen <m@example.com>"));
        assert!(!on("Jane Smith <jane@example.com>"));
    }

    #[test]
    fn honorific_outside_free_mail() {
        use crate::rules::freemail::Freemail;
        use crate::{Config, Engine};
        let engine =
            Engine::new(Config::default().freemail(Freemail::default().domains(["free.example"])))
                .unwrap();
        let hits = |from: &str| {
            let message = format!("From: {from}\nTo: b@example.org\nSubject: hi\n\nbody\n");
            let report = engine
                .check(message.as_bytes(), &Inputs::default())
                .unwrap();
            ["HK_NAME_MR_MRS", "HK_NAME_FM_MR_MRS"]
                .into_iter()
                .filter(|name| report.hit(name).is_some())
                .collect::<Vec<_>>()
        };
        assert_eq!(hits("Mr John <j@example.com>"), ["HK_NAME_MR_MRS"]);
        assert_eq!(hits("Mr John <j@free.example>"), ["HK_NAME_FM_MR_MRS"]);
        assert!(hits("John <j@example.com>").is_empty());
    }
}
