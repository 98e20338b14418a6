//! The phrases of advance-fee and lottery fraud, each one of SpamAssassin's
//! body sub-rules (`__NIGERIA`, `__FRAUD_DPR`, `__YOU_WON_01`, …), found
//! once per message.
//!
//! Every phrase is a body regex: it matches within one line of the rendered
//! text (the Subject is line 1). Each phrase also lists trigger words, one of
//! which (in any case) is part of every text the phrase matches. The words
//! of the triggers are looked up in the body's index of three-byte sequences
//! ([`Grams`]); only the phrases whose triggers may be there are tried, and
//! only on the lines that hold one.
//!
//! Perl look-arounds, which `regex` lacks, are written out as the finite
//! alternatives they stand for, or checked in code where marked.

use std::sync::{LazyLock, OnceLock};

use regex::bytes::Regex;

use super::super::needles::Needles;
use crate::analysis::grams::Grams;

/// SpamAssassin's `<PERCENT>` replace tag: a two-digit number or a number
/// word from ten to ninety-nine, then a per cent sign or word.
macro_rules! percent {
    () => {
        r"\b(?:[0-9]{2}|ten|[a-z]+teen|(?:twen|thir|fou?r|fif)ty(?:-?[a-z]+)?)\s?(?:%|percent)"
    };
}

/// An `é` as the body may carry it: quoted-printable, Latin-1 or UTF-8.
macro_rules! e_acute {
    () => {
        r"(?:=E9|\xe9|\xc3\xa9)"
    };
}

/// What follows "won" or "win" that is not "won't": the end of the text, or
/// anything but an apostrophe (straight, back-tick, Windows-1252 or UTF-8
/// curly) followed by `t` (Perl's `(?!\xe2\x80\x99t)(?![`'\x92]t)`).
macro_rules! not_apostrophe_t {
    () => {
        r"(?:\z|[^`'\x92\xe2]|[`'\x92](?:\z|[^t])|\xe2(?:\z|[^\x80]|\x80(?:\z|[^\x99]|\x99(?:\z|[^t]))))"
    };
}

/// One of the phrases; the discriminant indexes [`PHRASES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Sign {
    Nigeria,
    IvoryCoast,
    BurkinaFaso,
    Ghana,
    Benin,
    AfricanUnion,
    AtmCard,
    BackScratch,
    ContactYou,
    Courier,
    DeadParent,
    Deal,
    DearBeneficiary,
    DearWinner,
    Deceased,
    DestroyMe,
    Diplomatic,
    DormantAccount,
    EarlyDemise,
    ExCustomer,
    FoundYou,
    FraudAon,
    FraudAum,
    FraudAxf,
    FraudBep,
    FraudBgp,
    FraudCkf,
    FraudDpr,
    FraudFvu,
    FraudGbw,
    FraudIpk,
    FraudIrt,
    FraudJnb,
    FraudJyg,
    FraudMcq,
    FraudMly,
    FraudMqo,
    FraudNeb,
    FraudQfy,
    FraudQxx,
    FraudSnt,
    FraudUlk,
    FraudUoq,
    FraudWdr,
    FraudWfc,
    FraudXjr,
    FraudXww,
    FraudYpo,
    FraudYqv,
    IInherit,
    IntlBank,
    InvestMoney,
    IsLegal,
    IWillYou,
    KamLotto2,
    LottoAgent1,
    LottoAgent2,
    ToYourOrg,
    AutoAccident,
    LottoDept,
    LottoRelated,
    LottoWin1,
    LottoWinnings,
    LuckyWinner,
    NextOfKin,
    NotDeadYet,
    PctOfPayments,
    Scam,
    ShareIt,
    TheyInherit,
    UnclaimedMoney,
    Widow,
    WillLegal,
    WireTransfer,
    TrustedCheck,
    BankDraft,
    MoveMoney,
    ToYourAccount,
    PayYou,
    GiveMoney,
    YouAssist,
    YouInherit,
    UrgentBusiness,
    YourConsignment,
    YourFund,
    YourPermission,
    YouWon1,
    YouWon2,
    YouWon3,
    YouWon4,
    HasWon1,
    YouWon5,
    FraudKjv,
    FraudIrj,
    FraudTdp,
    FraudGan,
    FraudWny,
    FraudIov,
    FraudYww,
    FraudUuy,
    FraudPvn,
    FraudTcc,
    FraudThj,
    FraudYja,
    AgreedRatio,
    AmDying,
    Barrister,
    Beneficiary,
    Compensation,
    ContactAttorney,
    DiedIn,
    Emrcp,
    Fees,
    FiftyFifty,
    Fraud,
    FraudPtx,
    HushHush,
    InheritPayment,
    InvestCountry,
    LottoAdmits1,
    LottoAdmits2,
    LottoVerify,
    Lucrative,
    Millions,
    MyFortune,
    NotScam,
    OurBehalf,
    SumOfFund,
    Survivors,
    TreatmentDefiled,
    TrunkBox,
    UnitedNations,
    YourBank,
    YourProfit,
    PctForYou1,
    PctForYou2,
    PctForYou3,
    RandomPick,
    Charity,
    HkScamN2,
    HkScamN3,
    HkScamN8,
    HkScamN15,
    HkScamN16,
    HkScamS1,
    HkScamS15,
    HkScamS25,
    TravelItinerary,
}

/// Every phrase, in the order of [`Sign`], as its trigger words (separated
/// by `|`) and its regex; all case-insensitive unless marked. The comments
/// name SpamAssassin's sub-rule.
const PHRASES: &[(Sign, &str, &str)] = &[
    // __NIGERIA … __AFR_UNION: __AFRICAN_STATE.
    (Sign::Nigeria, r"nigeria", r"(?i)\bnigeria\b"),
    (
        Sign::IvoryCoast,
        r"ivory|cote|costa",
        r"(?i)\b(?:ivory\s?coast|cote\s?d.ivoire|costa\sde\smarfil)\b",
    ),
    (Sign::BurkinaFaso, r"burkina", r"(?i)\bburkina\s?faso\b"),
    (Sign::Ghana, r"ghana", r"(?i)\bghana\b"),
    (
        Sign::Benin,
        r"b(?:e|=e9|\xe9|\xc3\xa9)nin",
        concat!(r"(?i)\bb(?:e|", e_acute!(), r")nin\b"),
    ),
    (Sign::AfricanUnion, r"african", r"(?i)\bafrican\sunion\b"),
    // __ATM_CARD ("by means of|" is written with an escaped bar upstream:
    // a literal "|" after "of").
    (
        Sign::AtmCard,
        r"atm|debit|cash",
        concat!(
            r"(?i)\b(?:your|the|this|through|via|by\smeans\sof\|that\sa|issue\s(?:(?:to|for)\s)?you\sa)",
            r"[\s(](?:\w{1,20}\s)?(?:atm|debit|(?:money[\s-]?gram\s)?fast\scash)(?:\smaster|swift|value?|cash)?[\s)]card"
        ),
    ),
    (
        Sign::BackScratch,
        r"mutual",
        r"(?i)\bmutual+y?\s(?:benefi(?:cial|t)|interest)\b",
    ),
    // __CONTACT_YOU: upstream's "contact(?:ing)" requires the "ing".
    (
        Sign::ContactYou,
        r"contacting|contacte",
        r"(?i)\b(?:contacting\syou|vous\scontacter?)\b",
    ),
    (
        Sign::Courier,
        r"courier",
        r"(?i)\bcourier\s(?:service|company)",
    ),
    (
        Sign::DeadParent,
        r"dead|deceased|mother|mom|father|dad|husband|marido",
        concat!(
            r"(?i)\b(?:my|meu)\s(?:(?:dead|deceased)\s(?:mother|father|husband)",
            r"|(?:mother|mom|father|dad|husband|marido)(?:'?s)?\s",
            r"(?:death|died|passed\saway|murder|was\s(?:killed|murdered|poisoned)|faleceu))"
        ),
    ),
    (
        Sign::Deal,
        r"deal|transa|proposal|offe|offr|venture|suggestion|partnership",
        concat!(
            r"(?i)\b(?:your\spartnership|(?:business|financial|this|the|mutual|die(?:se)?r?|cette|profitable)\s",
            r"(?:deal|transa[ck]tion|proposal|off[er]{2}|venture|suggestion|partnership))"
        ),
    ),
    (
        Sign::DearBeneficiary,
        r"ficiary",
        r"(?i)\b(?:De[ae]r\s|At+(?:ention|n):?\s?)(?:\S+\s)?Ben[ei]ficiary\b",
    ),
    (Sign::DearWinner, r"winner", r"(?i)\bdear.{1,20}winner"),
    (
        Sign::Deceased,
        r"deceased|verstorbenen|falecido|funt|\blate\b|d(?:e|=e9|\xe9|\xc3\xa9)nt\b",
        concat!(
            r"(?i)\b(?:the|my|your|der|du|le|meu?)\s(?:deceased|late|verstorbenen|falecido",
            r"|d(?:i|e|",
            e_acute!(),
            r")funto?|d(?:e|",
            e_acute!(),
            r")nt)\b"
        ),
    ),
    (
        Sign::DestroyMe,
        r"destroy|hunt|quemar",
        r"(?i)\b(?:destroy|hunt|quemar)\sm[eiy]\b",
    ),
    (Sign::Diplomatic, r"diplomatic", r"(?i)\bdiplomatic\b"),
    (
        Sign::DormantAccount,
        r"dormant|abandoned|left.?over|dorment",
        r"(?i)\b(?:fonds\sdorment|(?:dormant|abandoned|left\s?over)\s(?:account|fund|transaction|sum|deposit))",
    ),
    (Sign::EarlyDemise, r"untimely", r"(?i)\buntimely\sdeath\b"),
    (
        Sign::ExCustomer,
        r"dead|deceased|\blate\b|verstorbenen|death|titulaire|died|tranger",
        concat!(
            r"(?i)\b(?:(?:dead|deceased|late|verstorbenen|death\sof\sthe)\s",
            r"(?:[ck]lient|customer|ac+ount|invest[eo]r|beneficiary|depositor|mr\.|kunde|engr?\.?)",
            r"|titulaire\sdu\scompte\sest\sd(?:e|",
            e_acute!(),
            r")c(?:e|",
            e_acute!(),
            r")d(?:e|",
            e_acute!(),
            r")|invest[eo]r\sdied|(?:e|",
            e_acute!(),
            r")tranger\sd(?:e|",
            e_acute!(),
            r")c(?:e|",
            e_acute!(),
            r")d(?:e|",
            e_acute!(),
            r")|(?:[ck]lient|customer|ac+ount|invest[eo]r|beneficiary|mr\.|kunde|engr?\.?)\s",
            r"(?:[a-z]{1,10}\s)?(?:dead|deceased|verstorbenen))"
        ),
    ),
    (Sign::FoundYou, r"found", r"(?i)\b(?:we|I)\sfound\syour?\b"),
    // The __FRAUD_* phrases of 20_advance_fee.cf.
    (
        Sign::FraudAon,
        r"confidential|private|alternat",
        r"(?i)\b(?:confidential|private|alternat(?:e|ive)) (?:(?:e-? *)?mail)\b",
    ),
    (Sign::FraudAum, r"desk of", r"(?i)\bthe desk of\b"),
    (Sign::FraudAxf, r"magnanimity", r"(?i)magnanimity"),
    (
        Sign::FraudBep,
        r"bank",
        r"(?i)\b(?:central bank of|bank of nigeria|(?:trust|apex|amalgamated) bank)\b",
    ),
    (
        Sign::FraudBgp,
        r"ticket number",
        r"(?i)\battached to ticket number\b",
    ),
    (Sign::FraudCkf, r"ballot", r"(?i)computer ballot system"),
    (
        Sign::FraudDpr,
        r"urgent|immediate|earliest",
        r"(?i)\b(?:(?:urgent|immediate|earliest) (?:reply|response)|(?:reply|respond) (?:urgently|immediately))\b",
    ),
    (
        Sign::FraudFvu,
        r"award notification",
        r"(?i)award notification",
    ),
    (
        Sign::FraudGbw,
        r"second chance",
        r"(?i)god gives .{1,10}second chance",
    ),
    (
        Sign::FraudIpk,
        r"your country",
        r"(?i)\b(?:visit|in|to) your country\b",
    ),
    (
        Sign::FraudIrt,
        r"dear|compliment|faithfully|greetings",
        r"(?i)\b(?:dear (?:friend|sir)|compliments? of the|yours faithfully|season'?s greetings)\b",
    ),
    (
        Sign::FraudJnb,
        r"operat",
        r"(?i)\boperat(?:e|ing)\b[^.]{0,99}\b(?:for(?:ei|ie)gn|off-? ?shore|over-? ?seas?) (?:bank )?accounts?\b",
    ),
    (
        Sign::FraudJyg,
        r"give",
        r"(?i)\bgive\s+you .{0,15}(?:fund|money|total|sum|contact|percent)\b",
    ),
    (
        Sign::FraudMcq,
        r"transaction",
        r"(?i)\btransaction\b.{1,30}\b(?:magnitude|diplomatic|strict|absolute|secret|confiden(?:ce|tial)|guarantee)",
    ),
    (
        Sign::FraudMly,
        r"reply|respond",
        r"(?i)\b(?:reply|respond)\b[^.]{0,50}\b(?:to|through)\b[^.]{0,50}@\b",
    ),
    (
        Sign::FraudMqo,
        r"foreign",
        r"(?i)foreign (?:customer|business partner)",
    ),
    (
        Sign::FraudNeb,
        r"of nigeria",
        r"(?i)(?:bank|government) of nigeria",
    ),
    (
        Sign::FraudQfy,
        r"invoice|cost",
        r"(?i)\bover-? *(?:invoiced?|cost(?:s|ing)?)\b",
    ),
    (
        Sign::FraudQxx,
        r"i am mr|i am engr|i am barr|i am dr|i am prince|my name is",
        r"(?i)\b(?:i am|my name is) (?:mrs?|engr|barrister|dr|prince(?:ss)?)[. ]",
    ),
    (
        Sign::FraudSnt,
        r"extended relative",
        r"(?i)\blocate(?: .{1,20})? extended relative",
    ),
    (Sign::FraudUlk, r"affidavit", r"(?i)\baffidavits?\b"),
    (Sign::FraudUoq, r"vital documents", r"(?i)vital documents"),
    (Sign::FraudWdr, r"private lawyer", r"(?i)\bprivate lawyer\b"),
    (
        Sign::FraudWfc,
        r"fund|monies",
        r"(?i)\bsecur(?:e|ing) (?:the )?(?:funds?|monies)\b",
    ),
    (
        Sign::FraudXjr,
        r"foreigner",
        r"(?i)(?:who was a|as a|an? honest|you being a|to any) foreigner",
    ),
    (
        Sign::FraudXww,
        r"honest|laboration|zusammenarbeit|sichere",
        concat!(
            r"(?i)\b(?:honest(?:ly)?\sco(?:-?operat(?:e|ion)|llaborat(?:e|ion))|col+aboration\swith\sme",
            r"|ehrliche\szusammenarbeit|sichere [kc]o+p[eo]ration)\b"
        ),
    ),
    (Sign::FraudYpo, r"the total sum", r"(?i)the total sum"),
    (
        Sign::FraudYqv,
        r"nigeria",
        r"(?i)nigerian? (?:national|government)",
    ),
    (
        Sign::IInherit,
        r"inherited|herdei",
        r"(?i)\b(?:I|eu)\s[a-z\s]{0,30}(?:inherited|herdei)\b",
    ),
    (
        Sign::IntlBank,
        r"international|banque",
        r"(?i)\b(?:international\s(?:\w+\s)?bank|banque\sinternationale)\b",
    ),
    (
        Sign::InvestMoney,
        r"invest",
        r"(?i)\binvest(?:ir)?\s(?:this|ces|d[ae]s|sur ce|de ces)\s(?:money|f[ou]nds?)\b",
    ),
    (
        Sign::IsLegal,
        r"legal|hitch-free|seguro|legitimate|gale",
        concat!(
            r"(?i)\b(?:(?:(?:this|esta)\s(?:deal|offer|transac[tc]i(?:o|\xc3\xb3)n|proposal|exchange|arrangement|work)|it)?",
            r"\s[ie]s\s(?:(?:guaranteed|completely|absolutely|perfectly|100%|very|fully)\s)?",
            r"(?:legal|hitch-free|seguro|legitimate)|legitimate\sarrangement|toute?\sl(?:e|",
            e_acute!(),
            r")gale)\b"
        ),
    ),
    (
        Sign::IWillYou,
        r"to you",
        r"(?i)\bwill(?:ed)?\s(?:[a-z\s]{0,20}(?:fortune|money|\$[0-9,]+[a-z]{0,9})\s)?to\syou\b",
    ),
    (
        Sign::KamLotto2,
        r"ticket number|serial number|lucky number|batch number|reference number|secret pin|promotion date",
        r"(?i)(?:(?:ticket|serial|lucky|batch|reference) number|secret pin ?code|promotion date)",
    ),
    // __LOTTO_AGENT_01 without its "grant" alternative, which carries
    // look-arounds and is checked in code (see `grant_agent`).
    (
        Sign::LottoAgent1,
        r"agent|manager|officer|secretary|director|mgr",
        concat!(
            r"(?i)\b(?:(?:(?:the|y?our)(?:\s\w{1,20})?|contact|accredited|listed)\sclaim(?:s|ing)?(?:\sprocessing)?",
            r"|fiducia\w+|reimbursement|payment|payout|immunity",
            r"|(?:prize|international|intl|foreign|win+ing)(?:[\s,.]+(?:rem+it+ance|settlement|payment|payout|award|transfer))+)",
            r"\s?(?:agent|manager|officer|secretary|director|mgr\b)"
        ),
    ),
    (
        Sign::LottoAgent2,
        r"ticket agent",
        r"(?i)\blot+ery[^.]{1,40} ticket agent",
    ),
    (
        Sign::ToYourOrg,
        r"organi",
        r"(?i)\b(?:to|for) your organi[sz]ation\b",
    ),
    (
        Sign::AutoAccident,
        r"accident",
        r"(?i)auto(?:mobile)? accident",
    ),
    (
        Sign::LottoDept,
        r"department|dept|unit|group|committee|bureau",
        concat!(
            r"(?i)\b(?:claim(?:s|ing)?(?:\sprocessing)?|fiducia\w+|reimbursement",
            r"|(?:international|foreign|win+ing)(?:\s(?:rem+it+ance|settlement|payment|award))+",
            r"|payment|award|compensation|lot+ery)(?:\s\w+)?\s?(?:department|dept|unit|group|committee|bureau)"
        ),
    ),
    (
        Sign::LottoRelated,
        r"loto|lotto|ttto|lotery|ttery|sweepstakes",
        concat!(
            r"(?i)\b(?:lot+(?:o|ery)|sweepstakes)\s(?:prize|draw(?:s|ing)?|(?:ge)?win(?:n?er|n?ing)?|jackpot+|award|fund",
            r"|com+it+e+|com+is+ion|guild|promotion|promocao|program|day|online|company|(?:in)?corporat|agent",
            r"|co[-,]?ordinator|team)"
        ),
    ),
    (
        Sign::LottoWin1,
        r"wining|winning|nnning",
        r"(?i)\bwin+ing\s(?:prize|number|notification|draw|check|cheque|details|information|payment)",
    ),
    (
        Sign::LottoWinnings,
        r"claim|process|transfer|redeem|payment|virement|zahlung|reivindicar|demandar|remise",
        concat!(
            r"(?i)\b(?:claim|process(?:ing)?|transfert?(?:\s\w+)?|redeem|payment|virement|zahlung|reivindicar|demandar|remise)",
            r"\s(?:(?:[a-z]{1,5}\s)?(?:your|of|the|this|de|ihrer|seu|tu)\s)+",
            r"(?:win+ings?|money|(?:cash\s)?prize|award|f[ou]nds?|grant|gewinne|premio|gain)\b"
        ),
    ),
    (
        Sign::LuckyWinner,
        r"lucky|cklich|afortunados",
        r"(?i)\b(?:lucky|gl.cklich(?:en)?|afortunados)\s(?:(?:ge)?win+ers?|ganador(?:es)?|individuals?)\b",
    ),
    (Sign::NextOfKin, r"of.kin", r"(?i)\bnext[-\s]of[-\s]kin\b"),
    (
        Sign::NotDeadYet,
        r"inherit|herede|death|dead",
        r"(?i)\b(?:will\sinherit|que\sherede|your\sdeath|your?\sbeing\sdead)\b",
    ),
    (
        Sign::PctOfPayments,
        r"%|percent",
        concat!(
            "(?i)",
            percent!(),
            r"[\s)]+(?:of\s[\w\s]{0,35}?)?(?:of|du|de)\s(?:(?:the|la)\s)?(?:total\s)?",
            r"(?:payments?|rem+it+ances?|capital|chec(?:k|que)s?|mon(?:ey|ies)|suma?)"
        ),
    ),
    (Sign::Scam, r"scam", r"(?i)\bscam(?:m?e[dr])?s?\b"),
    (
        Sign::ShareIt,
        r"share|allocate|teilen|parteger|partage",
        concat!(
            r"(?i)\b(?:(?:share|allocate|teilen|parteger(?:ez|ons)?|partage)\s(?:th(?:e|is)|das|les?|des)\s",
            r"(?:proceeds|funds?|money|balance|account|geld|compte|fonds)",
            r"|partager(?:ez|ons)? (?:avec (?:vous|moi)|ratio|suivant un pourcentage))\b"
        ),
    ),
    (
        Sign::TheyInherit,
        r"inherit th|herede",
        r"(?i)\b(?:inherit\sth(?:e|is)\smoney|herede\sest[ea]\sdinero)\b",
    ),
    // UNCLAIMED_MONEY, a test of its own as well.
    (
        Sign::UnclaimedMoney,
        r"unclaimed",
        r"(?i)\bunclaimed\s(?:mon(?:ey|ies)|funds?|assets?|accounts?|balance|prizes?|rewards?|payments?|deposits?)\b",
    ),
    (
        Sign::Widow,
        r"widow|veuve",
        r"(?i)\b(?:widow(?:e[rd])'?s?|veuve)\b",
    ),
    (
        Sign::WillLegal,
        r"testament|codicil|probate|executor|intestate|bequest|mandamus",
        r"(?i)\b(?:last\stestament|codicil|probate|executor|intestate|bequest|mandamus)\b",
    ),
    // __WIRE_XFR … __GIVE_MONEY: __XFER_MONEY.
    (
        Sign::WireTransfer,
        r"transfer",
        r"(?i)\b(?:wire|bank|telegraph(?:ic)?)\s?transfer",
    ),
    (
        Sign::TrustedCheck,
        r"certified|cashier",
        r"(?i)\b(?:certified|cashier'?s?)\sche(?:que|ck)",
    ),
    (Sign::BankDraft, r"draft", r"(?i)\bbank\sdraft"),
    (
        Sign::MoveMoney,
        r"receive|profil|transfer|release|repatriat|rapatrier|secure|clamation|possession|virer|dona|deposit|dep\xc3\xb3sito|locat",
        concat!(
            r"(?i)\b(?:(?:receive|re-?profile|transfer(?:ring|ir|t)?|release|repatriat(?:e|ion)|rapatrier|secure",
            r"|r(?:e|",
            e_acute!(),
            r")clamation|possession|virer|dona(?:te|r)|depositante|dep\xc3\xb3sito)",
            r"\s(?:th(?:e(?:se)?|is)|d[ae]s|sur ce|de ce[st]|cet|est[eao]s?|del?)",
            r"|re-?profiling|receive|re-?locat(?:e|ing)(?:\s\w{1,15})?)",
            r"\s(?:of\s|your\s|the\s){0,2}(?:sums?\sof\s|inheritance\s)?",
            r"(?:proceeds|funds?|money|balance|account|g[eo]ld|compte|fond[os]{1,2}|dinero|argent)\b"
        ),
    ),
    (
        Sign::ToYourAccount,
        r"(?:you|your|sua|votre).(?:account|conta|pos)",
        concat!(
            r"(?i)\b(?:(?:f[uo]nds|money|f[uo]ndo|dinheiro|bank)\s(?:\w{1,10}\s){0,4}(?:transfer(?:red)?|transferido|sont)",
            r"|[0-9]+)\s(?:to|para|en)\s(?:your?|sua|votre)\s(?:account|conta|pos+es+ion)"
        ),
    ),
    // __PAY_YOU: case-sensitive.
    (Sign::PayYou, r"pay you", r"\bpay\syou\b"),
    (
        Sign::GiveMoney,
        r"give you|donat|argent|don de la somme|faire don|funduszu",
        concat!(
            r"(?i)\b(?:give\syou\s(?:this\s)?(?:money|fund|inheritance)",
            r"|donated?\s(?:\w\+\s){0,3}(?:the\ssum\sof|(?:(?:the|this|some)\s(?:money|funds?|inheritance)|to\s)",
            r"(?:you|(?:(?:the|a)\s)?church|charit(?:y|ies)|humanit\w+|needy|poor|orphan(?:age)?s?|philanthropists\?))",
            r"|de vous donner cet argent|faire don de la somme|voudrais en faire don",
            r"|tego funduszu do dom(?:=F3|\xf3)w (?:dziecka|wdowy))\b"
        ),
    ),
    (
        Sign::YouAssist,
        r"sistan|votre",
        r"(?i)\b(?:your\sas+istan(?:ce|t)|votre\s(?:as+istance|aide))\b",
    ),
    (
        Sign::YouInherit,
        r"inherit",
        r"(?i)\byour\s[a-z\s]{0,30}inherit+ance\b",
    ),
    (
        Sign::UrgentBusiness,
        r"urgent",
        r"(?i)urgent.{0,16}(?:assistance|business|buy|confidential|notice|proposal|reply|request|response)",
    ),
    (
        Sign::YourConsignment,
        r"consignment",
        r"(?i)\b(?:received?|pa(?:y|id)|sen[dt]|h[eo]ld|delay(?:ed)?|impound(?:ed)?|released?|ship(?:ped)?)\syour(?:\s\w+)?\sconsignment\b",
    ),
    (
        Sign::YourFund,
        r"fund|f u n d|payment|geld",
        concat!(
            r"(?i)\b(?:your|ihr)\s(?:unpaid\s|win+ing\s|ap+roved\s|foreign\s|overdue\s|outstanding\s|contract\s",
            r"|inheritance\s|nicht\sausbezahlten\s){0,3}(?:fund|f\su\sn\sd|payment|geld)\b"
        ),
    ),
    (
        Sign::YourPermission,
        r"permission",
        r"(?i)\byour\spermission\b",
    ),
    // __YOU_WON_01 … __YOU_WON_05, __HAS_WON_01: __YOU_WON.
    (
        Sign::YouWon1,
        r"w[io]n+(?:er|ing)?\b",
        concat!(
            r"(?i)\byou(?:r|'re|'ve|'ll|\shave|\sdid)?\s(?:e-?mail\s)?(?:\w+\s){0,2}(?:a\s)?w[io]n+(?:er|ing)?\b",
            not_apostrophe_t!()
        ),
    ),
    (
        Sign::YouWon2,
        r"w[io]n.(?:for.|by.)?you",
        r"(?i)\bw[io]n\s(?:(?:for|by)\s)?your?\b",
    ),
    (
        Sign::YouWon3,
        r"select|chos|choos|picked",
        concat!(
            r"(?i)\b(?:your?|win+ing|win+ers?|beneficiaries|participants?|individuals?|address(?:es)?|accounts?|emails?)",
            r"(?:\s[-a-z\s]{4,40})?\s(?:w(?:ere|as)|ha(?:ve|s) be(?:en)?)\s(?:automatically\s)?",
            r"(?:(?:randomly|raffly)\s(?:selected|cho+sen|cho+sing|picked)",
            r"|(?:selected|cho+sen|cho+sing|picked)\s(?:[a-z\s]{2,40}?\srandom(?:ly)?|online|lottery|computer\s(?:ballot|wahlgang))",
            r"|(?:selected|cho+sen|cho+sing|picked)(?:\sas?|\sthe){0,3}\swin+er)"
        ),
    ),
    (
        Sign::YouWon4,
        r"gagn",
        concat!(
            r"(?i)\bqu[ei]\s?(?:vous (?:\xc3\xaa|=C3=AA|\xea|e)tes\s?gagnant|en\scons(?:e|",
            e_acute!(),
            r")quence\sgagne)\b"
        ),
    ),
    (Sign::HasWon1, r"ha ganado", r"(?i)\bque ha ganado\b"),
    (
        Sign::YouWon5,
        r"i won",
        concat!(r"(?i)\bI won\b", not_apostrophe_t!()),
    ),
    (
        Sign::FraudKjv,
        r"(?:the|this) money",
        r"(?i)(?:claim|concerning) (?:this|the) money",
    ),
    (
        Sign::FraudIrj,
        r"finance|holding|securit",
        r"(?i)(?:finance|holding|securit(?:y|ies)) (?:company|firm|storage house)",
    ),
    (
        Sign::FraudTdp,
        r"partner",
        r"(?i)\b(?:business|silent) partner(?:s|ship)?\b",
    ),
    // __FRAUD_GAN: its accented letters are Latin-1 bytes upstream, so they
    // only match text that is not UTF-8.
    (
        Sign::FraudGan,
        r"abacha|taylor|serena|gu[e\xe8\xe9]i|seko|kabila",
        r"(?i)\b(?:abacha|charles taylor|serena|gu[e\xe8\xe9]i|sese[- ]?seko|kabila)\b",
    ),
    (
        Sign::FraudWny,
        r"disburs|incur|remuner|remit|remmit",
        r"(?i)\b(?:disburse?(?:ment)?|incurr?(?:ed)?|remunerr?at(?:ed?|ion)|remm?itt?(?:ed|ance|ing)?)\b",
    ),
    (
        Sign::FraudIov,
        r"risk|100% safe",
        r"(?i)\b(?:no risks?|risky?[- ]{0,3}free|free of risks?|100% safe|v\S{1,3}llig Risikofrei ist)\b",
    ),
    (
        Sign::FraudYww,
        r"furnish you with",
        r"(?i)\bfurnish you with\b",
    ),
    (
        Sign::FraudUuy,
        r"legitimate business",
        r"(?i)\blegitimate business(?:es)?\b",
    ),
    (
        Sign::FraudPvn,
        r"as the beneficiary",
        r"(?i)as the beneficiary",
    ),
    (
        Sign::FraudTcc,
        r"foreign",
        r"(?i)foreign (?:offshore )?(?:account|bank)",
    ),
    (Sign::FraudThj, r"modalit", r"(?i)modalit(?:ies|y)"),
    (Sign::FraudYja, r"over-invoice", r"(?i)over-invoice"),
    (
        Sign::AgreedRatio,
        r"ratio|percent",
        r"(?i)\b(?:sharing|agreed)\s(?:ratios?|percent\w+)\b",
    ),
    (
        Sign::AmDying,
        r"dying|terminally|cancer|terminale|incurable|meurs",
        concat!(
            r"(?i)\b(?:am\s(?:\S+\s)?dying|terminally\sill|cancer|en\sphase\sterminale",
            r"|(?:become|is|devenu|maladie)\sincurable|que\sje\smeurs)\b"
        ),
    ),
    (
        Sign::Barrister,
        r"barr|solicitor at law",
        r"(?i)\b(?:barrister|solicitor at law|barr\.)",
    ),
    (
        Sign::Beneficiary,
        r"n(?:e|=e9|\xe9|\xc3\xa9)fi(?:c|sh)",
        concat!(
            r"(?i)\bb(?:e|",
            e_acute!(),
            r")n(?:e|",
            e_acute!(),
            r")fi(?:c|sh)i?ai?r(?:y|ies|es?)"
        ),
    ),
    (
        Sign::Compensation,
        r"compensat|recompense|ausgleich",
        r"(?i)\b(?:compensat(?:e|ion)|recompensed?|ausgleich)\b",
    ),
    (
        Sign::ContactAttorney,
        r"barrister|attorney|attourney|lawyer|avocat|gestionnaire",
        r"(?i)\bcontact(?:er)?\s(?:my|(?:de\s)?mon)\s(?:barrister|attou?rney|lawyer|avocat|gestionnaire)\b",
    ),
    (Sign::DiedIn, r"died", r"(?i)\bdied\sin\b"),
    (
        Sign::Emrcp,
        r"return capital",
        r"(?i)\bExcess (?:Maximum )?Return Capital (?:Profits?|Funds?)\b",
    ),
    (
        Sign::Fees,
        r"fee|charge",
        r"(?i)\b(?:security|safe\w*|courier|registration|pay|paid|up-?front|processing|delivery|transfer|keeping)[\s\w]{0,15}\s(?:fee|charge)s?\b",
    ),
    (
        Sign::FiftyFifty,
        r"(?:50|fifty)(?:%|/|:|.percent)",
        r"(?i)\b(?:50|fifty)(?:%?[/:]50%?|%|\spercent)",
    ),
    (Sign::Fraud, r"fraud", r"(?i)\b(?:de)?fraud"),
    (
        Sign::FraudPtx,
        r"sinat|murder|poison|kill|tueurs",
        concat!(
            r"(?i)\b(?:ass?ass?inat(?:ed|ion)|murder(?:e?d)?|poison(?:e?d)?",
            r"|kill(?:ed|ing|ers)\b[^.]{0,99}\b(?:war veterans|rebels?)|les tueurs)\b"
        ),
    ),
    (
        Sign::HushHush,
        r"confiden|priv|secr|sensitive|concealed|obscure|discre|vertraulich|geheim",
        concat!(
            r"(?i)\b(?:confiden[tc]i[ae]l(?:\b|ity\b|it(?:=E9|\xe9|\xc3\xa9))|private\b|secr[e\xe8](?:te?|cy)\b",
            r"|sensitive\b|concealed\b|obscured?\b|discre(?:et|tion)\b|very\sdiscrete|top\ssecret",
            r"|vertraulich(?:en)?\b|geheim\b|priv(?:e|",
            e_acute!(),
            r"))"
        ),
    ),
    (
        Sign::InheritPayment,
        r"inheritance",
        r"(?i)\binheritance\spayment\s",
    ),
    (
        Sign::InvestCountry,
        r"invest",
        r"(?i)\binvest\sin\syour?\scountry\b",
    ),
    // __LOTTO_ADMITS_1: the words between may not start with lot, swe or
    // prom (Perl's `(?!lot|swe|prom)`, written out).
    (
        Sign::LottoAdmits1,
        r"lotto|ttery|loteri|sweepstake|promo|jackpot",
        concat!(
            r"(?i)\b(?:on-?line|e-?mail|ballot|(?:inter)?national|state|(?:UK|euro)[- ]?(?:mil+ions?|PW)|Canada",
            r"|Microsoft|MSN|internet|mega|jackpot+|Royal Heritage|foundation|cash\sgrant|mercato|univers",
            r"|staatsloterij|bill\s?gates|Olympics?|swiss|this|est[ea]|internationaux de gagnants de)",
            r"(?:\s(?:[^\Wlsp]\w{0,19}|l(?:[^\Wo]\w{0,18})?|lo(?:[^\Wt]\w{0,17})?|s(?:[^\Ww]\w{0,18})?",
            r"|sw(?:[^\We]\w{0,17})?|p(?:[^\Wr]\w{0,18})?|pr(?:[^\Wo]\w{0,17})?|pro(?:[^\Wm]\w{0,16})?)){0,3}",
            r"\s?(?:lot(?:to|t+ery|eri[ea])|sweepstakes?|promo(?:tion|cao|cion)?|jackpot+)\b"
        ),
    ),
    (
        Sign::LottoAdmits2,
        r"lotto|lottery|loterie|sweepstakes",
        r"(?i)\b(?:free)?(?:lot(?:to|tery|erie)|sweepstakes)\s(?:(?:inter)?na[tz]ional|department|bureau|group|award|microsoft)",
    ),
    (Sign::LottoVerify, r"promo", r"(?i)\bpromo\sverification"),
    (
        Sign::Lucrative,
        r"lucrative|profitable|salutaire",
        r"(?i)\b(?:lucrative|profitable|tr\xe8s\ssalutaire)\b",
    ),
    (
        Sign::Millions,
        r"millions",
        r"(?i)\bmillions\sof\s(?:dollar|euro|pound)",
    ),
    (
        Sign::MyFortune,
        r"fortune|heritage",
        r"(?i)\b(?:my|his|her)\s(?:fortune|heritage)\b",
    ),
    (
        Sign::NotScam,
        r"scam",
        r"(?i)\b(?:not\sa\sscam|(?:not|never)\sscam\syou)\b",
    ),
    (
        Sign::OurBehalf,
        r"behalf",
        r"(?i)\b(?:on\s(?:my|our)\sbehalf|of\sbehalf\sof)\b",
    ),
    (
        Sign::SumOfFund,
        r"(?:sum|release|freigabe).(?:of|der)",
        r"(?i)\b(?:sum|release|freigabe)\s(?:of|der)\s(?:amount|fund|investment|mittel)\b",
    ),
    (
        Sign::Survivors,
        r"(?:of|to|do|de).(?:the.)?(?:late|falecido|finales|feu|mr)|funt",
        concat!(
            r"(?i)\b(?:widow|son|daughter|husband|wife|brother|sister|attorney|vi(?:=FA|\xfa|\xc3\xba)va|esposa|veuve)",
            r"\s(?:of|to|do|de)\s(?:the\s)?(?:late|falecido|finales|feu|d(?:e|",
            e_acute!(),
            r")funt|mr\.?)\s\w+\b"
        ),
    ),
    (
        Sign::TreatmentDefiled,
        r"defiled",
        r"(?i)\bdefiled\sall\s(?:forms\sof\s)?(?:medical\s)?treatments?\b",
    ),
    (
        Sign::TrunkBox,
        r"(?:trunk|metallic|proof|security|consignment).box|sealed.safe|mallette",
        concat!(
            r"(?i)\b(?:(?:trunk|metallic|proof|security|consignment)\sbox(?:es)?|sealed\ssafe",
            r"|une mallette m(?:e|",
            e_acute!(),
            r")tallique)\b"
        ),
    ),
    (Sign::UnitedNations, r"united", r"(?i)\bunited\snations?\b"),
    (
        Sign::YourBank,
        r"bank(?:ing)?.information",
        r"(?i)\byour?\s(?:full\s)?bank(?:ing)?\sinformations?\b",
    ),
    (Sign::YourProfit, r"profit", r"(?i)\byour?\sprofit"),
    (
        Sign::PctForYou1,
        r"%|percent",
        concat!(
            "(?i)",
            percent!(),
            r"[\s)]{0,3}(?:(?:of\s[\w\s]{0,35}?)?(?:for|to|as)\syour?|(?:[^\s.]{1,15}\s)?an uns beide)"
        ),
    ),
    (
        Sign::PctForYou2,
        r"%|percent",
        concat!(
            r"(?i)\b(?:(?:give|offer)\syou|ihnen|vous\s(?:aurez\sdroit\s(?:=E0|\xe0)|donnerai",
            r"|all(?:e|",
            e_acute!(),
            r")\srecevoir\sautour\sde))\s",
            percent!()
        ),
    ),
    // __PCT_FOR_YOU_3: the words after "your" may not start with "you"
    // (the first not with "can" either); written out. The look-behinds
    // before the percentage are checked in code (`pct_for_you_3`).
    (
        Sign::PctForYou3,
        r"%|percent",
        concat!(
            r"(?i)\byour?\s",
            r"(?:(?:[^\Wcy]\w{0,14}|c(?:[^\Wa]\w{0,13})?|ca(?:[^\Wn]\w{0,12})?|y(?:[^\Wo]\w{0,13})?|yo(?:[^\Wu]\w{0,12})?)\s",
            r"(?:(?:[^\Wy]\w{0,14}|y(?:[^\Wo]\w{0,13})?|yo(?:[^\Wu]\w{0,12})?)\s){0,9})?",
            r"(?:share|entiti?le(?:d|ment)?|percentage|fee|assist(?:ance)?|comp[ea]nsat(?:ed?|tion)|reward(?:ed)?",
            r"|renumerat(?:e|tion)|com+is+ion|paid|deduct|account|tage",
            r"|(?:will|shall|would|(?:are|stand|going)\sto)\s(?:be\s)?(?:tak(?:e|ing)|earn|get(?:ting)?|remit|subtract|with+old)",
            r"|(?:deduct|taken?|subtract(?:ed)?)\syour|keep(?:ing)?|receiv(?:e|ing)|retain(?:ing)?|have|half|giv(?:en|ing)",
            r"|(?:give|pay|offer)\s(?:me|you|him)|bank\saccount|to\s(?:take|use)|(?:time|country)\sand|ratio\sof)",
            r"(?:\s(?:[^\Wy]\w{0,14}|y(?:[^\Wo]\w{0,13})?|yo(?:[^\Wu]\w{0,12})?)){0,10}\s(",
            percent!(),
            ")"
        ),
    ),
    (
        Sign::RandomPick,
        r"random|aleatori|azar",
        concat!(
            r"(?i)\b(?:random(?:ly)?\s(?:\w+\s)?(?:select(?:ion|ed)|pick(?:ed)?|computer)",
            r"|(?:select|pick)ed\s(?:at\s)?random(?:ly)?|(?:esco(?:g|lh)idos|seleccion) (?:aleatoria(?:mente)?|al azar))\b"
        ),
    ),
    (
        Sign::Charity,
        r"charit|orphan|homeless|orphelin|abri",
        r"(?i)\b(?:charit(?:y|[ai]ble)|orphans?|homeless|orphelins|sans\sabri)\b",
    ),
    // The __HK_SCAM_* phrases.
    (Sign::HkScamN2, r"next of kin", r"(?i)\bnext of kin\b"),
    (
        Sign::HkScamN3,
        r"direct telephone",
        r"(?i)\bdirect telephone numbers?\b",
    ),
    (
        Sign::HkScamN8,
        r"your compensation",
        r"(?i)\byour compensation\b",
    ),
    (
        Sign::HkScamN15,
        r"(?:overseas?|offshore).account|account.(?:overseas?|offshore)",
        r"(?i)\b(?:(?:overseas?|offshore) account|account (?:overseas?|offshore))\b",
    ),
    (
        Sign::HkScamN16,
        r"arrangement",
        r"(?i)\b(?:secret arrangement|arrangement secret)\b",
    ),
    (
        Sign::HkScamS1,
        r"pay you the sum of",
        r"(?i)pay you the sum of",
    ),
    (
        Sign::HkScamS15,
        r"my partner|dormant account",
        r"(?i)(?:can you be my partner|discovered a dormant account)",
    ),
    (Sign::HkScamS25, r"ghana", r"(?i)\bbank (?:of|in) ghana"),
    (
        Sign::TravelItinerary,
        r"itinerary",
        r"(?i)(?:your|current|travel|ticketed) itinerary",
    ),
];

/// The phrases compiled: for each phrase the words one of which its
/// triggers hold (see [`Needles`]), and its triggers alone and its own
/// regex, compiled the first time a message may hold one of its triggers.
struct Compiled {
    needles: Vec<Option<Needles>>,
    each: Vec<OnceLock<(Regex, Regex)>>,
    /// The "grant agent" alternative of `__LOTTO_AGENT_01`.
    grant: Regex,
}

/// The case-sensitive form of a trigger list: it is matched on lower case.
fn trigger_pattern(triggers: &str) -> String {
    format!("(?-u){triggers}")
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let grant = Regex::new(
        r"(?-u)(?i)\bgrants?(?:\s(?:agent|officer|secretary|director|mgr\b)|agent|manager|officer|secretary|director|mgr\b)",
    )
    .expect("valid built-in pattern");
    Compiled {
        needles: PHRASES
            .iter()
            .map(|(_, triggers, _)| Needles::of(&trigger_pattern(triggers)))
            .collect(),
        each: PHRASES.iter().map(|_| OnceLock::new()).collect(),
        grant,
    }
});

impl Compiled {
    /// The triggers and the regex of the phrase at `index`, compiled on
    /// first use.
    fn regexes(&self, index: usize) -> &(Regex, Regex) {
        self.each[index].get_or_init(|| {
            let (_, triggers, pattern) = PHRASES[index];
            (
                Regex::new(&trigger_pattern(triggers)).expect("valid built-in pattern"),
                Regex::new(&format!("(?-u){pattern}")).expect("valid built-in pattern"),
            )
        })
    }
}

/// The phrases found in the text, one bit per [`Sign`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Found([u64; 3]);

impl Found {
    /// Whether the phrase was found.
    pub(super) fn has(self, sign: Sign) -> bool {
        let index = sign as usize;
        self.0[index / 64] & (1 << (index % 64)) != 0
    }

    fn set(&mut self, sign: Sign) {
        let index = sign as usize;
        self.0[index / 64] |= 1 << (index % 64);
    }

    /// How many of `signs` were found.
    pub(super) fn count(self, signs: &[Sign]) -> usize {
        signs.iter().filter(|&&sign| self.has(sign)).count()
    }

    /// The phrases found in the rendered text, whose three-byte sequences
    /// are `grams`.
    ///
    /// Every phrase has trigger words, one of which is part of any text it
    /// matches. A phrase whose triggers cannot be in the text (by `grams`)
    /// is skipped; the others are tried on the lines that hold one of
    /// their triggers.
    pub(super) fn in_text(text: &Text<'_>, grams: &Grams) -> Self {
        let compiled = &*COMPILED;
        let mut found = Found::default();
        let candidates = compiled.needles.iter().enumerate().filter(|(_, needles)| {
            needles
                .as_ref()
                .is_none_or(|needles| needles.may_match(grams))
        });
        for (index, _) in candidates {
            let (sign, _, _) = PHRASES[index];
            let (triggers, regex) = compiled.regexes(index);
            let mut tried = usize::MAX;
            let hit = triggers.find_iter(&text.lower).any(|trigger| {
                let line = text.line_at(trigger.start());
                if line == tried {
                    return false;
                }
                tried = line;
                let line = text.lines[line].as_bytes();
                match sign {
                    Sign::PctForYou3 => pct_for_you_3(regex, line),
                    _ => regex.is_match(line),
                }
            });
            if hit {
                found.set(sign);
            }
        }
        if !found.has(Sign::LottoAgent1)
            && holds_grant(&text.lower)
            && text
                .lines
                .iter()
                .any(|line| grant_agent(&compiled.grant, line.as_bytes()))
        {
            found.set(Sign::LottoAgent1);
        }
        found
    }
}

/// Whether the lower-cased text holds "grant".
fn holds_grant(lower: &[u8]) -> bool {
    lower.windows(5).any(|window| window == b"grant")
}

/// The rendered text (Subject first) as the phrase and form tests read it:
/// its lines, and the lines joined by line breaks in lower case (ASCII
/// letters only) for the trigger words.
pub(crate) struct Text<'a> {
    /// The body lines.
    pub(super) lines: &'a [String],
    /// The lines, each followed by a line break, ASCII letters in lower
    /// case.
    pub(super) lower: Vec<u8>,
    /// Where each line starts in `lower`.
    pub(super) starts: Vec<usize>,
}

impl<'a> Text<'a> {
    /// Joins and lower-cases `lines`.
    pub(super) fn of(lines: &'a [String]) -> Self {
        let mut lower = Vec::with_capacity(lines.iter().map(|line| line.len() + 1).sum());
        let mut starts = Vec::with_capacity(lines.len());
        for line in lines {
            starts.push(lower.len());
            lower.extend_from_slice(line.as_bytes());
            lower.push(b'\n');
        }
        lower.make_ascii_lowercase();
        Text {
            lines,
            lower,
            starts,
        }
    }

    /// The index of the line that holds byte `at` of `lower`.
    pub(super) fn line_at(&self, at: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= at)
            .saturating_sub(1)
    }

    /// Line `index` in lower case.
    pub(super) fn lower_line(&self, index: usize) -> &[u8] {
        let start = self.starts[index];
        &self.lower[start..start + self.lines[index].len()]
    }
}

/// `__LOTTO_AGENT_01`'s "grant" alternative: "grant agent", "grants officer"
/// and the like, not after "memory" and a blank.
fn grant_agent(grant: &Regex, line: &[u8]) -> bool {
    grant.find_iter(line).any(|m| {
        let before = &line[..m.start()];
        !(before.len() >= 7
            && before[before.len() - 1].is_ascii_whitespace()
            && before[before.len() - 7..before.len() - 1].eq_ignore_ascii_case(b"memory"))
    })
}

/// `__PCT_FOR_YOU_3` on one line: the regex, then the look-behinds before
/// the percentage (not after "by " nor "up to "). Each start is tried in
/// turn, so a rejected match does not hide a later one.
fn pct_for_you_3(regex: &Regex, line: &[u8]) -> bool {
    let mut at = 0;
    while let Some(captures) = regex.captures_at(line, at) {
        let (Some(whole), Some(percentage)) = (captures.get(0), captures.get(1)) else {
            return false;
        };
        let before = line[..percentage.start()].to_ascii_lowercase();
        let ends_with_blank_after = |word: &[u8]| {
            before.len() > word.len()
                && before[before.len() - 1].is_ascii_whitespace()
                && before[..before.len() - 1].ends_with(word)
        };
        let up_to = ends_with_blank_after(b"to") && {
            let head = &before[..before.len() - 3];
            head.len() >= 3
                && head[head.len() - 1].is_ascii_whitespace()
                && head[..head.len() - 1].ends_with(b"up")
        };
        if !ends_with_blank_after(b"by") && !up_to {
            return true;
        }
        at = whole.start() + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_follows_the_signs() {
        for (index, (sign, _, _)) in PHRASES.iter().enumerate() {
            assert_eq!(*sign as usize, index, "{sign:?}");
            // Compiling checks every pattern.
            COMPILED.regexes(index);
        }
        assert!(PHRASES.len() <= 64 * 3, "Found holds 192 bits");
        assert_eq!(COMPILED.each.len(), PHRASES.len());
    }

    fn found(text: &str) -> Found {
        let lines: Vec<String> = text.lines().map(|line| format!("{line}\n")).collect();
        Found::in_text(
            &Text::of(&lines),
            &Grams::of(lines.iter().map(String::as_bytes)),
        )
    }

    #[test]
    fn a_phrase_counts_within_one_line_only() {
        assert!(found("please reply urgently").has(Sign::FraudDpr));
        assert!(!found("please reply\nurgently").has(Sign::FraudDpr));
    }

    #[test]
    fn won_but_not_wont() {
        assert!(found("you have won a prize").has(Sign::YouWon1));
        assert!(!found("you won't believe it").has(Sign::YouWon1));
        assert!(!found("you won\u{2019}t believe it").has(Sign::YouWon1));
        assert!(found("I won the draw").has(Sign::YouWon5));
        assert!(!found("I won't go").has(Sign::YouWon5));
    }

    #[test]
    fn grant_agents_but_not_memory_grants() {
        assert!(found("contact the grant officer").has(Sign::LottoAgent1));
        assert!(found("the grantmanager").has(Sign::LottoAgent1));
        assert!(!found("the grant manager").has(Sign::LottoAgent1));
        assert!(!found("a memory grant agent").has(Sign::LottoAgent1));
    }

    #[test]
    fn percentages_for_you() {
        assert!(found("your share will be 30% of the funds").has(Sign::PctForYou3));
        assert!(!found("your share will grow by 30%").has(Sign::PctForYou3));
        assert!(!found("your fee is up to 30%").has(Sign::PctForYou3));
        assert!(!found("you can share 30%").has(Sign::PctForYou3));
        assert!(found("40% of the total for you").has(Sign::PctForYou1));
        assert!(found("I will give you 25 percent").has(Sign::PctForYou2));
        assert!(found("20% of the payments").has(Sign::PctOfPayments));
    }

    #[test]
    fn lottery_names_skip_lottery_words_in_between() {
        assert!(found("the online lottery").has(Sign::LottoAdmits1));
        assert!(found("this big sweepstakes").has(Sign::LottoAdmits1));
        assert!(!found("the state lotus flower").has(Sign::LottoAdmits1));
    }
}
