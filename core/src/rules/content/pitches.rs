//! Sales pitches in the Subject or the text: a Subject that opens on "buy"
//! or speaks of "your family", the "as seen on TV" claim, debt wiped out,
//! one-time offers, pills delivered overnight, app development offered from
//! a host without a name, and the claim that the mail is not spam.

use super::conversation::client_without_rdns;
use super::{Expr, View, content_rule};
use crate::rules::{Family, Rule};
use crate::text;

/// `SUBJ_BUY`: the Subject starts with "buy", in any case.
const SUBJECT_BUY: Expr = Expr::Match(View::Header("Subject"), r"(?i)\Abuy");

/// `SUBJ_YOUR_FAMILY`: the Subject says "your family".
const SUBJECT_YOUR_FAMILY: Expr = Expr::Match(View::Header("Subject"), r"(?i)your family");

/// `NOT_SPAM`: the text insists that it is not spam (in English, Spanish or
/// German).
const NOT_SPAM: Expr = Expr::Match(
    View::Body,
    concat!(
        r"(?i)\b(?:(?:this (?:e?-?mail|message)|we) (?:is not|are not|cannot be considered) spam",
        r"|este correo no puede ser considerado (?:intrusivo|spam)|diese nachricht ist kein spam)"
    ),
);

/// `SUBJ_AS_SEEN`: the Subject says "as seen" (on TV, in the press).
const SUBJECT_AS_SEEN: Expr = Expr::Match(View::Header("Subject"), r"(?i)\bas seen");

/// `TVD_SUBJ_WIPE_DEBT`: the Subject offers to wipe out, remove, get rid of
/// or eradicate what one owes (debt, obligations).
const SUBJECT_WIPE_DEBT: Expr = Expr::Match(
    View::Header("Subject"),
    r"(?i)(?:wipe out|remove|get (?:rid|out) of|eradicate) [^\n]{0,20}(?:owe|debt|obligation)",
);

/// `DRUG_ED_ONLINE`: Viagra, then within 25 characters "express", "online"
/// or "overnight".
const VIAGRA_ONLINE: Expr = Expr::Match(
    View::Body,
    r"(?i)\bviagra [^\n]{0,25}(?:express|online|overnight)",
);

/// `ONE_TIME`: "one time" (any punctuation or blanks between the words)
/// before "charge", "investment", "offer" or "promotion".
const ONE_TIME: Expr = Expr::Match(
    View::Body,
    r"(?i)\bone\W+time (?:charge|investment|offer|promotion)",
);

/// `APP_DEVELOPMENT_NORDNS`: an offer to develop, design, test or maintain
/// apps or portals ("mobile apps", "app development", "we have built 200+
/// apps", "we are a leading software company"), sent from a host without a
/// reverse DNS name (`__RDNS_NONE`, checked first: it is cheaper).
const APP_DEVELOPMENT_NO_RDNS: Expr = Expr::All(&[
    Expr::Fact(client_without_rdns),
    Expr::Match(
        View::Body,
        concat!(
            r"(?i)\b(?:mobile apps",
            r"|(?:apps?|portal) (?:dev(?:elop(?:ment|ed))?|design|test(?:ing)?|u[ix]|maintenance|support)",
            r"|(?:(?:we|can|have) )+(?:design(?:ed)?|buil[dt]|maintain(?:ed)?|created?)(?: over| more than)?[\s0-9]+apps",
            r"|different platforms",
            r"|we are (?:[-a-z]+ ){1,4}(?:software|apps?) (?:company|develop(?:ers|ment)))\b",
        ),
    ),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "APP_DEVELOPMENT_NORDNS",
            Family::Body,
            [1.0; 4],
            &APP_DEVELOPMENT_NO_RDNS,
            text!(
                description: (
                    "Offers app development, from a host without reverse DNS",
                    "Propose du développement d'applications, depuis un hôte sans DNS inverse"
                ),
                explanation: (
                    "The text pitches mobile app or web portal development, and the machine that delivered it has no reverse DNS name. Unsolicited outsourcing offers are commonly sent in bulk from such unnamed hosts; real companies send through named mail servers.",
                    "Le texte propose du développement d'applications mobiles ou de portails web, et la machine qui l'a remis n'a pas de nom DNS inverse. Les offres de sous-traitance non sollicitées sont couramment envoyées en masse depuis de tels hôtes sans nom ; les vraies entreprises passent par des serveurs de messagerie nommés."
                ),
                fix: (
                    "Send through a mail server whose address has a reverse DNS name, and only to people who asked.",
                    "Envoyez par un serveur de messagerie dont l'adresse a un nom DNS inverse, et seulement aux personnes qui l'ont demandé."
                ),
            ),
        ),
        content_rule(
            "SUBJ_BUY",
            Family::Header,
            [0.594, 1.498, 0.001, 0.639],
            &SUBJECT_BUY,
            text!(
                description: (
                    "Subject starts with \"buy\"",
                    "L'objet commence par « buy » (achetez)"
                ),
                explanation: (
                    "The subject line opens with the word \"buy\". A subject that is an order to purchase is the mark of an advertisement, not of a letter from someone the reader knows.",
                    "La ligne d'objet commence par le mot anglais « buy » (achetez). Un objet qui ordonne d'acheter signe une publicité, pas une lettre d'une personne que le lecteur connaît."
                ),
                fix: (
                    "Say in the subject what the message is about, not what the reader should do.",
                    "Dites dans l'objet de quoi parle le message, pas ce que le lecteur doit faire."
                ),
            ),
        ),
        content_rule(
            "SUBJ_YOUR_FAMILY",
            Family::Header,
            [2.91, 2.999, 2.999, 2.999],
            &SUBJECT_YOUR_FAMILY,
            text!(
                description: (
                    "Subject speaks of \"your family\"",
                    "L'objet parle de « your family » (votre famille)"
                ),
                explanation: (
                    "The subject line says \"your family\". Appeals to the reader's family — protecting it, providing for it, its health — are a lever of insurance, health and money offers sent in bulk.",
                    "La ligne d'objet dit « your family » (votre famille). Faire appel à la famille du lecteur — la protéger, subvenir à ses besoins, sa santé — est un levier des offres d'assurance, de santé et d'argent envoyées en masse."
                ),
                fix: (
                    "Say in the subject what the message is about rather than appealing to the reader's family.",
                    "Dites dans l'objet de quoi parle le message plutôt que d'en appeler à la famille du lecteur."
                ),
            ),
        ),
        content_rule(
            "NOT_SPAM",
            Family::Body,
            [1.0; 4],
            &NOT_SPAM,
            text!(
                description: (
                    "Text insists that it is not spam",
                    "Le texte affirme ne pas être du spam"
                ),
                explanation: (
                    "The text declares that this message is not spam, or cannot be considered spam. Mail people want has no need to say so; the claim is a stock line of bulk senders, often quoting a law that does not make it true.",
                    "Le texte déclare que ce message n'est pas du spam, ou ne peut pas être considéré comme tel. Le courrier souhaité n'a pas besoin de le dire ; c'est une formule toute faite des envois en masse, qui cite souvent une loi qui ne la rend pas vraie pour autant."
                ),
                fix: (
                    "Remove the \"this is not spam\" statement; say instead how the reader subscribed and how to unsubscribe.",
                    "Retirez la mention « ceci n'est pas du spam » ; dites plutôt comment le lecteur s'est inscrit et comment se désinscrire."
                ),
            ),
        ),
        content_rule(
            "SUBJ_AS_SEEN",
            Family::Header,
            [2.711, 3.099, 3.099, 1.461],
            &SUBJECT_AS_SEEN,
            text!(
                description: (
                    "Subject claims the product was \"as seen\" somewhere",
                    "L'objet vante un produit « as seen » (vu à la télé…)"
                ),
                explanation: (
                    "The subject line says \"as seen\", as in \"as seen on TV\". Borrowing the fame of a television or press appearance is a stock phrase of mass advertising.",
                    "La ligne d'objet dit « as seen », comme dans « as seen on TV » (vu à la télé). Emprunter la notoriété d'un passage à la télévision ou dans la presse est une formule toute faite de la publicité de masse."
                ),
                fix: (
                    "Remove the \"as seen on\" claim from the subject.",
                    "Retirez la mention « as seen on » de l'objet."
                ),
            ),
        ),
        content_rule(
            "TVD_SUBJ_WIPE_DEBT",
            Family::Header,
            [2.599, 2.291, 2.599, 1.004],
            &SUBJECT_WIPE_DEBT,
            text!(
                description: (
                    "Subject offers to wipe out your debt",
                    "L'objet propose d'effacer vos dettes"
                ),
                explanation: (
                    "The subject line promises to wipe out, remove or get rid of what the reader owes. Debt-relief offers sent to strangers are a classic of spam and of fraud aimed at people in difficulty.",
                    "La ligne d'objet promet d'effacer, de supprimer ou de faire disparaître ce que le lecteur doit. Les offres de désendettement envoyées à des inconnus sont un classique du spam et des escroqueries visant les personnes en difficulté."
                ),
                fix: (
                    "Do not promise to make debts disappear; say plainly what service you offer.",
                    "Ne promettez pas de faire disparaître des dettes ; dites simplement quel service vous proposez."
                ),
            ),
        ),
        content_rule(
            "DRUG_ED_ONLINE",
            Family::Body,
            [0.696, 1.152, 1.221, 0.608],
            &VIAGRA_ONLINE,
            text!(
                description: (
                    "Text offers Viagra online or by overnight delivery",
                    "Le texte propose du Viagra en ligne ou livré en 24 h"
                ),
                explanation: (
                    "The text names Viagra and, just after, \"online\", \"express\" or \"overnight\". Selling prescription drugs by mail without a prescription is among the commonest spam, and the pills are often fake.",
                    "Le texte nomme le Viagra et, juste après, « online », « express » ou « overnight » (en ligne, express, livré dans la nuit). Vendre par courrier des médicaments sur ordonnance sans ordonnance est l'un des spams les plus répandus, et les pilules sont souvent fausses."
                ),
                fix: (
                    "Do not advertise prescription drugs by e-mail.",
                    "Ne faites pas de publicité pour des médicaments sur ordonnance par courriel."
                ),
            ),
        ),
        content_rule(
            "ONE_TIME",
            Family::Body,
            [1.84, 1.175, 1.83, 0.714],
            &ONE_TIME,
            text!(
                description: (
                    "Text offers a \"one time\" charge, investment or offer",
                    "Le texte propose un paiement, un placement ou une offre « unique »"
                ),
                explanation: (
                    "The text speaks of a \"one time\" charge, investment, offer or promotion. Stressing that the reader pays only once, or that the chance will not come back, is a sales pressure typical of unsolicited offers.",
                    "Le texte parle d'un paiement, d'un placement, d'une offre ou d'une promotion « one time » (unique). Insister sur le fait qu'on ne paie qu'une fois, ou que l'occasion ne se représentera pas, est une pression commerciale typique des offres non sollicitées."
                ),
                fix: (
                    "Describe the price plainly, without \"one time\" urgency.",
                    "Indiquez le prix simplement, sans l'urgence d'une offre « unique »."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    fn fires(name: &str, subject: &str, body: &str) -> bool {
        let message =
            format!("From: a@example.com\nTo: b@example.org\nSubject: {subject}\n\n{body}\n");
        fired(super::rules(), &analyse(&message), &Inputs::default()).contains(&name.to_owned())
    }

    #[test]
    fn app_development_without_rdns() {
        let no_rdns = "Received: from pc (unknown [203.0.113.9]) by mx.example.org (Postfix) with SMTP id A1\n";
        let named = "Received: from pc (pc.example.net [203.0.113.9]) by mx.example.org (Postfix) with SMTP id A1\n";
        let pitch = "We have built 150 apps for our clients.";
        let fires = |received: &str, body: &str| {
            let message = format!(
                "{received}From: a@example.com\nTo: b@example.org\nSubject: hi\n\n{body}\n"
            );
            fired(super::rules(), &analyse(&message), &Inputs::default())
                .contains(&"APP_DEVELOPMENT_NORDNS".to_owned())
        };
        assert!(fires(no_rdns, pitch));
        assert!(fires(no_rdns, "Ask about our app development team"));
        assert!(!fires(named, pitch));
        assert!(!fires(no_rdns, "Our apps are great."));
    }

    #[test]
    fn subject_that_opens_on_buy() {
        assert!(fires("SUBJ_BUY", "BUY now and save", "hi"));
        assert!(fires("SUBJ_BUY", "buying guide", "hi"));
        assert!(!fires("SUBJ_BUY", "Where to buy bread", "hi"));
        assert!(!fires("SUBJ_BUY", "hi", "buy now"));
    }

    #[test]
    fn your_family() {
        assert!(fires("SUBJ_YOUR_FAMILY", "Protect YOUR FAMILY today", "hi"));
        assert!(!fires(
            "SUBJ_YOUR_FAMILY",
            "Our family photos",
            "your family"
        ));
    }

    #[test]
    fn not_spam_claims() {
        assert!(fires(
            "NOT_SPAM",
            "hi",
            "This e-mail is NOT spam under bill 1618"
        ));
        assert!(fires("NOT_SPAM", "hi", "we are not spam"));
        assert!(fires("NOT_SPAM", "hi", "Diese Nachricht ist kein Spam."));
        assert!(!fires("NOT_SPAM", "hi", "this message is not about spam"));
        assert!(!fires("NOT_SPAM", "hi", "is this message spam?"));
    }

    #[test]
    fn as_seen_claim() {
        assert!(fires("SUBJ_AS_SEEN", "Slicer - As Seen On TV", "hi"));
        assert!(fires("SUBJ_AS_SEEN", "as seen in the papers", "hi"));
        assert!(!fires("SUBJ_AS_SEEN", "Has Seen the doctor", "hi"));
    }

    #[test]
    fn wiping_out_debt() {
        assert!(fires(
            "TVD_SUBJ_WIPE_DEBT",
            "Wipe out ALL the debt you owe",
            "hi"
        ));
        assert!(fires(
            "TVD_SUBJ_WIPE_DEBT",
            "Get rid of your credit card debt",
            "hi"
        ));
        assert!(!fires(
            "TVD_SUBJ_WIPE_DEBT",
            "Get rid of the weeds in your garden now",
            "hi"
        ));
        assert!(!fires("TVD_SUBJ_WIPE_DEBT", "hi", "wipe out your debt"));
    }

    #[test]
    fn viagra_online() {
        assert!(fires(
            "DRUG_ED_ONLINE",
            "hi",
            "Buy VIAGRA at low prices ONLINE"
        ));
        assert!(fires("DRUG_ED_ONLINE", "hi", "viagra shipped overnight"));
        assert!(!fires(
            "DRUG_ED_ONLINE",
            "hi",
            "viagra is a prescription drug; see your doctor before buying online"
        ));
        assert!(!fires("DRUG_ED_ONLINE", "hi", "order online now"));
    }

    #[test]
    fn one_time_offers() {
        assert!(fires("ONE_TIME", "hi", "A ONE-TIME offer for you"));
        assert!(fires("ONE_TIME", "hi", "just one... time investment"));
        assert!(!fires("ONE_TIME", "hi", "one time only"));
        assert!(!fires("ONE_TIME", "hi", "someone time offer"));
    }
}
