/* One engine shared by several C threads without locking, as an MTA's worker
 * threads would: every thread scores the same messages and must get reports
 * identical (as JSON) to the ones computed first on the main thread. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spamgauge.h"
#include "check.h"

#define THREADS 8
#define ROUNDS 25

static const char *const MESSAGES[] = {
    "From: a@example.com\r\nTo: b@example.org\r\nSubject: no date\r\n\r\nhello\r\n",
    "Date: Mon, 23 Nov 2026 10:00:00 +0100\r\nFrom: a@example.com\r\n"
    "To: b@example.org\r\nSubject: dated\r\n\r\nhello\r\n",
    "From: x@example.net\r\nSubject: html\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/html; charset=utf-8\r\n\r\n"
    "<html><body><p>Buy <b>now</b> <a href=\"http://example.test/\">here</a>"
    "<img src=\"http://example.test/x.png\"></p></body></html>\r\n",
    "Subject: \xff\xfe broken\r\n\r\n\x00\x01\x02",
};
#define N_MESSAGES (sizeof MESSAGES / sizeof MESSAGES[0])

static const sg_engine *engine;
static char *expected[N_MESSAGES];

/* The report of message i as a malloc'd JSON string, or NULL. */
static char *report_json(size_t i, sg_inputs *inputs) {
  sg_report *report = NULL;
  sg_buffer *json = NULL;
  char *copy = NULL;
  const char *msg = MESSAGES[i];
  size_t len = strlen(msg);
  if (i == 3) len += 4; /* includes the NUL and the bytes after it */
  if (sg_check(engine, (const uint8_t *)msg, len, inputs, &report) != SG_RESULT_OK)
    return NULL;
  if (sg_report_json(report, &json) == SG_RESULT_OK) {
    copy = malloc(sg_buffer_len(json) + 1);
    if (copy != NULL) memcpy(copy, sg_buffer_data(json), sg_buffer_len(json) + 1);
  }
  sg_buffer_free(json);
  sg_report_free(report);
  return copy;
}

static void *worker(void *arg) {
  uintptr_t mismatches = 0;
  int round;
  size_t i;
  sg_inputs *inputs = sg_inputs_new(); /* inputs belong to one thread */
  (void)arg;
  sg_inputs_set_now(inputs, 1795424400);
  for (round = 0; round < ROUNDS; round++) {
    for (i = 0; i < N_MESSAGES; i++) {
      char *json = report_json(i, inputs);
      if (json == NULL || strcmp(json, expected[i]) != 0) mismatches++;
      free(json);
    }
  }
  sg_inputs_free(inputs);
  return (void *)mismatches;
}

TEST(shared_engine_gives_identical_reports) {
  pthread_t threads[THREADS];
  sg_inputs *inputs = sg_inputs_new();
  size_t i;
  int t;
  sg_inputs_set_now(inputs, 1795424400);
  for (i = 0; i < N_MESSAGES; i++) {
    expected[i] = report_json(i, inputs);
    CHECK(expected[i] != NULL);
    if (expected[i] == NULL) return;
  }
  sg_inputs_free(inputs);
  for (t = 0; t < THREADS; t++)
    CHECK(pthread_create(&threads[t], NULL, worker, NULL) == 0);
  for (t = 0; t < THREADS; t++) {
    void *mismatches = NULL;
    CHECK(pthread_join(threads[t], &mismatches) == 0);
    CHECK(mismatches == NULL);
  }
  for (i = 0; i < N_MESSAGES; i++) free(expected[i]);
}

/* The last error detail is per thread: a failure in one thread does not show
 * in another. */
static void *fail_in_thread(void *arg) {
  const sg_engine *e = NULL;
  (void)arg;
  if (sg_engine_new_from_json("{\"disabled\":[\"ZZZ\"]}", 20, &e) != SG_RESULT_UNKNOWN_TEST)
    return (void *)1;
  return NULL;
}

TEST(error_detail_is_per_thread) {
  pthread_t thread;
  void *rc = (void *)1;
  char buf[64];
  size_t n = 0;
  const sg_engine *e = NULL;
  CHECK_RC(sg_engine_new_from_json("{}", 2, &e), SG_RESULT_OK);
  sg_engine_free(e);
  CHECK(pthread_create(&thread, NULL, fail_in_thread, NULL) == 0);
  CHECK(pthread_join(thread, &rc) == 0);
  CHECK(rc == NULL);
  CHECK_RC(sg_last_error_detail(buf, sizeof buf, &n), SG_RESULT_OK);
  CHECK(n == 0);
}

int main(void) {
  if (sg_engine_new_from_json("{}", 2, &engine) != SG_RESULT_OK) return 2;
  RUN(shared_engine_gives_identical_reports);
  RUN(error_detail_is_per_thread);
  sg_engine_free(engine);
  return SUMMARY();
}
