use super::rules;
use crate::engine::Inputs;
use crate::rules::testing::{analyse, evidence, fired};

/// The content tests that fire on a plain-text message with `subject` and
/// `body`, from `from`.
fn fired_on(from: &str, subject: &str, body: &str) -> Vec<String> {
    let message = format!("From: {from}\nTo: b@example.org\nSubject: {subject}\n\n{body}\n");
    fired(rules(), &analyse(&message), &Inputs::default())
}

/// Asserts that `name` fires on each of `yes` (as the body) and on none of
/// `no`.
#[track_caller]
fn check_body(name: &str, yes: &[&str], no: &[&str]) {
    for body in yes {
        let hits = fired_on("a@example.com", "hello", body);
        assert!(hits.iter().any(|hit| hit == name), "{name} on {body:?}");
    }
    for body in no {
        let hits = fired_on("a@example.com", "hello", body);
        assert!(
            !hits.iter().any(|hit| hit == name),
            "{name} not on {body:?}"
        );
    }
}

#[test]
fn every_pattern_compiles() {
    assert!(rules().len() >= 11);
}

#[test]
fn dear_something() {
    check_body(
        "DEAR_SOMETHING",
        &[
            "Dear Sir,",
            "DEAR SIRS/MADAM",
            "dear IT-team",
            "Dear traveller",
        ],
        &[
            "Dear John,",
            "Dear Sirius",
            "Dear IT, hi",
            "Dear internetwork",
        ],
    );
}

#[test]
fn us_dollars_3() {
    check_body(
        "US_DOLLARS_3",
        &["the sum of $1,500,000.00", "USD 12.000.000"],
        &["$1,500", "EUR 1.500.000", "$1500000"],
    );
}

#[test]
fn bang_guar() {
    check_body(
        "BANG_GUAR",
        &["Results Guaranteed!", "satisfaction guarantee!"],
        &["guaranteed.", "unguaranteed!"],
    );
}

#[test]
fn million_usd() {
    check_body(
        "MILLION_USD",
        &[
            "Ten Million (10,000,000.00) United States Dollars",
            "5 million USD",
        ],
        &["a million euros", "millionaire USD"],
    );
}

#[test]
fn urg_biz() {
    check_body(
        "URG_BIZ",
        &["I need your URGENT ASSISTANCE", "urgent and confidential"],
        &["urgent!", "an urgent matter needs your help"],
    );
}

#[test]
fn diet_1() {
    check_body(
        "DIET_1",
        &[
            "lose 20 pounds fast",
            "weight-loss secret",
            "slim without exercise now",
            "no exercise\n\nprice",
            "burn belly fat",
        ],
        &[
            "the exercise price of the option",
            "without exercise price",
            "lost my weightlifting",
        ],
    );
}

#[test]
fn low_price() {
    check_body(
        "LOW_PRICE",
        &["at a low Price", "LOWEST Price"],
        &["at a low price", "slow Price"],
    );
}

#[test]
fn tracker_id() {
    check_body(
        "TRACKER_ID",
        &["intro\n\na1b2c3d4e5_f6g7h8-i9j0k1l2m3n4o5"],
        &[
            "intro\n\na1b2c3d4e5 f6g7h8i9j0k1l2m3n4o5",
            "intro\n\nshort_id_123",
        ],
    );
}

#[test]
fn body_enhancement() {
    check_body(
        "BODY_ENHANCEMENT",
        &[
            "Enlarge your penis",
            "bigger breasts in weeks",
            "increase breast size",
        ],
        &["larger breast cancer screening", "grow your business"],
    );
}

#[test]
fn english_uce_subject() {
    let hit = |subject| {
        fired_on("a@example.com", subject, "hi").contains(&"ENGLISH_UCE_SUBJECT".to_owned())
    };
    assert!(hit("ADV: cheap stuff"));
    assert!(hit("[ADVERT] sale"));
    assert!(!hit("Advice needed"));
    assert!(!hit("Re: ADV: cheap stuff"));
}

#[test]
fn from_offers() {
    let hit = |from| fired_on(from, "hello", "hi").contains(&"FROM_OFFERS".to_owned());
    assert!(hit("deals@greatoffers.example"));
    assert!(hit("Deals <x@mail.OFFERS-now.example>"));
    assert!(!hit("offers@example.com"));
    assert!(!hit("x@offersen.example"));
}

#[test]
fn evidence_quotes_the_match() {
    let analysis = analyse("From: a@example.com\nSubject: hi\n\nDear Sir, hello\n");
    let found = evidence(rules(), "DEAR_SOMETHING", &analysis).expect("fires");
    assert_eq!(found.en, "\"Dear Sir\" in the text (or the Subject)");
}

#[test]
fn end_future_emails() {
    check_body(
        "END_FUTURE_EMAILS",
        &[
            "If you would prefer not to receive our emails, click here.",
            "To stop receiving these messages, write to us.",
            "stop receiving these e-mails",
            "click to remove from future mailings",
            "If you do not wish to get our emails, reply.",
        ],
        &[
            "To stop receiving these alerts, change your settings.",
            "stop receiving these emails",
            "If you do not wish to receive these emails, unsubscribe.",
            "Our emails are great.",
        ],
    );
}

#[test]
fn end_future_emails_exceptions() {
    let body = "To stop receiving these messages, write to us.";
    let fires = |header: &str| {
        let message = format!("From: a@example.com\n{header}\n\n{body}\n");
        fired(rules(), &analyse(&message), &Inputs::default())
            .contains(&"END_FUTURE_EMAILS".to_owned())
    };
    assert!(fires("Subject: news"));
    assert!(!fires("Subject: =?utf-8?B?bmV3cw==?="));
    assert!(!fires("Subject: news\nfrom: b@example.com"));
    assert!(!fires(
        "Subject: news\nMessage-ID: <1.JavaMail.x@example.com>"
    ));
    assert!(!fires("Subject: news\nReply-to: someone@example.com"));
}

#[test]
fn html_font_size() {
    let html = |body: &str| {
        let message = format!(
            "From: a@example.com\nSubject: s\nContent-Type: text/html\n\n<html><body>{body}</body></html>\n"
        );
        fired(rules(), &analyse(&message), &Inputs::default())
    };
    let large = html("<font size=6>big</font> text");
    assert!(
        large.contains(&"HTML_FONT_SIZE_LARGE".to_owned()),
        "{large:?}"
    );
    assert!(!large.contains(&"HTML_FONT_SIZE_HUGE".to_owned()));
    let huge = html("<font size=+4>huge</font>");
    assert!(huge.contains(&"HTML_FONT_SIZE_HUGE".to_owned()), "{huge:?}");
    let normal = html("<font size=5>fine</font>");
    assert!(
        !normal.iter().any(|name| name.starts_with("HTML_FONT_SIZE")),
        "{normal:?}"
    );
}

#[test]
fn html_image_ratio() {
    let html = |text: &str| {
        let message = format!(
            "From: a@example.com\nSubject: s\nContent-Type: text/html\n\n<html><body>{text}<img src=\"cid:x\" width=500 height=200></body></html>\n"
        );
        fired(rules(), &analyse(&message), &Inputs::default())
    };
    // 100,000 square pixels: 150 characters give 0.0015, 300 give 0.003.
    let short = html(&"a".repeat(150));
    assert!(
        short.contains(&"HTML_IMAGE_RATIO_02".to_owned()),
        "{short:?}"
    );
    let longer = html(&"a ".repeat(300));
    assert!(
        longer.contains(&"HTML_IMAGE_RATIO_04".to_owned()),
        "{longer:?}"
    );
    let wordy = html(&"a".repeat(2000));
    assert!(
        !wordy
            .iter()
            .any(|name| name.starts_with("HTML_IMAGE_RATIO")),
        "{wordy:?}"
    );
}
