//! Model tests on sa-semantics §1 examples.

use super::*;

fn parse(source: &str) -> HtmlModel {
    HtmlModel::parse(0, source, &Limits::default(), &mut Vec::new())
}

#[test]
fn obfuscation_three_in_ten() {
    let m = parse("<html><body>ab<b>cd</b>ef<b>gh</b> x <b>y</b> z</body></html>");
    assert_eq!((m.obfuscation, m.tags), (3, 10));
    assert_eq!(m.obfuscation_ratio(), Some(0.3));
    assert_eq!(m.rendered, "abcdefgh x y z");
    // A whitespace tag between the halves is not obfuscation.
    let m = parse("ab<br>cd");
    assert_eq!(m.obfuscation_ratio(), None);
}

#[test]
fn length_counts_the_whole_source() {
    let source = format!(
        "<html><body><img src=\"cid:x\">{}</body></html>\n",
        "a".repeat(11)
    );
    let m = parse(&source);
    assert_eq!(m.length, source.chars().count());
    assert!(m.has_tag("img"));
    assert_eq!(m.images, 1);
    // Characters, not bytes.
    assert_eq!(parse("é&nbsp;").length, 7);
}

#[test]
fn bgcolor_is_ignored_but_text_colour_is_not() {
    let m = parse("<body bgcolor=\"#000000\" text=\"#000000\">hello</body>");
    assert!(!m.font_low_contrast);
    assert_eq!(m.visible, "hello");
    let m = parse("<body text=\"#ffffff\">hello</body>");
    assert!(m.font_low_contrast);
    assert_eq!(m.invisible, "hello");
}

#[test]
fn low_contrast_examples() {
    assert!(parse("<font color=\"#fefefe\">x</font>").font_low_contrast);
    assert!(parse("<font color=\"#f0f0f0\">x</font>").font_low_contrast);
    assert!(!parse("<font color=\"#e0e0e0\">x</font>").font_low_contrast);
    assert!(
        parse("<div style=\"background-color:#000\"><font color=\"#000\">x</font></div>")
            .font_low_contrast
    );
    assert!(parse("<span style=\"color: transparent\">x</span>").font_low_contrast);
    assert!(
        !parse("<table bgcolor=#0f0><td><font color=#0f0>x</font></td></table>").font_low_contrast
    );
    // Whitespace-only text is never checked.
    assert!(!parse("<font color=\"#ffffff\"> \n </font>").font_low_contrast);
    // <style> blocks and style on body do not count.
    assert!(!parse("<style>p { color: #fff }</style><p>x</p>").font_low_contrast);
    assert!(!parse("<body style=\"color:#fff\">x</body>").font_low_contrast);
}

#[test]
fn invalid_colours_hide_text() {
    let m = parse("<font color=\"ff0000\">bare hex</font> shown");
    assert!(m.font_invalid_color && !m.font_low_contrast);
    assert_eq!(m.invisible, "bare hex");
    assert_eq!(m.visible, " shown");
    assert!(!parse("<font color=\"#ff0000\">x</font>").font_invalid_color);
}

#[test]
fn css_rgb_percent_renders_dark_red() {
    // rgb(100%,0,0) is read as #640000 (dark red on white: visible).
    let m = parse("<span style=\"color: rgb(100%,0,0)\">x</span>");
    assert!(!m.font_low_contrast && m.invisible.is_empty());
    // …but rgb(100%,100%,100%) is #646464 too, not white: still visible.
    let m = parse("<span style=\"color: rgb(100%,100%,100%)\">x</span>");
    assert!(m.invisible.is_empty());
    let m = parse("<span style=\"color: rgb(255,255,250)\">x</span>");
    assert!(m.font_low_contrast);
}

#[test]
fn tag_balance_is_clamped() {
    let m = parse("<html><head></head></body></body><body>x</html>");
    assert_eq!(m.inside.get("body"), Some(&1));
    assert!(m.unbalanced("body"));
    assert_eq!(m.closed_extra, 2);
    assert!(!m.unbalanced("head"));
    let m = parse("<html><body>x</body></html>");
    assert!(!m.unbalanced("body"));
    // No </body> at all: unbalanced (no implied end tags).
    assert!(parse("<body>x").unbalanced("body"));
}

#[test]
fn title_is_raw() {
    let m = parse("<title>Hello  &amp;\n world</title><p>x</p>");
    assert_eq!(m.titles, ["Hello  &\n world"]);
    assert_eq!(m.rendered, "\n\nHello & world\n\n\n\nx\n\n");
    let m = parse("<title>eleven char</title>");
    assert_eq!(m.titles.first().map(|t| t.chars().count()), Some(11));
}

#[test]
fn anchors_and_linked_images() {
    let m = parse("<a href=\" http://x.test/a \">Go <b>here</b><img src=\"cid:1\"></a><img src=i>");
    assert_eq!(m.anchors, ["Go here<img>\n"]);
    assert!(m.has_linked_image());
    let a = m.links.first().cloned().unwrap_or_default();
    assert_eq!(
        (a.tag.as_str(), a.attr.as_str(), a.value.as_str()),
        ("a", "href", "http://x.test/a")
    );
    assert_eq!(a.anchor_text.as_deref(), Some("Go here<img>\n"));
    assert_eq!(m.links.len(), 3);
    // An unclosed <a> makes every later image linked.
    assert!(parse("<a href=x>a</a><a>b<p><img src=y>").has_linked_image());
    assert!(!parse("<a href=x>a</a><img src=y>").has_linked_image());
}

#[test]
fn links_of_every_kind() {
    let m = parse(concat!(
        "<base href=\"http://b.test/dir/page.html\">",
        "<body background=\"bg.png\"><table background=t.png><tr><td background=c.png>",
        "<a x/href=\"rel/a\">a</a><area href=\"/abs\"><link href=\"s.css\">",
        "<img src=\"i.png\"><frame src=f><iframe src=if></iframe><embed src=e>",
        "<script src=s.js></script><bgsound src=b.wav><form action=\"mailto:a@b.test\">",
        "<meta http-equiv=refresh content=\"0; URL= http://r.test/x ;\">",
    ));
    let got: Vec<_> = m
        .links
        .iter()
        .map(|l| format!("{} {} {}", l.tag, l.attr, l.target))
        .collect();
    assert_eq!(
        got,
        [
            "base href http://b.test/dir/page.html",
            "body background http://b.test/dir/bg.png",
            "table background http://b.test/dir/t.png",
            "td background http://b.test/dir/c.png",
            "a href http://b.test/dir/rel/a",
            "area href http://b.test/abs",
            "link href http://b.test/dir/s.css",
            "img src http://b.test/dir/i.png",
            "frame src http://b.test/dir/f",
            "iframe src http://b.test/dir/if",
            "embed src http://b.test/dir/e",
            "script src http://b.test/dir/s.js",
            "bgsound src http://b.test/dir/b.wav",
            "form action mailto:a@b.test",
            "meta content http://r.test/x",
        ]
    );
    assert!(m.form_action_mailto && m.embeds);
}

#[test]
fn counters_and_unknown_tags() {
    let m = parse("<!DOCTYPE html><o:p>x</o:p><blink>y</blink><x-tab>");
    assert_eq!(m.tags, 6);
    assert_eq!(m.elements, 4); // doctype, o:p twice, x-tab
    assert_eq!(m.tags_seen, 3); // doctype is not counted as seen
    assert_eq!(m.inside.get("!doctype"), Some(&0));
    assert_eq!(m.bad_tag_ratio(), Some(2.0 / 6.0));
}

#[test]
fn raw_case_is_kept() {
    let m = parse("<CENTER><Center><center><IMG src=x><img src=y>");
    let spellings: Vec<_> = m
        .raw_tags
        .get("center")
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    assert_eq!(spellings, ["CENTER", "Center", "center"]);
    assert_eq!(m.raw_tags.get("img").map(|s| s.len()), Some(2));
}

#[test]
fn script_and_style_are_not_rendered() {
    let m = parse("a<script>var x = '<b>';</script><style>p{}</style>b<!-- c -->d");
    assert_eq!(m.rendered, "abd");
    assert_eq!(m.scripts, ["var x = '<b>';"]);
    assert_eq!(m.comments, 1);
    // Unterminated: SpamAssassin closes them, counting the end tag.
    let m = parse("<style>p{}");
    assert_eq!((m.tags, m.inside.get("style")), (2, Some(&0)));
}

#[test]
fn image_area() {
    let m =
        parse("<img width=10 height=20><img width=\"50%\" height=\"10%\"><img width=x height=0>");
    assert_eq!(m.image_area, 200 + 400 * 60 + 200 * 200);
}

#[test]
fn sizes_and_hidden_text() {
    let m = parse("<font size=1>tiny</font><font size=+4>big</font>");
    assert_eq!((m.min_size, m.max_size), (1, 7));
    assert_eq!(m.invisible, "tiny");
    let m = parse(
        "<div style=\"display:none\">gone</div><span style=\"visibility: hidden\">too</span>",
    );
    assert_eq!(m.invisible, "gonetoo");
    assert!(!m.font_low_contrast && !m.font_invalid_color);
}

#[test]
fn c1_references_are_kept_raw() {
    assert_eq!(parse("&#149; &#x95;").rendered, "\u{95} \u{95}");
    assert_eq!(parse("&#8226;").rendered, "\u{2022}");
}

#[test]
fn smart_quotes_and_self_closing() {
    let m = parse("<p/>\u{201C}x\u{201D}<br />");
    assert_eq!(m.rendered, "\n\n\"x\"\n");
}

#[test]
fn tag_limit_is_enforced() {
    let limits = Limits {
        max_html_tags: 10,
        ..Limits::default()
    };
    let mut hits = Vec::new();
    let m = HtmlModel::parse(3, &"<b>x</b>".repeat(100), &limits, &mut hits);
    assert_eq!(m.tags, 10);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits.first().map(|h| h.at.as_str()), Some("part 3"));
    assert_eq!(m.rendered.len(), 100);
}

#[test]
fn hostile_inputs_stay_bounded() {
    let deep = "<div><span><font color=red><td><tr><a href=x>".repeat(4_000);
    let m = parse(&deep);
    assert_eq!(m.tags, 24_000);
    let many_attrs = format!("<a{}>", " x".repeat(50_000));
    assert_eq!(parse(&many_attrs).tags, 1);
    let wide = format!("<a href=\"{}\">", "x".repeat(100_000));
    let m = parse(&wide);
    assert_eq!(m.links.first().map(|l| l.value.chars().count()), Some(8192));
    assert!(m.uri_truncated);
    let text = "word ".repeat(50_000);
    assert_eq!(parse(&text).rendered.len(), text.len());
    let garbage: String = (0..50_000u32)
        .filter_map(|i| char::from_u32(i * 7 % 0x3000))
        .collect();
    let _ = parse(&garbage);
    let _ = parse(&"<".repeat(20_000));
    let _ = parse(&"</".repeat(20_000));
    let _ = parse(&"&#".repeat(20_000));
}

#[test]
fn saved_page_comment() {
    let saved = parse("<!-- saved from url=(0022)http://internet.e-mail -->\n<html>x</html>");
    assert!(saved.saved_page);
    // Three digits, or no blank after the comment's opening.
    assert!(!parse("<!-- saved from url=(022)http://x -->x").saved_page);
    assert!(!parse("<!--saved from url=(0022)http://x -->x").saved_page);
}
