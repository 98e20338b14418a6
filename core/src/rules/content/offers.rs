//! Money, price and luxury-goods pitches, lottery notices and account
//! phishing phrases: "MILLION DOLLAR" in capitals, stock price targets,
//! affordable prices, replica watches, lottery claims and "your account
//! security".

use super::conversation::SUBJECT_REPLY_OR_FORWARD;
use super::{Expr, View, content_rule};
use crate::rules::{Family, Rule};
use crate::text;

/// `BILLION_DOLLARS`: "BILLION DOLLAR" or "MILLION DOLLAR" in capitals.
const BILLION_DOLLARS: Expr = Expr::Match(View::Body, r"[BM]ILLION DOLLAR");

/// `JOIN_MILLIONS`: "join millions" or "join thousands".
const JOIN_MILLIONS: Expr = Expr::Match(View::Body, r"(?i)\bjoin (?:millions|thousands)\b");

/// `INVESTMENT_ADVICE`: "investment advice".
const INVESTMENT_ADVICE: Expr = Expr::Match(View::Body, r"(?i)\binvestment advice");

/// `BANKING_LAWS`: "banking laws".
const BANKING_LAWS: Expr = Expr::Match(View::Body, r"(?i)banking laws");

/// `DEAR_WINNER`: "dear", then within twenty characters "winner".
const DEAR_WINNER: Expr = Expr::Match(View::Body, r"(?i)\bdear.{1,20}winner");

/// `LOTTERY_1`: "avoid double claiming" and "cash prize of" (both in
/// small letters), the wording of lottery award letters.
const LOTTERY_1: Expr = Expr::All(&[
    Expr::Match(View::Body, r"cash prize of"),
    Expr::Match(View::Body, r"avoid double claiming"),
]);

/// `LOTTERY_PH_004470`: "lottery" or "winner" and a British mobile number
/// in international form (+44 70…, 0044 70…, 011 44 70…), the personal
/// numbers lottery fraudsters give.
const LOTTERY_PH_004470: Expr = Expr::All(&[
    Expr::Match(View::Body, r"(?i)lottery|winner"),
    Expr::Match(View::Body, r"(?:\+|00|011)\W{0,3}44\W{0,3}0?\W{0,3}70"),
]);

/// `CURR_PRICE`: "Current Price:", as stock spam quotes a share.
const CURR_PRICE: Expr = Expr::Match(View::Body, r"\bCurrent Price:");

/// `SHORT_TERM_PRICE`: a short-term target or projected price.
const SHORT_TERM_PRICE: Expr = Expr::Match(
    View::Body,
    r"(?i)short\W+term\W+(?:target|projected)(?:\W+price)?",
);

/// `LONG_TERM_PRICE`: a long-term target or projected price.
const LONG_TERM_PRICE: Expr = Expr::Match(
    View::Body,
    r"(?i)long\W+term\W+(?:target|projected)(?:\W+price)?",
);

/// `PRICES_ARE_AFFORDABLE`: "affordable", then within ten characters
/// "prices".
const PRICES_ARE_AFFORDABLE: Expr = Expr::Match(View::Body, r"(?i)\baffordable .{0,10}prices\b");

/// `REPLICA_WATCH`: "replica", then within twenty characters "rolex".
const REPLICA_WATCH: Expr = Expr::Match(View::Body, r"(?i)\breplica.{1,20}rolex");

/// `EM_ROLEX`: "rolex" right after a character that is neither a blank, a
/// word character nor a dot ("-Rolex", "*rolex").
const EM_ROLEX: Expr = Expr::Match(View::Body, r"(?i)[^\s\w.]rolex");

/// The name of an adult dating firm SpamAssassin lists.
const DATING_FIRM: &str = r"(?i)\bAdultDatingCompany\b";

/// `ADULT_DATING_COMPANY`: that firm named in the text, or as the display
/// name of From or Reply-To.
const ADULT_DATING_COMPANY: Expr = Expr::Any(&[
    Expr::Match(View::Body, DATING_FIRM),
    Expr::Match(View::Names("From"), DATING_FIRM),
    Expr::Match(View::Names("Reply-To"), DATING_FIRM),
]);

/// `TVD_SUBJ_ACC_NUM`: the Subject holds a word, a blank, up to four blanks
/// or `#`, then digits followed by capitals ("Invoice #4471AB"), the form
/// of fake account or order numbers.
const TVD_SUBJ_ACC_NUM: Expr =
    Expr::Match(View::Header("Subject"), r"\b[a-zA-Z]+ [#\s]{1,4}\d+[A-Z]+");

/// `TVD_PH_BODY_ACCOUNTS_PRE`: "account" or "accounts", words, then a word
/// of records, suspension, notification, update, verification or credit.
const TVD_PH_BODY_ACCOUNTS_PRE: Expr = Expr::Match(
    View::Body,
    r"(?i)\baccounts? (?:[a-z_,-]+ )+?(?:record[a-z]*|suspen[a-z]+|notif(?:y|ication)|updated|verifications?|credited)\b",
);

/// `TVD_PH_REC`: "your", then "account", then "record", each within forty
/// characters of the last.
const TVD_PH_REC: Expr = Expr::Match(View::Body, r"(?i)\byour .{0,40}account .{0,40}record");

/// `TVD_PH_SEC`: "your", then "account", then "security", each within
/// forty characters of the last.
const TVD_PH_SEC: Expr = Expr::Match(View::Body, r"(?i)\byour .{0,40}account .{0,40}security");

/// `TVD_FINGER_02`: a plain-text Content-Type followed by three of the
/// parameters `format=flowed`, `charset="Windows-1252"` and
/// `reply-type=original`, each after "; ", the fingerprint of one mass
/// mailer.
const TVD_FINGER_02: Expr = Expr::Match(
    View::Header("Content-Type"),
    r#"(?i)\Atext/plain(?:; (?:format=flowed|charset="Windows-1252"|reply-type=original)){3}"#,
);

/// `TVD_INCREASE_SIZE`: "size of", then within twenty characters "penis",
/// "dick" or "manhood".
const TVD_INCREASE_SIZE: Expr =
    Expr::Match(View::Body, r"(?i)\bsize of .{1,20}(?:penis|dick|manhood)");

/// `STOX_REPLY_TYPE`: a plain-text Content-Type with a later
/// `reply-type=original` parameter, as Outlook Express writes on replies.
const STOX_REPLY_TYPE: Expr = Expr::Match(
    View::Header("Content-Type"),
    r"text/plain; .* reply-type=original",
);

/// `__HS_QUOTE`: a text part that starts with a quoted line ("> ").
const STARTS_QUOTED: Expr = Expr::Match(View::RawBody, r"\A> ");

/// `STOX_REPLY_TYPE_WITHOUT_QUOTES`: [`STOX_REPLY_TYPE`] on a message that
/// neither has a reply or forward Subject nor starts a part with a quote.
const STOX_REPLY_TYPE_WITHOUT_QUOTES: Expr = Expr::All(&[
    STOX_REPLY_TYPE,
    Expr::Not(&SUBJECT_REPLY_OR_FORWARD),
    Expr::Not(&STARTS_QUOTED),
]);

/// `REMOVE_BEFORE_LINK`: "no thanks", "not interested" or "unsubscribe
/// here", then within five characters an `http://` link.
const REMOVE_BEFORE_LINK: Expr = Expr::Match(
    View::Body,
    r"(?i)(?:no thanks|not interested|unsubscribe here).{0,5}http://",
);

/// `UNCLOSED_BRACKET`: a header field whose line ends with `[` and digits
/// (a bracket opened, never closed).
const UNCLOSED_BRACKET: Expr = Expr::Match(View::AllHeaders, r"\[\d+\r?\n");

/// `%RND`, `%RAND` or `%RANDOM` (either case), then an underscore, the end
/// of a word or three capitals: a mailer's placeholder left unexpanded.
const RANDOM_PLACEHOLDER: &str = r"(?i)%RA?ND(?:OM)?(?:_|\b|[A-Z]{3})";

/// `PERCENT_RANDOM`: [`RANDOM_PLACEHOLDER`] in a header field or in the
/// source of a text part.
const PERCENT_RANDOM: Expr = Expr::Any(&[
    Expr::Match(View::AllHeaders, RANDOM_PLACEHOLDER),
    Expr::Match(View::RawBody, RANDOM_PLACEHOLDER),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "BILLION_DOLLARS",
            Family::Body,
            [0.001, 1.451, 1.229, 1.638],
            &BILLION_DOLLARS,
            text!(
                description: (
                    "Shouts \"MILLION DOLLAR\"",
                    "Crie « MILLION DOLLAR »"
                ),
                explanation: (
                    "The text writes \"MILLION DOLLAR\" or \"BILLION DOLLAR\" in capitals, the way get-rich-quick spam shouts its sums.",
                    "Le texte écrit « MILLION DOLLAR » ou « BILLION DOLLAR » en majuscules, comme le spam d'enrichissement rapide crie ses sommes."
                ),
                fix: (
                    "Write amounts plainly and do not send financial pitches to people who did not ask for them.",
                    "Écrivez les montants simplement et n'envoyez pas d'offres financières à qui ne les a pas demandées."
                ),
            ),
        ),
        content_rule(
            "JOIN_MILLIONS",
            Family::Body,
            [0.1; 4],
            &JOIN_MILLIONS,
            text!(
                description: (
                    "Asks the reader to join millions",
                    "Invite le lecteur à rejoindre des millions de gens"
                ),
                explanation: (
                    "The text says \"join millions\" or \"join thousands\", an appeal to the crowd common in marketing mail. Honest mail uses it too, so the test weighs little.",
                    "Le texte dit « join millions » ou « join thousands » (rejoignez des millions, des milliers de gens), un appel à la foule courant dans le courrier commercial. Le courrier honnête l'emploie aussi, d'où un poids faible."
                ),
                fix: (
                    "Do not send price offers to people who did not ask for them.",
                    "N'envoyez pas d'offres de prix à qui ne les a pas demandées."
                ),
            ),
        ),
        content_rule(
            "INVESTMENT_ADVICE",
            Family::Body,
            [0.1; 4],
            &INVESTMENT_ADVICE,
            text!(
                description: (
                    "Speaks of investment advice",
                    "Parle de conseil en investissement"
                ),
                explanation: (
                    "The text says \"investment advice\", often in the disclaimer of stock spam (\"this is not investment advice\"). Financial newsletters say it too, so the test weighs little.",
                    "Le texte dit « investment advice » (conseil en investissement), souvent dans l'avertissement du spam boursier (« ceci n'est pas un conseil en investissement »). Les lettres financières le disent aussi, d'où un poids faible."
                ),
                fix: (
                    "Do not send stock tips to people who did not ask for them.",
                    "N'envoyez pas de conseils boursiers à qui ne les a pas demandés."
                ),
            ),
        ),
        content_rule(
            "BANKING_LAWS",
            Family::Body,
            [2.399, 2.004, 2.157, 1.099],
            &BANKING_LAWS,
            text!(
                description: (
                    "Speaks of banking laws",
                    "Parle de lois bancaires"
                ),
                explanation: (
                    "The text speaks of \"banking laws\", as advance-fee fraud does to explain why a fortune needs a foreign partner or a fee to be released.",
                    "Le texte parle de « banking laws » (lois bancaires), comme la fraude à l'avance de frais pour expliquer pourquoi une fortune a besoin d'un partenaire étranger ou de frais pour être débloquée."
                ),
                fix: (
                    "Write amounts plainly and do not send financial pitches to people who did not ask for them.",
                    "Écrivez les montants simplement et n'envoyez pas d'offres financières à qui ne les a pas demandées."
                ),
            ),
        ),
        content_rule(
            "DEAR_WINNER",
            Family::Body,
            [3.099, 3.099, 2.309, 3.099],
            &DEAR_WINNER,
            text!(
                description: (
                    "Addresses the reader as a winner",
                    "Appelle le lecteur « gagnant »"
                ),
                explanation: (
                    "The text opens with \"Dear\" and, a few words later, \"winner\" (\"Dear Lucky Winner\"): the greeting of fake lottery notices.",
                    "Le texte commence par « Dear » et, quelques mots plus loin, « winner » (« Dear Lucky Winner ») : la formule des faux avis de loterie."
                ),
                fix: (
                    "Do not announce prizes for draws the reader never entered.",
                    "N'annoncez pas de gains à des tirages auxquels le lecteur n'a jamais participé."
                ),
            ),
        ),
        content_rule(
            "LOTTERY_1",
            Family::Body,
            [0.001, 1.488, 1.630, 0.087],
            &LOTTERY_1,
            text!(
                description: (
                    "Lottery award wording",
                    "Formules d'avis de gain à une loterie"
                ),
                explanation: (
                    "The text speaks of a \"cash prize of\" some sum and asks to \"avoid double claiming\": the wording of fake lottery award letters.",
                    "Le texte parle d'un « cash prize of » (prix en espèces de) et demande d'« avoid double claiming » (éviter les doubles réclamations) : les formules des faux avis de gain à une loterie."
                ),
                fix: (
                    "Do not announce prizes for draws the reader never entered.",
                    "N'annoncez pas de gains à des tirages auxquels le lecteur n'a jamais participé."
                ),
            ),
        ),
        content_rule(
            "LOTTERY_PH_004470",
            Family::Body,
            [0.1; 4],
            &LOTTERY_PH_004470,
            text!(
                description: (
                    "A lottery or winner with a British personal number",
                    "Une loterie ou un gagnant avec un numéro personnel britannique"
                ),
                explanation: (
                    "The text speaks of a lottery or a winner and gives a British number beginning 70 in international form (+44 70…): a personal forwarding number, not a lottery office, which fraudsters give so that they cannot be traced.",
                    "Le texte parle de loterie ou de gagnant et donne un numéro britannique commençant par 70 sous forme internationale (+44 70…) : un numéro personnel de renvoi, pas un bureau de loterie, que les fraudeurs donnent pour ne pas être retrouvés."
                ),
                fix: (
                    "Do not announce prizes for draws the reader never entered.",
                    "N'annoncez pas de gains à des tirages auxquels le lecteur n'a jamais participé."
                ),
            ),
        ),
        content_rule(
            "CURR_PRICE",
            Family::Body,
            [0.001; 4],
            &CURR_PRICE,
            text!(
                description: (
                    "Quotes a current share price",
                    "Cite un cours actuel"
                ),
                explanation: (
                    "The text says \"Current Price:\", as stock spam quotes the share it pushes.",
                    "Le texte dit « Current Price: » (cours actuel), comme le spam boursier cite l'action qu'il pousse."
                ),
                fix: (
                    "Do not send stock tips to people who did not ask for them.",
                    "N'envoyez pas de conseils boursiers à qui ne les a pas demandés."
                ),
            ),
        ),
        content_rule(
            "SHORT_TERM_PRICE",
            Family::Body,
            [0.001; 4],
            &SHORT_TERM_PRICE,
            text!(
                description: (
                    "Gives a short-term price target",
                    "Donne un objectif de cours à court terme"
                ),
                explanation: (
                    "The text gives a \"short term target\" or \"short term projected\" price: stock spam promising a quick rise.",
                    "Le texte donne un objectif de cours « short term target » ou « short term projected » (à court terme) : le spam boursier qui promet une hausse rapide."
                ),
                fix: (
                    "Do not send stock tips to people who did not ask for them.",
                    "N'envoyez pas de conseils boursiers à qui ne les a pas demandés."
                ),
            ),
        ),
        content_rule(
            "LONG_TERM_PRICE",
            Family::Body,
            [0.001; 4],
            &LONG_TERM_PRICE,
            text!(
                description: (
                    "Gives a long-term price target",
                    "Donne un objectif de cours à long terme"
                ),
                explanation: (
                    "The text gives a \"long term target\" or \"long term projected\" price: stock spam promising a rise.",
                    "Le texte donne un objectif de cours « long term target » ou « long term projected » (à long terme) : le spam boursier qui promet une hausse."
                ),
                fix: (
                    "Do not send stock tips to people who did not ask for them.",
                    "N'envoyez pas de conseils boursiers à qui ne les a pas demandés."
                ),
            ),
        ),
        content_rule(
            "PRICES_ARE_AFFORDABLE",
            Family::Body,
            [0.794, 0.851, 1.112, 0.551],
            &PRICES_ARE_AFFORDABLE,
            text!(
                description: (
                    "Promises affordable prices",
                    "Promet des prix abordables"
                ),
                explanation: (
                    "The text speaks of \"affordable prices\" (or \"affordable low prices\"), a sales pitch common in spam.",
                    "Le texte parle d'« affordable prices » (prix abordables), un argument de vente courant dans le spam."
                ),
                fix: (
                    "Do not send price offers to people who did not ask for them.",
                    "N'envoyez pas d'offres de prix à qui ne les a pas demandées."
                ),
            ),
        ),
        content_rule(
            "REPLICA_WATCH",
            Family::Body,
            [3.487, 3.164, 4.074, 3.775],
            &REPLICA_WATCH,
            text!(
                description: (
                    "Offers replica Rolex watches",
                    "Propose des répliques de montres Rolex"
                ),
                explanation: (
                    "The text says \"replica\" and, a few words later, \"Rolex\": counterfeit watches, a staple of spam.",
                    "Le texte dit « replica » et, quelques mots plus loin, « Rolex » : des montres contrefaites, un classique du spam."
                ),
                fix: (
                    "Do not advertise imitation luxury goods.",
                    "Ne faites pas de publicité pour des imitations de produits de luxe."
                ),
            ),
        ),
        content_rule(
            "EM_ROLEX",
            Family::Body,
            [0.595, 1.309, 2.068, 0.618],
            &EM_ROLEX,
            text!(
                description: (
                    "Writes Rolex after a symbol",
                    "Écrit Rolex après un symbole"
                ),
                explanation: (
                    "The text writes \"Rolex\" right after a symbol (\"-Rolex\", \"*Rolex\"), as the product lists of counterfeit-watch spam do.",
                    "Le texte écrit « Rolex » juste après un symbole (« -Rolex », « *Rolex »), comme les listes de produits du spam de montres contrefaites."
                ),
                fix: (
                    "Do not advertise imitation luxury goods.",
                    "Ne faites pas de publicité pour des imitations de produits de luxe."
                ),
            ),
        ),
        content_rule(
            "ADULT_DATING_COMPANY",
            Family::Body,
            [20.0; 4],
            &ADULT_DATING_COMPANY,
            text!(
                description: (
                    "From a known adult dating firm",
                    "Vient d'une société de rencontres pour adultes connue"
                ),
                explanation: (
                    "The text or the sender's name is \"AdultDatingCompany\", a firm whose mail SpamAssassin treats as spam outright.",
                    "Le texte ou le nom de l'expéditeur est « AdultDatingCompany », une société dont SpamAssassin traite le courrier comme du spam d'office."
                ),
                fix: (
                    "Do not send adult dating offers by unsolicited mail.",
                    "N'envoyez pas d'offres de rencontres pour adultes par courrier non sollicité."
                ),
            ),
        ),
        content_rule(
            "TVD_SUBJ_ACC_NUM",
            Family::Header,
            [0.1; 4],
            &TVD_SUBJ_ACC_NUM,
            text!(
                description: (
                    "The Subject holds an account-like number",
                    "Le sujet contient un numéro de compte apparent"
                ),
                explanation: (
                    "The Subject holds a word followed by a number ending in capitals (\"Invoice #4471AB\"), the form of the fake account or order numbers phishing uses. Real invoices look like this too, so the test weighs little.",
                    "Le sujet contient un mot suivi d'un numéro finissant par des majuscules (« Invoice #4471AB »), la forme des faux numéros de compte ou de commande de l'hameçonnage. De vraies factures ont aussi cette forme, d'où un poids faible."
                ),
                fix: (
                    "Write reference numbers in the body, with their meaning.",
                    "Écrivez les numéros de référence dans le corps, avec leur signification."
                ),
            ),
        ),
        content_rule(
            "TVD_PH_BODY_ACCOUNTS_PRE",
            Family::Body,
            [0.001; 4],
            &TVD_PH_BODY_ACCOUNTS_PRE,
            text!(
                description: (
                    "Speaks of account records, suspension or verification",
                    "Parle de dossiers, de suspension ou de vérification de compte"
                ),
                explanation: (
                    "The text says \"account\" and, a few words later, a word of records, suspension, notification, update, verification or credit (\"account has been suspended\"): the wording of phishing.",
                    "Le texte dit « account » (compte) et, quelques mots plus loin, un mot de dossier, de suspension, de notification, de mise à jour, de vérification ou de crédit (« account has been suspended ») : les formules de l'hameçonnage."
                ),
                fix: (
                    "Speak of the reader's account only in mail they expect, and link to the service's own address.",
                    "Ne parlez du compte du lecteur que dans un courrier qu'il attend, avec un lien vers l'adresse du service lui-même."
                ),
            ),
        ),
        content_rule(
            "TVD_PH_REC",
            Family::Body,
            [0.1; 4],
            &TVD_PH_REC,
            text!(
                description: (
                    "Speaks of the reader's account records",
                    "Parle des dossiers du compte du lecteur"
                ),
                explanation: (
                    "The text speaks of \"your … account … records\": phishing that claims the reader's records must be updated.",
                    "Le texte parle de « your … account … records » (les dossiers de votre compte) : l'hameçonnage qui prétend que les données du lecteur doivent être mises à jour."
                ),
                fix: (
                    "Speak of the reader's account only in mail they expect, and link to the service's own address.",
                    "Ne parlez du compte du lecteur que dans un courrier qu'il attend, avec un lien vers l'adresse du service lui-même."
                ),
            ),
        ),
        content_rule(
            "TVD_PH_SEC",
            Family::Body,
            [0.1; 4],
            &TVD_PH_SEC,
            text!(
                description: (
                    "Speaks of the reader's account security",
                    "Parle de la sécurité du compte du lecteur"
                ),
                explanation: (
                    "The text speaks of \"your … account … security\": phishing that invokes a security check to get the reader to log in on a fake page.",
                    "Le texte parle de « your … account … security » (la sécurité de votre compte) : l'hameçonnage qui invoque une vérification de sécurité pour faire se connecter le lecteur sur une fausse page."
                ),
                fix: (
                    "Speak of the reader's account only in mail they expect, and link to the service's own address.",
                    "Ne parlez du compte du lecteur que dans un courrier qu'il attend, avec un lien vers l'adresse du service lui-même."
                ),
            ),
        ),
        content_rule(
            "TVD_FINGER_02",
            Family::Header,
            [0.001; 4],
            &TVD_FINGER_02,
            text!(
                description: (
                    "Content-Type of one mass mailer",
                    "Content-Type d'un logiciel d'envoi de masse"
                ),
                explanation: (
                    "The Content-Type is plain text followed by three of format=flowed, charset=\"Windows-1252\" and reply-type=original, each after \"; \": the fingerprint of a mass mailer imitating Outlook Express.",
                    "Le Content-Type est du texte brut suivi de trois paramètres parmi format=flowed, charset=\"Windows-1252\" et reply-type=original, chacun après « ; » : l'empreinte d'un logiciel d'envoi de masse qui imite Outlook Express."
                ),
                fix: (
                    "Send mail with a standard mail program or library.",
                    "Envoyez le courrier avec un logiciel ou une bibliothèque de messagerie standard."
                ),
            ),
        ),
        content_rule(
            "TVD_INCREASE_SIZE",
            Family::Body,
            [1.529, 0.601, 1.055, 0.001],
            &TVD_INCREASE_SIZE,
            text!(
                description: (
                    "Speaks of the size of a penis",
                    "Parle de la taille d'un pénis"
                ),
                explanation: (
                    "The text says \"size of\" and, a few words later, \"penis\", \"dick\" or \"manhood\": the pitch of enlargement spam.",
                    "Le texte dit « size of » (la taille de) et, quelques mots plus loin, « penis », « dick » ou « manhood » : l'argument du spam d'agrandissement."
                ),
                fix: (
                    "Do not advertise enlargement products by mail.",
                    "Ne faites pas de publicité pour des produits d'agrandissement par courrier électronique."
                ),
            ),
        ),
        content_rule(
            "STOX_REPLY_TYPE",
            Family::Header,
            [1.898, 0.212, 0.141, 0.439],
            &STOX_REPLY_TYPE,
            text!(
                description: (
                    "Plain text marked as a reply",
                    "Texte brut marqué comme une réponse"
                ),
                explanation: (
                    "The Content-Type is plain text with reply-type=original, which Outlook Express writes on replies; stock spam sent through it or imitating it carries it on mail that answers nothing.",
                    "Le Content-Type est du texte brut avec reply-type=original, qu'Outlook Express écrit sur les réponses ; le spam boursier envoyé par lui ou qui l'imite le porte sur des messages qui ne répondent à rien."
                ),
                fix: (
                    "Send mail with a standard mail program or library.",
                    "Envoyez le courrier avec un logiciel ou une bibliothèque de messagerie standard."
                ),
            ),
        ),
        content_rule(
            "STOX_REPLY_TYPE_WITHOUT_QUOTES",
            Family::Header,
            [3.099, 1.860, 1.629, 1.757],
            &STOX_REPLY_TYPE_WITHOUT_QUOTES,
            text!(
                description: (
                    "Marked as a reply, but quotes nothing",
                    "Marqué comme une réponse, mais ne cite rien"
                ),
                explanation: (
                    "The Content-Type says the message is a reply (reply-type=original), yet the Subject starts with neither \"Re:\" nor \"Fw:\" and no text part starts with a quoted line. A reply that is not one is the mark of spam sent through a copy of Outlook Express.",
                    "Le Content-Type dit que le message est une réponse (reply-type=original), mais le sujet ne commence ni par « Re: » ni par « Fw: » et aucune partie texte ne commence par une ligne citée. Une réponse qui n'en est pas une est la marque du spam envoyé par une copie d'Outlook Express."
                ),
                fix: (
                    "Send mail with a standard mail program or library.",
                    "Envoyez le courrier avec un logiciel ou une bibliothèque de messagerie standard."
                ),
            ),
        ),
        content_rule(
            "REMOVE_BEFORE_LINK",
            Family::Body,
            [0.1; 4],
            &REMOVE_BEFORE_LINK,
            text!(
                description: (
                    "\"Not interested\" right before a link",
                    "« Not interested » juste avant un lien"
                ),
                explanation: (
                    "The text says \"no thanks\", \"not interested\" or \"unsubscribe here\" right before an http:// link, so that the way out is a link to the sender's site, which also confirms the address is read.",
                    "Le texte dit « no thanks », « not interested » ou « unsubscribe here » juste avant un lien http://, si bien que la sortie est un lien vers le site de l'expéditeur, qui confirme aussi que l'adresse est lue."
                ),
                fix: (
                    "Offer unsubscription as a plain link labelled as such, in mail people asked for.",
                    "Proposez le désabonnement par un lien clairement intitulé, dans un courrier que les gens ont demandé."
                ),
            ),
        ),
        content_rule(
            "UNCLOSED_BRACKET",
            Family::Header,
            [2.699, 1.329, 1.425, 1.496],
            &UNCLOSED_BRACKET,
            text!(
                description: (
                    "A header field ends with an unclosed bracket",
                    "Un champ d'en-tête finit par un crochet non fermé"
                ),
                explanation: (
                    "A header field's line ends with \"[\" and digits, a bracket opened and never closed: a template whose closing part was lost, as bulk mailers leave them.",
                    "La ligne d'un champ d'en-tête finit par « [ » et des chiffres, un crochet ouvert et jamais fermé : un modèle dont la fin s'est perdue, comme en laissent les logiciels d'envoi de masse."
                ),
                fix: (
                    "Send mail with a standard mail program or library.",
                    "Envoyez le courrier avec un logiciel ou une bibliothèque de messagerie standard."
                ),
            ),
        ),
        content_rule(
            "PERCENT_RANDOM",
            Family::Body,
            [2.999, 2.837, 2.983, 1.838],
            &PERCENT_RANDOM,
            text!(
                description: (
                    "An unexpanded %RANDOM placeholder",
                    "Un marqueur %RANDOM non remplacé"
                ),
                explanation: (
                    "A header field or the text holds a placeholder such as %RND or %RANDOM_WORD: a bulk mailer meant to replace it with random text to make each copy unique, and failed.",
                    "Un champ d'en-tête ou le texte contient un marqueur comme %RND ou %RANDOM_WORD : un logiciel d'envoi de masse devait le remplacer par un texte aléatoire pour rendre chaque copie unique, et ne l'a pas fait."
                ),
                fix: (
                    "Send mail with a standard mail program or library.",
                    "Envoyez le courrier avec un logiciel ou une bibliothèque de messagerie standard."
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

    /// The tests of this file that fire on `message`.
    fn fired_in(message: &str) -> Vec<String> {
        fired(rules(), &analyse(message), &Inputs::default())
    }

    /// The tests of this file that fire on a plain-text message with this
    /// body.
    fn fired_on(body: &str) -> Vec<String> {
        fired_in(&format!("From: a@example.com\nSubject: hi\n\n{body}\n"))
    }

    #[test]
    fn each_phrase_and_a_near_miss() {
        for (name, hit, miss) in [
            (
                "BILLION_DOLLARS",
                "a MILLION DOLLAR idea",
                "a million dollar idea",
            ),
            (
                "JOIN_MILLIONS",
                "Join millions of users",
                "join millionaires",
            ),
            (
                "INVESTMENT_ADVICE",
                "not investment advice",
                "investments advice",
            ),
            ("BANKING_LAWS", "under our banking laws", "banking law"),
            (
                "DEAR_WINNER",
                "Dear lucky winner,",
                "Dear John, as you know, the winner",
            ),
            ("CURR_PRICE", "Current Price: $0.12", "current price: $0.12"),
            (
                "SHORT_TERM_PRICE",
                "Short-term target price: $2",
                "short of a term target",
            ),
            ("LONG_TERM_PRICE", "long term projected", "long term plans"),
            (
                "PRICES_ARE_AFFORDABLE",
                "affordable low prices",
                "affordable rents and low prices",
            ),
            (
                "REPLICA_WATCH",
                "replica watches: Rolex",
                "replica of a Roman ship",
            ),
            ("EM_ROLEX", "*Rolex", "a Rolex"),
            (
                "ADULT_DATING_COMPANY",
                "AdultDatingCompany Ltd",
                "adult dating company",
            ),
            (
                "TVD_PH_BODY_ACCOUNTS_PRE",
                "your account has been suspended",
                "accounts suspended",
            ),
            (
                "TVD_PH_REC",
                "update your bank account records",
                "your records of the account",
            ),
            (
                "TVD_PH_SEC",
                "your PayPal account security",
                "your security account",
            ),
            (
                "TVD_INCREASE_SIZE",
                "double the size of your penis",
                "the size of the file",
            ),
            (
                "REMOVE_BEFORE_LINK",
                "Not interested? http://example.com/",
                "not interested. See http://example.com/",
            ),
        ] {
            assert!(fired_on(hit).contains(&name.to_owned()), "{name}: {hit}");
            assert!(!fired_on(miss).contains(&name.to_owned()), "{name}: {miss}");
        }
    }

    #[test]
    fn lottery_notices() {
        assert_eq!(
            fired_on("a cash prize of $1m; to avoid double claiming, write"),
            ["LOTTERY_1"]
        );
        assert!(fired_on("a cash prize of $1m").is_empty());
        assert_eq!(
            fired_on("Lottery agent: call +44 703 123 4567"),
            ["LOTTERY_PH_004470"]
        );
        assert!(fired_on("Lottery agent: call +44 20 7123 4567").is_empty());
        assert!(fired_on("call +44 703 123 4567").is_empty());
    }

    #[test]
    fn dating_firm_as_the_sender() {
        let message = "From: AdultDatingCompany <a@example.com>\nSubject: hi\n\nhello\n";
        assert_eq!(fired_in(message), ["ADULT_DATING_COMPANY"]);
    }

    #[test]
    fn header_forms() {
        let with = |fields: &str| fired_in(&format!("From: a@example.com\n{fields}\n\nhello\n"));
        assert_eq!(with("Subject: Invoice #4471AB"), ["TVD_SUBJ_ACC_NUM"]);
        assert!(with("Subject: Invoice #4471").is_empty());
        assert_eq!(
            with(
                "Subject: hi\nContent-Type: text/plain; format=flowed; charset=\"Windows-1252\"; reply-type=original"
            ),
            [
                "TVD_FINGER_02",
                "STOX_REPLY_TYPE",
                "STOX_REPLY_TYPE_WITHOUT_QUOTES"
            ]
        );
        assert_eq!(
            with(
                "Subject: Re: hi\nContent-Type: text/plain; charset=\"utf-8\"; reply-type=original"
            ),
            ["STOX_REPLY_TYPE"]
        );
        assert!(with("Subject: hi\nContent-Type: text/plain; reply-type=original").is_empty());
        assert_eq!(with("Subject: Order [12345"), ["UNCLOSED_BRACKET"]);
        assert!(with("Subject: Order [12345]").is_empty());
        assert_eq!(with("Subject: hi %RANDOM_WORD"), ["PERCENT_RANDOM"]);
        assert!(with("Subject: 50%rnd2").is_empty());
    }

    #[test]
    fn quoted_reply_is_not_stock_spam() {
        let message = "From: a@example.com\nSubject: hi\nContent-Type: text/plain; charset=\"utf-8\"; reply-type=original\n\n> you wrote\nyes\n";
        assert_eq!(fired_in(message), ["STOX_REPLY_TYPE"]);
    }

    #[test]
    fn placeholder_in_the_text() {
        assert_eq!(fired_on("Hello %RND_NAME"), ["PERCENT_RANDOM"]);
        assert!(fired_on("grew 5%rands").is_empty());
    }
}
