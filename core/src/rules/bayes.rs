//! BAYES_00 … BAYES_99 and BAYES_999 (sa-semantics §3.8): the Bayes
//! classifier's probability, in bands. They run only in score sets 2 and 3,
//! i.e. when the caller supplied a [`BayesDb`](crate::learning::BayesDb) with
//! at least 200 spam and 200 ham learned.

use crate::i18n::Localized;
use crate::learning::bayes::{Classification, message_tokens};
use crate::rules::{Evidence, Family, Rule, RuleContext, RuleFlags, RuleText};

/// Name, band `(low, high]` (`[0, high]` when low is 0), scores in sets 2 and 3.
const BANDS: [(&str, f64, f64, f64, f64); 10] = [
    ("BAYES_00", 0.0, 0.01, -1.5, -1.9),
    ("BAYES_05", 0.01, 0.05, -0.3, -0.5),
    ("BAYES_20", 0.05, 0.20, -0.001, -0.001),
    ("BAYES_40", 0.20, 0.40, -0.001, -0.001),
    ("BAYES_50", 0.40, 0.60, 2.0, 0.8),
    ("BAYES_60", 0.60, 0.80, 2.5, 1.5),
    ("BAYES_80", 0.80, 0.95, 2.7, 2.0),
    ("BAYES_95", 0.95, 0.99, 3.2, 3.0),
    ("BAYES_99", 0.99, 1.00, 3.8, 3.5),
    ("BAYES_999", 0.999, 1.00, 0.2, 0.2),
];

/// SpamAssassin's `check_bayes(min, max)`.
fn in_band(probability: f64, low: f64, high: f64) -> bool {
    (low == 0.0 || probability > low) && probability <= high
}

fn percent(x: f64) -> String {
    let v = x * 100.0;
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn text(low: f64, high: f64) -> RuleText {
    let (lo, hi) = (percent(low), percent(high));
    let lo_fr = lo.replace('.', ",");
    let hi_fr = hi.replace('.', ",");
    let description = if low == 0.0 {
        Localized::new(
            format!("Bayes spam probability is {hi}% or less"),
            format!("Probabilité bayésienne de spam inférieure ou égale à {hi_fr} %"),
        )
    } else {
        Localized::new(
            format!("Bayes spam probability is above {lo}%, up to {hi}%"),
            format!("Probabilité bayésienne de spam entre {lo_fr} % (exclu) et {hi_fr} %"),
        )
    };
    let spammy = low >= 0.6;
    let explanation = if spammy {
        Localized::new(
            "The words, header details and links of this message are mostly ones \
             that appeared in messages this system learned as spam.",
            "Les mots, les détails d'en-tête et les liens de ce message sont surtout \
             ceux de messages que ce système a appris à reconnaître comme du spam.",
        )
    } else if low >= 0.4 {
        Localized::new(
            "This message looks neither clearly like the spam nor clearly like the \
             legitimate mail this system has learned.",
            "Ce message ne ressemble nettement ni au spam ni au courrier légitime que \
             ce système a appris.",
        )
    } else {
        Localized::new(
            "The words, header details and links of this message are mostly ones \
             that appeared in messages this system learned as legitimate.",
            "Les mots, les détails d'en-tête et les liens de ce message sont surtout \
             ceux de messages que ce système a appris à reconnaître comme légitimes.",
        )
    };
    let fix = if low >= 0.4 {
        Localized::new(
            "Write plainly, as in a personal message: avoid the wording, links and \
             formatting typical of bulk advertising. If legitimate mail is \
             misjudged, the recipient's administrator can teach it as ham.",
            "Rédigez simplement, comme un message personnel : évitez les formules, \
             les liens et la mise en forme typiques de la publicité de masse. Si du \
             courrier légitime est mal jugé, l'administrateur du destinataire peut \
             l'apprendre comme légitime.",
        )
    } else {
        Localized::new(
            "Nothing to do: this test lowers the score.",
            "Rien à faire : ce test fait baisser le score.",
        )
    };
    RuleText {
        description,
        explanation,
        fix,
    }
}

fn quoted(tokens: &[&str], open: &str, close: &str) -> String {
    tokens
        .iter()
        .map(|t| format!("{open}{t}{close}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Bayes probability 0.9973 from 87 significant tokens (412 of 950 known);
/// most spam-like: "viagra", "cheap""
fn evidence(c: &Classification) -> Evidence {
    let spammy = c.probability >= 0.5;
    let telling: Vec<&str> = c
        .used
        .iter()
        .filter(|t| (t.probability >= 0.5) == spammy)
        .take(5)
        .map(|t| t.text.as_str())
        .collect();
    let p_en = format!("{:.4}", c.probability);
    let p_fr = p_en.replace('.', ",");
    let (used, known, total) = (c.used.len(), c.known, c.tokens);
    let mut en = format!(
        "Bayes probability {p_en} from {used} significant tokens ({known} of {total} known)"
    );
    let mut fr = format!(
        "probabilité bayésienne {p_fr} d'après {used} éléments significatifs \
         ({known} connus sur {total})"
    );
    if !telling.is_empty() {
        let (kind_en, kind_fr) = if spammy {
            ("most spam-like", "les plus typiques du spam")
        } else {
            ("most ham-like", "les plus typiques du courrier légitime")
        };
        en.push_str(&format!("; {kind_en}: {}", quoted(&telling, "\"", "\"")));
        fr.push_str(&format!(" ; {kind_fr} : {}", quoted(&telling, "« ", " »")));
    }
    Localized::new(en, fr)
}

/// Whether the message's Bayes probability is in `(low, high]`, and why:
/// classified once per scoring (every band asks).
fn band(ctx: &RuleContext<'_>, low: f64, high: f64) -> Option<Evidence> {
    let classify = || ctx.inputs.bayes?.classify(message_tokens(ctx.analysis));
    let check = |c: &Classification| in_band(c.probability, low, high).then(|| evidence(c));
    match ctx.inputs.scratch {
        Some(scratch) => scratch.bayes.get_or_init(classify).as_ref().and_then(check),
        None => classify().as_ref().and_then(check),
    }
}

pub(crate) fn rules() -> Vec<Rule> {
    BANDS
        .iter()
        .map(|&(name, low, high, set2, set3)| {
            Rule::new(
                name,
                Family::Bayes,
                [0.0, 0.0, set2, set3],
                text(low, high),
                move |ctx| band(ctx, low, high),
            )
            .flags(RuleFlags {
                learn: true,
                ..RuleFlags::default()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_check_bayes() {
        let fired = |p: f64| -> Vec<&str> {
            BANDS
                .iter()
                .filter(|b| in_band(p, b.1, b.2))
                .map(|b| b.0)
                .collect()
        };
        assert_eq!(fired(0.0), ["BAYES_00"]);
        assert_eq!(fired(0.01), ["BAYES_00"]);
        assert_eq!(fired(0.0101), ["BAYES_05"]);
        assert_eq!(fired(0.5), ["BAYES_50"]);
        assert_eq!(fired(0.99), ["BAYES_95"]);
        assert_eq!(fired(0.995), ["BAYES_99"]);
        assert_eq!(fired(0.9995), ["BAYES_99", "BAYES_999"]);
        assert_eq!(fired(1.0), ["BAYES_99", "BAYES_999"]);
    }

    #[test]
    fn texts_exist_in_both_languages() {
        for rule in rules() {
            assert!(!rule.text.description.en.is_empty() && !rule.text.description.fr.is_empty());
            assert!(rule.flags.learn);
            assert_eq!(rule.scores.0[0], 0.0);
        }
        assert_eq!(
            text(0.99, 1.0).description.fr,
            "Probabilité bayésienne de spam entre 99 % (exclu) et 100 %"
        );
        assert_eq!(
            text(0.999, 1.0).description.en,
            "Bayes spam probability is above 99.9%, up to 100%"
        );
    }
}
