//! A text report like `spamassassin -t`: SpamAssassin's "Content analysis
//! details" table (sa-semantics §7.7), then the verdict and, for each test that
//! fired, what it found, what it means and how a legitimate sender fixes it.

use std::fmt::Write as _;

use super::Report;
use super::status::{Break, wrap};
use crate::config::Profile;
use crate::i18n::{Lang, group_digits};

/// SpamAssassin's `report_wrap_width` default.
const REPORT_WIDTH: usize = 75;

/// Where descriptions continue in the table: under the description column.
const DESCRIPTION_COLUMN: usize = 28;

/// Indentation of the explanation paragraphs.
const INDENT: &str = "    ";

/// The fixed texts of the report, in one language.
struct Labels {
    details: &'static str,
    points: &'static str,
    required: &'static str,
    columns: &'static str,
    verdict_spam: &'static str,
    verdict_ham: &'static str,
    score: &'static str,
    threshold: &'static str,
    inbound: &'static str,
    outbound: &'static str,
    why: &'static str,
    nothing: &'static str,
    found: &'static str,
    meaning: &'static str,
    fix: &'static str,
    limits: &'static str,
    limit_line: fn(&str, &str, &str) -> String,
}

const EN: Labels = Labels {
    details: "Content analysis details:",
    points: "points",
    required: "required",
    columns: " pts rule name              description",
    verdict_spam: "Verdict: spam",
    verdict_ham: "Verdict: not spam",
    score: "score",
    threshold: "threshold",
    inbound: "inbound profile",
    outbound: "outbound profile",
    why: "Why each test fired",
    nothing: "No test fired.",
    found: "Found:",
    meaning: "What it means:",
    fix: "How to fix it:",
    limits: "Limits that cut the scan (what was kept was still scored):",
    limit_line: |limit, bound, at| format!("{limit} = {bound}, reached at {at}"),
};

const FR: Labels = Labels {
    details: "Détails de l'analyse du contenu :",
    points: "points",
    required: "requis",
    columns: " pts test                   description",
    verdict_spam: "Verdict : spam",
    verdict_ham: "Verdict : pas du spam",
    score: "score",
    threshold: "seuil",
    inbound: "profil entrant",
    outbound: "profil sortant",
    why: "Pourquoi chaque test s'est déclenché",
    nothing: "Aucun test ne s'est déclenché.",
    found: "Constat :",
    meaning: "Ce que cela signifie :",
    fix: "Comment y remédier :",
    limits: "Limites qui ont écourté l'analyse (ce qui a été conservé a quand même été évalué) :",
    limit_line: |limit, bound, at| format!("{limit} = {bound}, atteinte à : {at}"),
};

impl Report {
    /// A readable report in `lang`, like `spamassassin -t`: first SpamAssassin's
    /// "Content analysis details" table (`pts rule name description`, scores as
    /// `%4.1f`, tests in the order they fired), then the verdict, then for each
    /// test that fired its evidence, what it means and how to fix it, and last any
    /// limit that cut the scan.
    ///
    /// ```
    /// use spamgauge::{Config, Engine, Inputs, Lang};
    /// let engine = Engine::new(Config::default())?;
    /// let report = engine.check(b"Subject: hi\n\nhello\n", &Inputs::default())?;
    /// let text = report.to_text(Lang::En);
    /// assert!(text.starts_with("Content analysis details:"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn to_text(&self, lang: Lang) -> String {
        let labels = match lang {
            Lang::En => &EN,
            Lang::Fr => &FR,
        };
        let mut out = String::new();
        self.write_details(&mut out, labels, lang);
        out.push('\n');
        self.write_verdict(&mut out, labels, lang);
        out.push('\n');
        self.write_explanations(&mut out, labels, lang);
        self.write_limits(&mut out, labels, lang);
        out
    }

    /// SpamAssassin's table, with the descriptions in `lang`.
    fn write_details(&self, out: &mut String, labels: &Labels, lang: Lang) {
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "{}   ({} {}, {} {})",
            labels.details,
            self.score_tag(),
            labels.points,
            self.required_tag(),
            labels.required
        );
        out.push('\n');
        out.push_str(labels.columns);
        out.push('\n');
        let _ = writeln!(
            out,
            "{} {} {}",
            "-".repeat(4),
            "-".repeat(22),
            "-".repeat(50)
        );
        for hit in &self.hits {
            let _ = writeln!(
                out,
                "{}",
                summary_line(&hit.name, hit.score, hit.description.get(lang))
            );
        }
    }

    fn write_verdict(&self, out: &mut String, labels: &Labels, lang: Lang) {
        let verdict = if self.is_spam {
            labels.verdict_spam
        } else {
            labels.verdict_ham
        };
        let profile = match self.profile {
            Profile::Inbound => labels.inbound,
            Profile::Outbound => labels.outbound,
        };
        let _ = writeln!(
            out,
            "{verdict} ({} {}, {} {}, {profile})",
            labels.score,
            decimal(self.score, lang),
            labels.threshold,
            decimal(self.threshold, lang),
        );
    }

    fn write_explanations(&self, out: &mut String, labels: &Labels, lang: Lang) {
        if self.hits.is_empty() {
            out.push_str(labels.nothing);
            out.push('\n');
            return;
        }
        out.push_str(labels.why);
        out.push('\n');
        for hit in &self.hits {
            out.push('\n');
            let sign = if hit.score >= 0.0 { "+" } else { "" };
            let _ = writeln!(
                out,
                "{} ({sign}{} {})",
                hit.name,
                decimal(hit.score, lang),
                labels.points
            );
            for (label, text) in [
                (labels.found, hit.evidence.get(lang)),
                (labels.meaning, hit.explanation.get(lang)),
                (labels.fix, hit.fix.get(lang)),
            ] {
                if text.trim().is_empty() {
                    continue;
                }
                let _ = writeln!(out, "  {label}");
                let _ = writeln!(out, "{}", paragraph(text));
            }
        }
    }

    fn write_limits(&self, out: &mut String, labels: &Labels, lang: Lang) {
        if self.limits_hit.is_empty() {
            return;
        }
        out.push('\n');
        out.push_str(labels.limits);
        out.push('\n');
        for hit in &self.limits_hit {
            let bound = group_digits(hit.bound as u64, lang);
            let _ = writeln!(
                out,
                "  - {}",
                (labels.limit_line)(&hit.limit, &bound, &hit.at)
            );
        }
    }
}

/// One row of SpamAssassin's table: `%4.1f` score (`%4.0f` from ±10 on), the
/// name padded to 22 columns, the description wrapped at 75 columns and
/// continued under its own column. SpamAssassin's area prefix (`BODY:`, `URI:`
/// …) is not shown: our tests are not tied to one of its rule types.
fn summary_line(name: &str, score: f64, description: &str) -> String {
    let score = table_score(score);
    // SpamAssassin counts the first line from these lengths, not from the padded
    // name, so a name longer than 22 columns shortens the first line.
    let first_line = 3 + name.chars().count() + score.chars().count();
    let wrapped = wrap(
        description,
        &" ".repeat(DESCRIPTION_COLUMN),
        &" ".repeat(first_line),
        REPORT_WIDTH,
        Break::Space,
    );
    let description = wrapped.trim_start_matches(super::status::is_perl_space);
    format!("{score} {name:<22} {description}")
}

/// SpamAssassin's `%4.1f`, or `%4.0f` for scores of ten points or more either way.
fn table_score(score: f64) -> String {
    if score >= 10.0 || score <= -10.0 {
        format!("{score:4.0}")
    } else {
        format!("{score:4.1}")
    }
}

/// One decimal, with the language's decimal separator.
fn decimal(value: f64, lang: Lang) -> String {
    let text = format!("{value:.1}");
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

/// A text wrapped at the report's width, every line under the indentation.
fn paragraph(text: &str) -> String {
    wrap(text.trim(), INDENT, INDENT, REPORT_WIDTH, Break::Space)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::LimitHit;
    use crate::report::Hit;
    use crate::rules::{Family, Rule, ScoreSet};
    use crate::{Localized, Report, text};

    fn hit(name: &str, score: f64, description: &str) -> Hit {
        let rule = Rule::new(
            name.to_owned(),
            Family::Header,
            [score; 4],
            text!(
                description: (description, format!("{description} (fr)")),
                explanation: ("It means this.", "Cela signifie ceci."),
                fix: ("Do that.", "Faites cela."),
            ),
            |_| None,
        );
        let evidence = Localized::new("found 1,100 things", "trouvé 1\u{202f}100 choses");
        Hit::new(&rule, score, evidence)
    }

    fn report(hits: Vec<Hit>, limits_hit: Vec<LimitHit>) -> Report {
        Report::new(hits, Profile::Inbound, 5.0, ScoreSet::LOCAL, limits_hit)
    }

    #[test]
    fn table_rows_match_spamassassin() {
        // Rows copied from `spamassassin -t` output of SpamAssassin 4.0.1.
        assert_eq!(
            summary_line(
                "INVALID_DATE_TZ_ABSURD",
                0.3,
                "Invalid Date: header (timezone does not exist)"
            ),
            " 0.3 INVALID_DATE_TZ_ABSURD Invalid Date: header (timezone does not exist)"
        );
        assert_eq!(
            summary_line(
                "FREEMAIL_ENVFROM_END_DIGIT",
                0.2,
                "Envelope-from freemail username ends in digit"
            ),
            format!(
                " 0.2 FREEMAIL_ENVFROM_END_DIGIT Envelope-from freemail username ends in\n{}digit",
                " ".repeat(28)
            )
        );
        assert_eq!(
            summary_line("MISSING_DATE", 2.739, "Missing Date: header"),
            " 2.7 MISSING_DATE           Missing Date: header"
        );
    }

    #[test]
    fn big_and_negative_scores_use_spamassassin_widths() {
        assert_eq!(table_score(2.739), " 2.7");
        assert_eq!(table_score(-1.9), "-1.9");
        assert_eq!(table_score(100.0), " 100");
        assert_eq!(table_score(-10.0), " -10");
        assert_eq!(table_score(9.96), "10.0");
    }

    #[test]
    fn report_has_table_verdict_and_explanations_in_english() {
        let report = report(
            vec![hit("MISSING_DATE", 2.739, "Missing Date: header")],
            Vec::new(),
        );
        let text = report.to_text(Lang::En);
        let expected_head = "Content analysis details:   (2.7 points, 5.0 required)\n\
             \n \
             pts rule name              description\n\
             ---- ---------------------- --------------------------------------------------\n \
             2.7 MISSING_DATE           Missing Date: header\n\
             \n\
             Verdict: not spam (score 2.7, threshold 5.0, inbound profile)\n";
        assert!(text.starts_with(expected_head), "{text}");
        assert!(text.contains("MISSING_DATE (+2.7 points)\n  Found:\n    found 1,100 things\n"));
        assert!(text.contains("  What it means:\n    It means this.\n"));
        assert!(text.contains("  How to fix it:\n    Do that.\n"));
        assert!(!text.contains("Limits"));
    }

    #[test]
    fn report_in_french_uses_french_texts_and_decimal_commas() {
        let report = report(
            vec![hit("MISSING_DATE", 2.739, "Missing Date: header")],
            Vec::new(),
        );
        let text = report.to_text(Lang::Fr);
        assert!(text.starts_with("Détails de l'analyse du contenu :   (2.7 points, 5.0 requis)"));
        assert!(text.contains(" 2.7 MISSING_DATE           Missing Date: header (fr)\n"));
        assert!(text.contains("Verdict : pas du spam (score 2,7, seuil 5,0, profil entrant)"));
        assert!(
            text.contains(
                "MISSING_DATE (+2,7 points)\n  Constat :\n    trouvé 1\u{202f}100 choses\n"
            )
        );
        assert!(text.contains("  Comment y remédier :\n    Faites cela.\n"));
        assert!(!text.contains("What it means"));
    }

    #[test]
    fn quirky_score_tag_is_used_in_the_table_header() {
        let report = report(vec![hit("A", 4.96, "a")], Vec::new());
        assert!(
            report
                .to_text(Lang::En)
                .starts_with("Content analysis details:   (4.9 points,")
        );
    }

    #[test]
    fn nothing_fired_is_said_plainly() {
        let text = report(Vec::new(), Vec::new()).to_text(Lang::En);
        assert!(text.contains("No test fired."), "{text}");
        assert!(text.contains("Verdict: not spam (score 0.0,"), "{text}");
    }

    #[test]
    fn limits_that_cut_the_scan_are_listed() {
        let limits = vec![LimitHit::new("max_parts", 1000, "part 1001")];
        let text = report(Vec::new(), limits.clone()).to_text(Lang::En);
        assert!(text.contains("Limits that cut the scan"), "{text}");
        assert!(
            text.contains("  - max_parts = 1,000, reached at part 1001\n"),
            "{text}"
        );
        let text = report(Vec::new(), limits).to_text(Lang::Fr);
        assert!(
            text.contains("  - max_parts = 1\u{202f}000, atteinte à : part 1001\n"),
            "{text}"
        );
    }

    #[test]
    fn long_explanations_are_wrapped_under_the_indentation() {
        let mut long = hit("A", 1.0, "a");
        long.explanation = Localized::new("word ".repeat(40), "mot ".repeat(40));
        let text = report(vec![long], Vec::new()).to_text(Lang::En);
        let lines: Vec<&str> = text
            .lines()
            .skip_while(|line| !line.starts_with("  What it means:"))
            .skip(1)
            .take_while(|line| line.starts_with(INDENT))
            .collect();
        assert!(lines.len() > 1, "{text}");
        assert!(
            lines
                .iter()
                .all(|line| line.chars().count() <= REPORT_WIDTH),
            "{text}"
        );
    }
}
