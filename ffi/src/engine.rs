//! The engine and the two scoring phases: analyse, then score.

use std::ffi::c_char;

use spamgauge::lookups::Question;
use spamgauge::verdicts::Verdicts;
use spamgauge::{Analysis, Engine, Inputs};

use crate::boundary::{
    bytes, deref, free, guard, into_raw, out_ptr, output, output_from, read_or, utf8, write,
};
use crate::buffer::sg_buffer;
use crate::config::{parse_json, sg_config_builder};
use crate::inputs::sg_inputs;
use crate::report::{sg_report, sg_str};
use crate::result::{config_error, message_error, sg_result};

/// A compiled, immutable engine. Build it once and share it: every function
/// taking a `const sg_engine *` may be called on the same engine from any number
/// of threads at once, without locking.
pub struct sg_engine {
    engine: Engine,
}

/// One analysed message: every fact extracted once, ready for `sg_lookups` and
/// `sg_score`. Immutable; free it with `sg_analysis_free`.
pub struct sg_analysis {
    analysis: Analysis,
}

impl sg_analysis {
    pub(crate) fn core(&self) -> &Analysis {
        &self.analysis
    }
}

fn build(config: spamgauge::Config) -> Result<*const sg_engine, sg_result> {
    let engine = Engine::new(config).map_err(|e| config_error(&e))?;
    Ok(into_raw(sg_engine { engine }).cast_const())
}

/// Builds an engine from a builder's configuration; the builder is left as it
/// is (free it, or reuse it for another engine). Every configuration value is
/// checked here: `SG_RESULT_UNKNOWN_TEST`, `SG_RESULT_INVALID_SCORE`,
/// `SG_RESULT_INVALID_THRESHOLD` or `SG_RESULT_INVALID_LIMIT`, with the culprit in
/// `sg_last_error_detail`. Free the engine with `sg_engine_free`.
///
/// # Safety
/// `builder` is a live builder not used by another thread during the call;
/// `engine_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_engine_new(
    builder: *const sg_config_builder,
    engine_out: *mut *const sg_engine,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe { output_from(builder, engine_out, |builder| build(builder.config.clone())) }
}

/// Builds an engine from a JSON configuration (UTF-8, `json_len` bytes); see
/// `sg_config_builder_new_from_json` for the format. Errors as `sg_engine_new`,
/// plus `SG_RESULT_INVALID_CONFIG` for malformed JSON or an unknown field.
///
/// # Safety
/// `json` is valid for reads of `json_len` bytes; `engine_out` for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_engine_new_from_json(
    json: *const c_char,
    json_len: usize,
    engine_out: *mut *const sg_engine,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        unsafe {
            output(engine_out, || {
                // SAFETY: per the caller's contract.
                build(parse_json(utf8(json, json_len)?)?)
            })
        }
    })
}

/// Frees an engine. NULL is accepted and ignored. No other thread may be using
/// it any more.
///
/// # Safety
/// `engine` is NULL or came from this library and was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_engine_free(engine: *const sg_engine) {
    // SAFETY: per the caller's contract; the engine was created mutable by
    // `into_raw` and handed out as const only to express sharing.
    unsafe { free(engine.cast_mut()) };
}

/// The engine's decision threshold; 0.0 when `engine` is NULL.
///
/// # Safety
/// `engine` is NULL or a live engine.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_engine_threshold(engine: *const sg_engine) -> f64 {
    // SAFETY: per the caller's contract.
    unsafe { read_or(engine, 0.0, |engine| Some(engine.engine.threshold())) }
}

/// Phase 1: extracts every fact from a raw message (`message_len` bytes, any
/// content: malformed mail is a finding, not an error). Fails only when the input
/// is not a message at all: `SG_RESULT_EMPTY_MESSAGE`, `SG_RESULT_NOT_A_MESSAGE`.
/// Free the analysis with `sg_analysis_free`.
///
/// # Safety
/// `engine` is a live engine; `message` is valid for reads of `message_len`
/// bytes; `analysis_out` for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_analyze(
    engine: *const sg_engine,
    message: *const u8,
    message_len: usize,
    analysis_out: *mut *mut sg_analysis,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let engine = unsafe { deref(engine) }?;
        // SAFETY: per the caller's contract.
        let message = unsafe { bytes(message, message_len) }?;
        // SAFETY: per the caller's contract.
        unsafe {
            output(analysis_out, || {
                let analysis = engine.engine.analyze(message);
                let analysis = analysis.map_err(|e| message_error(&e))?;
                Ok(into_raw(sg_analysis { analysis }))
            })
        }
    })
}

/// Frees an analysis. NULL is accepted and ignored.
///
/// # Safety
/// `analysis` is NULL or came from this library and was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_analysis_free(analysis: *mut sg_analysis) {
    // SAFETY: per the caller's contract.
    unsafe { free(analysis) };
}

/// Borrows the optional inputs: NULL means none.
///
/// # Safety
/// `inputs` is NULL or live inputs not modified during `'a`, and the Bayes
/// database they borrow, if any, is alive and unmodified too.
unsafe fn optional_inputs<'a>(inputs: *const sg_inputs) -> Inputs<'a> {
    // SAFETY: per the caller's contract.
    match unsafe { inputs.as_ref() } {
        // SAFETY: per the caller's contract.
        Some(inputs) => unsafe { inputs.as_inputs() },
        None => Inputs::default(),
    }
}

/// Phase 2: runs every test over an analysed message and the caller's inputs.
/// `inputs` may be NULL (no time, no verdicts: score set 0). Free the report
/// with `sg_report_free`.
///
/// # Safety
/// `engine` and `analysis` are live; `inputs` is NULL or live and not modified
/// during the call; `report_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_score(
    engine: *const sg_engine,
    analysis: *const sg_analysis,
    inputs: *const sg_inputs,
    report_out: *mut *mut sg_report,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let engine = unsafe { deref(engine) }?;
        // SAFETY: per the caller's contract.
        let analysis = unsafe { deref(analysis) }?;
        // SAFETY: per the caller's contract.
        unsafe {
            output(report_out, || {
                // SAFETY: per the caller's contract.
                let inputs = optional_inputs(inputs);
                let report = engine.engine.score(&analysis.analysis, &inputs);
                Ok(into_raw(sg_report::new(report)))
            })
        }
    })
}

/// Both phases at once, for callers with no lookups to make in between:
/// `sg_analyze` then `sg_score`, with the same errors.
///
/// # Safety
/// As `sg_analyze` and `sg_score`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_check(
    engine: *const sg_engine,
    message: *const u8,
    message_len: usize,
    inputs: *const sg_inputs,
    report_out: *mut *mut sg_report,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let engine = unsafe { deref(engine) }?;
        // SAFETY: per the caller's contract.
        let message = unsafe { bytes(message, message_len) }?;
        // SAFETY: per the caller's contract.
        unsafe {
            output(report_out, || {
                // SAFETY: per the caller's contract.
                let inputs = optional_inputs(inputs);
                let report = engine.engine.check(message, &inputs);
                let report = report.map_err(|e| message_error(&e))?;
                Ok(into_raw(sg_report::new(report)))
            })
        }
    })
}

/// The DNS questions whose answers matter for a message, from `sg_lookups`
/// or `sg_follow_up`.
/// Immutable; free it with `sg_questions_free`.
pub struct sg_questions {
    questions: Vec<Question>,
}

/// Lists the DNS questions to resolve for an analysed message (block lists for
/// the client and the relays, URI lists, sender domains), sorted, without
/// duplicates. The envelope set in `inputs` (NULL: none) names the client.
/// Resolve them, give the answers with `sg_inputs_add_dns_answer` (or in the
/// verdicts JSON), then call `sg_score`. Free with `sg_questions_free`.
///
/// # Safety
/// `engine` and `analysis` are live; `inputs` is NULL or live;
/// `questions_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_lookups(
    engine: *const sg_engine,
    analysis: *const sg_analysis,
    inputs: *const sg_inputs,
    questions_out: *mut *mut sg_questions,
) -> sg_result {
    // SAFETY: the caller's contract is the one `questions` asks for.
    unsafe {
        questions(
            engine,
            analysis,
            inputs,
            questions_out,
            |engine, analysis, inputs| {
                let envelope = inputs.map(sg_inputs::envelope).unwrap_or_default();
                engine.lookups(analysis, &envelope)
            },
        )
    }
}

/// The questions still open once some are answered: those of `sg_lookups`
/// and those that follow from the DNS answers in `inputs` (the second round
/// of URI lookups: a URI domain's `NS`, then the name servers' `A`, then
/// those addresses in the block list), less those `inputs` already answers.
/// `inputs` holds the envelope and the answers so far, as for `sg_score`;
/// NULL or no answers: the questions of `sg_lookups`. Loop — resolve, add
/// the answers with `sg_inputs_add_dns_answer`, ask again — until the count is
/// 0; then call `sg_score`. Free with `sg_questions_free`.
///
/// # Safety
/// `engine` and `analysis` are live; `inputs` is NULL or live;
/// `questions_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_follow_up(
    engine: *const sg_engine,
    analysis: *const sg_analysis,
    inputs: *const sg_inputs,
    questions_out: *mut *mut sg_questions,
) -> sg_result {
    // SAFETY: the caller's contract is the one `questions` asks for.
    unsafe {
        questions(
            engine,
            analysis,
            inputs,
            questions_out,
            |engine, analysis, inputs| {
                let none = Verdicts::default();
                let verdicts = inputs.and_then(sg_inputs::verdicts).unwrap_or(&none);
                engine.follow_up(analysis, verdicts)
            },
        )
    }
}

/// The body of `sg_lookups` and `sg_follow_up`: checks the handles, asks
/// `ask` and writes the questions to `questions_out` on success.
///
/// # Safety
/// `engine` and `analysis` are NULL or live; `inputs` is NULL or live;
/// `questions_out` is NULL or valid for a write.
unsafe fn questions(
    engine: *const sg_engine,
    analysis: *const sg_analysis,
    inputs: *const sg_inputs,
    questions_out: *mut *mut sg_questions,
    ask: impl FnOnce(&Engine, &Analysis, Option<&sg_inputs>) -> Vec<Question>,
) -> sg_result {
    guard(|| {
        // SAFETY: per this function's contract.
        let engine = unsafe { deref(engine) }?;
        // SAFETY: per this function's contract.
        let analysis = unsafe { deref(analysis) }?;
        // SAFETY: per this function's contract.
        let inputs = unsafe { inputs.as_ref() };
        // SAFETY: per this function's contract.
        unsafe {
            output(questions_out, || {
                let questions = ask(&engine.engine, &analysis.analysis, inputs);
                Ok(into_raw(sg_questions { questions }))
            })
        }
    })
}

/// The number of questions; 0 when `questions` is NULL.
///
/// # Safety
/// `questions` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_questions_count(questions: *const sg_questions) -> usize {
    // SAFETY: per the caller's contract.
    unsafe { read_or(questions, 0, |q| Some(q.questions.len())) }
}

/// The `index`-th question: the name to look up (no trailing dot) and the
/// record type ("A", "AAAA", "TXT", "MX" or "NS"), borrowed from `questions`.
///
/// # Safety
/// `questions` is live; `name_out` and `type_out` are valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_questions_get(
    questions: *const sg_questions,
    index: usize,
    name_out: *mut sg_str,
    type_out: *mut sg_str,
) -> sg_result {
    guard(|| {
        // SAFETY: per the caller's contract.
        let questions = unsafe { deref(questions) }?;
        let name = out_ptr(name_out)?;
        let rtype = out_ptr(type_out)?;
        let question = questions
            .questions
            .get(index)
            .ok_or(sg_result::IndexOutOfRange)?;
        // SAFETY: both are non-NULL and writable per the caller.
        unsafe {
            write(name, sg_str::new(&question.name));
            write(rtype, sg_str::new(question.rtype.as_str()));
        }
        Ok(())
    })
}

/// The questions as JSON (`[{"name", "type", "purpose"}]`, as the Rust API
/// serialises them). Free the buffer with `sg_buffer_free`.
///
/// # Safety
/// `questions` is live; `json_out` is valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_questions_json(
    questions: *const sg_questions,
    json_out: *mut *mut sg_buffer,
) -> sg_result {
    // SAFETY: per the caller's contract.
    unsafe {
        output_from(questions, json_out, |questions| {
            sg_buffer::json(&questions.questions, "questions")
        })
    }
}

/// Frees questions. NULL is accepted and ignored.
///
/// # Safety
/// `questions` is NULL or came from this library and was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sg_questions_free(questions: *mut sg_questions) {
    // SAFETY: per the caller's contract.
    unsafe { free(questions) };
}
