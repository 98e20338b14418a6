//! `GTUBE`: the Generic Test for Unsolicited Bulk Email, a fixed string any
//! user may put in a message to check that the filter marks it as spam.
//!
//! SpamAssassin looks for it as a `body` rule: in the rendered text of the
//! text parts and in the Subject (line 1 of the body), not in the other
//! header fields nor in attachments that are not text. Its score, 1,000,
//! makes the verdict spam whatever else fires.

use super::{Expr, View, content_rule};
use crate::rules::{Family, Rule};
use crate::text;

/// The test string, with its `*` and `.` escaped.
const GTUBE: Expr = Expr::Match(
    View::Body,
    r"XJS\*C4JDBQADN1\.NSBN3\*2IDNEN\*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL\*C\.34X",
);

pub(super) fn rules() -> Vec<Rule> {
    vec![content_rule(
        "GTUBE",
        Family::Body,
        [1000.0; 4],
        &GTUBE,
        text!(
            description: (
                "The standard test string for unsolicited bulk email (GTUBE)",
                "La chaîne de test standard du courrier en masse non sollicité (GTUBE)"
            ),
            explanation: (
                "The text or the Subject holds GTUBE, a fixed string that exists only to check that a spam filter works: any message carrying it is to be treated as spam, whatever else it says.",
                "Le texte ou l'objet contient GTUBE, une chaîne fixe qui n'existe que pour vérifier qu'un filtre anti-spam fonctionne : tout message qui la porte doit être traité comme du spam, quoi qu'il dise par ailleurs."
            ),
            fix: (
                "Remove the test string: it is meant for testing the filter only.",
                "Retirez la chaîne de test : elle ne sert qu'à tester le filtre."
            ),
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    const STRING: &str = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    fn fires(message: &str) -> bool {
        !fired(rules(), &analyse(message), &Inputs::default()).is_empty()
    }

    #[test]
    fn in_the_text() {
        assert!(fires(&format!(
            "From: a@example.com\nSubject: test\n\nThis is the GTUBE:\n\n{STRING}\n\nend\n"
        )));
        // In an HTML part, once rendered.
        assert!(fires(&format!(
            "From: a@example.com\nSubject: test\nContent-Type: text/html\n\n<p><b>{STRING}</b></p>\n"
        )));
        // Inside a base64 text part, once decoded.
        assert!(fires(
            "From: a@example.com\nSubject: t\nContent-Transfer-Encoding: base64\n\nWEpTKkM0SkRCUUFETjEuTlNCTjMqMklETkVOKkdUVUJFLVNUQU5EQVJELUFOVEktVUJFLVRFU1QtRU1BSUwqQy4zNFg=\n"
        ));
    }

    #[test]
    fn in_the_subject_only() {
        assert!(fires(&format!(
            "From: a@example.com\nSubject: {STRING}\n\nhello\n"
        )));
    }

    #[test]
    fn not_elsewhere() {
        // Another header field is not read.
        assert!(!fires(&format!(
            "From: a@example.com\nX-Test: {STRING}\nSubject: t\n\nhello\n"
        )));
        // Nor an attachment that is not text.
        assert!(!fires(&format!(
            "From: a@example.com\nSubject: t\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nhello\n--b\nContent-Type: application/octet-stream\n\n{STRING}\n--b--\n"
        )));
        // A near miss: one character off.
        let near = STRING.replace("34X", "34Y");
        assert!(!fires(&format!(
            "From: a@example.com\nSubject: t\n\n{near}\n"
        )));
    }

    #[test]
    fn decides_spam() {
        let engine = crate::Engine::new(crate::Config::default()).unwrap_or_else(|e| panic!("{e}"));
        let message = format!(
            "Date: Mon, 2 Jan 2006 12:00:00 +0000\nFrom: a@example.com\nTo: b@example.org\nMessage-Id: <1@example.com>\nSubject: test\n\n{STRING}\n"
        );
        let report = engine
            .check(message.as_bytes(), &Inputs::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(report.hit("GTUBE").is_some_and(|hit| hit.score == 1000.0));
        assert!(report.is_spam && report.score >= 1000.0, "{}", report.score);
    }
}
