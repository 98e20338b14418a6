/* Replays the verdict case table (core/tests/cases/verdicts.json, flattened by
 * `cargo run -p spamgauge-ffi --example case_table -- FILE`) through the C API:
 * every case must give a report and follow-up questions byte-identical (as
 * JSON) to the Rust API's, and, once the facts it needs exist, the table's
 * expected tests, action and SMTP reply.
 *
 *   test_cases FILE */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spamgauge.h"
#include "check.h"

enum { NAME, CONFIG, MESSAGE, VERDICTS, READY, HITS, ABSENT, ACTION, REPLY,
       REPLY_PREFIX, RUST_JSON, RUST_FOLLOW_UP, FIELDS };

struct field { const char *data; size_t len; };

/* Reads one "LENGTH\nBYTES\n" field at *pos; 0 at the end or on bad input. */
static int next_field(const char *buf, size_t size, size_t *pos, struct field *f) {
  size_t len = 0, p = *pos;
  if (p >= size) return 0;
  while (p < size && buf[p] >= '0' && buf[p] <= '9') len = len * 10 + (size_t)(buf[p++] - '0');
  if (p >= size || buf[p] != '\n' || len > size - p - 1) return 0;
  f->data = buf + p + 1;
  f->len = len;
  *pos = p + 1 + len + 1;
  return 1;
}

static int eq(sg_str s, struct field f) {
  return s.len == f.len && memcmp(s.data, f.data, f.len) == 0;
}

/* Each line of a field, as pointer and length. */
static int each_line(struct field f, const sg_report *report, int want_present) {
  size_t start = 0, i;
  int ok = 1;
  for (i = 0; i <= f.len; i++) {
    if (i == f.len || f.data[i] == '\n') {
      if (i > start) {
        int present = sg_report_has_hit(report, f.data + start, i - start);
        if (present != want_present) {
          fprintf(stderr, "  %s: %.*s\n", want_present ? "missing" : "unexpected",
                  (int)(i - start), f.data + start);
          ok = 0;
        }
      }
      start = i + 1;
    }
  }
  return ok;
}

static const char *action_name(uint32_t action) {
  switch (action) {
    case SG_ACTION_ACCEPT: return "accept";
    case SG_ACTION_REJECT: return "reject";
    case SG_ACTION_TEMPFAIL: return "tempfail";
    default: return "?";
  }
}

/* A buffer's bytes equal a field's. */
static int same_bytes(const sg_buffer *buffer, struct field f) {
  return sg_buffer_len(buffer) == f.len && memcmp(sg_buffer_data(buffer), f.data, f.len) == 0;
}

static void replay(struct field *f, int *ran_expectations) {
  const sg_engine *engine = NULL;
  sg_inputs *inputs = sg_inputs_new();
  sg_analysis *analysis = NULL;
  sg_report *report = NULL;
  sg_questions *questions = NULL;
  sg_buffer *json = NULL, *questions_json = NULL;
  sg_str reply;

  CHECK_RC(sg_engine_new_from_json(f[CONFIG].data, f[CONFIG].len, &engine), SG_RESULT_OK);
  if (f[VERDICTS].len > 0)
    CHECK_RC(sg_inputs_set_verdicts_json(inputs, f[VERDICTS].data, f[VERDICTS].len), SG_RESULT_OK);
  CHECK_RC(sg_analyze(engine, (const uint8_t *)f[MESSAGE].data, f[MESSAGE].len, &analysis),
           SG_RESULT_OK);
  CHECK_RC(sg_score(engine, analysis, f[VERDICTS].len > 0 ? inputs : NULL, &report),
           SG_RESULT_OK);
  if (report != NULL && sg_report_json(report, &json) == SG_RESULT_OK) {
    /* Identical to the Rust API, byte for byte. */
    CHECK(same_bytes(json, f[RUST_JSON]));
  } else {
    CHECK(0);
  }
  CHECK_RC(sg_follow_up(engine, analysis, f[VERDICTS].len > 0 ? inputs : NULL, &questions),
           SG_RESULT_OK);
  if (questions != NULL && sg_questions_json(questions, &questions_json) == SG_RESULT_OK)
    CHECK(same_bytes(questions_json, f[RUST_FOLLOW_UP]));
  else
    CHECK(0);
  if (report != NULL && f[READY].len == 1 && f[READY].data[0] == '1') {
    size_t action_len = strlen(action_name(sg_report_action(report)));
    ++*ran_expectations;
    CHECK(each_line(f[HITS], report, 1));
    CHECK(each_line(f[ABSENT], report, 0));
    CHECK(action_len == f[ACTION].len &&
          memcmp(action_name(sg_report_action(report)), f[ACTION].data, action_len) == 0);
    reply = sg_report_smtp_reply(report);
    if (f[REPLY].len > 0) CHECK(eq(reply, f[REPLY]));
    if (f[REPLY_PREFIX].len > 0)
      CHECK(reply.len >= f[REPLY_PREFIX].len &&
            memcmp(reply.data, f[REPLY_PREFIX].data, f[REPLY_PREFIX].len) == 0);
    if (f[REPLY].len == 0 && f[REPLY_PREFIX].len == 0 && sg_report_action(report) == SG_ACTION_ACCEPT)
      CHECK(reply.len == 0 && sg_report_smtp_code(report) == 0);
    if (reply.len > 0) {
      /* The parts agree with the whole line: "CODE ENHANCED TEXT". */
      char code[8];
      sg_str enhanced = sg_report_smtp_enhanced_code(report);
      sg_str text = sg_report_smtp_text(report);
      snprintf(code, sizeof code, "%u ", (unsigned)sg_report_smtp_code(report));
      CHECK(reply.len == strlen(code) + enhanced.len + 1 + text.len);
      CHECK(memcmp(reply.data, code, strlen(code)) == 0);
    }
  }
  sg_buffer_free(questions_json);
  sg_questions_free(questions);
  sg_buffer_free(json);
  sg_report_free(report);
  sg_analysis_free(analysis);
  sg_inputs_free(inputs);
  sg_engine_free(engine);
}

int main(int argc, char **argv) {
  FILE *file;
  char *buf;
  long size;
  size_t pos = 0;
  int cases = 0, ran_expectations = 0;
  if (argc != 2 || (file = fopen(argv[1], "rb")) == NULL) {
    fprintf(stderr, "usage: test_cases FILE (from the case_table example)\n");
    return 2;
  }
  if (fseek(file, 0, SEEK_END) != 0 || (size = ftell(file)) <= 0 ||
      fseek(file, 0, SEEK_SET) != 0 || (buf = malloc((size_t)size)) == NULL ||
      fread(buf, 1, (size_t)size, file) != (size_t)size) {
    fprintf(stderr, "test_cases: cannot read %s\n", argv[1]);
    fclose(file);
    return 2;
  }
  fclose(file);
  for (;;) {
    struct field f[FIELDS];
    int i, complete = 1;
    for (i = 0; i < FIELDS && complete; i++)
      complete = next_field(buf, (size_t)size, &pos, &f[i]);
    if (!complete) break;
    cases++;
    check_current_failed = 0;
    replay(f, &ran_expectations);
    if (check_current_failed) {
      check_failed++;
      printf("FAIL - %.*s\n", (int)f[NAME].len, f[NAME].data);
    } else {
      check_passed++;
      printf("ok - %.*s\n", (int)f[NAME].len, f[NAME].data);
    }
  }
  free(buf);
  printf("# %d cases, %d with their facts present (the others compared to Rust only)\n",
         cases, ran_expectations);
  if (cases == 0 || pos != (size_t)size) {
    fprintf(stderr, "test_cases: no case read, or trailing bytes\n");
    check_failed++;
  }
  return SUMMARY();
}
