/* Tests of every function of spamgauge.h: results, NULL for every pointer
 * argument, invalid UTF-8, empty and huge messages, outputs left untouched on
 * failure. Run under valgrind by scripts/test-c.sh (no leak, no invalid access). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spamgauge.h"
#include "check.h"

/* A well-formed message: only MISSING_DATE is expected to fire in it. */
static const char NO_DATE[] =
    "From: Alice <alice@example.com>\r\n"
    "To: bob@example.org\r\n"
    "Subject: lunch\r\n"
    "Message-ID: <1@example.com>\r\n"
    "\r\n"
    "See you at noon.\r\n";

static const char WITH_DATE[] =
    "Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
    "From: Alice <alice@example.com>\r\n"
    "To: bob@example.org\r\n"
    "Subject: lunch\r\n"
    "Message-ID: <2@example.com>\r\n"
    "\r\n"
    "See you at noon.\r\n";

#define MSG(m) (const uint8_t *)(m), (sizeof(m) - 1)

/* A marker to see that outputs are untouched on failure. */
#define POISON ((void *)(uintptr_t)0x5a5a5a5a)

static const sg_engine *default_engine(void) {
  const sg_engine *engine = NULL;
  sg_config_builder *builder = sg_config_builder_new();
  if (builder == NULL || sg_engine_new(builder, &engine) != SG_RESULT_OK) {
    fprintf(stderr, "cannot build the default engine\n");
    exit(2);
  }
  sg_config_builder_free(builder);
  return engine;
}

/* The hit named `name` in a report, or NULL. */
static const sg_hit *find_hit(const sg_report *report, const char *name) {
  size_t i, n = sg_report_hit_count(report);
  for (i = 0; i < n; i++) {
    const sg_hit *hit = NULL;
    if (sg_report_hit(report, i, &hit) == SG_RESULT_OK && STR_EQ(sg_hit_name(hit), name))
      return hit;
  }
  return NULL;
}

static sg_report *check_message(const sg_engine *engine, const uint8_t *msg,
                                size_t len) {
  sg_report *report = NULL;
  if (sg_check(engine, msg, len, NULL, &report) != SG_RESULT_OK) return NULL;
  return report;
}

TEST(version_agrees_with_header) {
  char numeric[64];
  CHECK(sg_version() != NULL);
  CHECK(strcmp(sg_version(), SG_VERSION) == 0);
  snprintf(numeric, sizeof numeric, "%d.%d.%d", SG_VERSION_MAJOR,
           SG_VERSION_MINOR, SG_VERSION_PATCH);
  CHECK(strcmp(sg_version(), numeric) == 0);
}

TEST(result_messages) {
  static const unsigned codes[] = {
      SG_RESULT_OK, SG_RESULT_NULL_PARAMETER, SG_RESULT_INVALID_PARAMETER,
      SG_RESULT_INVALID_UTF8, SG_RESULT_INDEX_OUT_OF_RANGE,
      SG_RESULT_INSUFFICIENT_SIZE, SG_RESULT_PANIC, SG_RESULT_INVALID_CONFIG,
      SG_RESULT_UNKNOWN_TEST, SG_RESULT_INVALID_SCORE,
      SG_RESULT_INVALID_THRESHOLD, SG_RESULT_INVALID_LIMIT,
      SG_RESULT_EMPTY_MESSAGE, SG_RESULT_NOT_A_MESSAGE,
      SG_RESULT_INVALID_VERDICTS, SG_RESULT_INVALID_BAYES_DB,
      SG_RESULT_INVALID_STATE};
  char buf[128];
  size_t n = 0, i;
  for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    n = 0;
    CHECK_RC(sg_result_message(codes[i], buf, sizeof buf, &n), SG_RESULT_OK);
    CHECK(n > 0 && n == strlen(buf));
    CHECK(strcmp(buf, "unknown result code") != 0);
  }
  CHECK_RC(sg_result_message(SG_RESULT_NULL_PARAMETER, buf, sizeof buf, &n),
           SG_RESULT_OK);
  CHECK(strcmp(buf, "a pointer argument is NULL") == 0);
  CHECK_RC(sg_result_message(7777, buf, sizeof buf, &n), SG_RESULT_OK);
  CHECK(strcmp(buf, "unknown result code") == 0);
  /* Cut to fit, always NUL-terminated. */
  memset(buf, 'x', sizeof buf);
  CHECK_RC(sg_result_message(SG_RESULT_NULL_PARAMETER, buf, 5, &n),
           SG_RESULT_OK);
  CHECK(n == 4 && strcmp(buf, "a po") == 0 && buf[5] == 'x');
  /* Length 0, NULL buffer, NULL out_n: refused, nothing written. */
  n = 99;
  buf[0] = 'x';
  CHECK_RC(sg_result_message(0, buf, 0, &n), SG_RESULT_INSUFFICIENT_SIZE);
  CHECK(n == 99 && buf[0] == 'x');
  CHECK_RC(sg_result_message(0, NULL, sizeof buf, &n),
           SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_result_message(0, buf, sizeof buf, NULL),
           SG_RESULT_NULL_PARAMETER);
  CHECK(n == 99 && buf[0] == 'x');
}

TEST(last_error_detail_names_the_culprit) {
  char buf[256];
  size_t n = 0;
  const sg_engine *engine = POISON;
  CHECK_RC(sg_engine_new_from_json(LIT("{\"disabled\":[\"NO_SUCH_TEST\"]}"),
                                   &engine),
           SG_RESULT_UNKNOWN_TEST);
  CHECK(engine == POISON);
  CHECK_RC(sg_last_error_detail(buf, sizeof buf, &n), SG_RESULT_OK);
  CHECK(strstr(buf, "NO_SUCH_TEST") != NULL);
  CHECK_RC(sg_engine_new_from_json(LIT("{\"treshold\":2}"), &engine),
           SG_RESULT_INVALID_CONFIG);
  CHECK_RC(sg_last_error_detail(buf, sizeof buf, &n), SG_RESULT_OK);
  CHECK(strstr(buf, "treshold") != NULL);
  /* A failure with no detail of its own gets the result's message. */
  CHECK_RC(sg_engine_new_from_json(NULL, 0, &engine), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_last_error_detail(buf, sizeof buf, &n), SG_RESULT_OK);
  CHECK(strcmp(buf, "a pointer argument is NULL") == 0);
  /* A success clears it. */
  CHECK_RC(sg_engine_new_from_json(LIT("{}"), &engine), SG_RESULT_OK);
  CHECK_RC(sg_last_error_detail(buf, sizeof buf, &n), SG_RESULT_OK);
  CHECK(n == 0 && buf[0] == '\0');
  sg_engine_free(engine);
  CHECK_RC(sg_last_error_detail(NULL, sizeof buf, &n), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_last_error_detail(buf, sizeof buf, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_last_error_detail(buf, 0, &n), SG_RESULT_INSUFFICIENT_SIZE);
}

TEST(builder_typed_setters) {
  static const double per_set[4] = {1.0, 2.0, 3.0, 4.0};
  const sg_engine *engine = NULL;
  sg_config_builder *b = sg_config_builder_new();
  CHECK(b != NULL);
  CHECK_RC(sg_config_builder_set_profile(b, SG_PROFILE_OUTBOUND), SG_RESULT_OK);
  CHECK_RC(sg_config_builder_set_profile(b, 2), SG_RESULT_INVALID_PARAMETER);
  CHECK_RC(sg_config_builder_set_threshold(b, 4.5), SG_RESULT_OK);
  CHECK_RC(sg_config_builder_set_score(b, LIT("MISSING_DATE"), 7.0), SG_RESULT_OK);
  CHECK_RC(sg_config_builder_set_scores_per_set(b, LIT("MISSING_DATE"), per_set, 4),
           SG_RESULT_OK);
  CHECK_RC(sg_config_builder_set_scores_per_set(b, LIT("MISSING_DATE"), per_set, 3),
           SG_RESULT_INVALID_PARAMETER);
  CHECK_RC(sg_config_builder_set_limit(b, SG_LIMIT_MAX_URIS, 50), SG_RESULT_OK);
  CHECK_RC(sg_config_builder_set_limit(b, 99, 50), SG_RESULT_INVALID_PARAMETER);
  CHECK_RC(sg_engine_new(b, &engine), SG_RESULT_OK);
  CHECK(sg_engine_threshold(engine) == 4.5);
  {
    sg_report *report = check_message(engine, MSG(NO_DATE));
    const sg_hit *hit;
    CHECK(report != NULL);
    /* Per-set scores replaced the flat 7.0; set 0 is used without inputs. */
    hit = find_hit(report, "MISSING_DATE");
    CHECK(hit != NULL && sg_hit_score(hit) == 1.0);
    sg_report_free(report);
  }
  sg_engine_free(engine);
  /* Disabling: the test no longer fires; the builder can build again. */
  CHECK_RC(sg_config_builder_disable(b, LIT("MISSING_DATE")), SG_RESULT_OK);
  CHECK_RC(sg_engine_new(b, &engine), SG_RESULT_OK);
  {
    sg_report *report = check_message(engine, MSG(NO_DATE));
    CHECK(report != NULL);
    CHECK(!sg_report_has_hit(report, LIT("MISSING_DATE")));
    sg_report_free(report);
  }
  sg_engine_free(engine);
  sg_config_builder_free(b);
}

TEST(builder_errors_reported_at_build) {
  const sg_engine *engine = POISON;
  sg_config_builder *b;

  b = sg_config_builder_new();
  CHECK_RC(sg_config_builder_set_score(b, LIT("NO_SUCH_TEST"), 1.0), SG_RESULT_OK);
  CHECK_RC(sg_engine_new(b, &engine), SG_RESULT_UNKNOWN_TEST);
  sg_config_builder_free(b);

  b = sg_config_builder_new();
  CHECK_RC(sg_config_builder_set_threshold(b, NAN), SG_RESULT_OK);
  CHECK_RC(sg_engine_new(b, &engine), SG_RESULT_INVALID_THRESHOLD);
  sg_config_builder_free(b);

  b = sg_config_builder_new();
  CHECK_RC(sg_config_builder_set_score(b, LIT("MISSING_DATE"), INFINITY), SG_RESULT_OK);
  CHECK_RC(sg_engine_new(b, &engine), SG_RESULT_INVALID_SCORE);
  sg_config_builder_free(b);

  b = sg_config_builder_new();
  CHECK_RC(sg_config_builder_set_limit(b, SG_LIMIT_MAX_PARTS, 0), SG_RESULT_OK);
  CHECK_RC(sg_engine_new(b, &engine), SG_RESULT_INVALID_LIMIT);
  sg_config_builder_free(b);

  CHECK(engine == POISON);
}

TEST(json_config) {
  static const char cfg[] =
      "{\"profile\":\"outbound\",\"threshold\":2.5,"
      "\"scores\":{\"MISSING_DATE\":4}}";
  const sg_engine *engine = NULL;
  sg_config_builder *b = POISON;
  sg_report *report;

  CHECK_RC(sg_engine_new_from_json(LIT(cfg), &engine), SG_RESULT_OK);
  CHECK(sg_engine_threshold(engine) == 2.5);
  report = check_message(engine, MSG(NO_DATE));
  CHECK(report != NULL);
  CHECK(find_hit(report, "MISSING_DATE") != NULL);
  CHECK(sg_hit_score(find_hit(report, "MISSING_DATE")) == 4.0);
  CHECK(sg_report_is_spam(report) == (sg_report_score(report) > 2.5)); /* outbound */
  sg_report_free(report);
  sg_engine_free(engine);

  /* JSON first, then typed setters on top. */
  CHECK_RC(sg_config_builder_new_from_json(LIT(cfg), &b), SG_RESULT_OK);
  CHECK_RC(sg_config_builder_set_threshold(b, 9.0), SG_RESULT_OK);
  CHECK_RC(sg_engine_new(b, &engine), SG_RESULT_OK);
  CHECK(sg_engine_threshold(engine) == 9.0);
  sg_engine_free(engine);
  sg_config_builder_free(b);

  b = POISON;
  engine = POISON;
  CHECK_RC(sg_config_builder_new_from_json(LIT("{\"profile\":\"sideways\"}"), &b),
           SG_RESULT_INVALID_CONFIG);
  CHECK_RC(sg_config_builder_new_from_json(LIT("not json"), &b),
           SG_RESULT_INVALID_CONFIG);
  CHECK_RC(sg_engine_new_from_json(LIT("{\"threshold\":"), &engine),
           SG_RESULT_INVALID_CONFIG);
  CHECK_RC(sg_engine_new_from_json(LIT(""), &engine), SG_RESULT_INVALID_CONFIG);
  CHECK(b == POISON && engine == POISON);
}

TEST(invalid_utf8_is_refused) {
  static const char bad[] = "{\"disabled\":[\"MISSING_\xff\"]}";
  static const char bad_name[] = "MISSING_\xc3";
  const sg_engine *engine = POISON;
  sg_config_builder *b = POISON;
  sg_inputs *inputs = sg_inputs_new();
  static const double per_set[4] = {0, 0, 0, 0};
  CHECK_RC(sg_engine_new_from_json(LIT(bad), &engine), SG_RESULT_INVALID_UTF8);
  CHECK_RC(sg_config_builder_new_from_json(LIT(bad), &b), SG_RESULT_INVALID_UTF8);
  CHECK(engine == POISON && b == POISON);
  b = sg_config_builder_new();
  CHECK_RC(sg_config_builder_set_score(b, LIT(bad_name), 1.0), SG_RESULT_INVALID_UTF8);
  CHECK_RC(sg_config_builder_set_scores_per_set(b, LIT(bad_name), per_set, 4),
           SG_RESULT_INVALID_UTF8);
  CHECK_RC(sg_config_builder_disable(b, LIT(bad_name)), SG_RESULT_INVALID_UTF8);
  /* Nothing was recorded: the builder still builds. */
  CHECK_RC(sg_engine_new(b, &engine), SG_RESULT_OK);
  sg_config_builder_free(b);
  CHECK_RC(sg_inputs_set_verdicts_json(inputs, LIT(bad)), SG_RESULT_INVALID_UTF8);
  {
    sg_report *report = check_message(engine, MSG(NO_DATE));
    CHECK(report != NULL);
    CHECK(!sg_report_has_hit(report, LIT(bad_name)));
    sg_report_free(report);
  }
  sg_inputs_free(inputs);
  sg_engine_free(engine);
}

TEST(messages_that_are_not_messages) {
  const sg_engine *engine = default_engine();
  sg_report *report = POISON;
  sg_analysis *analysis = POISON;
  static const uint8_t empty[1] = {0};
  CHECK_RC(sg_check(engine, empty, 0, NULL, &report), SG_RESULT_EMPTY_MESSAGE);
  CHECK_RC(sg_analyze(engine, empty, 0, &analysis), SG_RESULT_EMPTY_MESSAGE);
  CHECK_RC(sg_check(engine, MSG("just some text, no header\n"), NULL, &report),
           SG_RESULT_NOT_A_MESSAGE);
  CHECK(report == POISON && analysis == POISON);
  sg_engine_free(engine);
}

TEST(invalid_utf8_in_a_message_is_a_finding_not_an_error) {
  static const char msg[] =
      "From: \xff\xfe <a@example.com>\r\nSubject: \xc3\x28\xa0\xa1\r\n"
      "To: b@example.org\r\n\r\nbody \xf0\x28\x8c\x28 \x00 end\r\n";
  const sg_engine *engine = default_engine();
  sg_report *report = check_message(engine, MSG(msg));
  sg_buffer *json = NULL;
  CHECK(report != NULL);
  CHECK_RC(sg_report_json(report, &json), SG_RESULT_OK);
  CHECK(json != NULL && sg_buffer_len(json) > 0);
  sg_buffer_free(json);
  sg_report_free(report);
  sg_engine_free(engine);
}

TEST(huge_message_and_limits) {
  const size_t body = 6u << 20; /* 6 MiB of body */
  static const char head[] =
      "From: a@example.com\r\nTo: b@example.org\r\nSubject: big\r\n\r\n";
  size_t len = sizeof head - 1 + body, i;
  uint8_t *msg = malloc(len);
  const sg_engine *engine = default_engine();
  const sg_engine *small = NULL;
  sg_report *report = NULL;
  sg_buffer *json = NULL;
  sg_config_builder *b = sg_config_builder_new();
  CHECK(msg != NULL);
  if (msg == NULL) return;
  memcpy(msg, head, sizeof head - 1);
  for (i = sizeof head - 1; i < len; i++)
    msg[i] = (i % 78 == 77) ? '\n' : (uint8_t)('a' + i % 26);
  CHECK_RC(sg_check(engine, msg, len, NULL, &report), SG_RESULT_OK);
  CHECK(sg_report_has_hit(report, LIT("MISSING_DATE")));
  sg_report_free(report);

  /* With a 64 KiB cap the cut is visible in the report. */
  CHECK_RC(sg_config_builder_set_limit(b, SG_LIMIT_MAX_MESSAGE_BYTES, 65536), SG_RESULT_OK);
  CHECK_RC(sg_engine_new(b, &small), SG_RESULT_OK);
  report = NULL;
  CHECK_RC(sg_check(small, msg, len, NULL, &report), SG_RESULT_OK);
  CHECK_RC(sg_report_json(report, &json), SG_RESULT_OK);
  CHECK(strstr((const char *)sg_buffer_data(json), "max_message_bytes") != NULL);
  sg_buffer_free(json);
  sg_report_free(report);
  sg_engine_free(small);
  sg_config_builder_free(b);
  sg_engine_free(engine);
  free(msg);
}

TEST(two_phases_equal_one_call) {
  const sg_engine *engine = default_engine();
  sg_analysis *analysis = NULL;
  sg_report *a = NULL, *b = NULL;
  sg_buffer *ja = NULL, *jb = NULL;
  sg_inputs *inputs = sg_inputs_new();
  CHECK_RC(sg_inputs_set_now(inputs, 1795424400), SG_RESULT_OK);
  CHECK_RC(sg_analyze(engine, MSG(NO_DATE), &analysis), SG_RESULT_OK);
  CHECK_RC(sg_score(engine, analysis, inputs, &a), SG_RESULT_OK);
  CHECK_RC(sg_check(engine, MSG(NO_DATE), inputs, &b), SG_RESULT_OK);
  CHECK_RC(sg_report_json(a, &ja), SG_RESULT_OK);
  CHECK_RC(sg_report_json(b, &jb), SG_RESULT_OK);
  CHECK(sg_buffer_len(ja) == sg_buffer_len(jb));
  CHECK(memcmp(sg_buffer_data(ja), sg_buffer_data(jb), sg_buffer_len(ja)) == 0);
  /* NULL inputs mean "none", the same as empty inputs here. */
  sg_report_free(b);
  b = NULL;
  CHECK_RC(sg_score(engine, analysis, NULL, &b), SG_RESULT_OK);
  CHECK(sg_report_score(b) == sg_report_score(a));
  sg_buffer_free(ja);
  sg_buffer_free(jb);
  sg_report_free(a);
  sg_report_free(b);
  sg_analysis_free(analysis);
  sg_inputs_free(inputs);
  sg_engine_free(engine);
}

TEST(report_accessors) {
  const sg_engine *engine = default_engine();
  sg_report *spam = check_message(engine, MSG(NO_DATE));
  sg_report *ham = check_message(engine, MSG(WITH_DATE));
  const sg_hit *hit = POISON;
  double total = 0.0;
  size_t i, n;
  sg_str en, fr, s = {"untouched", 9};
  CHECK(spam != NULL && ham != NULL);
  if (spam == NULL || ham == NULL) return;
  CHECK(sg_report_threshold(spam) == 5.0);
  CHECK(sg_report_score_set(spam) == 0);
  CHECK(!sg_report_has_hit(ham, LIT("MISSING_DATE")));
  CHECK(sg_report_has_hit(spam, LIT("MISSING_DATE")));
  CHECK(!sg_report_has_hit(spam, LIT("MISSING_DAT")));
  n = sg_report_hit_count(spam);
  CHECK(n >= 1);
  for (i = 0; i < n; i++) {
    CHECK_RC(sg_report_hit(spam, i, &hit), SG_RESULT_OK);
    CHECK(sg_hit_name(hit).len > 0);
    total += sg_hit_score(hit);
    CHECK_RC(sg_hit_description(hit, SG_LANG_EN, &en), SG_RESULT_OK);
    CHECK_RC(sg_hit_description(hit, SG_LANG_FR, &fr), SG_RESULT_OK);
    CHECK(en.len > 0 && fr.len > 0);
    CHECK_RC(sg_hit_explanation(hit, SG_LANG_FR, &s), SG_RESULT_OK);
    CHECK(s.len > 0);
    CHECK_RC(sg_hit_fix(hit, SG_LANG_EN, &s), SG_RESULT_OK);
    CHECK(s.len > 0);
    CHECK_RC(sg_hit_evidence(hit, SG_LANG_EN, &s), SG_RESULT_OK);
    CHECK(s.len > 0);
  }
  CHECK(fabs(total - sg_report_raw_score(spam)) < 0.0005);
  CHECK(sg_report_score(spam) == sg_report_raw_score(spam)); /* inbound: no clamp */
  CHECK(sg_report_is_spam(spam) == (sg_report_score(spam) >= 5.0));

  /* The French and English texts of MISSING_DATE differ; its score in set 0
   * is SpamAssassin's. */
  hit = find_hit(spam, "MISSING_DATE");
  CHECK(hit != NULL);
  CHECK_RC(sg_hit_description(hit, SG_LANG_EN, &en), SG_RESULT_OK);
  CHECK_RC(sg_hit_description(hit, SG_LANG_FR, &fr), SG_RESULT_OK);
  CHECK(!(en.len == fr.len && memcmp(en.data, fr.data, en.len) == 0));
  CHECK(sg_hit_score(hit) == 2.739);

  /* Out of range, unknown language: refused, outputs untouched. */
  hit = POISON;
  CHECK_RC(sg_report_hit(spam, n, &hit), SG_RESULT_INDEX_OUT_OF_RANGE);
  CHECK_RC(sg_report_hit(spam, SIZE_MAX, &hit), SG_RESULT_INDEX_OUT_OF_RANGE);
  CHECK(hit == POISON);
  CHECK_RC(sg_report_hit(spam, 0, &hit), SG_RESULT_OK);
  s.data = "untouched";
  s.len = 9;
  CHECK_RC(sg_hit_description(hit, 2, &s), SG_RESULT_INVALID_PARAMETER);
  CHECK_RC(sg_hit_explanation(hit, 7, &s), SG_RESULT_INVALID_PARAMETER);
  CHECK_RC(sg_hit_fix(hit, 0xffffffffu, &s), SG_RESULT_INVALID_PARAMETER);
  CHECK_RC(sg_hit_evidence(hit, 2, &s), SG_RESULT_INVALID_PARAMETER);
  CHECK(s.len == 9 && strcmp(s.data, "untouched") == 0);
  sg_report_free(spam);
  sg_report_free(ham);
  sg_engine_free(engine);
}

TEST(report_json) {
  const sg_engine *engine = default_engine();
  sg_report *report = check_message(engine, MSG(NO_DATE));
  sg_buffer *json = POISON;
  const char *text;
  CHECK_RC(sg_report_json(report, &json), SG_RESULT_OK);
  text = (const char *)sg_buffer_data(json);
  CHECK(text != NULL);
  CHECK(sg_buffer_len(json) == strlen(text)); /* NUL right after the bytes */
  CHECK(text[0] == '{' && text[sg_buffer_len(json) - 1] == '}');
  CHECK(strstr(text, "\"MISSING_DATE\"") != NULL);
  CHECK(strstr(text, "\"fr\":") != NULL);
  sg_buffer_free(json);
  sg_report_free(report);
  sg_engine_free(engine);
}

TEST(inputs) {
  sg_inputs *inputs = sg_inputs_new();
  CHECK(inputs != NULL);
  CHECK_RC(sg_inputs_set_now(inputs, 0), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_now(inputs, INT64_MIN), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_verdicts_json(inputs, LIT("{}")), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_verdicts_json(inputs, LIT("{\"nonsense\":1}")),
           SG_RESULT_INVALID_VERDICTS);
  CHECK_RC(sg_inputs_set_verdicts_json(inputs, LIT("[")), SG_RESULT_INVALID_VERDICTS);
  sg_inputs_free(inputs);
}

/* NULL for every pointer argument of every function. */
TEST(null_for_every_pointer) {
  const sg_engine *engine = default_engine();
  sg_config_builder *b = sg_config_builder_new();
  sg_inputs *inputs = sg_inputs_new();
  sg_analysis *analysis = NULL;
  sg_report *report = NULL;
  const sg_hit *hit = NULL;
  const sg_engine *e_out = POISON;
  sg_config_builder *b_out = POISON;
  sg_analysis *a_out = POISON;
  sg_report *r_out = POISON;
  sg_buffer *buf_out = POISON;
  const sg_hit *h_out = POISON;
  sg_str s = {"untouched", 9};
  static const double per_set[4] = {0, 0, 0, 0};
  char text[32];
  size_t n = 42;

  CHECK_RC(sg_analyze(engine, MSG(NO_DATE), &analysis), SG_RESULT_OK);
  CHECK_RC(sg_score(engine, analysis, NULL, &report), SG_RESULT_OK);
  CHECK_RC(sg_report_hit(report, 0, &hit), SG_RESULT_OK);

  /* result.rs */
  CHECK_RC(sg_result_message(0, NULL, 8, &n), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_result_message(0, text, 8, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_last_error_detail(NULL, 8, &n), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_last_error_detail(text, 8, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK(n == 42);
  /* config.rs */
  CHECK_RC(sg_config_builder_new_from_json(NULL, 2, &b_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_new_from_json(LIT("{}"), NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_set_profile(NULL, 0), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_set_threshold(NULL, 1.0), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_set_score(NULL, LIT("MISSING_DATE"), 1.0), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_set_score(b, NULL, 3, 1.0), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_set_score(b, NULL, 0, 1.0), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_set_scores_per_set(NULL, LIT("MISSING_DATE"), per_set, 4),
           SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_set_scores_per_set(b, NULL, 3, per_set, 4), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_set_scores_per_set(b, LIT("MISSING_DATE"), NULL, 4),
           SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_disable(NULL, LIT("MISSING_DATE")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_disable(b, NULL, 3), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_config_builder_set_limit(NULL, SG_LIMIT_MAX_PARTS, 10), SG_RESULT_NULL_PARAMETER);
  sg_config_builder_free(NULL);
  /* engine.rs */
  CHECK_RC(sg_engine_new(NULL, &e_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_engine_new(b, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_engine_new_from_json(NULL, 2, &e_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_engine_new_from_json(LIT("{}"), NULL), SG_RESULT_NULL_PARAMETER);
  CHECK(sg_engine_threshold(NULL) == 0.0);
  sg_engine_free(NULL);
  CHECK_RC(sg_analyze(NULL, MSG(NO_DATE), &a_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_analyze(engine, NULL, 10, &a_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_analyze(engine, NULL, 0, &a_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_analyze(engine, MSG(NO_DATE), NULL), SG_RESULT_NULL_PARAMETER);
  sg_analysis_free(NULL);
  CHECK_RC(sg_score(NULL, analysis, inputs, &r_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_score(engine, NULL, inputs, &r_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_score(engine, analysis, inputs, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_check(NULL, MSG(NO_DATE), inputs, &r_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_check(engine, NULL, 10, inputs, &r_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_check(engine, MSG(NO_DATE), inputs, NULL), SG_RESULT_NULL_PARAMETER);
  /* inputs.rs */
  sg_inputs_free(NULL);
  CHECK_RC(sg_inputs_set_now(NULL, 0), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_verdicts_json(NULL, LIT("{}")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_verdicts_json(inputs, NULL, 2), SG_RESULT_NULL_PARAMETER);
  /* report.rs */
  sg_report_free(NULL);
  CHECK(sg_report_score(NULL) == 0.0);
  CHECK(sg_report_raw_score(NULL) == 0.0);
  CHECK(sg_report_threshold(NULL) == 0.0);
  CHECK(!sg_report_is_spam(NULL));
  CHECK(sg_report_score_set(NULL) == 0);
  CHECK(sg_report_hit_count(NULL) == 0);
  CHECK_RC(sg_report_hit(NULL, 0, &h_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_report_hit(report, 0, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK(!sg_report_has_hit(NULL, LIT("MISSING_DATE")));
  CHECK(!sg_report_has_hit(report, NULL, 12));
  CHECK_RC(sg_report_json(NULL, &buf_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_report_json(report, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK(sg_hit_name(NULL).len == 0 && sg_hit_name(NULL).data != NULL);
  CHECK(sg_hit_score(NULL) == 0.0);
  CHECK_RC(sg_hit_description(NULL, SG_LANG_EN, &s), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_hit_description(hit, SG_LANG_EN, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_hit_explanation(NULL, SG_LANG_EN, &s), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_hit_explanation(hit, SG_LANG_EN, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_hit_fix(NULL, SG_LANG_EN, &s), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_hit_fix(hit, SG_LANG_EN, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_hit_evidence(NULL, SG_LANG_EN, &s), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_hit_evidence(hit, SG_LANG_EN, NULL), SG_RESULT_NULL_PARAMETER);
  /* buffer.rs */
  CHECK(sg_buffer_data(NULL) == NULL);
  CHECK(sg_buffer_len(NULL) == 0);
  sg_buffer_free(NULL);

  /* No output was written by any failing call. */
  CHECK(e_out == POISON && b_out == POISON && a_out == POISON);
  CHECK(r_out == POISON && buf_out == POISON && h_out == POISON);
  CHECK(s.len == 9);

  sg_report_free(report);
  sg_analysis_free(analysis);
  sg_inputs_free(inputs);
  sg_config_builder_free(b);
  sg_engine_free(engine);
}

int main(void) {
  RUN(version_agrees_with_header);
  RUN(result_messages);
  RUN(last_error_detail_names_the_culprit);
  RUN(builder_typed_setters);
  RUN(builder_errors_reported_at_build);
  RUN(json_config);
  RUN(invalid_utf8_is_refused);
  RUN(messages_that_are_not_messages);
  RUN(invalid_utf8_in_a_message_is_a_finding_not_an_error);
  RUN(huge_message_and_limits);
  RUN(two_phases_equal_one_call);
  RUN(report_accessors);
  RUN(report_json);
  RUN(inputs);
  RUN(null_for_every_pointer);
  return SUMMARY();
}
