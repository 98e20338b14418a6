//! AWL, the auto-whitelist (sa-semantics §4.1): the score is pulled halfway
//! toward the mean score of the sender's earlier messages. The caller passes
//! the sender's stored entry in [`Inputs::awl`](crate::Inputs::awl); the test
//! must run after every other test, because it reads their hits.

use crate::i18n::Localized;
use crate::learning::awl;
use crate::rules::{Family, Fired, Rule};
use crate::text;

fn number(x: f64) -> (String, String) {
    let en = format!("{x:.3}")
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned();
    let fr = en.replace('-', "\u{2212}").replace('.', ",");
    (en, fr)
}

pub(crate) fn rules() -> Vec<Rule> {
    vec![Rule::dynamic(
        awl::AWL,
        Family::Reputation,
        [1.0; 4],
        text!(
            description: (
                "Score adjusted toward the sender's past average",
                "Score rapproché de la moyenne passée de l'expéditeur"
            ),
            explanation: (
                "This sender, writing from the same network, has sent mail here \
                 before. The score moves halfway toward the average those earlier \
                 messages got: down for a sender with a clean history, up for one \
                 that has sent spam.",
                "Cet expéditeur, depuis le même réseau, a déjà écrit ici. Le score \
                 est rapproché à mi-chemin de la moyenne obtenue par ses messages \
                 précédents : il baisse pour un historique propre, il monte pour un \
                 expéditeur qui a déjà envoyé du spam."
            ),
            fix: (
                "Keep sending clean mail from the same address and network: the \
                 average improves with every message that scores low.",
                "Continuez d'envoyer du courrier propre depuis la même adresse et le \
                 même réseau : la moyenne s'améliore à chaque message au score bas."
            ),
        ),
        |ctx| {
            let entry = ctx.inputs.awl?;
            awl::key(ctx.analysis)?;
            let points = awl::points(ctx.hits);
            let delta = awl::delta(Some(entry), points)?;
            let mean = entry.mean()?;
            let (mean_en, mean_fr) = number(mean);
            let (points_en, points_fr) = number(points);
            let count = entry.count;
            let plural_en = if count == 1 { "" } else { "s" };
            let plural_fr = if count == 1 { "" } else { "s" };
            Some(Fired {
                evidence: Localized::new(
                    format!(
                        "{count} earlier message{plural_en} averaging {mean_en}; \
                         this one scored {points_en} before the adjustment"
                    ),
                    format!(
                        "{count} message{plural_fr} précédent{plural_fr}, moyenne {mean_fr} ; \
                         celui-ci avait {points_fr} avant l'ajustement"
                    ),
                ),
                score: Some(delta),
            })
        },
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analysis, HeaderField};
    use crate::learning::AwlEntry;
    use crate::{Config, Engine, Inputs};

    fn from(address: &str) -> Analysis {
        let mut analysis = Analysis::default();
        analysis
            .headers
            .fields
            .push(HeaderField::plain("From", address));
        analysis
    }

    #[test]
    fn pulls_toward_the_mean_and_is_last() {
        let engine = Engine::with_rules(Config::default(), crate::rules::builtin()).unwrap();
        assert_eq!(engine.rules().last().map(|r| r.name.as_ref()), Some("AWL"));
        let analysis = from("friend@example.org");
        let points = awl::points(&engine.score(&analysis, &Inputs::default()).hits);
        let entry = AwlEntry {
            count: 4,
            total: 4.0 * (points - 2.0),
        };
        let report = engine.score(&analysis, &Inputs::default().awl(entry));
        let hit = report.hit("AWL").unwrap();
        assert_eq!(hit.score, -1.0);
        assert!(
            hit.evidence.en.starts_with("4 earlier messages averaging"),
            "{}",
            hit.evidence.en
        );
        // The entry to store counts this message with its score before AWL.
        let updated = awl::update(Some(entry), &report);
        assert_eq!(updated.count, 5);
        assert!((updated.total - (entry.total + points)).abs() < 1e-9);
    }

    #[test]
    fn no_hit_without_history_or_sender() {
        let engine = Engine::new(Config::default()).unwrap();
        let analysis = from("friend@example.org");
        assert!(
            engine
                .score(&analysis, &Inputs::default())
                .hit("AWL")
                .is_none()
        );
        let first = awl::update(None, &engine.score(&analysis, &Inputs::default()));
        assert_eq!(first.count, 1);
        // Same mean as this score: no adjustment, no hit.
        let points = awl::points(&engine.score(&analysis, &Inputs::default()).hits);
        let entry = AwlEntry {
            count: 2,
            total: 2.0 * points,
        };
        assert!(
            engine
                .score(&analysis, &Inputs::default().awl(entry))
                .hit("AWL")
                .is_none()
        );
        // No From address: nothing.
        let entry = AwlEntry {
            count: 2,
            total: 50.0,
        };
        assert!(
            engine
                .score(&Analysis::default(), &Inputs::default().awl(entry))
                .hit("AWL")
                .is_none()
        );
    }
}
