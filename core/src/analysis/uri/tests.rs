//! `extract` and lookup planning on hand-built bodies, HTML models and headers.

use super::*;
use crate::analysis::headers::HeaderField;
use crate::analysis::html::HtmlLink;

fn body(lines: &[&str]) -> Body {
    Body {
        lines: lines.iter().map(|line| format!("{line}\n")).collect(),
        ..Body::default()
    }
}

fn link(tag: &str, attr: &str, value: &str, anchor: Option<&str>) -> HtmlLink {
    HtmlLink {
        tag: tag.into(),
        attr: attr.into(),
        value: value.into(),
        target: value.into(),
        anchor_text: anchor.map(Into::into),
    }
}

fn html(links: Vec<HtmlLink>) -> HtmlModel {
    HtmlModel {
        links,
        ..HtmlModel::default()
    }
}

fn headers(fields: &[(&str, &str)]) -> Headers {
    Headers {
        fields: fields
            .iter()
            .map(|(name, value)| HeaderField::plain(name, value))
            .collect(),
    }
}

fn run(
    body: &Body,
    parts: &[HtmlModel],
    headers: &Headers,
    limits: &Limits,
) -> (Vec<Uri>, Vec<LimitHit>) {
    let mut hits = Vec::new();
    let uris = extract(body, parts, headers, limits, &mut hits);
    (uris, hits)
}

fn simple(lines: &[&str], parts: &[HtmlModel]) -> Vec<Uri> {
    run(&body(lines), parts, &Headers::default(), &Limits::default()).0
}

fn find<'a>(uris: &'a [Uri], raw: &str) -> &'a Uri {
    uris.iter().find(|uri| uri.raw == raw).unwrap_or_else(|| {
        panic!(
            "{raw} not in {:?}",
            uris.iter().map(|u| &u.raw).collect::<Vec<_>>()
        )
    })
}

#[test]
fn text_uri_details() {
    let uris = simple(
        &[
            "Subject line www.Example.co.uk/x",
            "mail bob@example.org or see example.net",
        ],
        &[],
    );
    let www = find(&uris, "http://www.Example.co.uk/x");
    assert_eq!(www.sources, [UriSource::Parsed, UriSource::Schemeless]);
    assert_eq!(www.host.as_deref(), Some("www.example.co.uk"));
    assert_eq!(www.domain.as_deref(), Some("example.co.uk"));
    assert!(!www.is_ip);
    assert_eq!(www.class, UriClass::Other);
    assert_eq!(www.cleaned[0], "http://www.Example.co.uk/x");

    let mail = find(&uris, "mailto:bob@example.org");
    assert!(mail.is_mail());
    assert!(mail.sources.contains(&UriSource::Mail));
    assert_eq!(mail.domain.as_deref(), Some("example.org"));

    let bare = find(&uris, "http://example.net");
    assert!(bare.sources.contains(&UriSource::Unlinked));
}

#[test]
fn text_with_scheme_is_text_only_class() {
    let uris = simple(&["go http://example.com/a"], &[]);
    assert_eq!(uris[0].class, UriClass::TextOnly);
}

#[test]
fn text_uris_need_a_valid_host() {
    let uris = simple(
        &["http://localhost/x http://example.invalidtld/ http://192.0.2.1/"],
        &[],
    );
    let raws: Vec<&str> = uris.iter().map(|u| u.raw.as_str()).collect();
    assert_eq!(raws, ["http://192.0.2.1/"]);
    assert!(uris[0].is_ip);
    assert_eq!(uris[0].domain.as_deref(), Some("192.0.2.1"));
}

#[test]
fn html_links_kept_without_host() {
    let uris = simple(
        &[],
        &[html(vec![
            link("a", "href", "#top", Some("Top")),
            link("img", "src", "cid:logo", None),
        ])],
    );
    let top = find(&uris, "#top");
    assert!(top.hosts.is_empty());
    assert_eq!(top.class, UriClass::AnchorText);
    assert_eq!(find(&uris, "cid:logo").class, UriClass::Image);
}

#[test]
fn html_and_text_merge() {
    let uris = simple(
        &["Visit http://example.com/"],
        &[html(vec![link(
            "a",
            "href",
            "http://example.com/",
            Some("here"),
        )])],
    );
    assert_eq!(uris.len(), 1);
    assert_eq!(
        uris[0].sources,
        [UriSource::Parsed, UriSource::Tag("a".into())]
    );
    assert_eq!(uris[0].anchor_text, ["here"]);
    assert_eq!(uris[0].class, UriClass::AnchorText);
}

#[test]
fn priority_classes() {
    let uris = simple(
        &[],
        &[html(vec![
            link("a", "href", "http://a.example.com/", Some("")),
            link("form", "action", "http://f.example.com/", None),
            link("img", "src", "http://i.example.com/", None),
            link("iframe", "src", "http://o.example.com/", None),
        ])],
    );
    let classes: Vec<UriClass> = uris.iter().map(|u| u.class).collect();
    assert_eq!(
        classes,
        [
            UriClass::AnchorEmpty,
            UriClass::Form,
            UriClass::Image,
            UriClass::Other
        ]
    );
}

#[test]
fn redirector_target_hosts() {
    let uris = simple(
        &["http://redir.example.com/?u=http://evil.example.net/x"],
        &[],
    );
    let hosts: Vec<&str> = uris[0].hosts.iter().map(|h| h.host.as_str()).collect();
    assert_eq!(hosts, ["redir.example.com", "evil.example.net"]);
    assert_eq!(uris[0].domain.as_deref(), Some("example.com"));
}

#[test]
fn dkim_domains() {
    let h = headers(&[
        (
            "DKIM-Signature",
            "v=1; a=rsa-sha256; d=Mail.Example.com; s=sel; b=abc",
        ),
        ("DomainKey-Signature", "a=rsa-sha1; d = example.org ;"),
        ("DKIM-Signature", "v=1; d=not a domain"),
    ]);
    let (uris, _) = run(&Body::default(), &[], &h, &Limits::default());
    let raws: Vec<&str> = uris.iter().map(|u| u.raw.as_str()).collect();
    assert_eq!(
        raws,
        ["domainkeys:example.org", "domainkeys:Mail.Example.com"]
    );
    assert!(uris[1].cleaned.is_empty());
    assert_eq!(uris[1].domain.as_deref(), Some("example.com"));
    assert_eq!(uris[1].class, UriClass::Other);
}

#[test]
fn max_uris_is_honoured() {
    let line: String = (0..50)
        .map(|i| format!("http://h{i}.example.com/ "))
        .collect();
    let limits = Limits {
        max_uris: 10,
        ..Limits::default()
    };
    let (uris, hits) = run(&body(&[&line]), &[], &Headers::default(), &limits);
    assert_eq!(uris.len(), 10);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].limit, "max_uris");

    let (uris, hits) = run(
        &body(&[&line]),
        &[],
        &Headers::default(),
        &Limits::default(),
    );
    assert_eq!(uris.len(), 50);
    assert!(hits.is_empty());
}

#[test]
fn hundred_thousand_uris_stay_bounded() {
    let line: String = (0..100_000)
        .map(|i| format!("http://h{i}.example.com/ "))
        .collect();
    let (uris, hits) = run(
        &body(&[&line]),
        &[],
        &Headers::default(),
        &Limits::default(),
    );
    assert_eq!(uris.len(), Limits::default().max_uris);
    assert_eq!(hits.len(), 1);
}

#[test]
fn megabyte_line_stays_bounded() {
    let line = format!("http://example.com/{}", "a".repeat(1 << 20));
    let uris = simple(&[&line], &[]);
    // Longer than 2,048 bytes after the scheme: no match at all.
    assert!(uris.is_empty());
}

#[test]
fn lookup_order_and_cap() {
    let mut links = vec![link("a", "href", "http://empty.example.org/", None)];
    links.extend((0..30).map(|i| link("img", "src", &format!("http://img{i}.example.net/"), None)));
    links.push(link(
        "a",
        "href",
        "http://www.anchor.example.com/",
        Some("click"),
    ));
    links.push(link("a", "href", "mailto:x@mail.example.com", Some("mail")));
    let uris = simple(&["text http://text.example.info/"], &[html(links)]);
    let hosts = lookup_hosts(&uris, 20, &|_| false);
    assert_eq!(hosts.len(), 20);
    assert_eq!(hosts[0].host, "www.anchor.example.com");
    assert_eq!(hosts[0].class, UriClass::AnchorText);
    assert_eq!(hosts[1].host, "img0.example.net");
    assert_eq!(hosts[19].host, "img18.example.net");
    assert!(hosts.iter().all(|h| !h.host.contains("mail.")));

    let domains = lookup_domains(&uris, 20);
    assert_eq!(domains, ["example.com", "example.net"]);

    let all = lookup_hosts(&uris, 100, &|_| false);
    assert_eq!(
        all.last().map(|h| h.host.as_str()),
        Some("empty.example.org")
    );
    assert_eq!(all[all.len() - 2].host, "text.example.info");
}

#[test]
fn lookup_skips_private_ips_and_skip_list() {
    let uris = simple(
        &["http://10.1.2.3/ http://192.0.2.9/ http://www.skipme.com/ http://keep.example.com/"],
        &[],
    );
    let hosts = lookup_hosts(&uris, 20, &|name| name == "skipme.com");
    let names: Vec<&str> = hosts.iter().map(|h| h.host.as_str()).collect();
    assert_eq!(names, ["192.0.2.9", "keep.example.com"]);
    assert!(hosts[0].is_ip);
    // A private IP still takes a slot before it is dropped.
    let capped = lookup_hosts(&uris, 1, &|_| false);
    assert!(capped.is_empty());
}

#[test]
fn lookup_includes_dkim_domains() {
    let h = headers(&[("DKIM-Signature", "d=signer.example.com; s=x")]);
    let (uris, _) = run(&Body::default(), &[], &h, &Limits::default());
    assert_eq!(lookup_domains(&uris, 20), ["example.com"]);
}

#[test]
fn serde_roundtrip() {
    let uris = simple(&["http://example.com/"], &[]);
    let json = serde_json::to_string(&uris).unwrap_or_default();
    let back: Vec<Uri> = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(back, uris);
}
