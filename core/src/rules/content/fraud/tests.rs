//! Each test of the family on a message that has what it looks for, and on
//! a near miss. The whole engine runs, since the tests read LOTS_OF_MONEY's
//! hit.

use crate::engine::Inputs;
use crate::rules::freemail::Freemail;
use crate::rules::testing::assert_hits;
use crate::{Config, Engine, Report};

/// A sum that LOTS_OF_MONEY names.
const SUM: &str = "The sum of US$15,500,000.00 is waiting.";

/// Advance-fee phrases, one sign each, none of them a fraud-only sign.
const ADVANCE_FEE: [&str; 7] = [
    "My late father left it.",
    "It sits in a dormant account.",
    "A courier company holds it.",
    "You are the next of kin.",
    "I need your assistance.",
    "Please reply urgently.",
    "Grant your permission.",
];

/// Phrases counted by MONEY_FRAUD_* and FORM_FRAUD* but not by the
/// advance-fee tests.
const FRAUD_ONLY: [&str; 10] = [
    "Beware of fraud.",
    "It is lucrative.",
    "Help the orphans.",
    "The United Nations agree.",
    "My barrister knows.",
    "He died in May.",
    "Think of your profit.",
    "It is my fortune.",
    "I act on my behalf.",
    "A trunk box came.",
];

/// Five lines of a form to fill in (`__FILL_THIS_FORM`).
const FORM: [&str; 5] = [
    "Full Name: ________",
    "Address: ________",
    "Telephone: ________",
    "Age: ________",
    "Occupation: ________",
];

/// A message from outside (one external relay), with `header` added and
/// `body` as its text.
fn message(header: &str, body: &str) -> String {
    let header = if header.is_empty() {
        String::new()
    } else {
        format!("{header}\n")
    };
    format!(
        "Received: from mail.example.com (mail.example.com [192.0.2.1])\n\tby mx.example.org with SMTP id x1; Mon, 7 Dec 2026 10:00:00 +0000\n\
         From: a@example.com\nTo: b@example.org\nSubject: hello\nMessage-ID: <1@example.com>\n\
         Date: Mon, 7 Dec 2026 10:00:00 +0000\n{header}\n{body}\n"
    )
}

/// The report of the default engine.
fn report(header: &str, body: &str) -> Report {
    let engine = Engine::new(Config::default()).expect("default configuration");
    engine
        .check(message(header, body).as_bytes(), &Inputs::default())
        .expect("a message")
}

/// A body of `money` (the sum or not), the first `signs` advance-fee
/// phrases, the first `fraud` fraud-only phrases, the first `form` form
/// lines, and `more`.
fn body(money: bool, signs: usize, fraud: usize, form: usize, more: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    if money {
        lines.push(SUM);
    }
    lines.extend(&ADVANCE_FEE[..signs]);
    lines.extend(&FRAUD_ONLY[..fraud]);
    lines.extend(&FORM[..form]);
    lines.push(more);
    lines.join("\n\n")
}

/// Asserts that `name` fires on the first message and not on the second
/// (each as header and body).
#[track_caller]
fn check(name: &str, yes: (&str, &str), no: (&str, &str)) {
    assert_hits(&report(yes.0, yes.1), &[name], &[]);
    assert_hits(&report(no.0, no.1), &[], &[name]);
}

#[test]
fn advance_fee_with_money() {
    let (five, four) = (body(true, 5, 0, 0, ""), body(true, 4, 0, 0, ""));
    check("ADVANCE_FEE_5_NEW_MONEY", ("", &five), ("", &four));
    check(
        "ADVANCE_FEE_4_NEW_MONEY",
        ("", &four),
        ("Sender: x@example.com", &four),
    );
    let three = body(true, 3, 0, 0, "");
    check(
        "ADVANCE_FEE_3_NEW_MONEY",
        ("", &three),
        ("In-Reply-To: <0@example.com>", &three),
    );
    let two = body(true, 2, 0, 0, "");
    check(
        "ADVANCE_FEE_2_NEW_MONEY",
        ("", &two),
        ("List-Id: <list.example.com>", &two),
    );
}

#[test]
fn advance_fee_with_a_form() {
    let form = |signs| body(false, signs, 0, 5, "");
    let with_money = |signs| body(true, signs, 0, 5, "");
    check(
        "ADVANCE_FEE_5_NEW_FORM",
        ("", &form(5)),
        ("", &with_money(5)),
    );
    check("ADVANCE_FEE_4_NEW_FORM", ("", &form(4)), ("", &form(5)));
    check(
        "ADVANCE_FEE_3_NEW_FORM",
        ("", &form(3)),
        ("Sender: x@example.com", &form(3)),
    );
    check(
        "ADVANCE_FEE_2_NEW_FORM",
        ("", &form(2)),
        ("X-Loop: x", &form(2)),
    );
    check(
        "ADVANCE_FEE_5_NEW_FRM_MNY",
        ("", &with_money(5)),
        ("", &form(5)),
    );
    check(
        "ADVANCE_FEE_4_NEW_FRM_MNY",
        ("", &with_money(4)),
        ("", &with_money(5)),
    );
    check(
        "ADVANCE_FEE_3_NEW_FRM_MNY",
        ("", &with_money(3)),
        ("X-Loop: x", &with_money(3)),
    );
    check(
        "ADVANCE_FEE_2_NEW_FRM_MNY",
        ("", &with_money(2)),
        ("", &with_money(3)),
    );
}

#[test]
fn advance_fee_alone() {
    let plain = |signs| body(false, signs, 0, 0, "");
    check("ADVANCE_FEE_5_NEW", ("", &plain(5)), ("", &plain(4)));
    check(
        "ADVANCE_FEE_4_NEW",
        ("", &plain(4)),
        ("Errors-To: x@example.com", &plain(4)),
    );
    check(
        "ADVANCE_FEE_3_NEW",
        ("", &plain(3)),
        ("", &body(false, 3, 0, 0, "Give this to your organization.")),
    );
}

#[test]
fn money_and_fraud_phrases() {
    let money = |fraud, more| body(true, 0, fraud, 0, more);
    check(
        "MONEY_FRAUD_8",
        ("", &money(9, "")),
        ("List-Id: <list.example.com>", &money(9, "")),
    );
    check(
        "MONEY_FRAUD_5",
        ("", &money(6, "")),
        ("Thread-Index: AQHXabc=", &money(6, "")),
    );
    check(
        "MONEY_FRAUD_3",
        ("", &money(4, "")),
        ("", &money(4, "See you on Thursday.")),
    );
}

#[test]
fn forms_and_fraud_phrases() {
    let form = |fraud, more| body(false, 0, fraud, 5, more);
    check(
        "FORM_FRAUD_5",
        ("", &form(6, "")),
        ("List-Unsubscribe: <mailto:x@example.com>", &form(6, "")),
    );
    check(
        "FORM_FRAUD_3",
        ("", &form(4, "")),
        ("", &form(4, "See you on Friday.")),
    );
    check(
        "FORM_FRAUD",
        ("", &form(2, "")),
        ("In-Reply-To: <0@example.com>", &form(2, "")),
    );
}

#[test]
fn money_with_other_signs() {
    check(
        "UNDISC_MONEY",
        ("To: undisclosed-recipients:;", &body(true, 0, 0, 0, "")),
        ("", &body(true, 0, 0, 0, "")),
    );
    check(
        "XFER_LOTSA_MONEY",
        ("", &body(true, 0, 0, 0, "Send it by wire transfer.")),
        (
            "Sender: x@example.com",
            &body(true, 0, 0, 0, "Send it by wire transfer."),
        ),
    );
    check(
        "T_MONEY_PERCENT",
        ("", &body(true, 0, 0, 0, "30% of the total for you.")),
        ("", &body(false, 0, 0, 0, "30% of the total for you.")),
    );
}

#[test]
fn single_phrases() {
    check(
        "UNCLAIMED_MONEY",
        ("", "There are unclaimed funds."),
        ("", "There are claimed funds."),
    );
    check(
        "HK_SCAM",
        ("", "We will pay you the sum of it."),
        ("", "We will pay the sum of it."),
    );
    check(
        "YOUR_DELIVERY_ADDRESS",
        ("", "Please confirm your delivery address, then we ship."),
        ("", "Please confirm your delivery date, then we ship."),
    );
}

#[test]
fn forms_to_fill_in() {
    check(
        "FILL_THIS_FORM",
        ("", &body(false, 0, 0, 5, "")),
        ("", &body(false, 0, 0, 5, "Join our tour.")),
    );
    let long = "1. Full Name: ______ 2. Address: ______ 3. Age: ______ 4. Sex: ______ 5. Occupation: ______";
    check(
        "FILL_THIS_FORM_LONG",
        ("", long),
        ("List-Unsubscribe: <mailto:x@example.com>", long),
    );
    check(
        "FILL_THIS_FORM_LOAN",
        ("", &body(false, 0, 0, 4, "Loan Amount Needed: ______")),
        ("", &body(false, 0, 0, 3, "Loan Amount Needed: ______")),
    );
    check(
        "T_FILL_THIS_FORM_SHORT",
        ("", &body(false, 0, 0, 3, "")),
        ("", &body(false, 0, 0, 5, "")),
    );
    check(
        "MONEY_FORM",
        ("", &body(true, 0, 0, 5, "")),
        ("", &body(true, 0, 0, 5, "We can help.")),
    );
    check(
        "MONEY_FORM_SHORT",
        ("", &body(true, 0, 0, 3, "")),
        ("", &body(false, 0, 0, 3, "")),
    );
}

#[test]
fn forms_asking_for_secrets() {
    let bank = body(false, 0, 0, 5, "Bank Account Number: ______");
    check(
        "T_FILL_THIS_FORM_FRAUD_PHISH",
        ("", &bank),
        ("In-Reply-To: <0@example.org>", &bank),
    );
    // No bank, identity or secret field: a plain form.
    check(
        "T_FILL_THIS_FORM_FRAUD_PHISH",
        ("", &body(false, 0, 0, 3, "Password: ______")),
        ("", &body(false, 0, 0, 5, "")),
    );
}

#[test]
fn forms_next_to_a_link_showing_another_address() {
    let html = |text: &str| {
        format!(
            "<html><body><p>{}</p><p><a href=\"http://login.example.net/verify\">{text}</a></p></body></html>",
            FORM.join("<br>\n")
        )
    };
    let header = "MIME-Version: 1.0\nContent-Type: text/html";
    let with_password =
        |text: &str| html(text).replace("</body>", "<p>Password: ______</p></body>");
    check(
        "T_FILL_THIS_FORM_FRAUD_PHISH",
        (header, &with_password("http://login.example.net/verify")),
        (header, &with_password("https://www.example.com/account")),
    );
}

#[test]
fn money_with_free_mail_replies() {
    let freemail = Freemail::default().domains(["free.example"]);
    let engine = Engine::new(Config::default().freemail(freemail)).expect("configuration");
    let run = |reply_to: &str, money: bool| {
        let header = format!("Reply-To: {reply_to}");
        engine
            .check(
                message(&header, &body(money, 0, 0, 0, "")).as_bytes(),
                &Inputs::default(),
            )
            .expect("a message")
    };
    assert_hits(&run("x@free.example", true), &["MONEY_FREEMAIL_REPTO"], &[]);
    assert_hits(&run("x@corp.example", true), &[], &["MONEY_FREEMAIL_REPTO"]);
    assert_hits(
        &run("x@free.example", false),
        &[],
        &["MONEY_FREEMAIL_REPTO"],
    );
}
