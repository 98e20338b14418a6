//! Advance-fee, lottery and money fraud: SpamAssassin's tests that count the
//! fraud phrases of a message (`ADVANCE_FEE_*_NEW*`, `MONEY_FRAUD_*`,
//! `FORM_FRAUD*`, `UNDISC_MONEY`) or pair one with a large sum
//! (`XFER_LOTSA_MONEY`, `T_MONEY_PERCENT`), and the single phrases
//! `UNCLAIMED_MONEY` and `HK_SCAM`.
//!
//! The phrases ([`signs`]) are found once per message, with the few signs
//! that are not body phrases (the Subject, Reply-To and From fields, links,
//! attachment names), into [`Facts`]; each test then counts or combines
//! them. A large sum is SpamAssassin's `LOTS_OF_MONEY`, read from the hits
//! (it is registered before these tests).

mod automaton;
mod form;
mod repeat;
mod signs;
#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use regex::bytes::Regex;

use self::signs::{Found, Sign, Text};
use super::conversation::{DKIM_EXISTS, THREADED, VIA_ML, envelope_sender_matches_relay};
use super::{Compiled, Expr, View, content_rule};
use crate::rules::html::Signals;
use crate::rules::msgid::list_remailer;
use crate::rules::{Family, Rule, RuleContext};
use crate::text;

pub(crate) use self::form::Form;

/// What the fraud tests read from one message, found once and shared.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    /// The body phrases found.
    found: Found,
    /// `__FRAUD_VQE`: an urgent Subject.
    urgent_subject: bool,
    /// `LOTTO_AGENT`: a claims agent or the like, outside conversations.
    lotto_agent: bool,
    /// `T_LOTTO_AGENT_RPLY`: replies go to a claims agent.
    lotto_agent_reply: bool,
    /// `T_LOTTO_AGENT_FM`: the author is a claims agent.
    lotto_agent_from: bool,
    /// `T_LOTTO_URI`: a link to a claims department.
    lotto_uri: bool,
    /// `__LOTTO_ADMITS_3`, `__LOTTO_ATTACH_1`, `__LOTTO_ATTACH_2`: a lottery
    /// in a link or in a part's type or file name.
    lottery_elsewhere: bool,
    /// The fill-in forms (`__FILL_THIS_FORM*`).
    form: Form,
}

/// The Subject asks for urgent help (`__FRAUD_VQE`).
const URGENT_SUBJECT: Expr = Expr::Match(
    View::Header("Subject"),
    r"(?i)\A(?:Re:|\[.{1,10}\])?\s*(?:very )?urgent\s+(?:(?:&|and)\s+)?(?:confidential|assistance|business|attention|reply|response|help)\b",
);

/// A claims agent, dispatcher or remittance officer, in an address field;
/// `$gap` is what may stand between "prize" and "transfer".
macro_rules! claims_agent {
    ($gap:literal) => {
        concat!(
            r"(?i)(?:claim(?:s|ing)?(?:[\s_.]processing)?|fiducia\w+|dispatch|reimbursement|payout|prize",
            $gap,
            r"transfer|(?:international|foreign|win+ing)[\s_.]rem+it+ance)[\s_.]?",
            r"(?:agent|manager|officer|secretary|director|department|dept)"
        )
    };
}

/// `T_LOTTO_AGENT_FM`'s claims agent.
const CLAIMS_AGENT: &str = claims_agent!(r"[\s_.]");

/// `__LOTTO_AGENT_RPLY`'s, with `\s` instead of `[\s_.]` in "prize
/// transfer" (the only difference between the two fields' tests).
const CLAIMS_AGENT_REPLY: &str = claims_agent!(r"\s");

/// The fields and links of [`Facts`], compiled once.
struct Others {
    urgent_subject: Compiled,
    reply_to: Regex,
    from: Regex,
    uri: Regex,
    lottery_uri: Regex,
    lottery_part: Regex,
    lotto_agent_quiet: Compiled,
}

/// What keeps `LOTTO_AGENT` quiet: a reply or thread, a DKIM signature,
/// an envelope sender in the relay's domain, and a few phrases.
const LOTTO_AGENT_QUIET: Expr = Expr::Any(&[
    field_exists!("In-Reply-To"),
    THREADED,
    DKIM_EXISTS,
    field_exists!("Errors-To"),
    Expr::Fact(envelope_sender_matches_relay),
]);

static OTHERS: LazyLock<Others> = LazyLock::new(|| {
    let regex = |pattern: &str| {
        // Built-in patterns are constants checked by the unit tests.
        Regex::new(&format!("(?-u){pattern}")).expect("valid built-in pattern")
    };
    Others {
        urgent_subject: URGENT_SUBJECT.compile(),
        reply_to: regex(CLAIMS_AGENT_REPLY),
        from: regex(CLAIMS_AGENT),
        uri: regex(concat!(
            r"(?i)(?:claim(?:s|ing)?(?:[-_]?processing)?|fiducia\w+|reimbursement",
            r"|(?:international|foreign|win+ing)?[-_]?rem+it+ance|award)[-_]?",
            r"(?:department|dept|unit|group|committee|office|agent|manager|secretary)"
        )),
        lottery_uri: regex(r"(?i)lott+ery"),
        lottery_part: regex(r"(?i)lott(?:o|ery)"),
        lotto_agent_quiet: LOTTO_AGENT_QUIET.compile(),
    }
});

impl Facts {
    /// Reads the facts of the message in `context`.
    pub(crate) fn of(context: &RuleContext<'_>) -> Self {
        let analysis = context.analysis;
        let others = &*OTHERS;
        let text = Text::of(&analysis.body.lines);
        let found = Found::in_text(&text, analysis.body_grams());
        let field = |name: &str, regex: &Regex| {
            analysis
                .headers
                .get(name)
                .is_some_and(|value| regex.is_match(value.as_bytes()))
        };
        let lotto_agent = (found.has(Sign::LottoAgent1) || found.has(Sign::LottoAgent2))
            && !found.has(Sign::ToYourOrg)
            && !found.has(Sign::TravelItinerary)
            && !found.has(Sign::AutoAccident)
            && others.lotto_agent_quiet.eval(context).is_none();
        let uris = || analysis.uris.iter().flat_map(|uri| &uri.cleaned);
        let lottery_elsewhere = uris().any(|uri| others.lottery_uri.is_match(uri.as_bytes()))
            || analysis.mime.nodes.iter().any(|node| {
                [&node.raw_content_type, &node.disposition, &node.filename]
                    .into_iter()
                    .flatten()
                    .any(|value| others.lottery_part.is_match(value.as_bytes()))
            });
        Facts {
            found,
            urgent_subject: others.urgent_subject.eval(context).is_some(),
            lotto_agent,
            lotto_agent_reply: field("Reply-To", &others.reply_to) && !found.has(Sign::ToYourOrg),
            lotto_agent_from: field("From", &others.from),
            lotto_uri: uris().any(|uri| others.uri.is_match(uri.as_bytes())),
            lottery_elsewhere,
            form: Form::of(analysis, &text),
        }
    }

    /// `__AFRICAN_STATE`.
    fn african_state(&self) -> bool {
        self.any(&[
            Sign::Nigeria,
            Sign::IvoryCoast,
            Sign::BurkinaFaso,
            Sign::Ghana,
            Sign::Benin,
            Sign::AfricanUnion,
        ])
    }

    /// `__XFER_MONEY`: a transfer of money.
    fn transfer(&self) -> bool {
        self.any(&[
            Sign::WireTransfer,
            Sign::TrustedCheck,
            Sign::BankDraft,
            Sign::MoveMoney,
            Sign::ToYourAccount,
            Sign::PayYou,
            Sign::GiveMoney,
        ])
    }

    /// `__YOU_WON`.
    fn you_won(&self) -> bool {
        self.any(&[
            Sign::YouWon1,
            Sign::YouWon2,
            Sign::YouWon3,
            Sign::YouWon4,
            Sign::HasWon1,
        ]) || (self.found.has(Sign::YouWon5) && self.any(&[Sign::MoveMoney, Sign::GiveMoney]))
    }

    /// `T_SHARE_50_50` and the percentages of `__PCT_FOR_YOU`.
    fn percent_for_you(&self) -> bool {
        self.any(&[Sign::PctForYou1, Sign::PctForYou2, Sign::PctForYou3])
            || (self.any(&[Sign::ShareIt, Sign::AgreedRatio]) && self.found.has(Sign::FiftyFifty))
    }

    /// `__LOTTO_ADMITS`.
    fn lottery_named(&self) -> bool {
        self.lottery_elsewhere || self.any(&[Sign::LottoAdmits1, Sign::LottoAdmits2])
    }

    fn any(&self, signs: &[Sign]) -> bool {
        signs.iter().any(|&sign| self.found.has(sign))
    }

    /// The signs both phrase counts share, with the metas among them.
    fn shared_count(&self) -> usize {
        self.found.count(SHARED_SIGNS)
            + [
                self.african_state(),
                self.urgent_subject,
                self.lotto_agent,
                self.lotto_agent_reply,
                self.lotto_uri,
                self.transfer(),
                self.you_won(),
            ]
            .into_iter()
            .filter(|&b| b)
            .count()
    }

    /// How many of the advance-fee signs of `__ADVANCE_FEE_*_NEW` are present.
    fn advance_fee_count(&self) -> usize {
        self.shared_count() + self.found.count(ADVANCE_FEE_ONLY)
    }

    /// How many of the fraud signs of `__MONEY_FRAUD_*` and `__FORM_FRAUD*`
    /// are present.
    fn fraud_count(&self) -> usize {
        self.shared_count()
            + self.found.count(FRAUD_ONLY)
            + [
                self.lottery_named(),
                self.lotto_agent_from,
                self.percent_for_you(),
            ]
            .into_iter()
            .filter(|&b| b)
            .count()
    }

    /// `__ADVANCE_FEE_N_NEW`: more than `n - 1` advance-fee signs, and no
    /// Outlook thread index of the genuine form.
    fn advance_fee(&self, n: usize, context: &RuleContext<'_>) -> bool {
        self.advance_fee_count() >= n && !genuine_thread_index(context)
    }
}

/// The single phrases counted by both `__ADVANCE_FEE_*_NEW` and
/// `__MONEY_FRAUD_*`.
const SHARED_SIGNS: &[Sign] = &[
    Sign::AtmCard,
    Sign::BackScratch,
    Sign::ContactYou,
    Sign::Courier,
    Sign::DeadParent,
    Sign::Deal,
    Sign::DearBeneficiary,
    Sign::DearWinner,
    Sign::Deceased,
    Sign::DestroyMe,
    Sign::Diplomatic,
    Sign::DormantAccount,
    Sign::EarlyDemise,
    Sign::ExCustomer,
    Sign::FoundYou,
    Sign::FraudAon,
    Sign::FraudAum,
    Sign::FraudAxf,
    Sign::FraudBep,
    Sign::FraudBgp,
    Sign::FraudCkf,
    Sign::FraudDpr,
    Sign::FraudFvu,
    Sign::FraudGbw,
    Sign::FraudIpk,
    Sign::FraudIrt,
    Sign::FraudJnb,
    Sign::FraudJyg,
    Sign::FraudMcq,
    Sign::FraudMly,
    Sign::FraudMqo,
    Sign::FraudNeb,
    Sign::FraudQfy,
    Sign::FraudQxx,
    Sign::FraudSnt,
    Sign::FraudUlk,
    Sign::FraudUoq,
    Sign::FraudWdr,
    Sign::FraudWfc,
    Sign::FraudXjr,
    Sign::FraudXww,
    Sign::FraudYpo,
    Sign::FraudYqv,
    Sign::IInherit,
    Sign::IntlBank,
    Sign::InvestMoney,
    Sign::IsLegal,
    Sign::IWillYou,
    Sign::KamLotto2,
    Sign::LottoDept,
    Sign::LottoRelated,
    Sign::LottoWin1,
    Sign::LottoWinnings,
    Sign::LuckyWinner,
    Sign::NextOfKin,
    Sign::NotDeadYet,
    Sign::PctOfPayments,
    Sign::Scam,
    Sign::ShareIt,
    Sign::TheyInherit,
    Sign::UnclaimedMoney,
    Sign::Widow,
    Sign::WillLegal,
    Sign::YouAssist,
    Sign::YouInherit,
    Sign::YourFund,
    Sign::YourPermission,
];

/// Counted by `__ADVANCE_FEE_*_NEW` only.
const ADVANCE_FEE_ONLY: &[Sign] = &[Sign::UrgentBusiness, Sign::YourConsignment];

/// Counted by `__MONEY_FRAUD_*` and `__FORM_FRAUD*` only.
const FRAUD_ONLY: &[Sign] = &[
    Sign::FraudKjv,
    Sign::FraudIrj,
    Sign::FraudTdp,
    Sign::FraudGan,
    Sign::FraudWny,
    Sign::FraudIov,
    Sign::FraudYww,
    Sign::FraudUuy,
    Sign::FraudPvn,
    Sign::FraudTcc,
    Sign::FraudThj,
    Sign::FraudYja,
    Sign::AgreedRatio,
    Sign::AmDying,
    Sign::Barrister,
    Sign::Beneficiary,
    Sign::Compensation,
    Sign::ContactAttorney,
    Sign::DiedIn,
    Sign::Emrcp,
    Sign::Fees,
    Sign::FiftyFifty,
    Sign::Fraud,
    Sign::FraudPtx,
    Sign::HushHush,
    Sign::InheritPayment,
    Sign::InvestCountry,
    Sign::LottoVerify,
    Sign::Lucrative,
    Sign::Millions,
    Sign::MyFortune,
    Sign::NotScam,
    Sign::OurBehalf,
    Sign::SumOfFund,
    Sign::Survivors,
    Sign::TreatmentDefiled,
    Sign::TrunkBox,
    Sign::UnitedNations,
    Sign::YourBank,
    Sign::YourProfit,
    Sign::RandomPick,
    Sign::Charity,
];

/// The `__HK_SCAM_*` phrases.
const HK_SCAM_SIGNS: &[Sign] = &[
    Sign::HkScamN2,
    Sign::HkScamN3,
    Sign::HkScamN8,
    Sign::HkScamN15,
    Sign::HkScamN16,
    Sign::HkScamS1,
    Sign::HkScamS15,
    Sign::HkScamS25,
];

/// `__THREAD_INDEX_GOOD`: a Thread-Index of the form Outlook writes.
static THREAD_INDEX_GOOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?-u)\AA[A-Za-z0-9][A-Za-z0-9+/]{27}(?:[A-Za-z0-9+/]{20})?",
        r"(?:[AQgw]==|[A-Za-z0-9+/]{7}|[A-Za-z0-9+/]{13}[AEIMQUYcgkosw048]=)\n?\z"
    ))
    .expect("valid built-in pattern")
});

fn genuine_thread_index(context: &RuleContext<'_>) -> bool {
    context
        .analysis
        .headers
        .all("Thread-Index")
        .any(|field| THREAD_INDEX_GOOD.is_match(field.decoded.as_bytes()))
}

/// Runs `read` over the message's facts, found once per scoring call.
fn with_facts<R>(context: &RuleContext<'_>, read: impl FnOnce(&Facts) -> R) -> R {
    match context.inputs.scratch {
        Some(scratch) => read(scratch.fraud.get_or_init(|| Facts::of(context))),
        None => read(&Facts::of(context)),
    }
}

/// `LOTS_OF_MONEY` fired.
fn lots_of_money(context: &RuleContext<'_>) -> bool {
    context.fired("LOTS_OF_MONEY")
}

/// The advance-fee level of the message: the largest `n` in 2..=5 such that
/// `__ADVANCE_FEE_N_NEW` holds, or 0.
fn advance_fee_level(context: &RuleContext<'_>) -> usize {
    with_facts(context, |facts| {
        (2..=5)
            .rev()
            .find(|&n| facts.advance_fee(n, context))
            .unwrap_or(0)
    })
}

/// `__FILL_THIS_FORM`.
fn fill_form(context: &RuleContext<'_>) -> bool {
    with_facts(context, |facts| facts.form.long_or_many())
}

/// `__FILL_THIS_FORM_SHORT`.
fn fill_form_short(context: &RuleContext<'_>) -> bool {
    with_facts(context, |facts| facts.form.short())
}

/// Which of the three advance-fee variants a message is: with a form and no
/// sum (`_FORM`), with a form and a sum (`_FRM_MNY`), with a sum and no form
/// (`_MONEY`), or neither (the plain `ADVANCE_FEE_N_NEW`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    Plain,
    Form,
    FormMoney,
    Money,
}

fn variant(context: &RuleContext<'_>) -> Variant {
    match (fill_form(context), lots_of_money(context)) {
        (true, false) => Variant::Form,
        (true, true) => Variant::FormMoney,
        (false, true) => Variant::Money,
        (false, false) => Variant::Plain,
    }
}

/// `__ADVANCE_FEE_N_NEW_<variant>` holds and no higher level does: the
/// core of `ADVANCE_FEE_N_NEW_<variant>`. (The plain test also excludes the
/// higher levels, without the form or the sum.)
fn advance_fee_exactly(context: &RuleContext<'_>, n: usize, wanted: Variant) -> bool {
    variant(context) == wanted && advance_fee_level(context) == n
}

/// The tests' fraud-phrase count is more than `n - 1`.
fn fraud_count_at_least(context: &RuleContext<'_>, n: usize) -> bool {
    with_facts(context, |facts| facts.fraud_count() >= n)
}

/// `__MONEY_FRAUD_N`.
fn money_fraud(context: &RuleContext<'_>, n: usize) -> bool {
    lots_of_money(context) && fraud_count_at_least(context, n)
}

/// `__FORM_FRAUD_N`.
fn form_fraud(context: &RuleContext<'_>, n: usize) -> bool {
    (fill_form(context) || fill_form_short(context)) && fraud_count_at_least(context, n)
}

/// `__BOTH_INR_AND_REF`: mailers that write both In-Reply-To and References.
const BOTH_INR_AND_REF: Expr = Expr::Any(&[
    Expr::Match(
        View::Header("X-Mailer"),
        r"\A(?:Balsa [0-9]|Calypso|Forte Agent [0-9]|mh-e [0-9]|SquirrelMail|Sylpheed|The Bat!|VM [0-9]|Ximian Evolution)",
    ),
    Expr::Match(View::Header("User-Agent"), r"\A(?:KMail|Mozilla/5|Opera7)"),
]);

/// `__COMMENT_EXISTS`: an HTML comment.
pub(super) const HTML_COMMENT: Expr =
    Expr::Fact(|c| c.analysis.html.iter().any(|part| part.comments > 0));

/// `__HTML_LINK_IMAGE`: an image inside a link.
pub(super) const LINKED_IMAGE: Expr =
    Expr::Fact(|c| c.analysis.html.iter().any(|part| part.has_linked_image()));

/// `__TAG_EXISTS_CENTER`.
const CENTER_TAG: Expr = Expr::Fact(|c| c.analysis.html.iter().any(|part| part.has_tag("center")));

/// `__TAG_EXISTS_STYLE`.
pub(super) const STYLE_TAG: Expr =
    Expr::Fact(|c| c.analysis.html.iter().any(|part| part.has_tag("style")));

/// `__BUGGED_IMG`: an image whose address carries a tracking code (eight
/// characters after `?`, or eight hexadecimal digits that start neither
/// with three letters nor as a date 20yymmdd).
pub(super) const BUGGED_IMAGE: Expr = Expr::Match(
    View::RawBody,
    concat!(
        r"(?i)<img\b[^>]{0,100}\ssrc=.?https?://[^>]{6,80}(?:\?[^>]{8}|[^a-z](?:",
        r"[a-f][0-9][0-9a-f]{6}|[a-f]{2}[0-9][0-9a-f]{5}|[013-9][0-9a-f]{7}|2[1-9a-f][0-9a-f]{6}",
        r"|20(?:[a-f][0-9a-f]{5}|[0-9][a-f][0-9a-f]{4}|[0-9]{2}[2-9a-f][0-9a-f]{3}|[0-9]{2}[01][a-f][0-9a-f]{2}",
        r"|[0-9]{2}[01][0-9][4-9a-f][0-9a-f]|[0-9]{2}[01][0-9][0-3][a-f])))"
    ),
);

/// `__BOUNCE_CTYPE`: a delivery report.
pub(super) const DELIVERY_REPORT: Expr =
    Expr::Match(View::Header("Content-Type"), r"\bmultipart/report\b");

/// `__FROM_LOWER`: a "from:" field name in lower case.
const FROM_LOWER: Expr = Expr::Match(View::AllHeaders, r"from: \S{5}");

/// `__UNSUB_LINK`: a link about subscriptions, opting out or abuse.
pub(super) const UNSUBSCRIBE_LINK: Expr = Expr::Match(
    View::Uri,
    r"(?i)\b(?:(?:un)?subscri(?:ber?|ptions?)|abuses?|opt(?:ing)?.?out)\b",
);

/// `__UPPERCASE_URI`: a capital letter in a link after a lower-case scheme
/// and host start.
const UPPERCASE_URI: Expr = Expr::Match(View::Uri, r"\A[^:A-Z]+[A-Z]");

/// `__MIME_QP`: a quoted-printable part.
pub(super) const QUOTED_PRINTABLE: Expr = Expr::Fact(|c| {
    c.analysis.mime.nodes.iter().any(|node| {
        node.transfer_encoding
            .as_deref()
            .is_some_and(|cte| cte.eq_ignore_ascii_case("quoted-printable"))
    })
});

/// The guards most of these tests share.
pub(super) const HAS_SENDER: Expr = field_exists!("Sender");
pub(super) const HAS_X_LOOP: Expr = field_exists!("X-Loop");
pub(super) const HAS_ERRORS_TO: Expr = field_exists!("Errors-To");
pub(super) const HAS_THREAD_INDEX: Expr = field_exists!("Thread-Index");
pub(super) const HAS_LIST_UNSUBSCRIBE: Expr = field_exists!("List-Unsubscribe");
const LIST_REMAILER: Expr = Expr::Fact(|c| list_remailer(c.analysis));

/// `__TO_UNDISCLOSED`: the To field says the recipients are undisclosed.
pub(super) const TO_UNDISCLOSED: Expr = Expr::Match(
    View::Header("To"),
    r"(?i)\b(?:undisclosed[-\s]recipients|destinataires inconnus|destinatari nascosti)\b",
);

const ADVANCE_FEE_5_NEW_MONEY: Expr = Expr::All(&[
    Expr::Fact(|c| advance_fee_exactly(c, 5, Variant::Money)),
    Expr::Not(&DELIVERY_REPORT),
    Expr::Not(&BUGGED_IMAGE),
]);

const ADVANCE_FEE_4_NEW_MONEY: Expr = Expr::All(&[
    Expr::Fact(|c| advance_fee_exactly(c, 4, Variant::Money)),
    Expr::Not(&BOTH_INR_AND_REF),
    Expr::Not(&HAS_SENDER),
    Expr::Not(&HAS_X_LOOP),
    Expr::Not(&BUGGED_IMAGE),
]);

const ADVANCE_FEE_3_NEW_MONEY: Expr = Expr::All(&[
    Expr::Fact(|c| advance_fee_exactly(c, 3, Variant::Money)),
    Expr::Not(&BOTH_INR_AND_REF),
    Expr::Not(&VIA_ML),
    Expr::Not(&THREADED),
    Expr::Not(&HAS_SENDER),
    Expr::Not(&HAS_X_LOOP),
    Expr::Not(&BUGGED_IMAGE),
]);

const ADVANCE_FEE_2_NEW_MONEY: Expr = Expr::All(&[
    Expr::Fact(|c| advance_fee_exactly(c, 2, Variant::Money)),
    Expr::Not(&BOTH_INR_AND_REF),
    Expr::Not(&LIST_REMAILER),
    Expr::Not(&HTML_COMMENT),
    Expr::Not(&VIA_ML),
    Expr::Not(&THREADED),
    Expr::Not(&HAS_SENDER),
    Expr::Not(&HAS_X_LOOP),
    Expr::Not(&BUGGED_IMAGE),
]);

const ADVANCE_FEE_5_NEW_FORM: Expr = Expr::Fact(|c| advance_fee_exactly(c, 5, Variant::Form));

const ADVANCE_FEE_4_NEW_FORM: Expr = Expr::Fact(|c| advance_fee_exactly(c, 4, Variant::Form));

const ADVANCE_FEE_3_NEW_FORM: Expr = Expr::All(&[
    Expr::Fact(|c| advance_fee_exactly(c, 3, Variant::Form)),
    Expr::Not(&THREADED),
    Expr::Not(&HAS_SENDER),
    Expr::Not(&FROM_LOWER),
    Expr::Not(&HAS_X_LOOP),
]);

const ADVANCE_FEE_2_NEW_FORM: Expr = Expr::All(&[
    Expr::Fact(|c| advance_fee_exactly(c, 2, Variant::Form)),
    Expr::Not(&FROM_LOWER),
    Expr::Not(&HAS_X_LOOP),
]);

const ADVANCE_FEE_5_NEW_FRM_MNY: Expr =
    Expr::Fact(|c| advance_fee_exactly(c, 5, Variant::FormMoney));

const ADVANCE_FEE_4_NEW_FRM_MNY: Expr =
    Expr::Fact(|c| advance_fee_exactly(c, 4, Variant::FormMoney));

const ADVANCE_FEE_3_NEW_FRM_MNY: Expr = Expr::All(&[
    Expr::Fact(|c| advance_fee_exactly(c, 3, Variant::FormMoney)),
    Expr::Not(&HAS_X_LOOP),
]);

const ADVANCE_FEE_2_NEW_FRM_MNY: Expr = Expr::All(&[
    Expr::Fact(|c| advance_fee_exactly(c, 2, Variant::FormMoney)),
    Expr::Not(&HAS_X_LOOP),
]);

const ADVANCE_FEE_5_NEW: Expr = Expr::All(&[
    Expr::Fact(|c| advance_fee_exactly(c, 5, Variant::Plain)),
    Expr::Not(&BUGGED_IMAGE),
]);

const ADVANCE_FEE_4_NEW: Expr = Expr::All(&[
    Expr::Fact(|c| advance_fee_exactly(c, 4, Variant::Plain)),
    Expr::Not(&LINKED_IMAGE),
    Expr::Not(&HTML_COMMENT),
    Expr::Not(&CENTER_TAG),
    Expr::Not(&HAS_ERRORS_TO),
    Expr::Not(&HAS_X_LOOP),
    Expr::Not(&BUGGED_IMAGE),
]);

const ADVANCE_FEE_3_NEW: Expr = Expr::All(&[
    Expr::Fact(|c| advance_fee_exactly(c, 3, Variant::Plain)),
    Expr::Not(&LINKED_IMAGE),
    Expr::Not(&HTML_COMMENT),
    Expr::Not(&HAS_SENDER),
    Expr::Not(&HAS_X_LOOP),
    Expr::Fact(|c| with_facts(c, |facts| !facts.found.has(Sign::ToYourOrg))),
    Expr::Not(&BUGGED_IMAGE),
]);

const MONEY_FRAUD_8: Expr = Expr::All(&[
    Expr::Fact(|c| money_fraud(c, 9)),
    Expr::Not(&VIA_ML),
    Expr::Not(&HAS_THREAD_INDEX),
    Expr::Not(&BUGGED_IMAGE),
]);

const MONEY_FRAUD_5: Expr = Expr::All(&[
    Expr::Fact(|c| money_fraud(c, 6) && !money_fraud(c, 9)),
    Expr::Fact(|c| !(advance_fee_level(c) == 5 && variant(c) == Variant::Money)),
    Expr::Not(&VIA_ML),
    Expr::Not(&HAS_THREAD_INDEX),
    Expr::Not(&HTML_COMMENT),
    Expr::Not(&UNSUBSCRIBE_LINK),
    Expr::Not(&CENTER_TAG),
    Expr::Not(&STYLE_TAG),
]);

const MONEY_FRAUD_3: Expr = Expr::All(&[
    Expr::Fact(|c| money_fraud(c, 4) && !money_fraud(c, 6)),
    Expr::Fact(|c| !(advance_fee_level(c) >= 3 && variant(c) == Variant::Money)),
    Expr::Not(&HTML_COMMENT),
    Expr::Not(&CENTER_TAG),
    Expr::Not(&Expr::Match(
        View::Header("X-MimeOLE"),
        r"Produced By Microsoft Exchange V",
    )),
    Expr::Not(&VIA_ML),
    Expr::Not(&HAS_THREAD_INDEX),
    Expr::Not(&UNSUBSCRIBE_LINK),
    Expr::Not(&HAS_LIST_UNSUBSCRIBE),
    Expr::Not(&LINKED_IMAGE),
    Expr::Not(&THREADED),
    Expr::Not(&Expr::Match(View::Body, r"(?i)\bthu(?:r(?:s(?:day)?)?)?\b")),
    Expr::Not(&STYLE_TAG),
]);

/// `__FORM_FRAUD*`'s shared guards.
const FORM_FRAUD_GUARDS: Expr = Expr::All(&[
    Expr::Not(&HAS_LIST_UNSUBSCRIBE),
    Expr::Not(&THREADED),
    Expr::Not(&HAS_THREAD_INDEX),
    Expr::Not(&VIA_ML),
]);

const FORM_FRAUD_5: Expr = Expr::All(&[
    Expr::Fact(|c| form_fraud(c, 6)),
    Expr::Fact(|c| {
        !(advance_fee_level(c) == 5 && matches!(variant(c), Variant::Form | Variant::FormMoney))
    }),
    FORM_FRAUD_GUARDS,
    Expr::Not(&DELIVERY_REPORT),
]);

const FORM_FRAUD_3: Expr = Expr::All(&[
    Expr::Fact(|c| form_fraud(c, 4) && !form_fraud(c, 6)),
    Expr::Fact(|c| {
        !(advance_fee_level(c) >= 3 && matches!(variant(c), Variant::Form | Variant::FormMoney))
    }),
    FORM_FRAUD_GUARDS,
    Expr::Not(&LINKED_IMAGE),
    Expr::Not(&QUOTED_PRINTABLE),
    Expr::Not(&Expr::Match(View::Body, r"(?i)\bfri(?:day)?\b")),
    Expr::Not(&UNSUBSCRIBE_LINK),
    Expr::Not(&BUGGED_IMAGE),
    Expr::Not(&super::conversation::NOT_SPOOFED),
]);

const FORM_FRAUD: Expr = Expr::All(&[
    Expr::Fact(|c| form_fraud(c, 2) && !form_fraud(c, 4)),
    FORM_FRAUD_GUARDS,
    Expr::Not(&LINKED_IMAGE),
    Expr::Not(&HTML_COMMENT),
    Expr::Not(&super::conversation::NOT_SPOOFED),
    Expr::Not(&UPPERCASE_URI),
    Expr::Not(&UNSUBSCRIBE_LINK),
]);

const UNDISC_MONEY: Expr = Expr::All(&[
    TO_UNDISCLOSED,
    Expr::Fact(|c| lots_of_money(c) || advance_fee_level(c) >= 2),
    Expr::Not(&VIA_ML),
    Expr::Not(&Expr::Match(
        View::Header("Message-ID"),
        r"\A<?OF[0-9A-F]{8}\.[0-9A-F]{8}-ON[0-9A-F]{8}\.[0-9A-F]{8}(?:-[0-9A-F]{8}\.[0-9A-F]{8})?@",
    )),
]);

const XFER_LOTSA_MONEY: Expr = Expr::All(&[
    Expr::Fact(|c| lots_of_money(c) && with_facts(c, Facts::transfer)),
    Expr::Not(&VIA_ML),
    Expr::Not(&HAS_SENDER),
    Expr::Not(&Expr::Fact(|c| Signals::of(c.analysis).subscription_info)),
]);

const T_MONEY_PERCENT: Expr = Expr::Fact(|c| {
    lots_of_money(c)
        && with_facts(c, |facts| {
            facts.percent_for_you() || facts.any(&[Sign::PctOfPayments, Sign::FiftyFifty])
        })
});

const UNCLAIMED_MONEY: Expr =
    Expr::Fact(|c| with_facts(c, |facts| facts.found.has(Sign::UnclaimedMoney)));

const HK_SCAM: Expr = Expr::Fact(|c| with_facts(c, |facts| facts.any(HK_SCAM_SIGNS)));

/// `YOUR_DELIVERY_ADDRESS`: a request for the recipient's delivery or
/// shipping address (parcel and "consignment" scams).
const YOUR_DELIVERY_ADDRESS: Expr = Expr::Match(
    View::Body,
    concat!(
        r"(?i)(?:(?:we need to know|let us know|confirm|indicate|(?:send|provide|tell|inform)(?: us)?(?: of)?",
        r"|(?:respond|reply|answer) (?:to )?(?:our|this) ?e?mail (?:[\w,]+\s){0,10}(?:with|and send(?: us)?))",
        r"(?: t?he (?:order )?quantity and)? (?:your |the )?(?:detailed |specific |exact )?",
        r"(?:(?:delivery |shipping |mailing |shipment |receiving )?(?:address|location)(?:\s?[,.;]|(?: and| so)? we| if you)",
        r"|address (?:for|of) (?:shipping|delivery|shipment))",
        r"|(?:provide|give) us (?:with |details of )(?:the |your )?address,? (?:and )?we will contact (?:the )?",
        r"(?:warehouse|logistics|storage(?: facility))",
        r"|your (?:mailing|shipping) address to (?:arrange|set ?up) (?:shipment|delivery) (?:(?:for|to) you|of th))"
    ),
);

/// Texts of the advance-fee tests, by variant.
fn advance_fee_text(variant: Variant, level: usize) -> crate::rules::RuleText {
    let (en_what, fr_what) = match variant {
        Variant::Plain => ("", ""),
        Variant::Form => (" and a form to fill in", " et un formulaire à remplir"),
        Variant::FormMoney => (
            ", a form to fill in and a large sum",
            ", un formulaire à remplir et une grosse somme",
        ),
        Variant::Money => (" and a large sum of money", " et une grosse somme d'argent"),
    };
    let more = if level == 5 { "+" } else { "" };
    crate::rules::RuleText {
        description: crate::Localized::new(
            format!("{level}{more} advance-fee fraud phrases{en_what}"),
            format!("{level}{more} tournures d'escroquerie à l'avance de frais{fr_what}"),
        ),
        explanation: crate::Localized::new(
            format!(
                "The text uses {level}{more} of the phrases typical of advance-fee fraud (the \"Nigerian\" or \"419\" scam): a dead relative or client, a dormant account, a lottery win, a courier holding a consignment, an urgent and confidential business proposal{en_what}. The victim is promised a share of a fortune and then asked to pay fees."
            ),
            format!(
                "Le texte emploie {level}{more} des tournures typiques de l'escroquerie à l'avance de frais (dite « nigériane » ou « 419 ») : un parent ou client décédé, un compte dormant, un gain de loterie, un transporteur qui retient un colis, une proposition d'affaires urgente et confidentielle{fr_what}. On promet à la victime une part d'une fortune, puis on lui demande de payer des frais."
            ),
        ),
        fix: crate::Localized::new(
            "Nothing, if the message is genuine: reword it so it reads less like a windfall offer.",
            "Rien, si le message est authentique : reformulez-le pour qu'il ressemble moins à une offre d'aubaine.",
        ),
    }
}

/// Every test of this family, in SpamAssassin's order of dependency (none
/// reads another's hit).
pub(super) fn rules() -> Vec<Rule> {
    let advance_fee = [
        (
            "ADVANCE_FEE_5_NEW_MONEY",
            5,
            Variant::Money,
            3.0,
            &ADVANCE_FEE_5_NEW_MONEY,
        ),
        (
            "ADVANCE_FEE_4_NEW_MONEY",
            4,
            Variant::Money,
            1.0,
            &ADVANCE_FEE_4_NEW_MONEY,
        ),
        (
            "ADVANCE_FEE_3_NEW_MONEY",
            3,
            Variant::Money,
            1.0,
            &ADVANCE_FEE_3_NEW_MONEY,
        ),
        (
            "ADVANCE_FEE_2_NEW_MONEY",
            2,
            Variant::Money,
            1.0,
            &ADVANCE_FEE_2_NEW_MONEY,
        ),
        (
            "ADVANCE_FEE_5_NEW_FORM",
            5,
            Variant::Form,
            1.0,
            &ADVANCE_FEE_5_NEW_FORM,
        ),
        (
            "ADVANCE_FEE_4_NEW_FORM",
            4,
            Variant::Form,
            1.0,
            &ADVANCE_FEE_4_NEW_FORM,
        ),
        (
            "ADVANCE_FEE_3_NEW_FORM",
            3,
            Variant::Form,
            1.0,
            &ADVANCE_FEE_3_NEW_FORM,
        ),
        (
            "ADVANCE_FEE_2_NEW_FORM",
            2,
            Variant::Form,
            1.0,
            &ADVANCE_FEE_2_NEW_FORM,
        ),
        (
            "ADVANCE_FEE_5_NEW_FRM_MNY",
            5,
            Variant::FormMoney,
            1.0,
            &ADVANCE_FEE_5_NEW_FRM_MNY,
        ),
        (
            "ADVANCE_FEE_4_NEW_FRM_MNY",
            4,
            Variant::FormMoney,
            1.0,
            &ADVANCE_FEE_4_NEW_FRM_MNY,
        ),
        (
            "ADVANCE_FEE_3_NEW_FRM_MNY",
            3,
            Variant::FormMoney,
            1.0,
            &ADVANCE_FEE_3_NEW_FRM_MNY,
        ),
        (
            "ADVANCE_FEE_2_NEW_FRM_MNY",
            2,
            Variant::FormMoney,
            1.0,
            &ADVANCE_FEE_2_NEW_FRM_MNY,
        ),
        (
            "ADVANCE_FEE_5_NEW",
            5,
            Variant::Plain,
            1.0,
            &ADVANCE_FEE_5_NEW,
        ),
        (
            "ADVANCE_FEE_4_NEW",
            4,
            Variant::Plain,
            1.0,
            &ADVANCE_FEE_4_NEW,
        ),
        (
            "ADVANCE_FEE_3_NEW",
            3,
            Variant::Plain,
            1.0,
            &ADVANCE_FEE_3_NEW,
        ),
    ];
    let mut rules: Vec<Rule> = advance_fee
        .into_iter()
        .map(|(name, level, variant, score, when)| {
            content_rule(
                name,
                Family::Body,
                [score; 4],
                when,
                advance_fee_text(variant, level),
            )
        })
        .collect();
    rules.extend(fraud_rules());
    rules.extend(form::rules());
    rules
}

/// The tests that count fraud phrases next to money or a form, and the
/// single phrases.
fn fraud_rules() -> Vec<Rule> {
    vec![
        content_rule(
            "MONEY_FRAUD_8",
            Family::Body,
            [1.0; 4],
            &MONEY_FRAUD_8,
            text!(
                description: (
                    "A large sum and very many fraud phrases",
                    "Une grosse somme et de très nombreuses tournures frauduleuses"
                ),
                explanation: (
                    "The text names a large sum of money and uses more than eight of the phrases of advance-fee and lottery fraud (inheritances, dormant accounts, fees to release funds, secrecy, a share for you).",
                    "Le texte cite une grosse somme d'argent et emploie plus de huit des tournures des escroqueries à l'avance de frais et aux faux gains (héritages, comptes dormants, frais de déblocage, secret, une part pour vous)."
                ),
                fix: (
                    "Reword the message so it reads less like a windfall offer.",
                    "Reformulez le message pour qu'il ressemble moins à une offre d'aubaine."
                ),
            ),
        ),
        content_rule(
            "MONEY_FRAUD_5",
            Family::Body,
            [1.0; 4],
            &MONEY_FRAUD_5,
            text!(
                description: (
                    "A large sum and many fraud phrases",
                    "Une grosse somme et de nombreuses tournures frauduleuses"
                ),
                explanation: (
                    "The text names a large sum of money and uses six to eight of the phrases of advance-fee and lottery fraud.",
                    "Le texte cite une grosse somme d'argent et emploie six à huit des tournures des escroqueries à l'avance de frais et aux faux gains."
                ),
                fix: (
                    "Reword the message so it reads less like a windfall offer.",
                    "Reformulez le message pour qu'il ressemble moins à une offre d'aubaine."
                ),
            ),
        ),
        content_rule(
            "MONEY_FRAUD_3",
            Family::Body,
            [1.0; 4],
            &MONEY_FRAUD_3,
            text!(
                description: (
                    "A large sum and several fraud phrases",
                    "Une grosse somme et plusieurs tournures frauduleuses"
                ),
                explanation: (
                    "The text names a large sum of money and uses four or five of the phrases of advance-fee and lottery fraud.",
                    "Le texte cite une grosse somme d'argent et emploie quatre ou cinq des tournures des escroqueries à l'avance de frais et aux faux gains."
                ),
                fix: (
                    "Reword the message so it reads less like a windfall offer.",
                    "Reformulez le message pour qu'il ressemble moins à une offre d'aubaine."
                ),
            ),
        ),
        content_rule(
            "FORM_FRAUD_5",
            Family::Body,
            [1.0; 4],
            &FORM_FRAUD_5,
            text!(
                description: (
                    "A form to fill in and many fraud phrases",
                    "Un formulaire à remplir et de nombreuses tournures frauduleuses"
                ),
                explanation: (
                    "The text asks for personal details to be filled in (name, address, telephone, bank) and uses more than five of the phrases of advance-fee and lottery fraud. Fraudsters collect these details before asking for fees.",
                    "Le texte demande de remplir des renseignements personnels (nom, adresse, téléphone, banque) et emploie plus de cinq des tournures des escroqueries à l'avance de frais et aux faux gains. Les escrocs recueillent ces renseignements avant de réclamer des frais."
                ),
                fix: (
                    "Collect details through a form on your own site rather than by e-mail.",
                    "Recueillez les renseignements par un formulaire sur votre site plutôt que par courriel."
                ),
            ),
        ),
        content_rule(
            "FORM_FRAUD_3",
            Family::Body,
            [1.0; 4],
            &FORM_FRAUD_3,
            text!(
                description: (
                    "A form to fill in and several fraud phrases",
                    "Un formulaire à remplir et plusieurs tournures frauduleuses"
                ),
                explanation: (
                    "The text asks for personal details to be filled in and uses four or five of the phrases of advance-fee and lottery fraud.",
                    "Le texte demande de remplir des renseignements personnels et emploie quatre ou cinq des tournures des escroqueries à l'avance de frais et aux faux gains."
                ),
                fix: (
                    "Collect details through a form on your own site rather than by e-mail.",
                    "Recueillez les renseignements par un formulaire sur votre site plutôt que par courriel."
                ),
            ),
        ),
        content_rule(
            "FORM_FRAUD",
            Family::Body,
            [1.0; 4],
            &FORM_FRAUD,
            text!(
                description: (
                    "A form to fill in and fraud phrases",
                    "Un formulaire à remplir et des tournures frauduleuses"
                ),
                explanation: (
                    "The text asks for personal details to be filled in and uses two or three of the phrases of advance-fee and lottery fraud.",
                    "Le texte demande de remplir des renseignements personnels et emploie deux ou trois des tournures des escroqueries à l'avance de frais et aux faux gains."
                ),
                fix: (
                    "Collect details through a form on your own site rather than by e-mail.",
                    "Recueillez les renseignements par un formulaire sur votre site plutôt que par courriel."
                ),
            ),
        ),
        content_rule(
            "UNDISC_MONEY",
            Family::Body,
            [1.0; 4],
            &UNDISC_MONEY,
            text!(
                description: (
                    "Undisclosed recipients and money or fraud",
                    "Destinataires non divulgués et argent ou fraude"
                ),
                explanation: (
                    "The message was sent to undisclosed recipients and names a large sum of money or uses several advance-fee fraud phrases: a bulk mailing that dangles money.",
                    "Le message a été envoyé à des destinataires non divulgués et cite une grosse somme ou emploie plusieurs tournures d'escroquerie à l'avance de frais : un envoi en masse qui fait miroiter de l'argent."
                ),
                fix: (
                    "Address bulk mail to a list the recipients joined, not to hidden recipients.",
                    "Adressez les envois groupés à une liste à laquelle les destinataires se sont inscrits, pas à des destinataires cachés."
                ),
            ),
        ),
        content_rule(
            "XFER_LOTSA_MONEY",
            Family::Body,
            [1.0; 4],
            &XFER_LOTSA_MONEY,
            text!(
                description: (
                    "Transfer of a large sum of money",
                    "Virement d'une grosse somme d'argent"
                ),
                explanation: (
                    "The text names a large sum of money and talks of moving it: a wire transfer, a certified cheque or bank draft, funds released or sent to your account. Fraudsters promise such transfers to obtain fees or bank details.",
                    "Le texte cite une grosse somme d'argent et parle de la déplacer : virement, chèque certifié ou traite bancaire, fonds débloqués ou versés sur votre compte. Les escrocs promettent de tels virements pour obtenir des frais ou des coordonnées bancaires."
                ),
                fix: (
                    "Reword the message so it does not promise to move large sums.",
                    "Reformulez le message pour qu'il ne promette pas de déplacer de grosses sommes."
                ),
            ),
        ),
        content_rule(
            "T_MONEY_PERCENT",
            Family::Body,
            [0.01; 4],
            &T_MONEY_PERCENT,
            text!(
                description: (
                    "A percentage of a large sum for you",
                    "Un pourcentage d'une grosse somme pour vous"
                ),
                explanation: (
                    "The text names a large sum of money and offers a percentage of it: your share, 30% for you, fifty-fifty. This is how advance-fee fraud rewards its accomplices; SpamAssassin is still testing this rule.",
                    "Le texte cite une grosse somme d'argent et en offre un pourcentage : votre part, 30 % pour vous, moitié-moitié. C'est ainsi que l'escroquerie à l'avance de frais rétribue ses complices ; SpamAssassin met encore cette règle à l'essai."
                ),
                fix: (
                    "Nothing, unless other signs of fraud come with it.",
                    "Rien, sauf si d'autres signes de fraude l'accompagnent."
                ),
            ),
        ),
        content_rule(
            "UNCLAIMED_MONEY",
            Family::Body,
            [2.699, 2.699, 2.699, 2.427],
            &UNCLAIMED_MONEY,
            text!(
                description: ("Unclaimed money or prizes", "Argent ou gains non réclamés"),
                explanation: (
                    "The text speaks of unclaimed money, funds, prizes or deposits waiting for you: a classic opening of lottery and inheritance fraud.",
                    "Le texte parle d'argent, de fonds, de gains ou de dépôts non réclamés qui vous attendent : une entrée en matière classique des escroqueries aux faux gains et aux héritages."
                ),
                fix: (
                    "Avoid promising unclaimed money in unsolicited mail.",
                    "Évitez de promettre de l'argent non réclamé dans du courrier non sollicité."
                ),
            ),
        ),
        content_rule(
            "YOUR_DELIVERY_ADDRESS",
            Family::Body,
            [1.0; 4],
            &YOUR_DELIVERY_ADDRESS,
            text!(
                description: (
                    "Asks for your delivery address",
                    "Demande votre adresse de livraison"
                ),
                explanation: (
                    "The text asks you to send your delivery, shipping or mailing address so that something can be shipped to you: the opening of parcel and \"consignment\" scams, and of fake orders.",
                    "Le texte vous demande d'envoyer votre adresse de livraison, d'expédition ou postale pour vous faire parvenir quelque chose : l'entrée en matière des escroqueries au colis et à la « consignation », et des fausses commandes."
                ),
                fix: (
                    "Ask for addresses through your own site or order form.",
                    "Demandez les adresses par votre propre site ou bon de commande."
                ),
            ),
        ),
        content_rule(
            "HK_SCAM",
            Family::Body,
            [1.0; 4],
            &HK_SCAM,
            text!(
                description: ("Phrases of an inheritance scam", "Tournures d'une escroquerie à l'héritage"),
                explanation: (
                    "The text uses one of the phrases of a well-known advance-fee scam: a next of kin, a dormant or offshore account, a secret arrangement, paying you the sum of, your compensation, a bank in Ghana.",
                    "Le texte emploie une des tournures d'une escroquerie à l'avance de frais bien connue : un plus proche parent, un compte dormant ou à l'étranger, un arrangement secret, vous verser la somme de, votre compensation, une banque au Ghana."
                ),
                fix: (
                    "Reword the message so it reads less like an inheritance offer.",
                    "Reformulez le message pour qu'il ressemble moins à une offre d'héritage."
                ),
            ),
        ),
    ]
}
