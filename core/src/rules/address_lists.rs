//! Address welcome and block lists (SpamAssassin's `welcomelist_from`,
//! `blocklist_to`, `welcomelist_auth` … and their tests USER_IN_*).
//!
//! Entries are file-glob patterns (`*` any run of characters, `?` one),
//! compared case-insensitively with the whole address. The From lists are
//! checked against every sender address SpamAssassin collects
//! (`all_from_addrs`): the first Resent-From address when there is one,
//! otherwise the addresses of From, Envelope-Sender, Resent-Sender,
//! X-Envelope-From and the envelope sender guessed from the relays. The To
//! lists are checked against the first Resent-To and Resent-Cc addresses when
//! there are any, otherwise the `for` addresses of the three newest Received
//! fields and the addresses of To, Apparently-To, Delivered-To,
//! Envelope-Recipients, Apparently-Resent-To, X-Envelope-To, Envelope-To,
//! X-Delivered-To, X-Original-To, X-Rcpt-To, X-Real-To and Cc.
//!
//! The lists come from [`Config::address_lists`](field@crate::Config::address_lists)
//! and from the same directives in rule files; all are empty by default (no
//! default `def_welcomelist_auth` entries are shipped).

use std::net::IpAddr;
use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};

use crate::analysis::address::{first_field_address, parse_address_list};
use crate::analysis::{Analysis, NetSet};
use crate::error::ConfigError;
use crate::lookups::Setup;
use crate::rules::auth::effective;
use crate::rules::{Family, Rule, RuleContext, RuleFlags, RuleText};
use crate::verdicts::{DkimResult, SpfResult, address_domain};
use crate::{Localized, text};

/// One `welcomelist_from_rcvd` entry: a sender pattern and the relay that
/// must have handed the message over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RcvdEntry {
    /// The sender address pattern (`*` and `?` allowed).
    pub address: String,
    /// The relay's reverse DNS name or a parent domain of it
    /// (`example.com` matches `mx.example.com`), or its IP address or
    /// network in brackets (`[192.0.2.1]`, `[192.0.2.0/24]`, `[192.0.2]`).
    pub relay: String,
}

impl RcvdEntry {
    /// An entry for `address` relayed by `relay`.
    pub fn new(address: impl Into<String>, relay: impl Into<String>) -> Self {
        Self {
            address: address.into(),
            relay: relay.into(),
        }
    }
}

/// The address lists, as SpamAssassin's directives of the same names. Each
/// `un…` list removes entries (written exactly as added, case aside) from
/// the lists it undoes. The default value of every list is empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct AddressLists {
    /// Senders always welcome (USER_IN_WELCOMELIST); `whitelist_from` is
    /// the old name.
    #[serde(alias = "whitelist_from")]
    pub welcomelist_from: Vec<String>,
    /// Entries removed from `welcomelist_from`.
    #[serde(alias = "unwhitelist_from")]
    pub unwelcomelist_from: Vec<String>,
    /// Senders always refused (USER_IN_BLOCKLIST); `blacklist_from` is the
    /// old name.
    #[serde(alias = "blacklist_from")]
    pub blocklist_from: Vec<String>,
    /// Entries removed from `blocklist_from`.
    #[serde(alias = "unblacklist_from")]
    pub unblocklist_from: Vec<String>,
    /// Senders welcome when a listed relay handed the message over
    /// (USER_IN_WELCOMELIST).
    #[serde(alias = "whitelist_from_rcvd")]
    pub welcomelist_from_rcvd: Vec<RcvdEntry>,
    /// The site's default entries of the same kind (USER_IN_DEF_WELCOMELIST).
    #[serde(alias = "def_whitelist_from_rcvd")]
    pub def_welcomelist_from_rcvd: Vec<RcvdEntry>,
    /// Sender patterns removed from both `…_from_rcvd` lists.
    #[serde(alias = "unwhitelist_from_rcvd")]
    pub unwelcomelist_from_rcvd: Vec<String>,
    /// Recipients whose mail is mostly welcome (USER_IN_WELCOMELIST_TO).
    #[serde(alias = "whitelist_to")]
    pub welcomelist_to: Vec<String>,
    /// Recipients who accept more spam (USER_IN_MORE_SPAM_TO).
    pub more_spam_to: Vec<String>,
    /// Recipients who want all mail (USER_IN_ALL_SPAM_TO).
    pub all_spam_to: Vec<String>,
    /// Recipients whose mail is refused (USER_IN_BLOCKLIST_TO).
    #[serde(alias = "blacklist_to")]
    pub blocklist_to: Vec<String>,
    /// Senders welcome when SPF passes for them or their domain signed with
    /// DKIM (USER_IN_SPF_WELCOMELIST, USER_IN_DKIM_WELCOMELIST).
    #[serde(alias = "whitelist_auth")]
    pub welcomelist_auth: Vec<String>,
    /// The site's default entries of the same kind (USER_IN_DEF_SPF_WL,
    /// USER_IN_DEF_DKIM_WL).
    #[serde(alias = "def_whitelist_auth")]
    pub def_welcomelist_auth: Vec<String>,
    /// Entries removed from both `…_auth` lists.
    #[serde(alias = "unwhitelist_auth")]
    pub unwelcomelist_auth: Vec<String>,
}

/// A glob pattern, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Glob(Vec<char>);

impl Glob {
    /// SpamAssassin turns the characters `\0`, `\` and `(` into `_` before
    /// compiling a pattern; the same is done here.
    fn new(pattern: &str) -> Self {
        Self(
            pattern
                .to_lowercase()
                .chars()
                .map(|c| {
                    if matches!(c, '\0' | '\\' | '(') {
                        '_'
                    } else {
                        c
                    }
                })
                .collect(),
        )
    }

    /// Whether the lower-cased `address` matches the whole pattern.
    fn matches(&self, address: &[char]) -> bool {
        // Iterative glob matching, backtracking to the latest `*` only:
        // linear in practice, quadratic at worst, never exponential.
        let (pattern, mut p, mut a) = (&self.0, 0, 0);
        let mut star: Option<(usize, usize)> = None;
        while a < address.len() {
            match pattern.get(p) {
                Some('*') => {
                    star = Some((p, a));
                    p += 1;
                }
                Some(&c) if c == '?' || c == address[a] => {
                    p += 1;
                    a += 1;
                }
                _ => match star {
                    Some((sp, sa)) => {
                        p = sp + 1;
                        a = sa + 1;
                        star = Some((sp, sa + 1));
                    }
                    None => return false,
                },
            }
        }
        pattern[p..].iter().all(|&c| c == '*')
    }
}

/// A relay condition of a `…_from_rcvd` entry.
#[derive(Debug, Clone)]
enum RelayMatch {
    /// The relay's reverse DNS name is this name or ends with `.` and it.
    Name(String),
    /// The relay's IP address is in these networks.
    Network(NetSet),
}

/// One compiled `…_from_rcvd` entry.
#[derive(Debug, Clone)]
struct Rcvd {
    key: String,
    address: Glob,
    relay: RelayMatch,
}

/// One list: its entries by their lower-cased text, in the order added.
#[derive(Debug, Clone, Default)]
struct List(Vec<(String, Glob)>);

impl List {
    fn add(&mut self, entry: &str) {
        let key = entry.to_lowercase();
        if !self.0.iter().any(|(k, _)| *k == key) {
            self.0.push((key, Glob::new(entry)));
        }
    }

    fn remove(&mut self, entry: &str) {
        let key = entry.to_lowercase();
        self.0.retain(|(k, _)| *k != key);
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first address that an entry matches.
    fn first_match<'a>(&self, addresses: &'a [String]) -> Option<&'a str> {
        addresses.iter().map(String::as_str).find(|address| {
            let chars: Vec<char> = address.chars().collect();
            self.0.iter().any(|(_, glob)| glob.matches(&chars))
        })
    }
}

/// The lists compiled, after every addition and removal.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lists {
    welcome_from: List,
    block_from: List,
    welcome_rcvd: Vec<Rcvd>,
    def_welcome_rcvd: Vec<Rcvd>,
    welcome_to: List,
    more_spam_to: List,
    all_spam_to: List,
    block_to: List,
    welcome_auth: List,
    def_welcome_auth: List,
}

/// A list directive SpamAssassin's rule files may hold, or `None`.
pub(crate) fn is_directive(key: &str) -> bool {
    matches!(
        key,
        "welcomelist_from"
            | "whitelist_from"
            | "unwelcomelist_from"
            | "unwhitelist_from"
            | "blocklist_from"
            | "blacklist_from"
            | "unblocklist_from"
            | "unblacklist_from"
            | "welcomelist_from_rcvd"
            | "whitelist_from_rcvd"
            | "def_welcomelist_from_rcvd"
            | "def_whitelist_from_rcvd"
            | "unwelcomelist_from_rcvd"
            | "unwhitelist_from_rcvd"
            | "welcomelist_to"
            | "whitelist_to"
            | "more_spam_to"
            | "all_spam_to"
            | "blocklist_to"
            | "blacklist_to"
            | "welcomelist_auth"
            | "whitelist_auth"
            | "def_welcomelist_auth"
            | "def_whitelist_auth"
            | "unwelcomelist_auth"
            | "unwhitelist_auth"
    )
}

/// Why a `…_from_rcvd` relay is refused.
fn bad_relay(relay: &str) -> ConfigError {
    ConfigError::InvalidNetwork {
        field: "welcomelist_from_rcvd".to_owned(),
        entry: relay.to_owned(),
    }
}

fn compile_rcvd(address: &str, relay: &str) -> Result<Rcvd, ConfigError> {
    let relay = relay.to_lowercase();
    let condition = match relay.strip_prefix('[') {
        // `[192.0.2.0/24]`, `[192.0.2.0]/24`, `[2001:db8::]/32`, `[192.0.2]`.
        Some(rest) => {
            let (inside, after) = rest.split_once(']').ok_or_else(|| bad_relay(&relay))?;
            let network = format!("{inside}{after}");
            RelayMatch::Network(
                NetSet::parse_exact("welcomelist_from_rcvd", &[network])
                    .map_err(|_| bad_relay(&relay))?,
            )
        }
        None => RelayMatch::Name(relay),
    };
    Ok(Rcvd {
        key: address.to_lowercase(),
        address: Glob::new(address),
        relay: condition,
    })
}

impl Lists {
    /// Compiles the configuration's lists.
    pub(crate) fn new(lists: &AddressLists) -> Result<Self, ConfigError> {
        let mut compiled = Self::default();
        let add = |list: &mut List, entries: &[String]| entries.iter().for_each(|e| list.add(e));
        let remove =
            |list: &mut List, entries: &[String]| entries.iter().for_each(|e| list.remove(e));
        add(&mut compiled.welcome_from, &lists.welcomelist_from);
        remove(&mut compiled.welcome_from, &lists.unwelcomelist_from);
        add(&mut compiled.block_from, &lists.blocklist_from);
        remove(&mut compiled.block_from, &lists.unblocklist_from);
        add(&mut compiled.welcome_to, &lists.welcomelist_to);
        add(&mut compiled.more_spam_to, &lists.more_spam_to);
        add(&mut compiled.all_spam_to, &lists.all_spam_to);
        add(&mut compiled.block_to, &lists.blocklist_to);
        add(&mut compiled.welcome_auth, &lists.welcomelist_auth);
        add(&mut compiled.def_welcome_auth, &lists.def_welcomelist_auth);
        for entry in &lists.unwelcomelist_auth {
            compiled.welcome_auth.remove(entry);
            compiled.def_welcome_auth.remove(entry);
        }
        for entry in &lists.welcomelist_from_rcvd {
            compiled
                .welcome_rcvd
                .push(compile_rcvd(&entry.address, &entry.relay)?);
        }
        for entry in &lists.def_welcomelist_from_rcvd {
            compiled
                .def_welcome_rcvd
                .push(compile_rcvd(&entry.address, &entry.relay)?);
        }
        for address in &lists.unwelcomelist_from_rcvd {
            compiled.remove_rcvd(address);
        }
        Ok(compiled)
    }

    fn remove_rcvd(&mut self, address: &str) {
        let key = address.to_lowercase();
        self.welcome_rcvd.retain(|entry| entry.key != key);
        self.def_welcome_rcvd.retain(|entry| entry.key != key);
    }

    /// Applies one directive of a rule file (`key` is one [`is_directive`]
    /// accepts), whose words are `words`. An error is the problem to report
    /// for the line.
    pub(crate) fn apply(&mut self, key: &str, words: &[&str]) -> Result<(), String> {
        if words.is_empty() {
            return Err("at least one address".to_owned());
        }
        let rcvd = |words: &[&str]| match words {
            [address, relay] => compile_rcvd(address, relay).map_err(|e| e.to_string()),
            _ => Err("an address and a relay".to_owned()),
        };
        let each = |list: &mut List, remove: bool| {
            for word in words {
                if remove {
                    list.remove(word);
                } else {
                    list.add(word);
                }
            }
        };
        match key {
            "welcomelist_from" | "whitelist_from" => each(&mut self.welcome_from, false),
            "unwelcomelist_from" | "unwhitelist_from" => each(&mut self.welcome_from, true),
            "blocklist_from" | "blacklist_from" => each(&mut self.block_from, false),
            "unblocklist_from" | "unblacklist_from" => each(&mut self.block_from, true),
            "welcomelist_to" | "whitelist_to" => each(&mut self.welcome_to, false),
            "more_spam_to" => each(&mut self.more_spam_to, false),
            "all_spam_to" => each(&mut self.all_spam_to, false),
            "blocklist_to" | "blacklist_to" => each(&mut self.block_to, false),
            "welcomelist_auth" | "whitelist_auth" => each(&mut self.welcome_auth, false),
            "def_welcomelist_auth" | "def_whitelist_auth" => {
                each(&mut self.def_welcome_auth, false);
            }
            "unwelcomelist_auth" | "unwhitelist_auth" => {
                each(&mut self.welcome_auth, true);
                each(&mut self.def_welcome_auth, true);
            }
            "welcomelist_from_rcvd" | "whitelist_from_rcvd" => {
                self.welcome_rcvd.push(rcvd(words)?);
            }
            "def_welcomelist_from_rcvd" | "def_whitelist_from_rcvd" => {
                self.def_welcome_rcvd.push(rcvd(words)?);
            }
            _ => words.iter().for_each(|word| self.remove_rcvd(word)),
        }
        Ok(())
    }
}

/// SpamAssassin's `all_from_addrs`: lower-cased, runs of dots squashed, each
/// once.
fn from_addresses(analysis: &Analysis) -> Vec<String> {
    let headers = &analysis.headers;
    let field = |name: &'static str| {
        headers
            .all(name)
            .flat_map(|field| parse_address_list(&field.raw))
            .map(|mailbox| mailbox.address)
    };
    let mut found: Vec<String> = match first_field_address(headers, "Resent-From") {
        Some(resent) => vec![resent],
        None => field("From")
            .chain(field("Envelope-Sender"))
            .chain(field("Resent-Sender"))
            .chain(field("X-Envelope-From"))
            .chain(analysis.envelope_from().map(str::to_owned))
            .collect(),
    };
    found.retain(|address| !address.is_empty());
    let mut unique: Vec<String> = Vec::with_capacity(found.len());
    for address in found {
        let mut squashed = String::with_capacity(address.len());
        for c in address.to_lowercase().chars() {
            if !(c == '.' && squashed.ends_with('.')) {
                squashed.push(c);
            }
        }
        if !unique.contains(&squashed) {
            unique.push(squashed);
        }
    }
    unique
}

/// The recipient fields SpamAssassin's `all_to_addrs` reads when there is no
/// Resent-To or Resent-Cc, after the Received `for` addresses.
const TO_FIELDS: [&str; 12] = [
    "To",
    "Apparently-To",
    "Delivered-To",
    "Envelope-Recipients",
    "Apparently-Resent-To",
    "X-Envelope-To",
    "Envelope-To",
    "X-Delivered-To",
    "X-Original-To",
    "X-Rcpt-To",
    "X-Real-To",
    "Cc",
];

/// ` for <a@b>;` in a Received field.
static RECEIVED_FOR: LazyLock<regex::Regex> =
    LazyLock::new(|| crate::rules::builtin_regex(r" for <?(\S+@(\S+?))>?;"));

/// SpamAssassin's `all_to_addrs`, lower-cased for matching, each once.
fn to_addresses(analysis: &Analysis) -> Vec<String> {
    let headers = &analysis.headers;
    let resent: Vec<String> = ["Resent-To", "Resent-Cc"]
        .into_iter()
        .filter_map(|name| first_field_address(headers, name))
        .collect();
    let found = if resent.is_empty() {
        let received = headers.all("Received").take(3).filter_map(|field| {
            let value = field.raw.replace(['\r', '\n'], " ");
            let captures = RECEIVED_FOR.captures(&value)?;
            let domain = captures.get(2)?.as_str();
            // SpamAssassin keeps it only when the domain is a valid name.
            let valid = domain.contains('.')
                && domain
                    .split('.')
                    .all(|label| !label.is_empty() && label.len() <= 63)
                && domain
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            valid.then(|| captures.get(1).map(|m| m.as_str().to_owned()))?
        });
        let fields = TO_FIELDS.into_iter().flat_map(|name| {
            headers
                .all(name)
                .flat_map(|field| parse_address_list(&field.raw))
                .map(|mailbox| mailbox.address)
        });
        received.chain(fields).collect()
    } else {
        resent
    };
    let mut unique: Vec<String> = Vec::with_capacity(found.len());
    for address in found {
        let address = address.to_lowercase();
        if !address.is_empty() && !unique.contains(&address) {
            unique.push(address);
        }
    }
    unique
}

/// Whether a `…_from_rcvd` entry matches one of `addresses` and the relay
/// that handed the message over: the newest untrusted relay, or, when every
/// relay is trusted, any of them.
fn rcvd_match<'a>(
    analysis: &Analysis,
    entries: &[Rcvd],
    addresses: &'a [String],
) -> Option<&'a str> {
    let relays = &analysis.relays;
    let candidates: Vec<_> = match relays.untrusted.first() {
        Some(newest) => vec![newest],
        None => relays.trusted.iter().collect(),
    };
    addresses.iter().map(String::as_str).find(|address| {
        let chars: Vec<char> = address.chars().collect();
        entries.iter().any(|entry| {
            entry.address.matches(&chars)
                && candidates.iter().any(|relay| match &entry.relay {
                    RelayMatch::Name(name) => {
                        let rdns = relay.rdns.to_lowercase();
                        rdns == *name
                            || rdns
                                .strip_suffix(name.as_str())
                                .is_some_and(|head| head.ends_with('.'))
                    }
                    RelayMatch::Network(networks) => relay
                        .ip
                        .parse::<IpAddr>()
                        .is_ok_and(|ip| networks.contains(ip)),
                })
        })
    })
}

/// The sender SPF was checked for: the caller's MAIL FROM, else the envelope
/// sender guessed from the message; lower-cased.
fn spf_sender(context: &RuleContext<'_>) -> Option<String> {
    context
        .inputs
        .verdicts
        .and_then(|v| v.envelope.as_ref())
        .and_then(|e| e.mail_from.clone())
        .or_else(|| context.analysis.envelope_from().map(str::to_owned))
        .filter(|sender| !sender.is_empty())
        .map(|sender| sender.to_lowercase())
}

/// A From address in `list` whose domain signed the message with a valid
/// DKIM signature from a key of at least 1024 bits.
fn dkim_listed(context: &RuleContext<'_>, setup: &Setup, list: &List) -> Option<String> {
    let authors: Vec<String> = context
        .analysis
        .addresses
        .from
        .iter()
        .map(|mailbox| mailbox.address.to_lowercase())
        .collect();
    let listed: Vec<&String> = authors
        .iter()
        .filter(|author| list.first_match(std::slice::from_ref(*author)).is_some())
        .collect();
    if listed.is_empty() {
        return None;
    }
    let auth = effective(context, setup);
    let signatures = auth.dkim.as_deref().unwrap_or_default();
    listed
        .into_iter()
        .find(|author| {
            let domain = address_domain(author);
            signatures.iter().any(|s| {
                s.result == DkimResult::Pass
                    && s.key_bits.is_none_or(|bits| bits >= 1024)
                    && domain.as_deref() == Some(s.sdid().as_str())
            })
        })
        .cloned()
}

/// The SPF sender, when it is in `list` and SPF passed for it.
fn spf_listed(context: &RuleContext<'_>, setup: &Setup, list: &List) -> Option<String> {
    let sender = spf_sender(context)?;
    list.first_match(std::slice::from_ref(&sender))?;
    (effective(context, setup).spf == Some(SpfResult::Pass)).then_some(sender)
}

/// What a list test needs besides its name, scores and texts.
struct ListTest {
    name: &'static str,
    score: f64,
    net: bool,
    text: RuleText,
}

/// The evidence: which address matched.
fn evidence(address: &str) -> Localized {
    Localized::new(format!("listed: {address}"), format!("listée : {address}"))
}

fn list_rule(
    test: ListTest,
    check: impl Fn(&RuleContext<'_>) -> Option<String> + Send + Sync + 'static,
) -> Rule {
    Rule::new(
        test.name,
        Family::Policy,
        [test.score; 4],
        test.text,
        move |context| check(context).map(|address| evidence(&address)),
    )
    .flags(RuleFlags {
        net: test.net,
        ..RuleFlags::default()
    })
}

/// The USER_IN_* tests. Each returns at once when its lists are empty, so
/// that empty lists cost next to nothing.
pub(crate) fn rules(lists: &Arc<Lists>, setup: &Arc<Setup>) -> Vec<Rule> {
    let mut rules = Vec::new();
    let l = Arc::clone(lists);
    {
        rules.push(list_rule(
            ListTest {
                name: "USER_IN_WELCOMELIST",
                score: -100.0,
                net: false,
                text: text!(
                    description: ("Sender is in the site's welcome list (welcomelist_from)", "Expéditeur sur la liste d'accueil du site (welcomelist_from)"),
                    explanation: (
                        "An administrator listed this sender as always welcome, so the message is almost certainly accepted whatever else it shows. Spammers forge well-known senders, which is why an entry tied to a relay or to authentication is safer.",
                        "Un administrateur a inscrit cet expéditeur comme toujours bienvenu : le message est presque sûrement accepté, quoi qu'il montre par ailleurs. Les spammeurs usurpent des expéditeurs connus ; une entrée liée à un relais ou à l'authentification est donc plus sûre."
                    ),
                    fix: (
                        "Nothing to do for the sender. Administrators: prefer welcomelist_auth or welcomelist_from_rcvd to a bare welcomelist_from entry.",
                        "Rien à faire pour l'expéditeur. Administrateurs : préférez welcomelist_auth ou welcomelist_from_rcvd à une simple entrée welcomelist_from."
                    ),
                ),
            },
            move |context| {
                if l.welcome_from.is_empty() && l.welcome_rcvd.is_empty() {
                    return None;
                }
                let addresses = from_addresses(context.analysis);
                l.welcome_from
                    .first_match(&addresses)
                    .or_else(|| rcvd_match(context.analysis, &l.welcome_rcvd, &addresses))
                    .map(str::to_owned)
            },
        ));
    }
    let l = Arc::clone(lists);
    {
        rules.push(list_rule(
            ListTest {
                name: "USER_IN_BLOCKLIST",
                score: 100.0,
                net: false,
                text: text!(
                    description: ("Sender is in the site's block list (blocklist_from)", "Expéditeur sur la liste de blocage du site (blocklist_from)"),
                    explanation: (
                        "An administrator listed this sender address as unwanted, so the message is treated as spam whatever else it shows.",
                        "Un administrateur a inscrit cette adresse d'expéditeur comme indésirable : le message est traité comme du spam, quoi qu'il montre par ailleurs."
                    ),
                    fix: (
                        "If the sender is legitimate, ask the recipient's administrator to remove the entry (unblocklist_from).",
                        "Si l'expéditeur est légitime, demandez à l'administrateur du destinataire de retirer l'entrée (unblocklist_from)."
                    ),
                ),
            },
            move |context| {
                if l.block_from.is_empty() {
                    return None;
                }
                l.block_from
                    .first_match(&from_addresses(context.analysis))
                    .map(str::to_owned)
            },
        ));
    }
    let l = Arc::clone(lists);
    {
        rules.push(list_rule(
            ListTest {
                name: "USER_IN_DEF_WELCOMELIST",
                score: -15.0,
                net: false,
                text: text!(
                    description: ("Sender is in the default welcome list, from a listed relay", "Expéditeur sur la liste d'accueil par défaut, par un relais listé"),
                    explanation: (
                        "The sender and the server that delivered the message match an entry of the site's default welcome list (def_welcomelist_from_rcvd): mail from this organisation is usually legitimate.",
                        "L'expéditeur et le serveur qui a remis le message correspondent à une entrée de la liste d'accueil par défaut du site (def_welcomelist_from_rcvd) : le courrier de cette organisation est généralement légitime."
                    ),
                    fix: ("Nothing to do.", "Rien à faire."),
                ),
            },
            move |context| {
                if l.def_welcome_rcvd.is_empty() {
                    return None;
                }
                let addresses = from_addresses(context.analysis);
                rcvd_match(context.analysis, &l.def_welcome_rcvd, &addresses).map(str::to_owned)
            },
        ));
    }
    /// Which list of [`Lists`] a recipient test reads.
    type Pick = fn(&Lists) -> &List;
    let to_tests: [(&'static str, f64, Pick, RuleText); 4] = [
        (
            "USER_IN_WELCOMELIST_TO",
            -6.0,
            |l| &l.welcome_to,
            text!(
                description: ("Recipient is in the welcome list (welcomelist_to)", "Destinataire sur la liste d'accueil (welcomelist_to)"),
                explanation: (
                    "An administrator listed this recipient as one whose mail is filtered less strictly.",
                    "Un administrateur a inscrit ce destinataire parmi ceux dont le courrier est filtré moins sévèrement."
                ),
                fix: ("Nothing to do.", "Rien à faire."),
            ),
        ),
        (
            "USER_IN_MORE_SPAM_TO",
            -20.0,
            |l| &l.more_spam_to,
            text!(
                description: ("Recipient accepts more spam (more_spam_to)", "Le destinataire accepte davantage de spam (more_spam_to)"),
                explanation: (
                    "An administrator listed this recipient as wanting very little mail filtered away, so a much higher score is needed to call the message spam.",
                    "Un administrateur a indiqué que ce destinataire veut que très peu de courrier soit écarté : il faut un score bien plus élevé pour classer le message comme spam."
                ),
                fix: ("Nothing to do.", "Rien à faire."),
            ),
        ),
        (
            "USER_IN_ALL_SPAM_TO",
            -100.0,
            |l| &l.all_spam_to,
            text!(
                description: ("Recipient wants all mail (all_spam_to)", "Le destinataire veut tout le courrier (all_spam_to)"),
                explanation: (
                    "An administrator listed this recipient as wanting every message, spam included, so the message is not treated as spam.",
                    "Un administrateur a indiqué que ce destinataire veut recevoir tous les messages, spam compris : le message n'est pas traité comme du spam."
                ),
                fix: ("Nothing to do.", "Rien à faire."),
            ),
        ),
        (
            "USER_IN_BLOCKLIST_TO",
            10.0,
            |l| &l.block_to,
            text!(
                description: ("Recipient is in the block list (blocklist_to)", "Destinataire sur la liste de blocage (blocklist_to)"),
                explanation: (
                    "An administrator listed this recipient address as one that receives only spam (a trap or an abandoned address).",
                    "Un administrateur a inscrit cette adresse de destinataire comme ne recevant que du spam (piège ou adresse abandonnée)."
                ),
                fix: (
                    "Do not send to this address; remove it from your lists.",
                    "N'écrivez pas à cette adresse ; retirez-la de vos listes."
                ),
            ),
        ),
    ];
    for (name, score, pick, text) in to_tests {
        let l = Arc::clone(lists);
        rules.push(list_rule(
            ListTest {
                name,
                score,
                net: false,
                text,
            },
            move |context| {
                if pick(&l).is_empty() {
                    return None;
                }
                pick(&l)
                    .first_match(&to_addresses(context.analysis))
                    .map(str::to_owned)
            },
        ));
    }
    rules.extend(auth_rules(lists, setup));
    rules
}

/// The tests that need the sender authenticated: they read SPF and DKIM
/// results, so they are network tests as in SpamAssassin.
fn auth_rules(lists: &Arc<Lists>, setup: &Arc<Setup>) -> Vec<Rule> {
    type Check = fn(&RuleContext<'_>, &Setup, &List) -> Option<String>;
    let auth_text = |how_en: &str, how_fr: &str, default: bool| {
        let (which_en, which_fr, list) = if default {
            (
                "the site's default",
                "la liste par défaut du site",
                "def_welcomelist_auth",
            )
        } else {
            ("the site's", "la liste du site", "welcomelist_auth")
        };
        RuleText {
            description: Localized::new(
                format!("Sender is in {which_en} authenticated welcome list ({how_en})"),
                format!("Expéditeur sur {which_fr} d'accueil authentifiée ({how_fr})"),
            ),
            explanation: Localized::new(
                format!(
                    "The sender matches an entry of {list} and {how_en} proves the message really comes from that sender's domain, so it cannot be a forgery of a welcome sender."
                ),
                format!(
                    "L'expéditeur correspond à une entrée de {list} et {how_fr} prouve que le message vient bien du domaine de cet expéditeur : ce ne peut pas être une usurpation d'un expéditeur bienvenu."
                ),
            ),
            fix: Localized::new("Nothing to do.", "Rien à faire."),
        }
    };
    let spf = ("SPF", "SPF", spf_listed as Check);
    let dkim = (
        "a DKIM signature of the author's domain",
        "une signature DKIM du domaine de l'auteur",
        dkim_listed as Check,
    );
    let tests = [
        ("USER_IN_SPF_WELCOMELIST", -100.0, false, spf),
        ("USER_IN_DKIM_WELCOMELIST", -100.0, false, dkim),
        ("USER_IN_DEF_SPF_WL", -7.5, true, spf),
        ("USER_IN_DEF_DKIM_WL", -7.5, true, dkim),
    ];
    let mut rules = Vec::new();
    for (name, score, default, (how_en, how_fr, check)) in tests {
        let list = if default {
            lists.def_welcome_auth.clone()
        } else {
            lists.welcome_auth.clone()
        };
        let s = Arc::clone(setup);
        rules.push(list_rule(
            ListTest {
                name,
                score,
                net: true,
                text: auth_text(how_en, how_fr, default),
            },
            move |context| {
                if list.is_empty() {
                    return None;
                }
                check(context, &s, &list)
            },
        ));
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdicts::{DkimSignature, Envelope, Verdicts};
    use crate::{Config, Engine, Inputs};

    /// The USER_IN_ tests that fire on `message` with the rule file `cf`.
    fn fired_with(cf: &str, message: &str, verdicts: Option<&Verdicts>) -> Vec<String> {
        let engine = Engine::new(Config::default().custom_rules(cf)).expect("engine");
        let mut inputs = Inputs::default();
        if let Some(verdicts) = verdicts {
            inputs = inputs.verdicts(verdicts);
        }
        let report = engine.check(message.as_bytes(), &inputs).expect("message");
        report
            .hits
            .iter()
            .filter(|hit| hit.name.starts_with("USER_IN_"))
            .map(|hit| hit.name.clone())
            .collect()
    }

    fn fired(cf: &str, message: &str) -> Vec<String> {
        fired_with(cf, message, None)
    }

    const PLAIN: &str = "From: Ann <Ann.Lee@Mail.Partner.example>\nTo: bob@site.example\nCc: carol@site.example\nSubject: hi\n\nhello\n";

    #[test]
    fn globs_match_whole_addresses_case_insensitively() {
        let glob = |p: &str, a: &str| Glob::new(p).matches(&a.chars().collect::<Vec<_>>());
        assert!(glob("*@example.com", "joe@example.com"));
        assert!(glob("J?E@EXAMPLE.COM", "joe@example.com"));
        assert!(glob("*@*.example.com", "a@b.example.com"));
        assert!(glob("a**b", "ab"));
        assert!(!glob("*@example.com", "joe@example.com.evil"));
        assert!(!glob("*@*.example.com", "a@example.com"));
        assert!(!glob("j?e@example.com", "je@example.com"));
        // SpamAssassin turns `\` and `(` into `_`.
        assert!(glob("a\\b@x", "a_b@x"));
    }

    #[test]
    fn welcomelist_from() {
        for cf in [
            "welcomelist_from *@*.partner.example",
            "whitelist_from ann.lee@mail.partner.example",
            "welcomelist_from x@y.example ANN.LEE@MAIL.PARTNER.EXAMPLE",
        ] {
            assert_eq!(fired(cf, PLAIN), ["USER_IN_WELCOMELIST"], "{cf}");
        }
        assert!(fired("welcomelist_from *@partner.example", PLAIN).is_empty());
        assert!(
            fired(
                "welcomelist_from *@*.partner.example\nunwelcomelist_from *@*.PARTNER.example",
                PLAIN
            )
            .is_empty()
        );
        // Reply-To is not a sender address; Envelope-Sender and
        // X-Envelope-From are.
        let reply = "From: x@other.example\nReply-To: ann@partner.example\n\nhi\n";
        assert!(fired("welcomelist_from ann@partner.example", reply).is_empty());
        let envelope = "From: x@other.example\nX-Envelope-From: <ann@partner.example>\n\nhi\n";
        assert_eq!(
            fired("welcomelist_from ann@partner.example", envelope),
            ["USER_IN_WELCOMELIST"]
        );
        // Resent-From replaces every other sender address.
        let resent = "Resent-From: r@resent.example\nFrom: ann@partner.example\n\nhi\n";
        assert!(fired("welcomelist_from ann@partner.example", resent).is_empty());
        assert_eq!(
            fired("welcomelist_from r@resent.example", resent),
            ["USER_IN_WELCOMELIST"]
        );
    }

    #[test]
    fn blocklist_from() {
        assert_eq!(
            fired("blacklist_from *@mail.partner.example", PLAIN),
            ["USER_IN_BLOCKLIST"]
        );
        // Runs of dots in the message's address are squashed.
        let dots = PLAIN.replace("Mail.Partner", "Mail..Partner");
        assert_eq!(
            fired("blocklist_from ann.lee@mail.partner.example", &dots),
            ["USER_IN_BLOCKLIST"]
        );
        assert!(fired("blocklist_from *@partner.example", PLAIN).is_empty());
        assert!(
            fired(
                "blocklist_from *@*.partner.example\nunblocklist_from *@*.partner.example",
                PLAIN
            )
            .is_empty()
        );
    }

    #[test]
    fn recipient_lists() {
        for (cf, name) in [
            ("welcomelist_to bob@site.example", "USER_IN_WELCOMELIST_TO"),
            ("whitelist_to carol@*", "USER_IN_WELCOMELIST_TO"),
            ("more_spam_to *@site.example", "USER_IN_MORE_SPAM_TO"),
            ("all_spam_to CAROL@SITE.EXAMPLE", "USER_IN_ALL_SPAM_TO"),
            ("blocklist_to bob@*", "USER_IN_BLOCKLIST_TO"),
            ("blacklist_to bob@*", "USER_IN_BLOCKLIST_TO"),
        ] {
            assert_eq!(fired(cf, PLAIN), [name], "{cf}");
            // The sender is not a recipient.
            let directive = cf.split_whitespace().next().unwrap_or_default();
            let sender = format!("{directive} ann.lee@mail.partner.example");
            assert!(fired(&sender, PLAIN).is_empty(), "{sender}");
        }
        let received = "Received: from a.example (a.example [192.0.2.1]) by mx.site.example with ESMTP id 1 for <dave@site.example>; Mon, 1 Jan 2024 00:00:00 +0000\nFrom: x@y.example\n\nhi\n";
        assert_eq!(
            fired("welcomelist_to dave@site.example", received),
            ["USER_IN_WELCOMELIST_TO"]
        );
        let resent = "Resent-To: r@site.example\nTo: bob@site.example\n\nhi\n";
        assert!(fired("welcomelist_to bob@site.example", resent).is_empty());
    }

    #[test]
    fn welcomelist_from_rcvd() {
        let message = "Received: from mx1.partner.example (mx1.partner.example [198.51.100.7]) by mx.site.example with ESMTP id 1; Mon, 1 Jan 2024 00:00:00 +0000\nFrom: ann@partner.example\n\nhi\n";
        for cf in [
            "welcomelist_from_rcvd ann@partner.example partner.example",
            "whitelist_from_rcvd *@partner.example mx1.partner.example",
            "welcomelist_from_rcvd *@partner.example [198.51.100.0/24]",
            "welcomelist_from_rcvd *@partner.example [198.51.100.7]",
        ] {
            assert_eq!(fired(cf, message), ["USER_IN_WELCOMELIST"], "{cf}");
        }
        for cf in [
            "welcomelist_from_rcvd ann@partner.example artner.example",
            "welcomelist_from_rcvd ann@partner.example [198.51.101.0/24]",
            "welcomelist_from_rcvd bob@partner.example partner.example",
            "welcomelist_from_rcvd ann@partner.example partner.example\nunwelcomelist_from_rcvd ann@partner.example",
        ] {
            assert!(fired(cf, message).is_empty(), "{cf}");
        }
        assert_eq!(
            fired(
                "def_welcomelist_from_rcvd *@partner.example partner.example",
                message
            ),
            ["USER_IN_DEF_WELCOMELIST"]
        );
        assert!(
            fired(
                "def_whitelist_from_rcvd *@partner.example other.example",
                message
            )
            .is_empty()
        );
    }

    fn spf_pass(mail_from: &str) -> Verdicts {
        let mut verdicts = Verdicts {
            envelope: Some(Envelope {
                mail_from: Some(mail_from.to_owned()),
                ..Envelope::default()
            }),
            ..Verdicts::default()
        };
        verdicts.auth.spf = Some(SpfResult::Pass);
        verdicts
    }

    #[test]
    fn spf_welcomelists() {
        let verdicts = spf_pass("bounce@partner.example");
        let message = "From: ann@partner.example\n\nhi\n";
        assert_eq!(
            fired_with(
                "welcomelist_auth *@partner.example",
                message,
                Some(&verdicts)
            ),
            ["USER_IN_SPF_WELCOMELIST"]
        );
        assert_eq!(
            fired_with("def_whitelist_auth bounce@*", message, Some(&verdicts)),
            ["USER_IN_DEF_SPF_WL"]
        );
        // Near misses: SPF did not pass; the sender is not listed; removed.
        let mut failed = verdicts.clone();
        failed.auth.spf = Some(SpfResult::Softfail);
        assert!(
            fired_with("welcomelist_auth *@partner.example", message, Some(&failed)).is_empty()
        );
        assert!(
            fired_with(
                "welcomelist_auth ann@partner.example",
                message,
                Some(&verdicts)
            )
            .is_empty()
        );
        assert!(
            fired_with(
                "welcomelist_auth *@partner.example\nunwelcomelist_auth *@partner.example",
                message,
                Some(&verdicts)
            )
            .is_empty()
        );
        // A network test: no verdicts, no network score set.
        assert!(
            fired(
                "welcomelist_auth *@partner.example",
                "Return-Path: <b@partner.example>\nFrom: ann@partner.example\n\nhi\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn dkim_welcomelists() {
        let mut verdicts = Verdicts::default();
        verdicts.auth.dkim = Some(vec![DkimSignature::new(
            "partner.example",
            DkimResult::Pass,
        )]);
        let message = "From: Ann@Partner.example\n\nhi\n";
        assert_eq!(
            fired_with(
                "welcomelist_auth ann@partner.example",
                message,
                Some(&verdicts)
            ),
            ["USER_IN_DKIM_WELCOMELIST"]
        );
        assert_eq!(
            fired_with(
                "def_welcomelist_auth *@partner.example",
                message,
                Some(&verdicts)
            ),
            ["USER_IN_DEF_DKIM_WL"]
        );
        // Near misses: a third party signed; the signature failed; a short key.
        let mut third = Verdicts::default();
        third.auth.dkim = Some(vec![DkimSignature::new("esp.example", DkimResult::Pass)]);
        assert!(fired_with("welcomelist_auth *@partner.example", message, Some(&third)).is_empty());
        let mut failed = Verdicts::default();
        failed.auth.dkim = Some(vec![DkimSignature::new(
            "partner.example",
            DkimResult::Fail,
        )]);
        assert!(
            fired_with("welcomelist_auth *@partner.example", message, Some(&failed)).is_empty()
        );
        let mut short = verdicts.clone();
        if let Some(signatures) = short.auth.dkim.as_mut() {
            signatures[0].key_bits = Some(512);
        }
        assert!(fired_with("welcomelist_auth *@partner.example", message, Some(&short)).is_empty());
    }

    #[test]
    fn scores_are_spamassassins() {
        let engine = Engine::new(Config::default()).expect("engine");
        let scores: Vec<(String, f64)> = engine
            .rules()
            .iter()
            .filter(|rule| rule.name.starts_with("USER_IN_"))
            .map(|rule| (rule.name.to_string(), rule.scores.0[0]))
            .collect();
        assert_eq!(scores.len(), 11);
        for (name, score) in [
            ("USER_IN_WELCOMELIST", -100.0),
            ("USER_IN_BLOCKLIST", 100.0),
            ("USER_IN_DEF_WELCOMELIST", -15.0),
            ("USER_IN_WELCOMELIST_TO", -6.0),
            ("USER_IN_MORE_SPAM_TO", -20.0),
            ("USER_IN_ALL_SPAM_TO", -100.0),
            ("USER_IN_BLOCKLIST_TO", 10.0),
            ("USER_IN_SPF_WELCOMELIST", -100.0),
            ("USER_IN_DKIM_WELCOMELIST", -100.0),
            ("USER_IN_DEF_SPF_WL", -7.5),
            ("USER_IN_DEF_DKIM_WL", -7.5),
        ] {
            assert!(scores.contains(&(name.to_owned(), score)), "{name}");
        }
    }

    #[test]
    fn directives_need_their_arguments() {
        for cf in [
            "welcomelist_from",
            "welcomelist_from_rcvd a@b.example",
            "welcomelist_from_rcvd a@b.example [not-an-ip]",
        ] {
            assert!(
                matches!(
                    Engine::new(Config::default().custom_rules(cf)),
                    Err(ConfigError::CustomRule { line: 1, .. })
                ),
                "{cf}"
            );
        }
    }

    #[test]
    fn configuration_lists_and_json() {
        let config = Config::from_json(
            r#"{"address_lists":{"whitelist_from":["*@partner.example"],"blocklist_to":["trap@site.example"],"welcomelist_from_rcvd":[{"address":"a@b.example","relay":"b.example"}]}}"#,
        )
        .expect("json");
        assert_eq!(config.address_lists.welcomelist_from, ["*@partner.example"]);
        let json = serde_json::to_string(&config).expect("serializes");
        assert_eq!(Config::from_json(&json).expect("round trip"), config);
        assert!(Config::from_json(r#"{"address_lists":{"welcomelist":[]}}"#).is_err());
        let engine = Engine::new(config.custom_rules("unwelcomelist_from *@partner.example"))
            .expect("engine");
        let report = engine
            .check(
                b"From: a@partner.example\nTo: trap@site.example\n\nhi\n",
                &Inputs::default(),
            )
            .expect("message");
        let names: Vec<&str> = report
            .hits
            .iter()
            .map(|hit| hit.name.as_str())
            .filter(|n| n.starts_with("USER_IN_"))
            .collect();
        assert_eq!(names, ["USER_IN_BLOCKLIST_TO"]);
    }
}
