//! URIs of the message, their hosts and registrable domains (sa-semantics
//! §6.3), and the host list URIBL lookups start from (§6.4).
//!
//! Three sources, in this order, merged by URI as SpamAssassin's
//! `get_uri_detail_list` merges them:
//! 1. the rendered body lines (Subject included): `text`'s tokenizer;
//! 2. the URI-bearing attributes of each HTML part, resolved against
//!    `<base href>`: `html`;
//! 3. the `d=` tags of `DKIM-Signature` and `DomainKey-Signature`, as
//!    `domainkeys:<d>` (looked up in URIBLs, not matched by `uri` rules).
//!
//! Each URI then gets its cleaned variants (`canon`) and, for each variant
//! naming a host, the host's registrable domain ([`registrable_domain`]).

mod canon;
mod domain;
mod html;
mod idn;
mod text;

use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::analysis::LimitHit;
use crate::analysis::body::Body;
use crate::analysis::headers::Headers;
use crate::analysis::html::HtmlModel;
use crate::config::Limits;

pub(crate) use domain::{is_domain_valid, trim_domain};
pub use domain::{is_valid_tld, registrable_domain};

/// Where a URI was found (SpamAssassin's "types"; one URI may have several).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UriSource {
    /// In the rendered text (or, as SpamAssassin does, an anchor's `href` as
    /// written when it differs from the resolved link).
    Parsed,
    /// In the text without a scheme; the scheme was added.
    Schemeless,
    /// A bare domain in the text (no scheme, no `www.`): mail programs do not
    /// make it a link.
    Unlinked,
    /// A mail address in the text. Not a SpamAssassin type: it never changes
    /// the priority class.
    Mail,
    /// In an HTML attribute of this lower-cased tag (`a`, `img`, `form`, …).
    Tag(String),
    /// A DKIM or DomainKeys `d=` domain.
    DomainKeys,
}

/// URIBL lookup priority of a URI (sa-semantics §6.4): lower is looked up
/// first when the message has more hosts than the lookup cap.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum UriClass {
    /// An `<a>` link with anchor text.
    AnchorText = 0,
    /// A `<form action>`.
    Form = 1,
    /// An `<img src>`.
    Image = 2,
    /// Any other source (other tags, schemeless text URIs, DKIM domains).
    #[default]
    Other = 3,
    /// Only in the text, with a scheme.
    TextOnly = 4,
    /// An `<a>` link without anchor text.
    AnchorEmpty = 5,
}

/// A host named by a URI and its registrable domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UriHost {
    /// The full host name, lower-case ASCII (ACE for IDNs), or an IP literal.
    pub host: String,
    /// Its registrable domain (the IP itself for an IP literal).
    pub domain: String,
    /// Whether the host is an IP literal.
    pub is_ip: bool,
}

/// One URI of the message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Uri {
    /// The URI as SpamAssassin keys it: from the text with the scheme it adds
    /// (`http://`, `ftp://`, `mailto:`); from HTML resolved against the base;
    /// `domainkeys:<d>` for DKIM domains.
    pub raw: String,
    /// Where it was found, in first-seen order.
    pub sources: Vec<UriSource>,
    /// The canonical variants `uri` rules and Bayes read, `raw` first
    /// (empty for DKIM domains).
    pub cleaned: Vec<String>,
    /// Host of the first variant that names a valid host.
    pub host: Option<String>,
    /// Registrable domain of that host.
    pub domain: Option<String>,
    /// Whether that host is an IP literal.
    pub is_ip: bool,
    /// Every host the variants name (redirector targets included), unique.
    pub hosts: Vec<UriHost>,
    /// Anchor texts of `<a>` links to it, unique, in document order.
    pub anchor_text: Vec<String>,
    /// URIBL lookup priority.
    pub class: UriClass,
}

impl Uri {
    /// Whether this is a `mailto:` URI.
    #[must_use]
    pub fn is_mail(&self) -> bool {
        self.raw
            .get(..7)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
    }

    fn has_tag(&self, tag: &str) -> bool {
        self.sources
            .iter()
            .any(|source| matches!(source, UriSource::Tag(t) if t == tag))
    }

    fn compute_class(&self) -> UriClass {
        if self.has_tag("a") {
            if self.anchor_text.iter().any(|text| !text.is_empty()) {
                UriClass::AnchorText
            } else {
                UriClass::AnchorEmpty
            }
        } else if self.has_tag("form") {
            UriClass::Form
        } else if self.has_tag("img") {
            UriClass::Image
        } else if self
            .sources
            .iter()
            .filter(|source| **source != UriSource::Mail)
            .eq([&UriSource::Parsed])
        {
            UriClass::TextOnly
        } else {
            UriClass::Other
        }
    }
}

/// How a URI enters the list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// From text: kept only if some variant names a valid host.
    Text,
    /// From HTML: always kept.
    Html,
    /// DKIM domain: not canonicalised, no cleaned variants, kept only with a
    /// valid host.
    DomainKeys,
}

/// The URI list being built, merged by `raw`.
struct Builder<'a> {
    uris: Vec<Uri>,
    index: HashMap<String, usize>,
    limits: &'a Limits,
    limit_hit: bool,
}

impl Builder<'_> {
    /// SpamAssassin's `add_uri_detail_list`; returns whether the URI is (now)
    /// in the list.
    fn add(&mut self, raw: &str, sources: &[UriSource], entry: Entry) -> Option<usize> {
        if let Some(&at) = self.index.get(raw) {
            // Same URI, same variants and hosts: only the sources merge.
            let uri = &mut self.uris[at];
            if entry != Entry::Html && uri.hosts.is_empty() {
                return None;
            }
            for source in sources {
                if !uri.sources.contains(source) {
                    uri.sources.push(source.clone());
                }
            }
            return Some(at);
        }
        if self.uris.len() >= self.limits.max_uris {
            self.limit_hit = true;
            return None;
        }
        let variants = if entry == Entry::DomainKeys {
            vec![raw.to_owned()]
        } else {
            canon::canonicalize(raw)
        };
        let mut uri = Uri {
            raw: raw.to_owned(),
            sources: sources.to_vec(),
            ..Uri::default()
        };
        for mut variant in variants {
            truncate_at_boundary(&mut variant, canon::MAX_URI_LENGTH);
            if let Some((domain, host)) = domain::uri_to_domain(&variant)
                && !uri.hosts.iter().any(|known| known.host == host)
            {
                let is_ip = domain::is_ip_literal(&host);
                uri.hosts.push(UriHost {
                    host,
                    domain,
                    is_ip,
                });
            }
            if entry != Entry::DomainKeys && !uri.cleaned.contains(&variant) {
                uri.cleaned.push(variant);
            }
        }
        if entry != Entry::Html && uri.hosts.is_empty() {
            return None;
        }
        if let Some(first) = uri.hosts.first() {
            uri.host = Some(first.host.clone());
            uri.domain = Some(first.domain.clone());
            uri.is_ip = first.is_ip;
        }
        let at = self.uris.len();
        self.index.insert(raw.to_owned(), at);
        self.uris.push(uri);
        Some(at)
    }
}

fn truncate_at_boundary(text: &mut String, max: usize) {
    if text.len() > max {
        let mut cut = max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
}

static DKIM_DOMAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bd\s*=\s*([^;]+)").unwrap_or_else(|error| unreachable!("{error}"))
});

/// Every URI of the message, at most `max_uris`, in the order SpamAssassin
/// meets them: text, then HTML parts, then DKIM domains.
pub(crate) fn extract(
    body: &Body,
    html: &[HtmlModel],
    headers: &Headers,
    limits: &Limits,
    limits_hit: &mut Vec<LimitHit>,
) -> Vec<Uri> {
    let mut builder = Builder {
        uris: Vec::new(),
        index: HashMap::new(),
        limits,
        limit_hit: false,
    };

    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for line in &body.lines {
        found.clear();
        text::uris_in_line(line, &mut seen, &mut found);
        for text_uri in &found {
            let mut sources = vec![UriSource::Parsed];
            if text_uri.unlinked {
                sources.push(UriSource::Unlinked);
            }
            if text_uri.schemeless {
                sources.push(UriSource::Schemeless);
            }
            if text_uri
                .uri
                .get(..7)
                .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"))
            {
                sources.push(UriSource::Mail);
            }
            builder.add(&text_uri.uri, &sources, Entry::Text);
        }
        if builder.limit_hit {
            break;
        }
    }

    for model in html {
        for html_uri in html::part_uris(model) {
            let sources: Vec<UriSource> = if html_uri.tags.is_empty() {
                vec![UriSource::Parsed]
            } else {
                html_uri.tags.iter().cloned().map(UriSource::Tag).collect()
            };
            if let Some(at) = builder.add(&html_uri.key, &sources, Entry::Html) {
                let uri = &mut builder.uris[at];
                for text in html_uri.anchors {
                    if !uri.anchor_text.contains(&text) {
                        uri.anchor_text.push(text);
                    }
                }
            }
        }
    }

    for name in ["DomainKey-Signature", "DKIM-Signature"] {
        for field in headers.all(name) {
            for caps in DKIM_DOMAIN.captures_iter(&field.decoded) {
                let d: String = caps[1].chars().filter(|c| !c.is_whitespace()).collect();
                builder.add(
                    &format!("domainkeys:{d}"),
                    &[UriSource::DomainKeys],
                    Entry::DomainKeys,
                );
            }
        }
    }

    if builder.limit_hit {
        limits_hit.push(LimitHit::new("max_uris", limits.max_uris, "message"));
    }
    let mut uris = builder.uris;
    for uri in &mut uris {
        uri.class = uri.compute_class();
    }
    uris
}

/// A host to look up in URIBLs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LookupHost {
    /// The full host name, or a public IPv4 address.
    pub host: String,
    /// Its registrable domain (the address itself for an IP).
    pub domain: String,
    /// Whether the host is an IPv4 address.
    pub is_ip: bool,
    /// The best class of the URIs naming it.
    pub class: UriClass,
}

/// The hosts URIBL lookups query, as SpamAssassin's `URIDNSBL` plugin picks
/// them (sa-semantics §6.4): `mailto:` URIs and hosts or domains for which
/// `skip` is true are left out; hosts are taken class by class (best first)
/// until `max` are chosen (`uridnsbl_max_domains`, 20 by default).
///
/// Within the class that overflows, SpamAssassin picks at random; here the
/// hosts are taken in document order, so the result is deterministic. As in
/// SpamAssassin, IP hosts count towards `max` before private, reserved or
/// malformed ones are dropped: the result can be shorter than `max`.
#[must_use]
pub fn lookup_hosts(uris: &[Uri], max: usize, skip: &dyn Fn(&str) -> bool) -> Vec<LookupHost> {
    let mut classes: [Vec<&UriHost>; 6] = Default::default();
    let mut in_class: [HashSet<&str>; 6] = Default::default();
    for uri in uris.iter().filter(|uri| !uri.is_mail()) {
        let index = uri.class as usize;
        for host in &uri.hosts {
            if skip(&host.domain) || skip(&host.host) {
                continue;
            }
            if in_class[index].insert(&host.host) {
                classes[index].push(host);
            }
        }
    }
    let mut chosen: Vec<LookupHost> = Vec::new();
    let mut chosen_hosts: HashSet<&str> = HashSet::new();
    for (class, class_id) in classes.iter().zip(CLASSES) {
        for host in class {
            if chosen.len() >= max {
                break;
            }
            if !chosen_hosts.insert(&host.host) {
                continue;
            }
            chosen.push(LookupHost {
                host: host.host.clone(),
                domain: host.domain.clone(),
                is_ip: false,
                class: class_id,
            });
        }
    }
    chosen.retain_mut(|host| {
        let looks_ip = host.host.starts_with('[') || looks_like_dotted_quad(&host.host);
        if !looks_ip {
            return true;
        }
        match host.host.parse::<Ipv4Addr>() {
            Ok(ip) if !domain::is_private_ipv4(ip) => {
                host.is_ip = true;
                host.domain.clone_from(&host.host);
                true
            }
            _ => false,
        }
    });
    chosen
}

const CLASSES: [UriClass; 6] = [
    UriClass::AnchorText,
    UriClass::Form,
    UriClass::Image,
    UriClass::Other,
    UriClass::TextOnly,
    UriClass::AnchorEmpty,
];

/// Four dot-separated runs of digits (`^\d+\.\d+\.\d+\.\d+$`).
fn looks_like_dotted_quad(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// The unique registrable domains (and public IPv4 addresses) of
/// [`lookup_hosts`] with no skip list, best class first. DKIM `d=` domains are
/// among them (class [`UriClass::Other`]), as in SpamAssassin.
#[must_use]
pub fn lookup_domains(uris: &[Uri], max: usize) -> Vec<String> {
    let mut domains: Vec<String> = Vec::new();
    for host in lookup_hosts(uris, max, &|_| false) {
        if !domains.contains(&host.domain) {
            domains.push(host.domain);
        }
    }
    domains
}

/// The URIs of a body made of `text` and of the DKIM signatures in
/// `headers`, for the tests of the modules that read [`Uri`]s.
#[cfg(test)]
pub(crate) fn from_text(text: &str, headers: &Headers) -> Vec<Uri> {
    let body = Body {
        lines: text.lines().map(|line| format!("{line}\n")).collect(),
        ..Body::default()
    };
    extract(&body, &[], headers, &Limits::default(), &mut Vec::new())
}

#[cfg(test)]
mod tests;
