//! The report of one scored message and its hits.

use std::ffi::c_char;

use spamgauge::report::{ActionKind, SmtpReply};
use spamgauge::{Hit, Lang, Localized, Report};

use crate::boundary::{
    CEnum, c_enum, deref, fail, free, guard, output, output_from, read_or, utf8,
};
use crate::buffer::sg_buffer;
use crate::result::sg_result;

/// A language of the human-readable texts (pass as `uint32_t`).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_lang {
    /// English.
    En = 0,
    /// French.
    Fr = 1,
}

c_enum!(sg_lang { En, Fr });

impl sg_lang {
    /// The core's language numbered `value`, or `SG_RESULT_INVALID_PARAMETER`.
    fn core(value: u32) -> Result<Lang, sg_result> {
        Ok(match sg_lang::arg(value)? {
            sg_lang::En => Lang::En,
            sg_lang::Fr => Lang::Fr,
        })
    }
}

/// What to do with the message during the SMTP dialogue (returned as
/// `uint32_t`). The engine only recommends refusing during the dialogue, never
/// accepting and bouncing.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_action {
    /// Accept the message (reply as usual, 250).
    Accept = 0,
    /// Refuse it permanently (5xx) with the report's SMTP reply.
    Reject = 1,
    /// Refuse it temporarily (4xx): the client retries later.
    Tempfail = 2,
}

/// A borrowed UTF-8 string: `len` bytes at `data`, **not** NUL-terminated
/// (print it with `printf("%.*s", (int)s.len, s.data)`). It stays valid as long
/// as the handle it came from. `data` is never NULL.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct sg_str {
    /// The first byte.
    pub data: *const c_char,
    /// The number of bytes.
    pub len: usize,
}

impl sg_str {
    pub(crate) fn new(text: &str) -> Self {
        Self {
            data: text.as_ptr().cast(),
            len: text.len(),
        }
    }

    pub(crate) fn empty() -> Self {
        Self::new("")
    }
}

/// The scored, explained result for one message. Immutable; free it with
/// `sg_report_free`.
pub struct sg_report {
    report: Report,
}

impl sg_report {
    pub(crate) fn new(report: Report) -> Self {
        Self { report }
    }
}

pub(crate) fn report_core(report: &sg_report) -> &Report {
    &report.report
}

/// One test that fired, borrowed from its report (valid until `sg_report_free`).
pub struct sg_hit {
    _private: [u8; 0],
}

fn hit_ptr(hit: &Hit) -> *const sg_hit {
    std::ptr::from_ref(hit).cast()
}

/// # Safety
/// `hit` is NULL or came from `hit_ptr` on a hit of a live report.
unsafe fn hit_ref<'a>(hit: *const sg_hit) -> Result<&'a Hit, sg_result> {
    // SAFETY: every `sg_hit` pointer handed out points to a `Hit` in a live report.
    unsafe { deref(hit.cast::<Hit>()) }
}

/// Reads one value of a hit; NULL gives `fallback`.
///
/// # Safety
/// `hit` is NULL or came from `hit_ptr` on a hit of a live report.
unsafe fn read_hit<T>(hit: *const sg_hit, fallback: T, read: impl FnOnce(&Hit) -> T) -> T {
    // SAFETY: every `sg_hit` pointer handed out points to a `Hit` in a live report.
    unsafe { read_or(hit.cast::<Hit>(), fallback, |hit| Some(read(hit))) }
}

/// Reads one value of a report; NULL (or a `None` from `read`) gives
/// `fallback`.
///
/// # Safety
/// `report` is NULL or a live report.
unsafe fn read_report<T>(
    report: *const sg_report,
    fallback: T,
    read: impl FnOnce(&Report) -> Option<T>,
) -> T {
    // SAFETY: per the caller's contract.
    unsafe { read_or(report, fallback, |report| read(&report.report)) }
}

/// One part of the report's SMTP reply; empty when accepting or when `report`
/// is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
unsafe fn reply_part(report: *const sg_report, part: fn(&SmtpReply) -> &str) -> sg_str {
    // SAFETY: per the caller's contract.
    unsafe {
        read_report(report, sg_str::empty(), |report| {
            let reply = report.action.reply.as_ref();
            Some(reply.map_or_else(sg_str::empty, |reply| sg_str::new(part(reply))))
        })
    }
}

/// Frees a report (and the hits borrowed from it). NULL is accepted and ignored.
///
/// # Safety
/// `report` is NULL or came from this library and was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_free(report: *mut sg_report) {
    // SAFETY: per the caller's contract.
    unsafe { free(report) };
}

/// The total score (rounded to three decimals; clamped to 0 … 15 by the outbound
/// profile); 0.0 when `report` is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_score(report: *const sg_report) -> f64 {
    // SAFETY: per the caller's contract.
    unsafe { read_report(report, 0.0, |r| Some(r.score)) }
}

/// The sum of the hits' scores before any clamping; 0.0 when `report` is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_raw_score(report: *const sg_report) -> f64 {
    // SAFETY: per the caller's contract.
    unsafe { read_report(report, 0.0, |r| Some(r.raw_score)) }
}

/// The decision threshold; 0.0 when `report` is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_threshold(report: *const sg_report) -> f64 {
    // SAFETY: per the caller's contract.
    unsafe { read_report(report, 0.0, |r| Some(r.threshold)) }
}

/// Whether the message is spam under the profile's rule; false when `report`
/// is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_is_spam(report: *const sg_report) -> bool {
    // SAFETY: per the caller's contract.
    unsafe { read_report(report, false, |r| Some(r.is_spam)) }
}

/// The SpamAssassin score set used (0 … 3); 0 when `report` is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_score_set(report: *const sg_report) -> u32 {
    // SAFETY: per the caller's contract.
    unsafe {
        read_report(report, 0, |report| {
            u32::try_from(report.score_set.index()).ok()
        })
    }
}

/// The recommended action, an `sg_action`: accept, reject or tempfail;
/// `SG_ACTION_ACCEPT` when `report` is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_action(report: *const sg_report) -> u32 {
    // SAFETY: per the caller's contract.
    unsafe {
        read_report(report, sg_action::Accept as u32, |report| {
            Some(match report.action.kind {
                ActionKind::Reject => sg_action::Reject,
                ActionKind::Tempfail => sg_action::Tempfail,
                _ => sg_action::Accept,
            } as u32)
        })
    }
}

/// The SMTP reply code to give (e.g. 554, 451); 0 when accepting or when
/// `report` is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_smtp_code(report: *const sg_report) -> u16 {
    // SAFETY: per the caller's contract.
    unsafe {
        read_report(report, 0, |report| {
            report.action.reply.as_ref().map(|reply| reply.code)
        })
    }
}

/// The enhanced status code of the SMTP reply (RFC 3463, e.g. "5.7.1");
/// empty when accepting or when `report` is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_smtp_enhanced_code(report: *const sg_report) -> sg_str {
    // SAFETY: per the caller's contract.
    unsafe { reply_part(report, |reply| &reply.enhanced) }
}

/// The text of the SMTP reply (after the codes); empty when accepting or when
/// `report` is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_smtp_text(report: *const sg_report) -> sg_str {
    // SAFETY: per the caller's contract.
    unsafe { reply_part(report, |reply| &reply.text) }
}

/// The whole SMTP reply line ("554 5.7.1 text"); empty when accepting or when
/// `report` is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_smtp_reply(report: *const sg_report) -> sg_str {
    // SAFETY: per the caller's contract.
    unsafe {
        read_report(report, sg_str::empty(), |report| {
            Some(
                report
                    .smtp_reply
                    .as_deref()
                    .map_or_else(sg_str::empty, sg_str::new),
            )
        })
    }
}

/// The number of tests that fired; 0 when `report` is NULL.
///
/// # Safety
/// `report` is NULL or a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_hit_count(report: *const sg_report) -> usize {
    // SAFETY: per the caller's contract.
    unsafe { read_report(report, 0, |r| Some(r.hits.len())) }
}

/// The `index`-th test that fired (0-based, in evaluation order), borrowed from
/// the report; `SG_RESULT_INDEX_OUT_OF_RANGE` past the end.
///
/// # Safety
/// `report` is a live report; `hit_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_hit(
    report: *const sg_report,
    index: usize,
    hit_out: *mut *const sg_hit,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        output_from(report, hit_out, |report| {
            let hits = &report.report.hits;
            let hit = hits.get(index).ok_or_else(|| {
                fail(
                    sg_result::IndexOutOfRange,
                    format!("hit index {index} out of range ({} hits)", hits.len()),
                )
            })?;
            Ok(hit_ptr(hit))
        })
    }
}

/// Whether the test named `name` (UTF-8, `name_len` bytes) fired; false when a
/// pointer is NULL or the name is not UTF-8.
///
/// # Safety
/// `report` is NULL or a live report; `name` is NULL or valid for reads of
/// `name_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_has_hit(
    report: *const sg_report,
    name: *const c_char,
    name_len: usize,
) -> bool {
    // SAFETY: per the caller's contract.
    unsafe {
        read_report(report, false, |report| {
            // SAFETY: per the caller's contract.
            let name = utf8(name, name_len).ok()?;
            Some(report.hit(name).is_some())
        })
    }
}

/// The whole report as JSON (hits with their texts in every language, the
/// limits hit, the decision), as the Rust API serialises it. Free the buffer
/// with `sg_buffer_free`.
///
/// # Safety
/// `report` is a live report; `json_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_report_json(
    report: *const sg_report,
    json_out: *mut *mut sg_buffer,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        output_from(report, json_out, |report| {
            sg_buffer::json(&report.report, "report")
        })
    }
}

/// The hit's test name (e.g. "MIME_HTML_ONLY"); empty when `hit` is NULL.
///
/// # Safety
/// `hit` is NULL or a hit of a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_hit_name(hit: *const sg_hit) -> sg_str {
    // SAFETY: per the caller's contract.
    unsafe { read_hit(hit, sg_str::empty(), |hit| sg_str::new(&hit.name)) }
}

/// The score the hit added; 0.0 when `hit` is NULL.
///
/// # Safety
/// `hit` is NULL or a hit of a live report.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_hit_score(hit: *const sg_hit) -> f64 {
    // SAFETY: per the caller's contract.
    unsafe { read_hit(hit, 0.0, |hit| hit.score) }
}

/// # Safety
/// `hit` is NULL or a hit of a live report; `text_out` is NULL or writable.
unsafe fn hit_text(
    hit: *const sg_hit,
    lang: u32,
    text_out: *mut sg_str,
    field: fn(&Hit) -> &Localized,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let hit = unsafe { hit_ref(hit) }?;
        let lang = sg_lang::core(lang)?;
        // SAFETY: per the caller's contract.
        unsafe { output(text_out, || Ok(sg_str::new(field(hit).get(lang)))) }
    })
}

/// One line in `lang` (an `sg_lang` value): what the test detects.
///
/// # Safety
/// `hit` is a hit of a live report; `text_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_hit_description(
    hit: *const sg_hit,
    lang: u32,
    text_out: *mut sg_str,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { hit_text(hit, lang, text_out, |hit| &hit.description) }
}

/// What it means that the test fired, in plain language, in `lang`.
///
/// # Safety
/// `hit` is a hit of a live report; `text_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_hit_explanation(
    hit: *const sg_hit,
    lang: u32,
    text_out: *mut sg_str,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { hit_text(hit, lang, text_out, |hit| &hit.explanation) }
}

/// How a legitimate sender makes the test stop firing, in `lang`.
///
/// # Safety
/// `hit` is a hit of a live report; `text_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_hit_fix(
    hit: *const sg_hit,
    lang: u32,
    text_out: *mut sg_str,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { hit_text(hit, lang, text_out, |hit| &hit.fix) }
}

/// Why the test fired on this message (e.g. "text/html part: 1 image"), in
/// `lang`.
///
/// # Safety
/// `hit` is a hit of a live report; `text_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_hit_evidence(
    hit: *const sg_hit,
    lang: u32,
    text_out: *mut sg_str,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { hit_text(hit, lang, text_out, |hit| &hit.evidence) }
}
