//! The C ABI entry points, called as a C program would: an engine from JSON,
//! inputs with verdicts JSON, `sg_check`, every report accessor, the report
//! JSON, and the Bayes database loader. The first byte picks what the rest is:
//!
//! * 0: a message, checked with no inputs;
//! * 1: verdicts JSON, a NUL byte, then a message;
//! * 2: a configuration JSON for `sg_engine_new_from_json`;
//! * 3: the bytes of a Bayes database for `sg_bayes_db_load`.
//!
//! Any panic inside the panic boundary still aborts here (libfuzzer-sys's
//! panic hook), so a caught panic is a finding too.
#![no_main]
// The handles are opaque Rust types behind pointers, declared here as the C
// header declares them; their layout never crosses the boundary.
#![allow(improper_ctypes)]

use std::ffi::c_char;
use std::ptr;

use libfuzzer_sys::fuzz_target;
use spamgauge_ffi::{
    sg_bayes_db, sg_buffer, sg_engine, sg_hit, sg_inputs, sg_report, sg_result, sg_str,
};

unsafe extern "C" {
    fn sg_engine_new_from_json(
        json: *const c_char,
        json_len: usize,
        engine_out: *mut *const sg_engine,
    ) -> sg_result;
    fn sg_engine_free(engine: *const sg_engine);
    fn sg_inputs_new() -> *mut sg_inputs;
    fn sg_inputs_free(inputs: *mut sg_inputs);
    fn sg_inputs_set_verdicts_json(
        inputs: *mut sg_inputs,
        json: *const c_char,
        json_len: usize,
    ) -> sg_result;
    fn sg_check(
        engine: *const sg_engine,
        message: *const u8,
        message_len: usize,
        inputs: *const sg_inputs,
        report_out: *mut *mut sg_report,
    ) -> sg_result;
    fn sg_report_free(report: *mut sg_report);
    fn sg_report_score(report: *const sg_report) -> f64;
    fn sg_report_is_spam(report: *const sg_report) -> bool;
    fn sg_report_smtp_reply(report: *const sg_report) -> sg_str;
    fn sg_report_hit_count(report: *const sg_report) -> usize;
    fn sg_report_hit(
        report: *const sg_report,
        index: usize,
        hit_out: *mut *const sg_hit,
    ) -> sg_result;
    fn sg_hit_name(hit: *const sg_hit) -> sg_str;
    fn sg_hit_evidence(hit: *const sg_hit, lang: u32, text_out: *mut sg_str) -> sg_result;
    fn sg_report_json(report: *const sg_report, json_out: *mut *mut sg_buffer) -> sg_result;
    fn sg_buffer_len(buffer: *const sg_buffer) -> usize;
    fn sg_buffer_free(buffer: *mut sg_buffer);
    fn sg_bayes_db_load(data: *const u8, len: usize, db_out: *mut *mut sg_bayes_db) -> sg_result;
    fn sg_bayes_db_free(db: *mut sg_bayes_db);
    fn sg_last_error_detail(buf: *mut c_char, len: usize, out_n: *mut usize) -> sg_result;
}

fn default_engine() -> *const sg_engine {
    let mut engine = ptr::null();
    // SAFETY: a valid JSON buffer and a valid out pointer.
    let result = unsafe { sg_engine_new_from_json(c"{}".as_ptr(), 2, &mut engine) };
    assert_eq!(result, sg_result::Ok);
    engine
}

/// Checks `message` and reads everything back from the report.
///
/// # Safety
/// `engine` is live; `inputs` is NULL or live.
unsafe fn check(engine: *const sg_engine, message: &[u8], inputs: *const sg_inputs) {
    let mut report = ptr::null_mut();
    // SAFETY: per this function's contract; the slice is valid.
    let result = unsafe { sg_check(engine, message.as_ptr(), message.len(), inputs, &mut report) };
    if result != sg_result::Ok {
        assert!(report.is_null(), "outputs are written only on success");
        let mut n = 0;
        let mut buf = [0 as c_char; 256];
        // SAFETY: a valid buffer and length.
        unsafe { sg_last_error_detail(buf.as_mut_ptr(), buf.len(), &mut n) };
        return;
    }
    // SAFETY: `report` is the live report just returned.
    unsafe {
        assert!(sg_report_score(report).is_finite());
        let _ = sg_report_is_spam(report);
        let _ = sg_report_smtp_reply(report);
        let count = sg_report_hit_count(report);
        for index in 0..=count {
            let mut hit = ptr::null();
            let found = sg_report_hit(report, index, &mut hit);
            assert_eq!(found == sg_result::Ok, index < count);
            let _ = sg_hit_name(hit);
            let mut text = sg_str {
                data: ptr::null(),
                len: 0,
            };
            let read = sg_hit_evidence(hit, 1, &mut text);
            assert_eq!(read == sg_result::Ok, index < count);
        }
        let mut json = ptr::null_mut();
        assert_eq!(sg_report_json(report, &mut json), sg_result::Ok);
        assert!(sg_buffer_len(json) > 0);
        sg_buffer_free(json);
        sg_report_free(report);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 4 {
        0 => {
            let engine = default_engine();
            // SAFETY: a live engine, no inputs.
            unsafe {
                check(engine, rest, ptr::null());
                sg_engine_free(engine);
            }
        }
        1 => {
            let (json, message) = match rest.iter().position(|&b| b == 0) {
                Some(at) => (&rest[..at], &rest[at + 1..]),
                None => (rest, &[][..]),
            };
            let engine = default_engine();
            // SAFETY: live handles, valid buffers.
            unsafe {
                let inputs = sg_inputs_new();
                let _ = sg_inputs_set_verdicts_json(inputs, json.as_ptr().cast(), json.len());
                check(engine, message, inputs);
                sg_inputs_free(inputs);
                sg_engine_free(engine);
            }
        }
        2 => {
            let mut engine = ptr::null();
            // SAFETY: a valid buffer and out pointer.
            let result =
                unsafe { sg_engine_new_from_json(rest.as_ptr().cast(), rest.len(), &mut engine) };
            if result == sg_result::Ok {
                // SAFETY: the engine just built.
                unsafe {
                    check(
                        engine,
                        b"From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\n",
                        ptr::null(),
                    );
                    sg_engine_free(engine);
                }
            } else {
                assert!(engine.is_null());
            }
        }
        _ => {
            let mut db = ptr::null_mut();
            // SAFETY: a valid buffer and out pointer.
            let result = unsafe { sg_bayes_db_load(rest.as_ptr(), rest.len(), &mut db) };
            assert_eq!(result == sg_result::Ok, !db.is_null());
            // SAFETY: NULL or the database just loaded.
            unsafe { sg_bayes_db_free(db) };
        }
    }
});
