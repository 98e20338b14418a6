//! Rule tests over hand-built analyses, and end-to-end checks.

use super::*;
use crate::analysis::{HeaderField, MimeNode};
use crate::config::Limits;
use crate::engine::Inputs;
use crate::rules::testing;
use crate::{Config, Engine};

fn with_html(sources: &[&str]) -> Analysis {
    let mut analysis = Analysis::default();
    for (i, source) in sources.iter().enumerate() {
        analysis.html.push(HtmlModel::parse(
            i + 1,
            source,
            &Limits::default(),
            &mut Vec::new(),
        ));
    }
    analysis
}

fn header(analysis: &mut Analysis, name: &str, value: &str) {
    analysis
        .headers
        .fields
        .push(HeaderField::plain(name, value));
}

fn node(ctype: &str, text: Option<&str>) -> MimeNode {
    MimeNode {
        ctype: ctype.to_owned(),
        effective_type: ctype.to_owned(),
        raw_content_type: Some(ctype.to_owned()),
        is_leaf: true,
        text: text.map(str::to_owned),
        ..MimeNode::default()
    }
}

fn fire(name: &str, analysis: &Analysis) -> Option<Evidence> {
    testing::evidence(rules(), name, analysis)
}

/// An HTML document of exactly `len` characters with one image and a little text.
fn image_doc(len: usize) -> String {
    let head = "<html><body><img src=\"cid:a\">hello";
    let tail = "</body></html>\n";
    let pad = len.saturating_sub(head.len() + tail.len() + 7);
    let doc = format!("{head}<!--{}-->{tail}", "x".repeat(pad));
    assert_eq!(doc.chars().count(), len);
    doc
}

#[test]
fn registry_is_complete_and_consistent() {
    let all = rules();
    let names: Vec<_> = all.iter().map(|r| r.name.to_string()).collect();
    for expected in [
        "HTML_MESSAGE",
        "HTML_IMAGE_ONLY_04",
        "HTML_IMAGE_ONLY_32",
        "HTML_SHORT_LINK_IMG_3",
        "T_REMOTE_IMAGE",
        "HTML_TITLE_SUBJ_DIFF",
        "HTML_MIME_NO_HTML_TAG",
        "HTML_TAG_BALANCE_BODY",
        "HTML_TAG_BALANCE_HEAD",
        "HTML_FONT_LOW_CONTRAST",
        "HTML_OBFUSCATE_05_10",
        "HTML_OBFUSCATE_70_80",
        "HTML_OBFUSCATE_90_100",
        "MIXED_AREA_CASE",
        "MIXED_CENTER_CASE",
        "MIXED_FONT_CASE",
        "MIXED_HREF_CASE",
        "MIXED_IMG_CASE",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected}");
    }
    assert_eq!(all.len(), 30);
    for rule in &all {
        for text in [
            &rule.text.description,
            &rule.text.explanation,
            &rule.text.fix,
        ] {
            assert!(!text.en.is_empty() && !text.fr.is_empty(), "{}", rule.name);
            assert_ne!(text.en, text.fr, "{}", rule.name);
        }
    }
}

#[test]
fn html_message() {
    let e = fire("HTML_MESSAGE", &with_html(&["<p>hi</p>"]));
    assert_eq!(e.map(|e| e.en), Some("1 part text/html".to_owned()));
    assert!(fire("HTML_MESSAGE", &with_html(&[])).is_none());
    assert!(fire("HTML_MESSAGE", &with_html(&[""])).is_none());
}

#[test]
fn image_only_bands() {
    // 1,100 characters with an image hits _12 (verified example).
    let analysis = with_html(&[&image_doc(1100)]);
    let e = fire("HTML_IMAGE_ONLY_12", &analysis);
    assert_eq!(
        e,
        Some(Localized::new(
            "text/html part: 1 image, 1,100 characters",
            "partie text/html : 1 image, 1\u{202f}100 caractères"
        ))
    );
    assert!(fire("HTML_IMAGE_ONLY_08", &analysis).is_none());
    assert!(fire("HTML_IMAGE_ONLY_16", &analysis).is_none());
    // Bands are (min, max].
    assert!(fire("HTML_IMAGE_ONLY_04", &with_html(&[&image_doc(400)])).is_some());
    assert!(fire("HTML_IMAGE_ONLY_08", &with_html(&[&image_doc(401)])).is_some());
    assert!(fire("HTML_IMAGE_ONLY_32", &with_html(&[&image_doc(3200)])).is_some());
    assert!(fire("HTML_IMAGE_ONLY_32", &with_html(&[&image_doc(3201)])).is_none());
    // No image: no hit; an </img> end tag alone is enough.
    assert!(fire("HTML_IMAGE_ONLY_04", &with_html(&["<p>short</p>"])).is_none());
    assert!(fire("HTML_IMAGE_ONLY_04", &with_html(&["<p>short</img></p>"])).is_some());
}

#[test]
fn short_link_img() {
    let analysis = with_html(&["<a href=\"http://x.test/\"><img src=\"cid:a\"></a>"]);
    assert!(fire("HTML_SHORT_LINK_IMG_1", &analysis).is_some());
    assert!(fire("HTML_SHORT_LINK_IMG_2", &analysis).is_none());
    // Image outside the link: no hit.
    let analysis = with_html(&["<a href=\"http://x.test/\">x</a><img src=\"cid:a\">"]);
    assert!(fire("HTML_SHORT_LINK_IMG_1", &analysis).is_none());
    // Length and linked image may come from different parts.
    let long = format!("<a href=x><img src=y></a>{}", "z".repeat(3000));
    let analysis = with_html(&[&long, "<p>short</p>"]);
    assert!(fire("HTML_SHORT_LINK_IMG_1", &analysis).is_some());
}

#[test]
fn remote_image_and_its_exclusions() {
    let base = with_html(&["<html><body><img src=\"cid:a\"></body></html>"]);
    assert!(fire("T_REMOTE_IMAGE", &base).is_some());

    let mut list = base.clone();
    header(&mut list, "List-Id", "<users.lists.test>");
    assert!(fire("T_REMOTE_IMAGE", &list).is_none());

    let mut bulk = base.clone();
    header(&mut bulk, "Precedence", "bulk");
    assert!(fire("T_REMOTE_IMAGE", &bulk).is_none());

    let mut bot = base.clone();
    header(&mut bot, "From", "Shop <noreply@shop.test>");
    assert!(fire("T_REMOTE_IMAGE", &bot).is_none());

    let mut person = base.clone();
    header(&mut person, "From", "Alice <alice@shop.test>");
    assert!(fire("T_REMOTE_IMAGE", &person).is_some());

    // A robot word counts only within six characters of the `@`.
    let mut far = base.clone();
    header(&mut far, "From", "<Subscriber_Services78044@mail.test>");
    assert!(fire("T_REMOTE_IMAGE", &far).is_some());
    let mut near = base.clone();
    header(&mut near, "From", "<Subscribers@mail.test>");
    assert!(fire("T_REMOTE_IMAGE", &near).is_none());

    let mut newsletter = base.clone();
    newsletter.body.lines = vec!["hi\n".into(), "Click to unsubscribe\n".into()];
    assert!(fire("T_REMOTE_IMAGE", &newsletter).is_none());

    let mut attached = base.clone();
    attached.mime.nodes = vec![node("multipart/related", None), node("image/png", None)];
    assert!(fire("T_REMOTE_IMAGE", &attached).is_none());

    // Long HTML without a linked image: no hit.
    let long = format!("<img src=x>{}", "z".repeat(3000));
    assert!(fire("T_REMOTE_IMAGE", &with_html(&[&long])).is_none());
}

#[test]
fn title_subject_diff() {
    let mut analysis = with_html(&["<title>eleven char</title>"]);
    header(&mut analysis, "Subject", "hi");
    // 11 / len("hi\n") = 3.67 > 3.5 (verified).
    let e = fire("HTML_TITLE_SUBJ_DIFF", &analysis);
    assert_eq!(
        e.map(|e| e.en),
        Some("title of 11 characters for a Subject of 3 bytes (3.7×)".to_owned())
    );
    let mut near = with_html(&["<title>ten chars!</title>"]);
    header(&mut near, "Subject", "hi");
    assert!(fire("HTML_TITLE_SUBJ_DIFF", &near).is_none());
    // No Subject: no hit.
    assert!(
        fire(
            "HTML_TITLE_SUBJ_DIFF",
            &with_html(&["<title>eleven char</title>"])
        )
        .is_none()
    );
    // An attachment cancels it.
    let mut attached = analysis.clone();
    let mut part = node("application/pdf", None);
    part.disposition = Some("attachment; filename=a.pdf".into());
    attached.mime.nodes.push(part);
    assert!(fire("HTML_TITLE_SUBJ_DIFF", &attached).is_none());
}

#[test]
fn mime_no_html_tag_requires_mime_html_only() {
    let html_only = Rule::new(
        "MIME_HTML_ONLY",
        Family::Mime,
        [0.1; 4],
        RuleText::default(),
        |_| Some(Localized::new("stub", "stub")),
    );
    let engine = |with_stub: bool| {
        let mut all = Vec::new();
        if with_stub {
            all.push(html_only.clone());
        }
        all.extend(rules());
        Engine::with_rules(Config::default(), all).ok()
    };
    let fragment = with_html(&["<p>no html tag</p>"]);
    let full = with_html(&["<html><p>tag</p></html>"]);
    let fired = |engine: &Engine, analysis: &Analysis| {
        engine
            .score(analysis, &Inputs::default())
            .hits
            .iter()
            .any(|h| h.name == "HTML_MIME_NO_HTML_TAG")
    };
    let Some(with) = engine(true) else {
        panic!("engine")
    };
    assert!(fired(&with, &fragment));
    assert!(!fired(&with, &full));
    let Some(without) = engine(false) else {
        panic!("engine")
    };
    assert!(!fired(&without, &fragment));
}

#[test]
fn tag_balance() {
    let analysis = with_html(&["<html><head></head></body></body><body>x</html>"]);
    let e = fire("HTML_TAG_BALANCE_BODY", &analysis);
    assert_eq!(
        e.map(|e| e.fr),
        Some("1 balise <body> non fermée".to_owned())
    );
    assert!(fire("HTML_TAG_BALANCE_HEAD", &analysis).is_none());
    assert!(fire("HTML_TAG_BALANCE_HEAD", &with_html(&["<head><body>"])).is_some());
    assert!(
        fire(
            "HTML_TAG_BALANCE_BODY",
            &with_html(&["<body>x</body></body>"])
        )
        .is_none()
    );
}

#[test]
fn low_contrast() {
    let e = fire(
        "HTML_FONT_LOW_CONTRAST",
        &with_html(&["<font color=\"#fefefe\">two words</font>"]),
    );
    assert_eq!(
        e.map(|e| e.en),
        Some("text/html part: 2 words hidden or unreadable".to_owned())
    );
    assert!(
        fire(
            "HTML_FONT_LOW_CONTRAST",
            &with_html(&["<body bgcolor=\"#000\" text=\"#000\">x</body>"])
        )
        .is_none()
    );
}

#[test]
fn obfuscation_bands() {
    let analysis = with_html(&["<html><body>ab<b>cd</b>ef<b>gh</b> x <b>y</b> z</body></html>"]);
    let e = fire("HTML_OBFUSCATE_20_30", &analysis);
    assert_eq!(
        e,
        Some(Localized::new(
            "text/html part: 3 words split by tags out of 10 tags (30%)",
            "partie text/html : 3 mots coupés par des balises sur 10 balises (30\u{202f}%)"
        ))
    );
    assert!(fire("HTML_OBFUSCATE_30_40", &analysis).is_none());
    assert!(fire("HTML_OBFUSCATE_10_20", &analysis).is_none());
    // One split in two tags: ratio 1.0 hits 90_100.
    assert!(fire("HTML_OBFUSCATE_90_100", &with_html(&["a<x>b"])).is_some());
    // Disabled bands are registered with zero scores and never run.
    let rule = rules()
        .into_iter()
        .find(|r| r.name == "HTML_OBFUSCATE_50_60");
    assert_eq!(rule.map(|r| r.scores.0), Some([0.0; 4]));
}

fn with_raw(text: &str) -> Analysis {
    let mut analysis = Analysis::default();
    analysis.mime.nodes = vec![node("text/html", Some(text))];
    analysis
}

#[test]
fn mixed_case_tags() {
    let e = fire("MIXED_CENTER_CASE", &with_raw("<Center>x</center>"));
    assert_eq!(e.map(|e| e.en), Some("tag written <Center".to_owned()));
    assert!(fire("MIXED_CENTER_CASE", &with_raw("<CENTER>x</CENTER><center>")).is_none());
    assert!(fire("MIXED_FONT_CASE", &with_raw("<FoNt size=2>")).is_some());
    assert!(fire("MIXED_FONT_CASE", &with_raw("<FoNt>")).is_none());
    assert!(fire("MIXED_AREA_CASE", &with_raw("<Area href=x>")).is_some());
    assert!(fire("MIXED_AREA_CASE", &with_raw("<AREA href=x>")).is_none());
    assert!(fire("MIXED_IMG_CASE", &with_raw("<Img src=x>")).is_some());
    assert!(fire("MIXED_IMG_CASE", &with_raw("<IMG src=x><img src=y>")).is_none());
    // Non-text parts are not rawbody.
    let mut binary = with_raw("");
    binary.mime.nodes = vec![node("application/octet-stream", Some("<Img src=x>"))];
    assert!(fire("MIXED_IMG_CASE", &binary).is_none());
    // JavaMail messages are exempt from MIXED_IMG_CASE.
    let mut java = with_raw("<Img src=x>");
    header(&mut java, "Message-ID", "<1.2.JavaMail.x@host>");
    assert!(fire("MIXED_IMG_CASE", &java).is_none());
}

#[test]
fn mixed_href_case() {
    // The first character of a line is never the link itself (SpamAssassin
    // needs one non-`>` character first).
    let analysis = with_raw(" <A Href=\"x\">a</a>\n <a href=y>b</a>\n<A Href=z>\n");
    assert_eq!(
        fire("MIXED_HREF_CASE", &analysis).map(|e| e.en),
        Some("1 line out of 2 with links".to_owned())
    );
    assert!(fire("MIXED_HREF_CASE", &with_raw(" <a href=x>\n <A HREF=y>\n")).is_none());
    // Quoted lines do not count.
    assert!(fire("MIXED_HREF_CASE", &with_raw(">x <A Href=y>\n")).is_none());
    let mut listed = analysis.clone();
    header(&mut listed, "List-Id", "<l.test>");
    assert!(fire("MIXED_HREF_CASE", &listed).is_none());
    let mut ezmlm = analysis.clone();
    header(
        &mut ezmlm,
        "List-Unsubscribe",
        "<mailto:users-unsubscribe@l.test>",
    );
    assert!(fire("MIXED_HREF_CASE", &ezmlm).is_none());
}

fn check(raw: &str) -> Vec<String> {
    let Ok(engine) = Engine::new(Config::default()) else {
        panic!("engine")
    };
    let Ok(report) = engine.check(raw.as_bytes(), &Inputs::default()) else {
        panic!("check")
    };
    report.hits.iter().map(|h| h.name.clone()).collect()
}

#[test]
fn end_to_end_image_spam() {
    let raw = format!(
        "From: a@b.test\nSubject: hi\nContent-Type: text/html\n\n{}",
        image_doc(1100)
    );
    let hits = check(&raw);
    for name in [
        "HTML_MESSAGE",
        "HTML_IMAGE_ONLY_12",
        "T_REMOTE_IMAGE",
        "MIME_HTML_ONLY",
    ] {
        assert!(hits.iter().any(|h| h == name), "{name}: {hits:?}");
    }
    assert!(!hits.iter().any(|h| h == "HTML_MIME_NO_HTML_TAG"));
}

#[test]
fn end_to_end_fragment_and_title() {
    let raw = "From: a@b.test\nSubject: hi\nContent-Type: text/html\n\n<title>eleven char</title><Center>ab<b>cd</b></Center>\n";
    let hits = check(raw);
    for name in [
        "HTML_MIME_NO_HTML_TAG",
        "HTML_TITLE_SUBJ_DIFF",
        "MIXED_CENTER_CASE",
        // One split word among six tags (checked with SpamAssassin).
        "HTML_OBFUSCATE_10_20",
    ] {
        assert!(hits.iter().any(|h| h == name), "{name}: {hits:?}");
    }
}

#[test]
fn plain_text_is_not_html() {
    let hits = check("From: a@b.test\nSubject: hi\n\n<html><body><img src=x></body></html>\n");
    assert!(!hits.iter().any(|h| h.starts_with("HTML_")), "{hits:?}");
}

/// `source` base64-encoded in lines of 60 characters.
fn base64_lines(source: &str) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = String::new();
    for chunk in source.as_bytes().chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let word = (b(0) << 16) | (b(1) << 8) | b(2);
        for i in 0..4 {
            if i <= chunk.len() {
                encoded.push(char::from(DIGITS[((word >> (18 - 6 * i)) & 63) as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    let mut lines = String::new();
    for line in encoded.as_bytes().chunks(60) {
        lines.push_str(std::str::from_utf8(line).unwrap_or_default());
        lines.push('\n');
    }
    lines
}

#[test]
fn base64_html_part_without_closing_boundary_is_decoded() {
    // Ratware often forgets the closing boundary. SpamAssassin still decodes
    // the base64 and parses the HTML: the <html> tag is seen, the unclosed
    // <body> counts.
    let message = |source: &str| {
        format!(
            "From: a@b.test\nSubject: hi\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n\n{}\n\n",
            base64_lines(source)
        )
    };
    let hits = check(&message("<html><body><p>Hello there</p>\r\n"));
    assert!(hits.iter().any(|h| h == "MIME_HTML_ONLY"), "{hits:?}");
    assert!(
        hits.iter().any(|h| h == "HTML_TAG_BALANCE_BODY"),
        "{hits:?}"
    );
    assert!(
        !hits.iter().any(|h| h == "HTML_MIME_NO_HTML_TAG"),
        "{hits:?}"
    );
    // Near miss: without <html> the same part does hit.
    let hits = check(&message("<body><p>Hello there</p>\r\n"));
    assert!(
        hits.iter().any(|h| h == "HTML_MIME_NO_HTML_TAG"),
        "{hits:?}"
    );
}

#[test]
fn closing_boundary_followed_by_text_is_part_of_the_html() {
    // `--b--</BODY></HTML>` is not a boundary line for SpamAssassin: the part
    // runs on and its </body> balances <body>.
    let message = |closing: &str| {
        format!(
            "From: a@b.test\nSubject: hi\nContent-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nHello there\n--b\nContent-Type: text/html\n\n<HTML><BODY>Hello there\n{closing}</BODY></HTML>\n"
        )
    };
    let hits = check(&message("--b--"));
    assert!(hits.iter().any(|h| h == "HTML_MESSAGE"), "{hits:?}");
    assert!(
        !hits.iter().any(|h| h == "HTML_TAG_BALANCE_BODY"),
        "{hits:?}"
    );
    // Near miss: a real closing line leaves </BODY> in the epilogue.
    let hits = check(&message("--b--\n"));
    assert!(
        hits.iter().any(|h| h == "HTML_TAG_BALANCE_BODY"),
        "{hits:?}"
    );
}
