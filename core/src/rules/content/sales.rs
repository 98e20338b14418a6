//! Sales-pitch formulas ("100% guaranteed", "money back guarantee", "free
//! instant quote"), opt-out excuses of unsolicited mail, big-money figures,
//! and the link and script tricks of the same senders.

use super::{Expr, View, content_rule};
use crate::rules::{Family, Rule, RuleText};
use crate::{Localized, text};

/// "100% guaranteed".
const GUARANTEED_100_PERCENT: Expr = Expr::Match(View::Body, r"(?i)100% guaranteed");

/// "free", then within a few characters one or more of "instant", "express",
/// "online", "no obligation", then "quote" within 36 characters.
const FREE_QUOTE_INSTANT: Expr = Expr::Match(
    View::Body,
    r"(?i)free.{0,12}(?:instant|express|online|no.?obligation)(?:.{0,4}(?:instant|express|online|no.?obligation))*.{0,36}\bquote",
);

/// "money back guarantee".
const MONEY_BACK: Expr = Expr::Match(View::Body, r"(?i)money back guarantee");

/// "to be removed from … mailings/offers".
const EXCUSE_REMOVE: Expr = Expr::Match(
    View::Body,
    r"(?i)to be removed from.{0,20}(?:mailing|offer)s",
);

/// "To be removed, please".
const EXCUSE_4: Expr = Expr::Match(View::Body, r"(?i)to be removed,? please");

/// "You received this offer/advertisement … because".
const EXCUSE_24: Expr = Expr::Match(
    View::Body,
    r"(?i)you(?:'ve|'re| have| are)? receiv(?:e|ed|ing) this (?:advertisement|offer|special|recurring|paid).{0,16}\b(?:because|by either)",
);

/// A line opening with "Dear Friend".
const DEAR_FRIEND: Expr = Expr::Match(View::Body, r"(?i)\A\s*dear friend\b");

/// "marketing partner", "network partner", "partner site".
const MARKETING_PARTNERS: Expr = Expr::Match(
    View::Body,
    r"(?i)\b(?:(?:marketing|network) partner|partner (?:web)?site)",
);

/// "million" then, within 40 characters, Canadian or US dollars.
const NA_DOLLARS: Expr = Expr::Match(
    View::Body,
    r"(?i)\b[0-9]{0,3}million\b.{0,40}\b(?:canadian dolla|us\$|u\.? ?s\.? dollar)",
);

/// "Million … Hundred", as sums spelled out in words.
const MILLION_HUNDRED: Expr = Expr::Match(View::Body, r"(?i)million\s+\S+\s+hundred");

/// "financially free", "financial independence".
const FIN_FREE: Expr = Expr::Match(View::Body, r"(?i)\bfinancial(?:ly)? (?:free|independen)");

/// Bad credit and credit repair.
const BAD_CREDIT: Expr = Expr::Match(
    View::Body,
    r"(?i)\b(?:(?:bad|poor|eliminate|repair|(?:re)?establish|damag).{0,10} (?:credit|debt)|no credit (?:check|histor|need))",
);

/// "Act Now" with capital initials.
const ACT_NOW_CAPS: Expr = Expr::Match(View::Body, r"\bA(?i:ct) N(?i:ow)\b");

/// An HTML tag whose `onMouseOver` script rewrites the status bar (which shows
/// where a link leads).
const HIDE_WIN_STATUS: Expr = Expr::Match(
    View::RawBody,
    r"(?i)<[^>]{1,1000}onmouseover=[^>]{1,1000}window\.status=",
);

/// A web link with an explicit port other than 80, 443 and 8080. The port
/// alternatives spell out "digits, but not exactly 80, 443 or 8080".
const WEIRD_PORT: Expr = Expr::Match(
    View::Uri,
    concat!(
        r"https?://[^/?\s]+?:",
        r"(?:[0-35-79][0-9]*|4(?:[0-35-9][0-9]*|4(?:[0-24-9][0-9]*|3[0-9]+)?)?",
        r"|8(?:[1-9][0-9]*|0(?:[0-79][0-9]*|8(?:[1-9][0-9]*|0[0-9]+)?))?)",
        r"(?:/|\s|\z)"
    ),
);

/// A web link to a numeric IP address with a click-tracking path.
const IP_LINK_PLUS: Expr = Expr::Match(
    View::Uri,
    r"(?i)\Ahttps?://[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+.{0,20}(?:cgi|click|ads|id=)",
);

/// A web link whose text escapes plain digits or letters (`%41` for `A`),
/// which only hides the address from readers and filters.
const HTTP_EXCESSIVE_ESCAPES: Expr = Expr::Match(
    View::Uri,
    r"(?i)\Ahttps?://\S*%(?:3[0-9]|[46][1-9a-f]|[57][0-9a])",
);

/// A `%` escape in the host part of a web link. A space, `<` or `>` escape
/// directly followed by another link (`%20http:`…) does not count: the
/// alternatives spell out "not followed by `http:`, `https:` or `mailto:`".
const HTTP_ESCAPED_HOST: Expr = Expr::Match(
    View::Uri,
    concat!(
        r"\Ahttps?://[^/\s?&#']*%",
        r"(?:[013-9a-fA-F][0-9a-fA-F]|2[1-9a-fA-F]|3[0-9abdfABDF]",
        r"|(?:20|3[cCeE])",
        r"(?:\z|[^hm]|h(?:\z|[^t]|t(?:\z|[^t]|t(?:\z|[^p]|p(?:\z|[^:s]|s(?:\z|[^:])))))",
        r"|m(?:\z|[^a]|a(?:\z|[^i]|i(?:\z|[^l]|l(?:\z|[^t]|t(?:\z|[^o]|o(?:\z|[^:]))))))))"
    ),
);

/// Texts of a wording test: what it quotes, and why that is typical of spam.
fn wording(quoted: &str, why: (&str, &str), fix: (&str, &str)) -> RuleText {
    RuleText {
        description: Localized::new(format!("Says {quoted}"), format!("Dit {quoted}")),
        explanation: Localized::new(
            format!("The text says {quoted}. {}", why.0),
            format!("Le texte dit {quoted}. {}", why.1),
        ),
        fix: Localized::new(fix.0, fix.1),
    }
}

/// The fix shared by sales formulas.
const PLAIN_SALES: (&str, &str) = (
    "Describe the offer in plain terms, without the stock formulas of advertising spam.",
    "Décrivez l'offre simplement, sans les formules toutes faites du spam publicitaire.",
);

/// The fix shared by opt-out excuses.
const REAL_OPT_IN: (&str, &str) = (
    "Mail only people who asked for it, and offer unsubscription with a List-Unsubscribe field and a plain link.",
    "N'écrivez qu'aux personnes qui l'ont demandé, et proposez le désabonnement par un champ List-Unsubscribe et un simple lien.",
);

/// The fix shared by big-money figures.
const NO_BIG_SUMS: (&str, &str) = (
    "Avoid quoting large sums in unsolicited mail.",
    "Évitez de citer de grosses sommes dans un courriel non sollicité.",
);

const HARD_SELL: (&str, &str) = (
    "Hard-sell formulas like this one are typical of advertising spam.",
    "Les formules de vente agressives comme celle-ci sont typiques du spam publicitaire.",
);

const EXCUSE: (&str, &str) = (
    "Unsolicited mail excuses itself this way instead of having been asked for.",
    "Le courriel non sollicité s'excuse ainsi au lieu d'avoir été demandé.",
);

const BIG_MONEY: (&str, &str) = (
    "Large sums of money are the bait of advance-fee and lottery fraud.",
    "Les grosses sommes d'argent sont l'appât des escroqueries à l'avance de frais et à la loterie.",
);

pub(super) fn rules() -> Vec<Rule> {
    let body = |name, scores, when, text| content_rule(name, Family::Body, scores, when, text);
    vec![
        body(
            "GUARANTEED_100_PERCENT",
            [2.699, 2.699, 2.48, 2.699],
            &GUARANTEED_100_PERCENT,
            wording("\"100% guaranteed\"", HARD_SELL, PLAIN_SALES),
        ),
        body(
            "FREE_QUOTE_INSTANT",
            [2.7, 2.699, 2.699, 1.297],
            &FREE_QUOTE_INSTANT,
            wording("\"free instant quote\" or the like", HARD_SELL, PLAIN_SALES),
        ),
        body(
            "MONEY_BACK",
            [2.91, 2.486, 0.601, 1.232],
            &MONEY_BACK,
            wording("\"money back guarantee\"", HARD_SELL, PLAIN_SALES),
        ),
        body(
            "EXCUSE_REMOVE",
            [2.907, 2.992, 3.299, 3.299],
            &EXCUSE_REMOVE,
            wording(
                "\"to be removed from our mailings\" or the like",
                EXCUSE,
                REAL_OPT_IN,
            ),
        ),
        body(
            "EXCUSE_4",
            [2.399, 1.687, 2.399, 1.325],
            &EXCUSE_4,
            wording("\"To be removed, please…\"", EXCUSE, REAL_OPT_IN),
        ),
        body(
            "EXCUSE_24",
            [1.0; 4],
            &EXCUSE_24,
            wording(
                "\"you received this offer because…\" or the like",
                EXCUSE,
                REAL_OPT_IN,
            ),
        ),
        body(
            "DEAR_FRIEND",
            [2.683, 2.604, 1.801, 2.577],
            &DEAR_FRIEND,
            wording(
                "\"Dear Friend\" at the start of a line",
                (
                    "Senders who know the recipient use their name; mass mailings and scams greet an anonymous friend.",
                    "Ceux qui connaissent le destinataire emploient son nom ; les envois de masse et les escroqueries saluent un ami anonyme.",
                ),
                (
                    "Greet recipients by name, or with no greeting at all.",
                    "Saluez les destinataires par leur nom, ou sans formule du tout.",
                ),
            ),
        ),
        body(
            "MARKETING_PARTNERS",
            [0.553, 0.235, 0.689, 0.001],
            &MARKETING_PARTNERS,
            wording(
                "\"marketing partner\" or \"partner site\"",
                (
                    "Addresses shared between \"marketing partners\" are how lists for unsolicited mail are built.",
                    "Les adresses partagées entre « partenaires marketing » servent à constituer les listes d'envoi non sollicité.",
                ),
                REAL_OPT_IN,
            ),
        ),
        body(
            "NA_DOLLARS",
            [1.0; 4],
            &NA_DOLLARS,
            wording(
                "\"million\" close to US or Canadian dollars",
                BIG_MONEY,
                NO_BIG_SUMS,
            ),
        ),
        body(
            "MILLION_HUNDRED",
            [1.0; 4],
            &MILLION_HUNDRED,
            wording(
                "a sum in millions spelled out in words",
                BIG_MONEY,
                NO_BIG_SUMS,
            ),
        ),
        body(
            "FIN_FREE",
            [0.1; 4],
            &FIN_FREE,
            wording(
                "\"financially free\" or \"financial independence\"",
                HARD_SELL,
                PLAIN_SALES,
            ),
        ),
        body(
            "BAD_CREDIT",
            [0.1; 4],
            &BAD_CREDIT,
            wording(
                "\"bad credit\", \"repair credit\" or \"no credit check\"",
                HARD_SELL,
                PLAIN_SALES,
            ),
        ),
        body(
            "ACT_NOW_CAPS",
            [0.1; 4],
            &ACT_NOW_CAPS,
            wording("\"Act Now\" with capitals", HARD_SELL, PLAIN_SALES),
        ),
        content_rule(
            "HIDE_WIN_STATUS",
            Family::Html,
            [0.001; 4],
            &HIDE_WIN_STATUS,
            text!(
                description: (
                    "HTML script rewrites the status bar on mouse-over",
                    "Un script HTML réécrit la barre d'état au survol"
                ),
                explanation: (
                    "An HTML tag sets window.status when the mouse passes over it: the status bar would show where a link leads, and the script hides it.",
                    "Une balise HTML modifie window.status quand la souris la survole : la barre d'état montrerait où mène un lien, et le script le cache."
                ),
                fix: (
                    "Remove scripts from mail; mail programs do not run them anyway.",
                    "Retirez les scripts du courriel ; les logiciels de messagerie ne les exécutent pas de toute façon."
                ),
            ),
        ),
        content_rule(
            "WEIRD_PORT",
            Family::Uri,
            [0.001, 0.001, 0.097, 0.001],
            &WEIRD_PORT,
            text!(
                description: (
                    "Link to an unusual port",
                    "Lien vers un port inhabituel"
                ),
                explanation: (
                    "A web link names a port other than 80, 443 or 8080. Web sites run on the standard ports; links to others often lead to hijacked machines.",
                    "Un lien web indique un port autre que 80, 443 ou 8080. Les sites web tournent sur les ports usuels ; les liens vers d'autres mènent souvent à des machines détournées."
                ),
                fix: (
                    "Link to the site on its standard port.",
                    "Faites pointer le lien vers le port usuel du site."
                ),
            ),
        ),
        content_rule(
            "HTTP_EXCESSIVE_ESCAPES",
            Family::Uri,
            [0.001; 4],
            &HTTP_EXCESSIVE_ESCAPES,
            text!(
                description: (
                    "Link with needlessly escaped letters or digits",
                    "Lien avec des lettres ou chiffres échappés sans nécessité"
                ),
                explanation: (
                    "A web link writes plain letters or digits as %-escapes (%41 for A). Browsers do not need that; it only hides the address from readers and filters.",
                    "Un lien web écrit des lettres ou chiffres ordinaires sous forme d'échappements % (%41 pour A). Les navigateurs n'en ont pas besoin ; cela ne sert qu'à cacher l'adresse aux lecteurs et aux filtres."
                ),
                fix: (
                    "Write links plainly; escape only the characters that need it.",
                    "Écrivez les liens en clair ; n'échappez que les caractères qui l'exigent."
                ),
            ),
        ),
        content_rule(
            "HTTP_ESCAPED_HOST",
            Family::Uri,
            [0.1; 4],
            &HTTP_ESCAPED_HOST,
            text!(
                description: (
                    "Link with %-escapes in the host name",
                    "Lien avec des échappements % dans le nom d'hôte"
                ),
                explanation: (
                    "The host name of a web link contains %-escapes. Host names never need them; they disguise where the link leads.",
                    "Le nom d'hôte d'un lien web contient des échappements %. Les noms d'hôte n'en ont jamais besoin ; ils déguisent la destination du lien."
                ),
                fix: (
                    "Write the host name plainly.",
                    "Écrivez le nom d'hôte en clair."
                ),
            ),
        ),
        content_rule(
            "IP_LINK_PLUS",
            Family::Uri,
            [0.001, 0.001, 0.246, 0.012],
            &IP_LINK_PLUS,
            text!(
                description: (
                    "Link to an IP address with a tracking path",
                    "Lien vers une adresse IP avec un chemin de suivi"
                ),
                explanation: (
                    "A web link points at a numeric IP address and, right after it, a click-tracking or script path (cgi, click, ads, id=). Legitimate senders link to named sites.",
                    "Un lien web pointe vers une adresse IP numérique suivie d'un chemin de suivi de clics ou de script (cgi, click, ads, id=). Les expéditeurs légitimes font des liens vers des sites nommés."
                ),
                fix: (
                    "Link to a host name, not an IP address.",
                    "Faites des liens vers un nom d'hôte, pas vers une adresse IP."
                ),
            ),
        ),
    ]
}
