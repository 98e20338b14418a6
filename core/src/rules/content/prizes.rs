//! Lottery and prize notices: the "your e-mail address has won" fraud, where
//! the reader is told of a win in a draw they never entered, then asked for
//! fees or bank details to collect it.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::{Expr, View, body_text, content_rule};
use crate::rules::{Family, Rule};
use crate::text;

/// `HK_LOTTO`: a named lottery (international, national, euro millions, one
/// named after a firm or a person…), an online or e-mail ballot, draw or
/// sweepstake, or the Dutch state lottery.
const LOTTERY: Expr = Expr::Match(
    View::Body,
    concat!(
        r"(?i)\blot(?:eri[ej]|tery|to) ?(?:(?:inter)?national|foundation|mercato|univers",
        r"|euro ?million|e-?mail|euro-pw|bill ?gates|swiss|prestige|cristal|am[^\n]ricaine",
        r"|coca[^\n]?cola|fiduciary|department)",
        r"|\b(?:promotional|on[^\n]?line|computer|internet|e-?mail|fran[^\n]aise) (?:ballot|draw|sweepstake)",
        r"|\bstaatsloteri"
    ),
);

/// The phrases of a prize notice (`__hk_win_*`), each counted once however
/// often it appears. Searched one by one: each has a literal that the regex
/// engine looks for first, which a set of all of them would not use.
static WIN_PHRASES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"\byour? e-?mail just w[io]n",
        r"\battn[^\n]{0,10}winner",
        r"\bhappily a?announce",
        r"\bpleas(?:ure|ed) to inform",
        r"\b(?:notice the|your) winning",
        r"\bcongratulations? to your",
        r"\bunexpected luck",
        r"\blucky (?:nl )number",
        r"\bwinning (?:e-?mail|numbers|information)",
        r"\byour e-?mail (?:address )?(?:has )?w[io]n",
        r"\bune adresse e-?mail sur internet",
        r"\bcategory (?:\S{0,5} )?winner of our",
        r"\bfunds? transfer",
        r"\b(?:winning|ready for|sum) pay ?out",
        r"\b(?:make|file) (?:for )?your claim",
        r"\br[^\n]clamation de votre prix",
        r"\bcollect your prize",
        r"\bclarification and procedure",
    ]
    .iter()
    .map(|phrase| {
        #[allow(clippy::expect_used)] // constant patterns, covered by unit tests
        Regex::new(&format!("(?i-u){phrase}")).expect("valid built-in pattern")
    })
    .collect()
});

/// `HK_WIN`: two or more different phrases of a prize notice. None of the
/// phrases crosses a line, so one search of all the lines finds each.
const PRIZE_NOTICE: Expr = Expr::Fact(|c| {
    let text = body_text(c.analysis);
    WIN_PHRASES
        .iter()
        .filter(|phrase| phrase.is_match(text))
        .nth(1)
        .is_some()
});

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "HK_LOTTO",
            Family::Body,
            [1.0; 4],
            &LOTTERY,
            text!(
                description: (
                    "Text names a lottery or an online prize draw",
                    "Le texte cite une loterie ou un tirage au sort en ligne"
                ),
                explanation: (
                    "The text speaks of an international or named lottery, or of a draw or sweepstake among e-mail addresses. Nobody wins a lottery they did not enter: such notices are the opening of a fraud that asks the \"winner\" for fees or bank details.",
                    "Le texte parle d'une loterie internationale ou nommée, ou d'un tirage au sort parmi des adresses électroniques. Personne ne gagne à une loterie à laquelle il n'a pas joué : ces annonces ouvrent une escroquerie qui demande au « gagnant » des frais ou ses coordonnées bancaires."
                ),
                fix: (
                    "If you run a real contest, name the organiser and the rules, and write only to those who entered.",
                    "Si vous organisez un vrai concours, nommez l'organisateur et le règlement, et n'écrivez qu'aux participants."
                ),
            ),
        ),
        content_rule(
            "HK_WIN",
            Family::Body,
            [1.0; 4],
            &PRIZE_NOTICE,
            text!(
                description: (
                    "Text reads like a prize-winning notice",
                    "Le texte ressemble à une annonce de gain"
                ),
                explanation: (
                    "The text uses several phrases of the classic prize notice: your e-mail address has won, winning numbers, pleased to inform you, collect your prize, file your claim, funds transfer. This is the pattern of lottery fraud, which ends by asking for money to release the prize.",
                    "Le texte emploie plusieurs formules de l'annonce de gain classique : votre adresse a gagné, numéros gagnants, nous avons le plaisir de vous informer, réclamez votre prix, transfert de fonds. C'est le schéma de l'escroquerie à la loterie, qui finit par demander de l'argent pour débloquer le gain."
                ),
                fix: (
                    "Do not announce winnings to people who did not enter; a real prize never costs the winner anything.",
                    "N'annoncez pas de gain à des personnes qui n'ont pas joué ; un vrai prix ne coûte jamais rien au gagnant."
                ),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    fn fires(name: &str, body: &str) -> bool {
        let message = format!("From: a@example.com\nTo: b@example.org\nSubject: hi\n\n{body}\n");
        fired(super::rules(), &analyse(&message), &Inputs::default()).contains(&name.to_owned())
    }

    #[test]
    fn lotteries() {
        assert!(fires("HK_LOTTO", "the EURO MILLION LOTTERY INTERNATIONAL"));
        assert!(fires(
            "HK_LOTTO",
            "results of the Lottery International program"
        ));
        assert!(fires(
            "HK_LOTTO",
            "in our online sweepstake, er, online draw"
        ));
        assert!(fires("HK_LOTTO", "Staatsloterij"));
        assert!(!fires("HK_LOTTO", "we won the lottery at the fair"));
        assert!(!fires("HK_LOTTO", "the draw of the online game"));
    }

    #[test]
    fn two_prize_phrases_are_needed() {
        let one = "We are pleased to inform you of our new opening hours.";
        assert!(!fires("HK_WIN", one));
        let twice = "We are pleased to inform you... we are PLEASED TO INFORM you.";
        assert!(!fires("HK_WIN", twice));
        let two = "We are pleased to inform you\nthat your email address has won. Collect your prize now.";
        assert!(fires("HK_WIN", two));
    }
}
