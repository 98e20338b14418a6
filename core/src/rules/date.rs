//! Date tests: a malformed Date: header, and a Date: far from the time the
//! message was received (sa-semantics §2.2, §2.3).

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::Analysis;
use crate::analysis::date::{
    HeaderDates, has_absurd_zone, is_invalid_date, parse_rfc822_date, undecoded_values, unfold,
};
use crate::i18n::Lang;
use crate::rules::{Family, Rule, RuleContext};
use crate::time::Timestamp;
use crate::{Localized, text};

/// A Received line's date: `[space]d Mon yyyy hh:mm:ss zone`.
static RECEIVED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(r"\s.?[0-9]+ \S\S\S [0-9]+ [0-9]+:[0-9]+:[0-9]+ \S+").expect("valid pattern")
});
static LOCAL_FIRST_HOP: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(r"\bfrom (?:localhost\s|(?:\S+ ){1,2}\S*\b127\.0\.0\.1\b)|qmail [0-9]+ invoked by uid [0-9]+")
        .expect("valid pattern")
});
static FETCHMAIL_HOP: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    Regex::new(r"\bby localhost with \w+ \(fetchmail-[0-9.]+").expect("valid pattern")
});

/// How far the Date: header is from the time the message was received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DateShift {
    /// Date: minus the receive time, in seconds (positive: in the future).
    seconds: i64,
    /// The receive time it was compared with.
    received: Timestamp,
    /// Whether that time is the caller's `now` rather than a Received date.
    from_now: bool,
}

/// SpamAssassin's `date_diff` (§2.3), with our `now` as the only receive time
/// when no Received field carries a date.
fn date_shift(context: &RuleContext<'_>) -> Option<DateShift> {
    let dates = context
        .analysis
        .header_dates
        .get_or_init(|| header_dates(context.analysis));
    let date = dates.date?;
    let (times, from_now) = match (dates.received.is_empty(), context.inputs.now.as_ref()) {
        (false, _) => (dates.received.as_slice(), false),
        (true, Some(now)) => (std::slice::from_ref(now), true),
        (true, None) => return None,
    };
    let mut diffs: Vec<(i64, Timestamp)> = times
        .iter()
        .map(|&t| (date.unix().saturating_sub(t.unix()), t))
        .collect();
    // An oldest hop stamped with exactly the Date: is the sender's own MTA
    // copying it; SpamAssassin leaves it out.
    if diffs.len() > 1 && diffs.last().is_some_and(|(d, _)| *d == 0) {
        diffs.pop();
    }
    let (seconds, received) = diffs.iter().min_by_key(|(d, _)| d.unsigned_abs())?;
    Some(DateShift {
        seconds: *seconds,
        received: *received,
        from_now,
    })
}

/// The dates `date_shift` compares, read from the header once per message
/// (every band asks for them).
fn header_dates(analysis: &Analysis) -> HeaderDates {
    let headers = &analysis.headers;
    let date = ["Resent-Date", "Date"].iter().find_map(|name| {
        headers
            .all(name)
            .map(|field| unfold(&field.raw))
            .filter(|value| !value.is_empty())
            .find_map(|value| parse_rfc822_date(&value))
    });
    if date.is_none() {
        // Nothing to compare: the Received dates are never read.
        return HeaderDates::default();
    }
    let unfolded: Vec<String> = headers
        .all("Received")
        .map(|field| unfold(&field.raw))
        .collect();
    let mut lines: Vec<&str> = unfolded
        .iter()
        .flat_map(|value| value.split('\n'))
        .filter(|line| line.chars().any(|c| !c.is_whitespace()))
        .collect();
    // A fetchmail pickup (a local first hop, then `by localhost … (fetchmail-`)
    // says when the mail was fetched, not when it was received.
    let first_local = lines.first().is_some_and(|l| LOCAL_FIRST_HOP.is_match(l));
    let fetch_at = usize::from(first_local);
    if lines
        .get(fetch_at)
        .is_some_and(|l| FETCHMAIL_HOP.is_match(l))
    {
        lines.drain(..=fetch_at);
    }
    let received = lines
        .iter()
        .filter_map(|line| RECEIVED_DATE.find(line))
        .filter_map(|found| parse_rfc822_date(found.as_str()))
        .collect();
    HeaderDates { date, received }
}

fn hours_text(seconds: i64, lang: Lang) -> String {
    let tenths = (seconds.unsigned_abs() / 360) as f64 / 10.0;
    let text = if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    };
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

fn shift_evidence(shift: DateShift) -> Localized {
    let (en_dir, fr_dir) = if shift.seconds >= 0 {
        ("after", "après")
    } else {
        ("before", "avant")
    };
    let (en_ref, fr_ref) = if shift.from_now {
        (
            "the time we received it".to_owned(),
            "l'heure de réception chez nous".to_owned(),
        )
    } else {
        (
            format!("the closest Received: time ({})", shift.received),
            format!("l'heure Received: la plus proche ({})", shift.received),
        )
    };
    Localized::new(
        format!(
            "Date: is {} hours {en_dir} {en_ref}",
            hours_text(shift.seconds, Lang::En)
        ),
        format!(
            "Date: est {} heures {fr_dir} {fr_ref}",
            hours_text(shift.seconds, Lang::Fr)
        ),
    )
}

/// One DATE_IN_* band: `[min, max)` hours, `None` meaning unbounded.
struct Band {
    name: &'static str,
    min: Option<i64>,
    max: Option<i64>,
    scores: [f64; 4],
}

const BANDS: [Band; 12] = [
    Band {
        name: "DATE_IN_PAST_03_06",
        min: Some(-6),
        max: Some(-3),
        scores: [2.399, 1.076, 1.2, 1.592],
    },
    Band {
        name: "DATE_IN_PAST_06_12",
        min: Some(-12),
        max: Some(-6),
        scores: [1.699, 1.103, 1.274, 1.543],
    },
    Band {
        name: "DATE_IN_PAST_12_24",
        min: Some(-24),
        max: Some(-12),
        scores: [0.001, 0.804, 1.19, 1.049],
    },
    Band {
        name: "DATE_IN_PAST_24_48",
        min: Some(-48),
        max: Some(-24),
        scores: [1.109, 0.485, 0.624, 1.34],
    },
    Band {
        name: "DATE_IN_PAST_96_XX",
        min: None,
        max: Some(-96),
        scores: [2.6, 2.07, 1.233, 3.405],
    },
    Band {
        name: "DATE_IN_FUTURE_03_06",
        min: Some(3),
        max: Some(6),
        scores: [3.399, 2.426, 2.997, 3.027],
    },
    Band {
        name: "DATE_IN_FUTURE_06_12",
        min: Some(6),
        max: Some(12),
        scores: [2.899, 0.001, 2.222, 1.947],
    },
    Band {
        name: "DATE_IN_FUTURE_12_24",
        min: Some(12),
        max: Some(24),
        scores: [2.603, 2.489, 3.199, 3.199],
    },
    Band {
        name: "DATE_IN_FUTURE_24_48",
        min: Some(24),
        max: Some(48),
        scores: [2.598, 1.248, 0.001, 2.048],
    },
    Band {
        name: "DATE_IN_FUTURE_48_96",
        min: Some(48),
        max: Some(96),
        scores: [2.384, 0.813, 1.078, 2.181],
    },
    Band {
        name: "DATE_IN_FUTURE_Q_PLUS",
        min: Some(2920),
        max: None,
        scores: [1.0, 1.0, 1.0, 1.0],
    },
    // A testing band (the `T_` prefix: SpamAssassin's default 0.01).
    Band {
        name: "T_DATE_IN_FUTURE_96_Q",
        min: Some(96),
        max: Some(2920),
        scores: [0.01; 4],
    },
];

fn in_band(seconds: i64, min: Option<i64>, max: Option<i64>) -> bool {
    min.is_none_or(|h| seconds >= h * 3600) && max.is_none_or(|h| seconds < h * 3600)
}

fn band_text(band: &Band) -> crate::rules::RuleText {
    let range = |lang: Lang| {
        let (from, to, and) = match lang {
            Lang::En => ("more than", "hours", "to"),
            Lang::Fr => ("plus de", "heures", "à"),
        };
        match (band.min, band.max) {
            (Some(2920), None) => match lang {
                Lang::En => "about four months or more".to_owned(),
                Lang::Fr => "environ quatre mois ou plus".to_owned(),
            },
            (None, Some(max)) => format!("{from} {} {to}", max.abs()),
            (Some(min), Some(max)) => {
                let (a, b) = if min < 0 {
                    (max.abs(), min.abs())
                } else {
                    (min, max)
                };
                format!("{a} {and} {b} {to}")
            }
            _ => String::new(),
        }
    };
    let past = band.min.is_none_or(|m| m < 0);
    let (en, fr) = (range(Lang::En), range(Lang::Fr));
    if past {
        text!(
            description: (
                format!("Date: is {en} before the message was received"),
                format!("Date: est {fr} avant la réception du message")
            ),
            explanation: (
                format!("The Date: header says the message was written {en} before the servers on its way received it. Bulk mailers often reuse an old, fixed date or send from a queue long after composing."),
                format!("L'en-tête Date: indique que le message a été écrit {fr} avant sa réception par les serveurs qui l'ont acheminé. Les logiciels d'envoi en masse réutilisent souvent une date figée ou envoient une file d'attente longtemps après sa rédaction.")
            ),
            fix: (
                "Set Date: when the message is actually sent, and keep the sending machine's clock and time zone right (NTP).",
                "Fixez Date: au moment de l'envoi réel et gardez l'horloge et le fuseau horaire de la machine d'envoi à l'heure (NTP)."
            ),
        )
    } else {
        text!(
            description: (
                format!("Date: is {en} after the message was received"),
                format!("Date: est {fr} après la réception du message")
            ),
            explanation: (
                format!("The Date: header is {en} later than the time the servers on its way received the message: a date in the future. Spammers set future dates to stay at the top of sorted mailboxes; otherwise it is a badly set clock or time zone."),
                format!("L'en-tête Date: est {fr} plus tard que l'heure de réception par les serveurs qui ont acheminé le message : une date dans le futur. Les spammeurs l'utilisent pour rester en tête des boîtes triées par date ; sinon, c'est une horloge ou un fuseau horaire mal réglé.")
            ),
            fix: (
                "Correct the sending machine's clock and time zone (NTP) and let the mail library write Date: with the right offset.",
                "Corrigez l'horloge et le fuseau horaire de la machine d'envoi (NTP) et laissez la bibliothèque d'envoi écrire Date: avec le bon décalage."
            ),
        )
    }
}

pub(crate) fn rules() -> Vec<Rule> {
    let mut rules = vec![
        Rule::new(
            "INVALID_DATE",
            Family::Date,
            [1.701, 0.432, 1.2, 1.096],
            text!(
                description: ("Date: header not in RFC 5322 form", "En-tête Date: hors du format RFC 5322"),
                explanation: (
                    "The Date: header does not have the standard shape (\"Mon, 2 Jan 2006 15:04:05 -0700\"), or there are several Date: headers. Mail programs get this right; hand-made or broken bulk software often does not.",
                    "L'en-tête Date: n'a pas la forme standard (« Mon, 2 Jan 2006 15:04:05 -0700 »), ou il y en a plusieurs. Les logiciels de messagerie le font correctement ; les programmes d'envoi en masse bricolés, souvent pas."
                ),
                fix: (
                    "Write exactly one Date: header in RFC 5322 form: optional English day name and comma, day, English month abbreviation, four-digit year, 24-hour time and a numeric zone.",
                    "Écrivez un seul en-tête Date: au format RFC 5322 : jour de la semaine anglais facultatif suivi d'une virgule, jour, mois abrégé en anglais, année sur quatre chiffres, heure sur 24 heures et fuseau numérique."
                ),
            ),
            |context| {
                let value = undecoded_values(&context.analysis.headers, "Date")?;
                is_invalid_date(&value).then(|| {
                    let count = context.analysis.headers.all("Date").count();
                    if count > 1 {
                        Localized::new(
                            format!("{count} Date: headers"),
                            format!("{count} en-têtes Date:"),
                        )
                    } else {
                        let shown = value.trim_end();
                        Localized::new(format!("Date: {shown}"), format!("Date : {shown}"))
                    }
                })
            },
        ),
        Rule::new(
            "INVALID_DATE_TZ_ABSURD",
            Family::Date,
            [0.262, 0.632, 0.706, 0.491],
            text!(
                description: ("Date: has an impossible time zone offset", "Date: porte un décalage horaire impossible"),
                explanation: (
                    "The Date: header ends with a numeric time zone that no place on Earth uses (more than 14 hours, or minutes other than 00, 15, 30 or 45). It is typical of software that builds the date from garbage.",
                    "L'en-tête Date: se termine par un fuseau numérique qu'aucun endroit du monde n'utilise (plus de 14 heures, ou des minutes autres que 00, 15, 30 ou 45). C'est typique d'un logiciel qui fabrique la date n'importe comment."
                ),
                fix: (
                    "Let the mail library compute the zone offset from the system time zone (e.g. \"+0100\").",
                    "Laissez la bibliothèque d'envoi calculer le décalage à partir du fuseau du système (par exemple « +0100 »)."
                ),
            ),
            |context| {
                let value = undecoded_values(&context.analysis.headers, "Date")?;
                has_absurd_zone(&value).map(|zone| {
                    Localized::new(
                        format!("time zone {zone} in Date:"),
                        format!("fuseau {zone} dans Date:"),
                    )
                })
            },
        ),
    ];
    for band in BANDS {
        let (min, max) = (band.min, band.max);
        rules.push(Rule::new(
            band.name,
            Family::Date,
            band.scores,
            band_text(&band),
            // SpamAssassin compares Date: with the Received dates only. When
            // no Received field has a date and the caller gave `now` (the time
            // our MTA received the message), `now` is that receive time; without
            // `now` there is nothing to compare and the test does not fire.
            move |context| {
                let shift = date_shift(context)?;
                in_band(shift.seconds, min, max).then(|| shift_evidence(shift))
            },
        ));
    }
    // SpamAssassin defines this test as `meta (0)`: it never fires, with a
    // score of 0 in every set. It is kept so that configurations naming it
    // stay valid.
    rules.push(Rule::new(
        "DATE_IN_FUTURE_96_XX",
        Family::Date,
        [0.0, 0.0, 0.0, 0.0],
        text!(
            description: ("Date: is more than 96 hours after receipt (disabled)", "Date: plus de 96 heures après la réception (désactivé)"),
            explanation: (
                "SpamAssassin disables this band; it never fires.",
                "SpamAssassin désactive cette tranche ; elle ne se déclenche jamais."
            ),
            fix: (
                "Nothing to do: the test never fires.",
                "Rien à faire : ce test ne se déclenche jamais."
            ),
        ),
        |_| None,
    ));
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing;

    fn fired(message: &str, now: Option<i64>) -> Vec<String> {
        let mut inputs = Inputs::default();
        if let Some(now) = now {
            inputs = inputs.now(Timestamp::from_unix(now));
        }
        testing::fired(rules(), &testing::analyse(message), &inputs)
    }

    const RCVD: &str = "Received: from a (a.example [203.0.113.1]) by b.example (Postfix) with ESMTP id X1; Mon, 2 Jan 2006 12:00:00 +0000\n";

    fn with_date(date: &str) -> String {
        format!("{RCVD}Date: {date}\nFrom: a@example.com\nTo: b@example.org\nSubject: hi\n\nbody\n")
    }

    #[test]
    fn every_band_hits_and_misses_at_its_edges() {
        let base = 1_136_203_200; // 2 Jan 2006 12:00:00 UTC
        for band in BANDS {
            let inside = band.min.unwrap_or(-200) * 3600;
            let date = Timestamp::from_unix(base + inside);
            let date = rfc822(date);
            assert!(
                fired(&with_date(&date), None).contains(&band.name.to_owned()),
                "{} {date}",
                band.name
            );
            if let Some(max) = band.max {
                let edge = rfc822(Timestamp::from_unix(base + max * 3600));
                assert!(
                    !fired(&with_date(&edge), None).contains(&band.name.to_owned()),
                    "{} {edge}",
                    band.name
                );
            }
        }
    }

    fn rfc822(t: Timestamp) -> String {
        let (y, m, d, hh, mm, ss) = t.to_civil();
        let month = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ][(m as usize).saturating_sub(1).min(11)];
        format!("{d} {month} {y} {hh:02}:{mm:02}:{ss:02} +0000")
    }

    #[test]
    fn closest_received_time_wins() {
        let message = format!(
            "Received: from x (x.example [203.0.113.2]) by y.example (Postfix) with ESMTP id Y2; Mon, 2 Jan 2006 20:00:00 +0000\n{}",
            with_date("Mon, 2 Jan 2006 16:30:00 +0000")
        );
        // 3.5 h after the older hop, 3.5 h before the newer one: the first
        // smallest wins (the newer hop, in the past).
        let hits = fired(&message, None);
        assert!(hits.contains(&"DATE_IN_PAST_03_06".to_owned()), "{hits:?}");
    }

    #[test]
    fn now_stands_in_for_missing_received_dates() {
        let message = "Date: Mon, 2 Jan 2006 20:00:00 +0000\nFrom: a@example.com\n\nx\n";
        let now = 1_136_203_200;
        assert!(fired(message, Some(now)).contains(&"DATE_IN_FUTURE_06_12".to_owned()));
        assert!(
            fired(message, None)
                .iter()
                .all(|name| !name.starts_with("DATE_IN"))
        );
    }

    #[test]
    fn invalid_date_and_absurd_zone() {
        assert!(
            fired(&with_date("Mon, 2 Jan 2006 12:00:00 +2500"), None)
                .contains(&"INVALID_DATE_TZ_ABSURD".to_owned())
        );
        assert!(
            !fired(&with_date("Mon, 2 Jan 2006 12:00:00 +0545"), None)
                .contains(&"INVALID_DATE_TZ_ABSURD".to_owned())
        );
        assert!(
            fired(&with_date("2006-01-02 12:00:00"), None).contains(&"INVALID_DATE".to_owned())
        );
        assert!(
            !fired(&with_date("Mon, 2 Jan 2006 12:00:00 +0000"), None)
                .contains(&"INVALID_DATE".to_owned())
        );
        assert!(!fired("From: a@example.com\n\nx\n", None).contains(&"INVALID_DATE".to_owned()));
    }

    #[test]
    fn evidence_is_readable() {
        let shift = DateShift {
            seconds: 7 * 3600 + 1800,
            received: Timestamp::from_unix(0),
            from_now: false,
        };
        let evidence = shift_evidence(shift);
        assert_eq!(
            evidence.en,
            "Date: is 7.5 hours after the closest Received: time (1970-01-01T00:00:00Z)"
        );
        assert!(evidence.fr.starts_with("Date: est 7,5 heures après"));
    }
}
