//! Domains never sent to URI block lists (SpamAssassin's
//! `uridnsbl_skip_domain`): sites so large and well known that a listing is
//! never meant for them, and asking about them only spends queries.

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;

/// Our default list: search engines, social networks, the big mail, cloud,
/// software and commerce providers, and the standards bodies whose addresses
/// appear in almost every message. Assembled for spamgauge.
const DEFAULT: &[&str] = &[
    // Search, portals and mail providers.
    "google.com",
    "gmail.com",
    "googlemail.com",
    "youtube.com",
    "bing.com",
    "yahoo.com",
    "yahoo.co.jp",
    "yandex.ru",
    "baidu.com",
    "duckduckgo.com",
    "aol.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "mail.ru",
    "gmx.net",
    "gmx.de",
    "web.de",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "protonmail.com",
    "proton.me",
    // Software, cloud and hosting.
    "microsoft.com",
    "office.com",
    "office365.com",
    "windows.com",
    "apple.com",
    "mozilla.org",
    "mozilla.com",
    "adobe.com",
    "oracle.com",
    "ibm.com",
    "cisco.com",
    "intel.com",
    "amazonaws.com",
    "cloudflare.com",
    "akamai.net",
    "akamaihd.net",
    "github.com",
    "gitlab.com",
    "sourceforge.net",
    "wordpress.org",
    "wordpress.com",
    "googleapis.com",
    "gstatic.com",
    "googleusercontent.com",
    "windowsupdate.com",
    "azure.com",
    // Social networks and media.
    "facebook.com",
    "fb.com",
    "instagram.com",
    "whatsapp.com",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "pinterest.com",
    "reddit.com",
    "tiktok.com",
    "wikipedia.org",
    "wikimedia.org",
    "vimeo.com",
    "flickr.com",
    "tumblr.com",
    "bbc.co.uk",
    "nytimes.com",
    "cnn.com",
    // Commerce and payment.
    "amazon.com",
    "amazon.co.uk",
    "amazon.de",
    "amazon.fr",
    "ebay.com",
    "paypal.com",
    "visa.com",
    "mastercard.com",
    "americanexpress.com",
    "apple.news",
    "booking.com",
    // Standards bodies and registries.
    "w3.org",
    "ietf.org",
    "iana.org",
    "icann.org",
    "schema.org",
    "xmlsoap.org",
    "openxmlformats.org",
    "purl.org",
];

/// The domains never sent to URI block lists. The default value is our own
/// list of very large, well-known domains; a configured list replaces it
/// whole (an empty list skips nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SkipDomains(pub Vec<String>);

impl Default for SkipDomains {
    fn default() -> Self {
        Self(DEFAULT.iter().map(|d| (*d).to_owned()).collect())
    }
}

impl SkipDomains {
    /// Whether a URI host or registrable domain is skipped: it equals an
    /// entry, ignoring case and a trailing dot (as SpamAssassin, a skipped
    /// `example.com` also skips `www.example.com`, whose registrable domain it
    /// is, but an entry `www.example.com` skips only that host).
    #[must_use]
    pub fn skips(&self, name: &str) -> bool {
        let name = name.trim_end_matches('.');
        self.0
            .iter()
            .any(|entry| entry.trim_end_matches('.').eq_ignore_ascii_case(name))
    }

    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        match self
            .0
            .iter()
            .position(|d| !crate::lookups::valid_host(&d.to_ascii_lowercase()))
        {
            Some(i) => Err(ConfigError::Invalid {
                field: format!("uridnsbl_skip_domains[{i}]"),
                reason: format!("{:?} is not a domain name", self.0[i]),
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_list_is_valid_and_matches_case_insensitively() {
        let skip = SkipDomains::default();
        skip.validate().expect("valid default");
        assert!(skip.skips("GOOGLE.com."));
        assert!(!skip.skips("google.com.evil.example"));
        assert!(!skip.skips("notgoogle.com"));
    }

    #[test]
    fn bad_entry_is_named() {
        let skip = SkipDomains(vec!["example.com".into(), "not a domain".into()]);
        let err = skip.validate().expect_err("invalid");
        assert!(
            err.to_string().contains("uridnsbl_skip_domains[1]"),
            "{err}"
        );
    }
}
