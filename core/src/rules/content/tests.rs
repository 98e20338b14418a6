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
fn every_pattern_compiles_and_names_are_unique() {
    // Building the tests compiles every pattern (a bad one panics here).
    let names: Vec<String> = rules()
        .into_iter()
        .map(|rule| rule.name.into_owned())
        .collect();
    let unique: std::collections::BTreeSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    assert!(
        names.iter().all(|name| !name.starts_with("__")),
        "{names:?}"
    );
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
fn subject_diet() {
    let hit =
        |subject| fired_on("a@example.com", subject, "hi").contains(&"SUBJECT_DIET".to_owned());
    assert!(hit("Lose 10 Pounds in a week"));
    assert!(hit("how to lose belly weight"));
    assert!(!hit("Don't lose heart"));
    assert!(!hit("Closer weight"));
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

#[test]
fn this_ad() {
    check_body(
        "THIS_AD",
        &["To stop seeing this ad, click.", "about this_promotion"],
        &["this address is wrong", "thisad"],
    );
    let mozilla = "From: a@example.com\nMessage-ID: <0123abcd-0123-4567-89ab-0123456789ab@example.com>\nSubject: s\n\nabout this ad\n";
    assert!(!fired(rules(), &analyse(mozilla), &Inputs::default()).contains(&"THIS_AD".to_owned()));
    let matching = "Return-Path: <news@shop.example>\nReceived: from mx.shop.example (mx.shop.example [192.0.2.1]) by mx.example.org with SMTP id x; Mon, 1 Jan 2024 00:00:00 +0000\nFrom: a@shop.example\nSubject: s\n\nabout this ad\n";
    assert!(
        !fired(rules(), &analyse(matching), &Inputs::default()).contains(&"THIS_AD".to_owned())
    );
}

/// A message with `message_id` and an HTML body made of `html`.
fn html_message(message_id: &str, extra: &str, html: &str) -> String {
    format!(
        "From: a@example.com\nMessage-ID: {message_id}\n{extra}Subject: offer\nContent-Type: text/html\n\n<html><body>{html}</body></html>\n"
    )
}

#[test]
fn msgid_dollars_uri_img() {
    let linked = "<a href=\"http://shop.example/\"><img src=\"http://shop.example/a.gif\"></a>";
    let fires = |id: &str, extra: &str, html: &str| {
        fired(
            rules(),
            &analyse(&html_message(id, extra, html)),
            &Inputs::default(),
        )
        .contains(&"MSGID_DOLLARS_URI_IMG".to_owned())
    };
    assert!(fires("<abcd$efgh$ijkl@host.example>", "", linked));
    assert!(fires("<abcd$efgh$localhos@host.example>", "", linked));
    assert!(!fires("<abcd$efgh$localhost1@host.example>", "", linked));
    assert!(!fires("<abcd$efgh$ijk@host.example>", "", linked));
    assert!(!fires(
        "<abcd$efgh$ijkl@host.example>",
        "",
        "<a href=\"http://shop.example/\">text</a>"
    ));
    assert!(!fires(
        "<abcd$efgh$ijkl@host.example>",
        "References: <x@y>\n",
        linked
    ));
}

#[test]
fn nordns_low_contrast() {
    use crate::{Config, Engine};
    let engine = Engine::new(Config::default()).expect("default engine");
    let message = |received: &str, extra: &str| {
        format!(
            "Received: from helo.example ({received}) by mx.example.org with SMTP id x; Mon, 1 Jan 2024 00:00:00 +0000\nFrom: a@example.com\n{extra}Subject: s\nContent-Type: text/html\n\n<html><body bgcolor=\"#ffffff\"><font color=\"#fefefe\">hidden words here</font> visible</body></html>\n"
        )
    };
    let fires = |raw: String| {
        let report = engine
            .check(raw.as_bytes(), &Inputs::default())
            .expect("a message");
        report.hit("NORDNS_LOW_CONTRAST").is_some()
    };
    assert!(fires(message("[198.51.100.7]", "")));
    assert!(!fires(message("host.example [198.51.100.7]", "")));
    assert!(!fires(message("[198.51.100.7]", "X-CID: 1\n")));
    assert!(!fires(message("[198.51.100.7]", "References: <x@y>\n")));
}

#[test]
fn sales_formulas() {
    check_body(
        "GUARANTEED_100_PERCENT",
        &["It is 100% GUARANTEED"],
        &["100 % guaranteed"],
    );
    check_body(
        "FREE_QUOTE_INSTANT",
        &[
            "Get a FREE instant online quote",
            "free, no-obligation quote",
        ],
        &["a free quote", "instant quote for free"],
    );
    check_body(
        "MONEY_BACK",
        &["30-day money back guarantee"],
        &["money-back guarantee"],
    );
    check_body(
        "EXCUSE_REMOVE",
        &["To be removed from future mailings, reply"],
        &["to be removed from the list"],
    );
    check_body(
        "EXCUSE_4",
        &["To Be Removed, Please reply"],
        &["to be removed: please"],
    );
    check_body(
        "EXCUSE_24",
        &["You received this offer because you signed up"],
        &["You received this letter because"],
    );
    check_body(
        "DEAR_FRIEND",
        &["Dear Friend,"],
        &["My dear friend,", "Dear Friendly"],
    );
    check_body(
        "MARKETING_PARTNERS",
        &["one of our marketing partners", "visit our partner website"],
        &["a partnership"],
    );
    check_body(
        "NA_DOLLARS",
        &["15 Million Canadian Dollars", "2million US$"],
        &["15 Million Euros", "millions of U.S. dollars"],
    );
    check_body(
        "MILLION_HUNDRED",
        &["Two Million Five Hundred Thousand"],
        &["Million and a hundred"],
    );
    check_body(
        "FIN_FREE",
        &["become financially free"],
        &["financial advice"],
    );
    check_body(
        "BAD_CREDIT",
        &["Bad credit? No problem", "no credit check needed"],
        &["good credit"],
    );
    check_body(
        "ACT_NOW_CAPS",
        &["Act Now!", "ACT NOW"],
        &["act now", "Act now"],
    );
}

#[test]
fn hide_win_status() {
    let message = |html: &str| {
        format!(
            "From: a@example.com\nSubject: s\nContent-Type: text/html\n\n<html><body>{html}</body></html>\n"
        )
    };
    let hit = |html: &str| {
        fired(rules(), &analyse(&message(html)), &Inputs::default())
            .contains(&"HIDE_WIN_STATUS".to_owned())
    };
    assert!(hit(
        "<a href=\"http://x.example/\" onMouseOver=\"window.status='ok'; return true\">x</a>"
    ));
    assert!(!hit(
        "<a href=\"http://x.example/\" onMouseOver=\"highlight()\">x</a>"
    ));
}

#[test]
fn weird_port_and_ip_link() {
    let links = |uri: &str| {
        let message = format!("From: a@example.com\nSubject: s\n\nsee {uri} now\n");
        fired(rules(), &analyse(&message), &Inputs::default())
    };
    for uri in [
        "http://shop.com:81/",
        "http://shop.com:4430/x",
        "http://shop.com:808/",
    ] {
        assert!(links(uri).contains(&"WEIRD_PORT".to_owned()), "{uri}");
    }
    for uri in [
        "http://shop.com:80/",
        "https://shop.com:443/",
        "http://shop.com:8080/",
        "http://shop.com/",
    ] {
        assert!(!links(uri).contains(&"WEIRD_PORT".to_owned()), "{uri}");
    }
    assert!(links("http://203.0.113.9/cgi-bin/x").contains(&"IP_LINK_PLUS".to_owned()));
    assert!(!links("http://203.0.113.9/index.html").contains(&"IP_LINK_PLUS".to_owned()));
}

#[test]
fn escaped_links() {
    let links = |uri: &str| {
        let message = format!(
            "From: a@example.com\nSubject: s\nContent-Type: text/html\n\n<a href=\"{uri}\">x</a>\n"
        );
        fired(rules(), &analyse(&message), &Inputs::default())
    };
    let has = |uri: &str, name: &str| links(uri).contains(&name.to_owned());
    assert!(has("http://shop.com/%41bc", "HTTP_EXCESSIVE_ESCAPES"));
    assert!(!has("http://shop.com/a%20b", "HTTP_EXCESSIVE_ESCAPES"));
    assert!(has("http://sh%6fp.com/", "HTTP_ESCAPED_HOST"));
    assert!(has("http://shop%20x.com/", "HTTP_ESCAPED_HOST"));
    assert!(!has("http://shop.com/%41", "HTTP_ESCAPED_HOST"));
}

#[test]
fn weird_quoting() {
    check_body(
        "WEIRD_QUOTING",
        &["a \"\"Free\"\" gift"],
        &["a \"Free\" gift", "\"\"   \"\""],
    );
}

#[test]
fn lots_of_money_reads_figures_and_words() {
    check_body(
        "LOTS_OF_MONEY",
        &[
            "you will receive $15,000 today",
            "the sum of 25,000,000 is yours",
            "USD 12.500.000",
            "a total of 10,500,000 dollars",
            "US$25 million for you",
            "3 millions euros",
            "twenty million United States dollars",
            "two hundred and fifty thousand pounds sterling",
        ],
        &[
            "it cost $12",
            "pay $10000.00 now",
            "on 2002.09.12 at noon",
            "the millions of dollars",
            "sixty million pounds of steel",
            "$1,500 for your travel itinerary",
        ],
    );
}

#[test]
fn money_nohtml_needs_a_plain_text_message() {
    let html = "From: a@example.com\nTo: b@example.org\nSubject: hi\nContent-Type: text/html\n\n<p>you get $1,500,000 now</p>\n";
    let hits = fired(rules(), &analyse(html), &Inputs::default());
    assert!(hits.iter().any(|hit| hit == "LOTS_OF_MONEY"), "{hits:?}");
    assert!(!hits.iter().any(|hit| hit == "MONEY_NOHTML"), "{hits:?}");
    let plain = html.replace("text/html", "text/plain");
    let plain = fired(rules(), &analyse(&plain), &Inputs::default());
    assert!(plain.iter().any(|hit| hit == "MONEY_NOHTML"), "{plain:?}");
}

#[test]
fn eight_bit_text_declared_seven_bit() {
    let message = |headers: &str, body: &str| {
        let text =
            format!("From: a@example.com\nTo: b@example.org\nSubject: hi\n{headers}\n{body}\n");
        fired(rules(), &analyse(&text), &Inputs::default())
    };
    let plain = "Content-Type: text/plain; charset=us-ascii\n";
    let hits = message(plain, "caf\u{e9}");
    assert!(
        hits.iter().any(|hit| hit == "CTE_8BIT_MISMATCH"),
        "{hits:?}"
    );
    assert!(
        hits.iter().any(|hit| hit == "PP_MIME_FAKE_ASCII_TEXT"),
        "{hits:?}"
    );
    let hits = message(
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n",
        "caf\u{e9}",
    );
    assert!(
        !hits.iter().any(|hit| hit == "CTE_8BIT_MISMATCH"),
        "{hits:?}"
    );
    assert!(
        !hits.iter().any(|hit| hit == "PP_MIME_FAKE_ASCII_TEXT"),
        "{hits:?}"
    );
    let hits = message(plain, "cafe");
    assert!(
        !hits.iter().any(|hit| hit == "PP_MIME_FAKE_ASCII_TEXT"),
        "{hits:?}"
    );
}

#[test]
fn from_excess_base64() {
    let fired_from = |from: &str| fired_on(from, "hi", "hello");
    // "John Smith" and "Jos\u{e9}" in base64.
    let hits = fired_from("=?utf-8?B?Sm9obiBTbWl0aA==?= <a@example.com>");
    assert!(
        hits.iter().any(|hit| hit == "FROM_EXCESS_BASE64"),
        "{hits:?}"
    );
    let hits = fired_from("=?utf-8?B?Sm9zw6k=?= <a@example.com>");
    assert!(
        !hits.iter().any(|hit| hit == "FROM_EXCESS_BASE64"),
        "{hits:?}"
    );
    let hits = fired_from("John Smith <a@example.com>");
    assert!(
        !hits.iter().any(|hit| hit == "FROM_EXCESS_BASE64"),
        "{hits:?}"
    );
}

#[test]
fn a_line_match_is_a_match_of_all_the_lines() {
    use super::lines_apart;
    use super::pattern::may_span_lines;
    use regex::bytes::Regex;
    // Word boundaries at the ends of lines, line breaks, cut lines.
    let patterns = [
        r"\bab\b", r"\Bb\B", r"b\b", r"\ba", r"\n\B", r"\B\n", r"a\s+b", r"(?i)a.b", r"[ b]b", "",
    ];
    let alphabet = ["a", "b", " ", "\n", "ab", "é"];
    let mut next = crate::test_random::xorshift(0x9e37_79b9_7f4a_7c15_u64);
    for pattern in patterns {
        assert!(may_span_lines(pattern), "{pattern}");
        let regex = Regex::new(&format!("(?-u){pattern}")).unwrap();
        for _ in 0..2_000 {
            let lines: Vec<String> = (0..1 + next() % 4)
                .map(|_| {
                    (0..next() % 5)
                        .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                        .collect()
                })
                .collect();
            if lines.iter().any(|line| regex.is_match(line.as_bytes())) {
                assert!(regex.is_match(&lines_apart(&lines)), "{pattern} {lines:?}");
            }
        }
    }
    for anchored in [r"^a", r"a$", r"\Aa", r"a\z", r"[^a]"] {
        assert!(!may_span_lines(anchored), "{anchored}");
    }
}

#[test]
fn tvd_approved() {
    check_body(
        "TVD_APPROVED",
        &["Congratulations, you're pre-approved!", "YOU ARE APPROVED"],
        // A curly apostrophe is three bytes in UTF-8.
        &["you were approved", "you\u{2019}re approved"],
    );
}

#[test]
fn pds_btc_id() {
    const ADDRESS: &str = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT";
    check_body(
        "PDS_BTC_ID",
        &[
            &format!("Send the payment to {ADDRESS} today."),
            &format!(
                "wallet: {}",
                ADDRESS
                    .chars()
                    .map(String::from)
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ],
        &[
            &format!("pay={ADDRESS}"),
            &format!("See https://example.com/{ADDRESS} for details, or {ADDRESS}"),
            &format!("{ADDRESS}xyz"),
        ],
    );
}

#[test]
fn mixed_es() {
    // Cyrillic "е" for most of the letters "e".
    let cyrillic = format!("{} {}", "\u{435}".repeat(30), "e".repeat(25));
    // French accents: too few look-alikes.
    let french = format!("{} {}", "\u{e9}".repeat(5), "e".repeat(25));
    check_body("MIXED_ES", &[&cyrillic], &[&french, &"e".repeat(40)]);
}
