//! Sub-conditions that several content tests share to spare messages that
//! look like part of a conversation, or that came by a trusted or matching
//! path (SpamAssassin's `__THREADED`, `__HS_SUBJ_RE_FW`, `ALL_TRUSTED`,
//! `__RDNS_NONE`, `__RP_MATCHES_RCVD`, …).

use super::{Expr, View};
use crate::analysis::address::parse_address_list;
use crate::analysis::uri::trim_domain;
use crate::rules::RuleContext;
use crate::rules::lists::via_mailing_list;
use crate::rules::relay::{Client, client};
use crate::rules::to_format::not_spoofed;

/// `__NO_INR_YES_REF`: mailers that write References but no In-Reply-To in replies (Gnus,
/// Outlook Express 5 and 6, Mozilla 4, SKYRiX, WWW-Mail, KNode, Mutt, Pan,
/// Xnews).
pub(super) const REFERENCES_ONLY_MAILER: Expr = Expr::Any(&[
    Expr::Match(
        View::Header("X-Mailer"),
        r"\A(?:Gnus v|Microsoft Outlook Express [56]|Mozilla 4|SKYRiXgreen|WWW-Mail [0-9])",
    ),
    Expr::Match(
        View::Header("User-Agent"),
        r"\A(?:Gnus|KNode|Mutt|Pan|Xnews)",
    ),
]);

/// `__THREADED`: a reply, by the threading fields — In-Reply-To (from a
/// mailer that writes it), or References when In-Reply-To is absent.
pub(super) const THREADED: Expr = Expr::Any(&[
    Expr::All(&[
        Expr::Not(&field_missing!("In-Reply-To")),
        Expr::Not(&REFERENCES_ONLY_MAILER),
    ]),
    Expr::All(&[
        field_missing!("In-Reply-To"),
        Expr::Not(&field_missing!("References")),
    ]),
]);

/// `__HS_SUBJ_RE_FW`: the Subject starts with "Re:" or "Fw:".
pub(super) const SUBJECT_REPLY_OR_FORWARD: Expr =
    Expr::Match(View::Header("Subject"), r"\A(?i:re|fw):");

/// `__HAS_CID`: an X-CID field.
pub(super) const HAS_X_CID: Expr = field_exists!("X-CID");

/// `ALL_TRUSTED`: every relay is trusted (and there is at least one).
pub(super) fn all_trusted(context: &RuleContext<'_>) -> bool {
    crate::rules::trust::trusted_relays_only(context).is_some()
}

/// `__RDNS_NONE`: the host that handed the message to our network has no
/// reverse DNS name.
pub(super) fn client_without_rdns(context: &RuleContext<'_>) -> bool {
    match client(context) {
        Some(Client::Envelope(client)) => client.rdns.is_none(),
        Some(Client::Received(relay)) => relay.rdns.is_empty(),
        None => false,
    }
}

/// `__RP_MATCHES_RCVD`: the envelope sender's registered domain is that of
/// the first untrusted relay's reverse DNS name (or, when every relay is
/// trusted, of one of them).
pub(crate) fn envelope_sender_matches_relay(context: &RuleContext<'_>) -> bool {
    let analysis = context.analysis;
    let Some(sender) = analysis
        .envelope_from()
        .and_then(|raw| parse_address_list(raw).into_iter().next())
    else {
        return false;
    };
    let Some((_, domain)) = sender.address.rsplit_once('@') else {
        return false;
    };
    if domain.contains('@') || !domain.contains('.') {
        return false;
    }
    // SpamAssassin's split_domain: the registry boundary, with no check that
    // the name is valid or its TLD known.
    let base = |host: &str| trim_domain(&host.to_ascii_lowercase());
    let sender_base = base(domain);
    let relays = &analysis.relays;
    let candidates = match relays.untrusted.first() {
        Some(first) => std::slice::from_ref(first),
        None => relays.trusted.as_slice(),
    };
    candidates
        .iter()
        .filter(|relay| !relay.rdns.is_empty())
        .any(|relay| base(&relay.rdns) == sender_base)
}

/// `__RCD_RDNS_MAIL_MESSY`: the newest external relay's reverse DNS name
/// contains "mail", in any case.
pub(super) const RDNS_MAIL_MESSY: Expr =
    Expr::Match(View::RelaysExternal, r"(?i)\A[^\]]+ rdns=\S*mail");

/// `__RCD_RDNS_SMTP_MESSY`: the newest external relay's reverse DNS name
/// contains "smtp", in lower case.
pub(super) const RDNS_SMTP_MESSY: Expr =
    Expr::Match(View::RelaysExternal, r"\A[^\]]+ rdns=\S*smtp");

/// `__RCD_RDNS_MX_MESSY`: the newest external relay's reverse DNS name
/// contains "mx", in lower case.
pub(super) const RDNS_MX_MESSY: Expr = Expr::Match(View::RelaysExternal, r"\A[^\]]+ rdns=\S*mx");

/// `__RCD_RDNS_MAIL`: the newest external relay's reverse DNS name has a
/// word starting "mail" followed by something other than a letter
/// (`mail.`, `mail2-`…).
pub(super) const RDNS_MAIL: Expr =
    Expr::Match(View::RelaysExternal, r"(?i)\A[^\]]+ rdns=\S*\bmail[^a-z]");

/// `__DKIM_EXISTS`: a DKIM-Signature field, verified or not.
pub(super) const DKIM_EXISTS: Expr = field_exists!("DKIM-Signature");

/// `__VIA_ML`: the message came through a mailing list.
pub(super) const VIA_ML: Expr = Expr::Fact(|c| via_mailing_list(c.analysis));

/// `__NOT_SPOOFED`: the sender is vouched for (SPF pass, a valid DKIM
/// signature), the client authenticated, or every hop is ours.
pub(super) const NOT_SPOOFED: Expr = Expr::Fact(not_spoofed);

/// `__SUBJECT_ENCODED_B64`: the Subject holds an RFC 2047 base64 word.
pub(super) const SUBJECT_ENCODED_B64: Expr =
    Expr::Match(View::RawHeader("Subject"), r"(?i)=\?\S+\?B\?");

/// `__SUBJECT_ENCODED_QP`: the Subject holds an RFC 2047 quoted-printable
/// word.
pub(super) const SUBJECT_ENCODED_QP: Expr =
    Expr::Match(View::RawHeader("Subject"), r"(?i)=\?\S+\?Q\?");

/// `__ISO_2022_JP_DELIM`: the escape sequence that switches ISO-2022-JP text
/// to JIS X 0208, in the rendered text (Japanese mail, whose capitals and
/// spacing other tests misread).
pub(super) const ISO_2022_JP: Expr = Expr::Match(View::Body, r"\x1b\$B");

/// `__LONGLINE`: a line of 998 characters or more in the message as sent.
pub(super) const LONG_LINE: Expr = Expr::Fact(|c| c.analysis.longest_raw_line >= 998);
