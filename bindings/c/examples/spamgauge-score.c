/* spamgauge-score: scores one message file with libspamgauge and prints the
 * report.
 *
 *   spamgauge-score [--json] [--lang en|fr] [--config FILE.json] [--now UNIX] MESSAGE|-
 *
 * Exit status: 0 ham, 1 spam, 2 error (as spamc -c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spamgauge.h"

/* Reads a whole file ("-" is standard input) into a malloc'd buffer. */
static uint8_t *read_all(const char *path, size_t *len_out) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  if (f == NULL) return NULL;
  for (;;) {
    size_t n;
    if (len == cap) {
      uint8_t *bigger = realloc(buf, cap ? cap * 2 : 65536);
      if (bigger == NULL) { free(buf); buf = NULL; break; }
      buf = bigger;
      cap = cap ? cap * 2 : 65536;
    }
    n = fread(buf + len, 1, cap - len, f);
    len += n;
    if (n == 0) {
      if (ferror(f)) { free(buf); buf = NULL; }
      break;
    }
  }
  if (f != stdin) fclose(f);
  *len_out = len;
  return buf;
}

static int fail(const char *what, sg_result rc) {
  char detail[512];
  size_t n;
  if (sg_last_error_detail(detail, sizeof detail, &n) != SG_RESULT_OK)
    sg_result_message(rc, detail, sizeof detail, &n);
  fprintf(stderr, "spamgauge-score: %s: %s\n", what, detail);
  return 2;
}

static void print_report(const sg_report *report, uint32_t lang) {
  size_t i, count = sg_report_hit_count(report);
  printf("%s: score %.3f, threshold %.1f, %zu test%s fired\n",
         sg_report_is_spam(report) ? "SPAM" : "ham", sg_report_score(report),
         sg_report_threshold(report), count, count == 1 ? "" : "s");
  for (i = 0; i < count; i++) {
    const sg_hit *hit = NULL;
    sg_str name, description, evidence;
    if (sg_report_hit(report, i, &hit) != SG_RESULT_OK) continue;
    name = sg_hit_name(hit);
    if (sg_hit_description(hit, lang, &description) != SG_RESULT_OK ||
        sg_hit_evidence(hit, lang, &evidence) != SG_RESULT_OK)
      continue;
    printf("  %6.3f %-24.*s %.*s\n", sg_hit_score(hit), (int)name.len,
           name.data, (int)description.len, description.data);
    printf("         %24s %.*s\n", "", (int)evidence.len, evidence.data);
  }
}

int main(int argc, char **argv) {
  const char *config_path = NULL, *message_path = NULL;
  int json = 0, i, status;
  uint32_t lang = SG_LANG_EN;
  long long now = -1;
  const sg_engine *engine = NULL;
  sg_inputs *inputs = NULL;
  sg_report *report = NULL;
  uint8_t *message;
  size_t len = 0;
  sg_result rc;

  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
      lang = strcmp(argv[++i], "fr") == 0 ? SG_LANG_FR : SG_LANG_EN;
    else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) config_path = argv[++i];
    else if (strcmp(argv[i], "--now") == 0 && i + 1 < argc) now = atoll(argv[++i]);
    else if (strcmp(argv[i], "--version") == 0) { printf("%s\n", sg_version()); return 0; }
    else if (message_path == NULL && (argv[i][0] != '-' || argv[i][1] == '\0')) message_path = argv[i];
    else message_path = NULL, i = argc; /* force the usage message */
  }
  if (message_path == NULL) {
    fprintf(stderr, "usage: spamgauge-score [--json] [--lang en|fr] "
                    "[--config FILE.json] [--now UNIX] MESSAGE|-\n");
    return 2;
  }

  if (config_path != NULL) {
    uint8_t *config = read_all(config_path, &len);
    if (config == NULL) { perror(config_path); return 2; }
    rc = sg_engine_new_from_json((const char *)config, len, &engine);
    free(config);
  } else {
    sg_config_builder *builder = sg_config_builder_new();
    rc = sg_engine_new(builder, &engine);
    sg_config_builder_free(builder);
  }
  if (rc != SG_RESULT_OK) return fail("configuration", rc);

  message = read_all(message_path, &len);
  if (message == NULL) { perror(message_path); sg_engine_free(engine); return 2; }
  inputs = sg_inputs_new();
  if (now >= 0) sg_inputs_set_now(inputs, (int64_t)now);
  rc = sg_check(engine, message, len, inputs, &report);
  free(message);
  sg_inputs_free(inputs);
  if (rc != SG_RESULT_OK) { sg_engine_free(engine); return fail(message_path, rc); }

  if (json) {
    sg_buffer *out = NULL;
    if (sg_report_json(report, &out) == SG_RESULT_OK)
      printf("%s\n", (const char *)sg_buffer_data(out));
    sg_buffer_free(out);
  } else {
    print_report(report, lang);
  }
  status = sg_report_is_spam(report) ? 1 : 0;
  sg_report_free(report);
  sg_engine_free(engine);
  return status;
}
