//! Wording typical of spam: greetings, money amounts, urgency, guarantees,
//! diets and enlargement, in the text and in a few header fields.

use super::{Expr, View, content_rule};
use crate::rules::{Family, Rule};
use crate::text;

/// DEAR_SOMETHING: a greeting to a generic recipient ("Dear Sir", "Dear
/// investor"); "IT" must be followed by a non-word character.
const DEAR_SOMETHING: Expr = Expr::Match(
    View::Body,
    r"(?i)\bdear (?:sirs?|madam|investor|candidate|internet|web|car shopper|travell?er|it\W)\b",
);

/// US_DOLLARS_3: a dollar amount of a million or more written with
/// separators, "$1,500,000" or "USD 2.000.000".
const US_DOLLARS_3: Expr = Expr::Match(
    View::Body,
    r"(?i)(?:\$|usd).?[0-9]{1,3}[.,][0-9]{3}[.,][0-9]{3}",
);

/// BANG_GUAR: "guarantee!" or "guaranteed!".
const BANG_GUAR: Expr = Expr::Match(View::Body, r"(?i)\bguarantee(?:d)?!");

/// MILLION_USD: "million" then, within 40 characters, US dollars.
const MILLION_USD: Expr = Expr::Match(
    View::Body,
    r"(?i)million\b.{0,40}\b(?:usd|united states? dollar)",
);

/// URG_BIZ: "urgent" shortly followed by a business word.
const URG_BIZ: Expr = Expr::Match(
    View::Body,
    r"(?i)urgent.{0,16}(?:assistance|business|buy|confidential|notice|proposal|re(?:ply|quest|sponse))",
);

/// DIET_1: weight-loss wording. "without exercise" does not count when
/// "exercise price" is meant (a finance term): the regex spells out "followed
/// by anything but a space and `price`".
const DIET_1: Expr = Expr::Any(&[
    Expr::Match(
        View::Body,
        r"(?i)\b(?:without|no) exercise(?:\z|[^\w ]| (?:\z|[^p]|p(?:\z|[^r]|r(?:\z|[^i]|i(?:\z|[^c]|c(?:\z|[^e]))))))",
    ),
    Expr::Match(
        View::Body,
        r"(?i)\b(?:(?:without|no) (?:exercising|dieting)|weight.?loss|(?:extra|lose|lost|losing).{0,10}(?:pounds|weight|inches|lbs)|burn.{1,10}fat)\b",
    ),
]);

/// LOW_PRICE: "low price" with a capital P ("Low Price", "lowest Price").
const LOW_PRICE: Expr = Expr::Match(View::Body, r"\b(?i:low).{0,4} P(?i:rice)");

/// TRACKER_ID: a line that is a single long token of letters, digits, `-`
/// and `_` (starting and ending with runs of letters or digits), as tracking
/// codes pasted into spam are.
const TRACKER_ID: Expr = Expr::Match(
    View::Body,
    r"(?is)\A[0-9a-z]{6,24}[0-9a-z_-]{12,36}[0-9a-z]{6,24}\s*\z",
);

/// BODY_ENHANCEMENT: growing some part of the body, within 50 characters.
/// "breast" does not count when "cancer" follows: spelled out as "followed by
/// blanks then anything but `cancer`".
const BODY_ENHANCEMENT: Expr = Expr::Match(
    View::Body,
    r"(?i)\b(?:enlarge|increase|grow|lengthen|larger\b|bigger\b|longer\b|thicker\b|\binches\b).{0,50}\b(?:penis|male organ|pee[ -]?pee|dick|sc?hlong|wh?anger|breast(?:\z|\S|\s+(?:\z|[^c\s]|c(?:\z|[^a]|a(?:\z|[^n]|n(?:\z|[^c]|c(?:\z|[^e]|e(?:\z|[^r]))))))))",
);

/// ENGLISH_UCE_SUBJECT: the Subject opens with "ADV" or "ADVERT", the label
/// some laws require on advertising mail.
const ENGLISH_UCE_SUBJECT: Expr =
    Expr::Match(View::Header("Subject"), r"(?i)\A[^0-9a-z]*adv(?:ert)?\b");

/// WEIRD_QUOTING: doubled quotation marks around a short word (`""Free""`).
/// The class lists octets: `"` and the bytes 0x93, 0x94, 0xB2, 0xB3, 0xB9,
/// which SpamAssassin matches in the UTF-8 text (inside multi-byte
/// characters too).
const WEIRD_QUOTING: Expr = Expr::Match(
    View::Body,
    r#"["\x93\x94\xB2\xB3\xB9]{2}\S{0,16}["\x93\x94\xB2\xB3\xB9]{2}"#,
);

/// SUBJECT_DIET: the Subject says "lose" and later pounds, lbs or weight.
const SUBJECT_DIET: Expr = Expr::Match(
    View::Header("Subject"),
    r"(?i)\blose .*(?:pounds|lbs|weight)",
);

/// FROM_OFFERS: the sender's domain contains "offers" (but not "offersen" or
/// "offerson" as whole words).
const FROM_OFFERS: Expr = Expr::Match(
    View::Addresses("From"),
    r"(?i)@\S*offers(?:\z|[^eo]|[eo](?:\z|[^n]|n\w))",
);

/// TVD_APPROVED: "you're" or "you are" (one or two bytes between "you" and
/// "re": a curly apostrophe, three bytes in UTF-8, does not count), then
/// within twenty bytes "approved".
const TVD_APPROVED: Expr = Expr::Match(View::Body, r"(?i)you.{1,2}re .{0,20}approved");

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "DEAR_SOMETHING",
            Family::Body,
            [1.999, 1.731, 1.787, 1.973],
            &DEAR_SOMETHING,
            text!(
                description: (
                    "Greets a generic recipient (\"Dear Sir\", \"Dear investor\")",
                    "Salue un destinataire anonyme (« Dear Sir », « Dear investor »)"
                ),
                explanation: (
                    "The message opens with a greeting to nobody in particular, such as \"Dear Sir\" or \"Dear investor\". People who know you use your name; mass mailings and scams cannot.",
                    "Le message s'adresse à personne en particulier, par exemple « Dear Sir » ou « Dear investor ». Ceux qui vous connaissent emploient votre nom ; les envois de masse et les escroqueries ne le peuvent pas."
                ),
                fix: (
                    "Greet recipients by name, or with no greeting at all.",
                    "Saluez les destinataires par leur nom, ou sans formule du tout."
                ),
            ),
        ),
        content_rule(
            "US_DOLLARS_3",
            Family::Body,
            [1.0; 4],
            &US_DOLLARS_3,
            text!(
                description: (
                    "Mentions millions of US dollars",
                    "Mentionne des millions de dollars américains"
                ),
                explanation: (
                    "The text quotes a dollar amount of a million or more, written with separators (like $1,500,000). Promises of large sums are the stuff of advance-fee fraud.",
                    "Le texte cite une somme en dollars d'un million ou plus, écrite avec séparateurs (comme $1,500,000). Les promesses de grosses sommes sont le ressort des escroqueries à l'avance de frais."
                ),
                fix: (
                    "Avoid quoting large dollar amounts in unsolicited mail.",
                    "Évitez de citer de grosses sommes en dollars dans un courriel non sollicité."
                ),
            ),
        ),
        content_rule(
            "BANG_GUAR",
            Family::Body,
            [1.0; 4],
            &BANG_GUAR,
            text!(
                description: (
                    "Says \"guaranteed!\" with an exclamation mark",
                    "Dit « guaranteed! » avec un point d'exclamation"
                ),
                explanation: (
                    "The text exclaims \"guarantee!\" or \"guaranteed!\", a hard-sell formula common in advertising spam.",
                    "Le texte s'exclame « guarantee! » ou « guaranteed! », une formule de vente agressive fréquente dans le spam publicitaire."
                ),
                fix: (
                    "State guarantees plainly, without an exclamation mark.",
                    "Énoncez les garanties sobrement, sans point d'exclamation."
                ),
            ),
        ),
        content_rule(
            "MILLION_USD",
            Family::Body,
            [1.0; 4],
            &MILLION_USD,
            text!(
                description: (
                    "Talks of millions of US dollars",
                    "Parle de millions de dollars américains"
                ),
                explanation: (
                    "The text says \"million\" followed closely by \"US dollars\" or \"USD\": the classic sum of inheritance and lottery scams.",
                    "Le texte dit « million » suivi de près de « US dollars » ou « USD » : la somme classique des escroqueries à l'héritage ou à la loterie."
                ),
                fix: (
                    "Avoid quoting sums in millions of dollars in unsolicited mail.",
                    "Évitez de citer des sommes en millions de dollars dans un courriel non sollicité."
                ),
            ),
        ),
        content_rule(
            "URG_BIZ",
            Family::Body,
            [1.75, 0.941, 0.568, 0.573],
            &URG_BIZ,
            text!(
                description: (
                    "Urgent business wording (\"urgent assistance\", \"urgent reply\")",
                    "Formule d'affaire urgente (« urgent assistance », « urgent reply »)"
                ),
                explanation: (
                    "The text pairs \"urgent\" with a business word such as assistance, proposal, reply or confidential. Manufactured urgency is how fraud pushes readers to act before thinking.",
                    "Le texte associe « urgent » à un mot d'affaires comme assistance, proposal, reply ou confidential. L'urgence fabriquée pousse le lecteur à agir sans réfléchir : c'est la méthode des fraudes."
                ),
                fix: (
                    "Describe deadlines factually instead of calling the matter urgent.",
                    "Indiquez les échéances factuellement au lieu de qualifier l'affaire d'urgente."
                ),
            ),
        ),
        content_rule(
            "DIET_1",
            Family::Body,
            [0.714, 0.0, 0.399, 0.001],
            &DIET_1,
            text!(
                description: (
                    "Weight-loss wording",
                    "Vocabulaire de l'amaigrissement"
                ),
                explanation: (
                    "The text promises weight loss: \"lose pounds\", \"burn fat\", \"without dieting\" and the like, a staple of diet-pill spam.",
                    "Le texte promet une perte de poids : « lose pounds », « burn fat », « without dieting » et autres, un classique du spam pour pilules amaigrissantes."
                ),
                fix: (
                    "Health newsletters can avoid the typical weight-loss promises.",
                    "Les lettres d'information santé peuvent éviter les promesses d'amaigrissement typiques."
                ),
            ),
        ),
        content_rule(
            "LOW_PRICE",
            Family::Body,
            [0.1; 4],
            &LOW_PRICE,
            text!(
                description: (
                    "Advertises a \"Low Price\"",
                    "Annonce un « Low Price »"
                ),
                explanation: (
                    "The text advertises a \"Low Price\" (or \"lowest Price\") with a capital P, as sales pitches do.",
                    "Le texte annonce un « Low Price » (ou « lowest Price ») avec un P majuscule, comme le font les argumentaires de vente."
                ),
                fix: (
                    "This scores little on its own; write prices plainly.",
                    "Ce test pèse peu seul ; indiquez les prix simplement."
                ),
            ),
        ),
        content_rule(
            "TRACKER_ID",
            Family::Body,
            [0.1; 4],
            &TRACKER_ID,
            text!(
                description: (
                    "A line that is only a long code, like a tracking ID",
                    "Une ligne faite d'un seul long code, comme un identifiant de suivi"
                ),
                explanation: (
                    "A line of the text consists of nothing but a long run of letters, digits, dashes and underscores. Spam tools add such codes to tell recipients apart and to make each copy different.",
                    "Une ligne du texte ne contient qu'une longue suite de lettres, chiffres, tirets et soulignés. Les outils de spam ajoutent de tels codes pour distinguer les destinataires et rendre chaque copie différente."
                ),
                fix: (
                    "Keep tracking codes in links or headers, not as a line of text.",
                    "Gardez les codes de suivi dans les liens ou l'en-tête, pas comme une ligne de texte."
                ),
            ),
        ),
        content_rule(
            "BODY_ENHANCEMENT",
            Family::Body,
            [0.927, 1.611, 0.974, 0.001],
            &BODY_ENHANCEMENT,
            text!(
                description: (
                    "Body-part enlargement wording",
                    "Vocabulaire d'agrandissement d'une partie du corps"
                ),
                explanation: (
                    "The text speaks of enlarging or lengthening a body part, the pitch of a well-known family of spam.",
                    "Le texte parle d'agrandir ou d'allonger une partie du corps, l'argument d'une famille de spam bien connue."
                ),
                fix: (
                    "Medical senders can phrase such topics clinically.",
                    "Les expéditeurs médicaux peuvent formuler ces sujets de façon clinique."
                ),
            ),
        ),
        content_rule(
            "ENGLISH_UCE_SUBJECT",
            Family::Header,
            [0.953, 1.542, 2.569, 2.899],
            &ENGLISH_UCE_SUBJECT,
            text!(
                description: (
                    "Subject starts with \"ADV\", the advertising label",
                    "L'objet commence par « ADV », l'étiquette publicitaire"
                ),
                explanation: (
                    "The Subject begins with \"ADV\" or \"ADVERT\", the label some laws require on unsolicited advertising. The sender itself declares the message an advertisement.",
                    "L'objet commence par « ADV » ou « ADVERT », l'étiquette que certaines lois imposent à la publicité non sollicitée. L'expéditeur déclare lui-même le message publicitaire."
                ),
                fix: (
                    "Send advertising only to recipients who asked for it; they do not need the label.",
                    "N'envoyez de publicité qu'aux destinataires qui l'ont demandée ; l'étiquette devient inutile."
                ),
            ),
        ),
        content_rule(
            "TVD_APPROVED",
            Family::Body,
            [1.0; 4],
            &TVD_APPROVED,
            text!(
                description: (
                    "Tells the recipient they have been approved",
                    "Annonce au destinataire qu'il a été accepté"
                ),
                explanation: (
                    "The text says \"you're approved\" or similar: loans, mortgages and credit cards nobody applied for are \"approved\" to lure the recipient into giving details or paying fees.",
                    "Le texte dit « you're approved » ou une formule semblable : des prêts, hypothèques et cartes de crédit que personne n'a demandés sont « accordés » pour pousser le destinataire à donner ses coordonnées ou à payer des frais."
                ),
                fix: (
                    "Tell applicants about their application in reply to it, not in unsolicited mail.",
                    "Informez les demandeurs de leur dossier en réponse à leur demande, pas par un courriel non sollicité."
                ),
            ),
        ),
        content_rule(
            "WEIRD_QUOTING",
            Family::Body,
            [0.001; 4],
            &WEIRD_QUOTING,
            text!(
                description: (
                    "Doubled quotation marks",
                    "Guillemets doublés"
                ),
                explanation: (
                    "The text puts doubled quotation marks around a word (\"\"like this\"\"), a trace of the broken conversions of some bulk-mail tools. Alone this scores almost nothing.",
                    "Le texte entoure un mot de guillemets doublés (\"\"comme ceci\"\"), trace des conversions défectueuses de certains outils d'envoi de masse. Seul, ce test ne pèse presque rien."
                ),
                fix: (
                    "Check the text's quotation marks after converting it.",
                    "Vérifiez les guillemets du texte après sa conversion."
                ),
            ),
        ),
        content_rule(
            "SUBJECT_DIET",
            Family::Header,
            [1.927, 1.563, 0.817, 1.466],
            &SUBJECT_DIET,
            text!(
                description: (
                    "Subject promises weight loss",
                    "L'objet promet une perte de poids"
                ),
                explanation: (
                    "The Subject says \"lose\" followed by pounds, lbs or weight: the headline of diet-pill spam.",
                    "L'objet dit « lose » suivi de pounds, lbs ou weight : le titre type du spam pour pilules amaigrissantes."
                ),
                fix: (
                    "Health newsletters can title their issues without weight-loss promises.",
                    "Les lettres d'information santé peuvent titrer sans promesse d'amaigrissement."
                ),
            ),
        ),
        content_rule(
            "FROM_OFFERS",
            Family::Header,
            [1.0; 4],
            &FROM_OFFERS,
            text!(
                description: (
                    "Sender's domain contains \"offers\"",
                    "Le domaine de l'expéditeur contient « offers »"
                ),
                explanation: (
                    "The From address's domain contains the word \"offers\". Domains named for offers are typically set up for bulk advertising.",
                    "Le domaine de l'adresse From contient le mot « offers ». Les domaines nommés d'après des offres servent en général à la publicité de masse."
                ),
                fix: (
                    "Send from the organisation's main domain.",
                    "Envoyez depuis le domaine principal de l'organisation."
                ),
            ),
        ),
    ]
}
