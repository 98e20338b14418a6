/* Tests of verdicts (typed setters against JSON), lookups and their follow-up
 * rounds, actions and SMTP
 * replies, the Bayes database (including a corrupt one), the auto-whitelist
 * and the reputation state, with NULL for every pointer argument. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spamgauge.h"
#include "check.h"

static const char MSG[] =
    "From: Alice <alice@example.com>\r\nTo: bob@example.org\r\n"
    "Subject: Lunch on Friday\r\nDate: Thu, 01 Jan 2026 10:00:00 +0000\r\n"
    "Message-ID: <1@example.com>\r\n\r\nShall we meet at noon? http://example.net/menu\r\n";
#define MSG_ARGS (const uint8_t *)MSG, (sizeof MSG - 1)
#define POISON ((void *)(uintptr_t)0x5a5a5a5a)

static const char VERDICTS[] =
    "{\"envelope\":{\"client_ip\":\"203.0.113.7\",\"helo\":\"mail.example.com\","
    "\"client_rdns\":\"mail.example.com\",\"mail_from\":\"alice@example.com\","
    "\"rcpt_to\":[\"bob@example.org\"],\"authenticated\":false},"
    "\"auth\":{\"spf\":\"pass\",\"spf_helo\":\"none\","
    "\"dkim\":[{\"domain\":\"example.com\",\"selector\":\"s1\",\"result\":\"pass\"}],"
    "\"dmarc\":{\"result\":\"pass\",\"policy\":\"reject\"}},"
    "\"dns\":[{\"name\":\"7.113.0.203.bl.spamcop.net\",\"type\":\"TXT\","
    "\"answer\":[\"Blocked - see https://www.spamcop.net/bl.shtml?203.0.113.7\"]},"
    "{\"name\":\"7.113.0.203.zen.spamhaus.org\",\"type\":\"A\",\"answer\":\"NXDOMAIN\"}]}";

static const sg_engine *engine;
static sg_analysis *analysis;

static char *json_of(const sg_report *report) {
  sg_buffer *json = NULL;
  char *copy = NULL;
  if (sg_report_json(report, &json) == SG_RESULT_OK) {
    copy = malloc(sg_buffer_len(json) + 1);
    if (copy) memcpy(copy, sg_buffer_data(json), sg_buffer_len(json) + 1);
  }
  sg_buffer_free(json);
  return copy;
}

TEST(typed_setters_equal_json) {
  sg_inputs *typed = sg_inputs_new(), *json = sg_inputs_new();
  sg_report *a = NULL, *b = NULL;
  char *ja, *jb;
  CHECK_RC(sg_inputs_set_verdicts_json(json, LIT(VERDICTS)), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_client_ip(typed, LIT("203.0.113.7")), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_helo(typed, LIT("mail.example.com")), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_client_rdns(typed, LIT("mail.example.com")), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_mail_from(typed, LIT("alice@example.com")), SG_RESULT_OK);
  CHECK_RC(sg_inputs_add_rcpt_to(typed, LIT("bob@example.org")), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_authenticated(typed, false), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_spf(typed, LIT("pass")), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_spf_helo(typed, LIT("none")), SG_RESULT_OK);
  CHECK_RC(sg_inputs_add_dkim(typed, LIT("example.com"), LIT("s1"), LIT("pass")), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_dmarc(typed, LIT("pass"), LIT("reject")), SG_RESULT_OK);
  CHECK_RC(sg_inputs_add_dns_answer(typed, LIT("7.113.0.203.bl.spamcop.net"), LIT("TXT"),
                                    LIT("Blocked - see https://www.spamcop.net/bl.shtml?203.0.113.7")),
           SG_RESULT_OK);
  CHECK_RC(sg_inputs_add_dns_answer(typed, LIT("7.113.0.203.zen.spamhaus.org"), LIT("A"),
                                    LIT("NXDOMAIN")),
           SG_RESULT_OK);
  CHECK_RC(sg_score(engine, analysis, typed, &a), SG_RESULT_OK);
  CHECK_RC(sg_score(engine, analysis, json, &b), SG_RESULT_OK);
  ja = json_of(a);
  jb = json_of(b);
  CHECK(ja != NULL && jb != NULL && strcmp(ja, jb) == 0);
  /* SpamCop lists the client: rejected with a 5xx reply; parts agree. */
  CHECK(sg_report_has_hit(a, LIT("RCVD_IN_BL_SPAMCOP_NET")));
  CHECK(sg_report_action(a) == SG_ACTION_REJECT);
  CHECK(sg_report_smtp_code(a) >= 500 && sg_report_smtp_code(a) < 600);
  CHECK(sg_report_smtp_enhanced_code(a).len > 0 && sg_report_smtp_enhanced_code(a).data[0] == '5');
  CHECK(sg_report_smtp_text(a).len > 0);
  CHECK(sg_report_smtp_reply(a).len > sg_report_smtp_text(a).len);
  CHECK(sg_report_score_set(a) == 1);
  free(ja);
  free(jb);
  sg_report_free(a);
  sg_report_free(b);
  /* Cleared verdicts: accepted, no reply, local score set. */
  a = NULL;
  CHECK_RC(sg_inputs_clear_verdicts(typed), SG_RESULT_OK);
  CHECK_RC(sg_score(engine, analysis, typed, &a), SG_RESULT_OK);
  CHECK(sg_report_action(a) == SG_ACTION_ACCEPT);
  CHECK(sg_report_smtp_code(a) == 0 && sg_report_smtp_reply(a).len == 0);
  CHECK(sg_report_smtp_enhanced_code(a).len == 0 && sg_report_smtp_text(a).len == 0);
  CHECK(sg_report_score_set(a) == 0);
  sg_report_free(a);
  sg_inputs_free(typed);
  sg_inputs_free(json);
}

TEST(invalid_verdicts_leave_inputs_unchanged) {
  sg_inputs *inputs = sg_inputs_new();
  sg_report *a = NULL, *b = NULL;
  char buf[256];
  size_t n;
  char *ja, *jb;
  CHECK_RC(sg_score(engine, analysis, inputs, &a), SG_RESULT_OK);
  CHECK_RC(sg_inputs_set_client_ip(inputs, LIT("203.0.113.300")), SG_RESULT_INVALID_VERDICTS);
  CHECK_RC(sg_inputs_set_spf(inputs, LIT("maybe")), SG_RESULT_INVALID_VERDICTS);
  CHECK_RC(sg_inputs_set_dmarc(inputs, LIT("pass"), LIT("sometimes")), SG_RESULT_INVALID_VERDICTS);
  CHECK_RC(sg_inputs_add_dkim(inputs, LIT("example.com"), LIT(""), LIT("great")), SG_RESULT_INVALID_VERDICTS);
  CHECK_RC(sg_inputs_add_dns_answer(inputs, LIT("x.example"), LIT("A"), LIT("not-an-ip")),
           SG_RESULT_INVALID_VERDICTS);
  CHECK_RC(sg_last_error_detail(buf, sizeof buf, &n), SG_RESULT_OK);
  CHECK(strstr(buf, "dns[0]") != NULL);
  CHECK_RC(sg_inputs_add_dns_answer(inputs, LIT("x.example"), LIT("SRV"), LIT("NXDOMAIN")),
           SG_RESULT_INVALID_VERDICTS);
  CHECK_RC(sg_inputs_set_verdicts_json(inputs, LIT("{\"envelope\":{\"helo_name\":\"x\"}}")),
           SG_RESULT_INVALID_VERDICTS);
  CHECK_RC(sg_last_error_detail(buf, sizeof buf, &n), SG_RESULT_OK);
  CHECK(strstr(buf, "helo_name") != NULL);
  CHECK_RC(sg_score(engine, analysis, inputs, &b), SG_RESULT_OK);
  ja = json_of(a);
  jb = json_of(b);
  CHECK(ja != NULL && jb != NULL && strcmp(ja, jb) == 0);
  free(ja);
  free(jb);
  sg_report_free(a);
  sg_report_free(b);
  sg_inputs_free(inputs);
}

TEST(lookups) {
  sg_inputs *inputs = sg_inputs_new();
  sg_questions *q = NULL;
  sg_buffer *json = NULL;
  sg_str name = {"x", 1}, type = {"x", 1};
  size_t i, n;
  int found = 0;
  CHECK_RC(sg_inputs_set_client_ip(inputs, LIT("203.0.113.7")), SG_RESULT_OK);
  CHECK_RC(sg_lookups(engine, analysis, inputs, &q), SG_RESULT_OK);
  n = sg_questions_count(q);
  CHECK(n > 0);
  for (i = 0; i < n; i++) {
    CHECK_RC(sg_questions_get(q, i, &name, &type), SG_RESULT_OK);
    CHECK(name.len > 0 && type.len > 0);
    if (STR_EQ(name, "7.113.0.203.zen.spamhaus.org") && STR_EQ(type, "A")) found = 1;
  }
  CHECK(found);
  name.len = 99;
  CHECK_RC(sg_questions_get(q, n, &name, &type), SG_RESULT_INDEX_OUT_OF_RANGE);
  CHECK(name.len == 99);
  CHECK_RC(sg_questions_json(q, &json), SG_RESULT_OK);
  CHECK(strstr((const char *)sg_buffer_data(json), "zen.spamhaus.org") != NULL);
  sg_buffer_free(json);
  sg_questions_free(q);
  /* Without an envelope, no client question. */
  q = NULL;
  CHECK_RC(sg_lookups(engine, analysis, NULL, &q), SG_RESULT_OK);
  for (i = 0; i < sg_questions_count(q); i++) {
    CHECK_RC(sg_questions_get(q, i, &name, &type), SG_RESULT_OK);
    CHECK(!STR_EQ(name, "7.113.0.203.zen.spamhaus.org"));
  }
  sg_questions_free(q);
  sg_inputs_free(inputs);
}

/* Whether `q` holds the question `name`/`type`. */
static int asks(const sg_questions *q, const char *name, const char *type) {
  sg_str n, t;
  size_t i;
  for (i = 0; i < sg_questions_count(q); i++)
    if (sg_questions_get(q, i, &n, &t) == SG_RESULT_OK && STR_EQ(n, name) && STR_EQ(t, type))
      return 1;
  return 0;
}

/* The questions still open given `inputs` (NULL when the call fails). */
static sg_questions *follow_up(const sg_inputs *inputs) {
  sg_questions *q = NULL;
  CHECK_RC(sg_follow_up(engine, analysis, inputs, &q), SG_RESULT_OK);
  return q;
}

/* The two-round flow for the URI's domain (as Engine::follow_up's example in
 * Rust): each answer given brings the question that follows from it, and the
 * question answered leaves the list. */
TEST(follow_up_rounds) {
  sg_inputs *inputs = sg_inputs_new();
  sg_questions *q, *first = NULL;
  sg_buffer *a = NULL, *b = NULL;
  sg_report *report = NULL;
  /* Nothing answered yet, or NULL inputs: the questions of sg_lookups. */
  q = follow_up(inputs);
  CHECK_RC(sg_lookups(engine, analysis, NULL, &first), SG_RESULT_OK);
  CHECK_RC(sg_questions_json(q, &a), SG_RESULT_OK);
  CHECK_RC(sg_questions_json(first, &b), SG_RESULT_OK);
  CHECK(a != NULL && b != NULL && sg_buffer_len(a) == sg_buffer_len(b) &&
        memcmp(sg_buffer_data(a), sg_buffer_data(b), sg_buffer_len(a)) == 0);
  CHECK(asks(q, "example.net", "NS"));
  CHECK(!asks(q, "ns1.host.example", "A"));
  sg_questions_free(q);
  q = follow_up(NULL);
  CHECK(sg_questions_count(q) == sg_questions_count(first));
  sg_questions_free(q);
  /* The domain's name server: its address is asked. */
  CHECK_RC(sg_inputs_add_dns_answer(inputs, LIT("example.net"), LIT("NS"), LIT("ns1.host.example")),
           SG_RESULT_OK);
  q = follow_up(inputs);
  CHECK(asks(q, "ns1.host.example", "A") && !asks(q, "example.net", "NS"));
  sg_questions_free(q);
  /* Its address: asked in Spamhaus ZEN (URIBL_SBL). */
  CHECK_RC(sg_inputs_add_dns_answer(inputs, LIT("ns1.host.example"), LIT("A"), LIT("198.51.100.53")),
           SG_RESULT_OK);
  q = follow_up(inputs);
  CHECK(asks(q, "53.100.51.198.zen.spamhaus.org", "A") && !asks(q, "ns1.host.example", "A"));
  sg_questions_free(q);
  /* Listed: the walk is over and the report has the hit. */
  CHECK_RC(sg_inputs_add_dns_answer(inputs, LIT("53.100.51.198.zen.spamhaus.org"), LIT("A"),
                                    LIT("127.0.0.2")),
           SG_RESULT_OK);
  q = follow_up(inputs);
  CHECK(!asks(q, "53.100.51.198.zen.spamhaus.org", "A") && sg_questions_count(q) > 0);
  CHECK_RC(sg_score(engine, analysis, inputs, &report), SG_RESULT_OK);
  CHECK(sg_report_has_hit(report, LIT("URIBL_SBL")));
  sg_report_free(report);
  sg_questions_free(q);
  sg_buffer_free(a);
  sg_buffer_free(b);
  sg_questions_free(first);
  sg_inputs_free(inputs);
}

TEST(bayes_db) {
  sg_bayes_db *db = sg_bayes_db_new(), *copy = POISON;
  sg_buffer *saved = NULL, *saved2 = NULL;
  uint32_t outcome = 99;
  size_t removed = 99;
  sg_inputs *inputs = sg_inputs_new();
  sg_report *report = NULL;
  static const uint8_t garbage[] = "this is not a Bayes database";
  char buf[256];
  size_t n;
  CHECK(sg_bayes_db_nspam(db) == 0 && sg_bayes_db_nham(db) == 0 && !sg_bayes_db_is_usable(db));
  CHECK_RC(sg_bayes_db_learn(db, analysis, SG_CLASS_HAM, 1767225600, &outcome), SG_RESULT_OK);
  CHECK(outcome == SG_LEARN_OUTCOME_LEARNED);
  CHECK_RC(sg_bayes_db_learn(db, analysis, SG_CLASS_HAM, 1767225600, &outcome), SG_RESULT_OK);
  CHECK(outcome == SG_LEARN_OUTCOME_ALREADY_LEARNED);
  CHECK_RC(sg_bayes_db_learn(db, analysis, SG_CLASS_SPAM, 1767225600, &outcome), SG_RESULT_OK);
  CHECK(outcome == SG_LEARN_OUTCOME_RELEARNED);
  CHECK(sg_bayes_db_nspam(db) == 1 && sg_bayes_db_nham(db) == 0);
  outcome = 99;
  CHECK_RC(sg_bayes_db_learn(db, analysis, 2, 0, &outcome), SG_RESULT_INVALID_PARAMETER);
  CHECK(outcome == 99);
  /* Save, load, save again: the same bytes. */
  CHECK_RC(sg_bayes_db_save(db, &saved), SG_RESULT_OK);
  CHECK(sg_buffer_len(saved) > 0);
  CHECK_RC(sg_bayes_db_load(sg_buffer_data(saved), sg_buffer_len(saved), &copy), SG_RESULT_OK);
  CHECK(sg_bayes_db_nspam(copy) == 1);
  CHECK_RC(sg_bayes_db_save(copy, &saved2), SG_RESULT_OK);
  CHECK(sg_buffer_len(saved) == sg_buffer_len(saved2) &&
        memcmp(sg_buffer_data(saved), sg_buffer_data(saved2), sg_buffer_len(saved)) == 0);
  /* Corrupt: garbage, truncated, one byte flipped, empty. */
  {
    sg_bayes_db *bad = POISON;
    size_t len = sg_buffer_len(saved);
    uint8_t *flipped = malloc(len);
    CHECK_RC(sg_bayes_db_load(garbage, sizeof garbage - 1, &bad), SG_RESULT_INVALID_BAYES_DB);
    CHECK_RC(sg_last_error_detail(buf, sizeof buf, &n), SG_RESULT_OK);
    CHECK(n > 0);
    CHECK_RC(sg_bayes_db_load(sg_buffer_data(saved), len / 2, &bad), SG_RESULT_INVALID_BAYES_DB);
    CHECK_RC(sg_bayes_db_load(garbage, 0, &bad), SG_RESULT_INVALID_BAYES_DB);
    if (flipped != NULL) {
      memcpy(flipped, sg_buffer_data(saved), len);
      flipped[len - 1] ^= 0xff;
      /* A flipped byte is caught (checksum) or, if it lands in a count, still
       * gives a readable database: never a crash. */
      {
        sg_result rc = sg_bayes_db_load(flipped, len, &bad);
        CHECK(rc == SG_RESULT_INVALID_BAYES_DB || rc == SG_RESULT_OK);
        if (rc == SG_RESULT_OK) { sg_bayes_db_free(bad); bad = POISON; }
      }
      free(flipped);
    }
    CHECK(bad == POISON);
  }
  /* Forget. */
  CHECK_RC(sg_bayes_db_forget(copy, analysis, &outcome), SG_RESULT_OK);
  CHECK(outcome == SG_LEARN_OUTCOME_FORGOTTEN);
  CHECK_RC(sg_bayes_db_forget(copy, analysis, &outcome), SG_RESULT_OK);
  CHECK(outcome == SG_LEARN_OUTCOME_NOT_LEARNED);
  CHECK(sg_bayes_db_nspam(copy) == 0);
  CHECK_RC(sg_bayes_db_expire(copy, 1767225600, &removed), SG_RESULT_OK);
  CHECK(removed == 0); /* not due on a tiny database */
  /* Scoring with a database that is not usable yet: still score set 0. */
  CHECK_RC(sg_inputs_set_bayes(inputs, db), SG_RESULT_OK);
  CHECK_RC(sg_score(engine, analysis, inputs, &report), SG_RESULT_OK);
  CHECK(sg_report_score_set(report) == 0);
  CHECK_RC(sg_inputs_set_bayes(inputs, NULL), SG_RESULT_OK);
  sg_report_free(report);
  sg_inputs_free(inputs);
  sg_buffer_free(saved);
  sg_buffer_free(saved2);
  sg_bayes_db_free(copy);
  sg_bayes_db_free(db);
}

TEST(awl) {
  sg_buffer *key = NULL;
  sg_report *report = NULL, *with_awl = NULL;
  sg_awl_entry first = {7, 7.0}, next = {7, 7.0};
  sg_awl_entry history = {10, 100.0};
  sg_inputs *inputs = sg_inputs_new();
  CHECK_RC(sg_awl_key(analysis, &key), SG_RESULT_OK);
  CHECK(sg_buffer_len(key) > 0 && strstr((const char *)sg_buffer_data(key), "alice@example.com") != NULL);
  CHECK_RC(sg_score(engine, analysis, NULL, &report), SG_RESULT_OK);
  CHECK_RC(sg_awl_update(report, NULL, &first), SG_RESULT_OK);
  CHECK(first.count == 1);
  CHECK_RC(sg_awl_update(report, &first, &next), SG_RESULT_OK);
  CHECK(next.count == 2 && next.total == 2 * first.total);
  /* A sender with a spammy history pulls the score up (AWL fires). */
  CHECK_RC(sg_inputs_set_awl(inputs, &history), SG_RESULT_OK);
  CHECK_RC(sg_score(engine, analysis, inputs, &with_awl), SG_RESULT_OK);
  CHECK(sg_report_has_hit(with_awl, LIT("AWL")));
  CHECK(sg_report_score(with_awl) > sg_report_score(report));
  CHECK_RC(sg_inputs_set_awl(inputs, NULL), SG_RESULT_OK);
  sg_buffer_free(key);
  sg_report_free(report);
  sg_report_free(with_awl);
  sg_inputs_free(inputs);
}

TEST(reputation) {
  sg_reputation *rep = sg_reputation_new(), *copy = POISON;
  sg_buffer *saved = NULL, *reply = NULL;
  uint32_t action = 99;
  int i;
  const int64_t now = 1767225600;
  CHECK_RC(sg_reputation_check(rep, LIT("198.51.100.9"), now, &action, &reply), SG_RESULT_OK);
  CHECK(action == SG_ACTION_ACCEPT && sg_buffer_len(reply) == 0);
  sg_buffer_free(reply);
  reply = NULL;
  for (i = 0; i < 50; i++)
    CHECK_RC(sg_reputation_record(rep, LIT("198.51.100.9"), SG_EVENT_UNKNOWN_RECIPIENT, now), SG_RESULT_OK);
  CHECK_RC(sg_reputation_check(rep, LIT("198.51.100.9"), now, &action, &reply), SG_RESULT_OK);
  CHECK(action != SG_ACTION_ACCEPT && sg_buffer_len(reply) > 0);
  CHECK(((const char *)sg_buffer_data(reply))[0] == (action == SG_ACTION_TEMPFAIL ? '4' : '5'));
  sg_buffer_free(reply);
  reply = NULL;
  /* Another client is unaffected. */
  CHECK_RC(sg_reputation_check(rep, LIT("192.0.2.1"), now, &action, &reply), SG_RESULT_OK);
  CHECK(action == SG_ACTION_ACCEPT);
  sg_buffer_free(reply);
  reply = NULL;
  CHECK_RC(sg_reputation_record(rep, LIT("198.51.100.9"), 5, now), SG_RESULT_INVALID_PARAMETER);
  CHECK_RC(sg_reputation_record(rep, LIT("not an ip"), SG_EVENT_SPAM, now), SG_RESULT_INVALID_PARAMETER);
  /* Save and load: the same verdict. */
  CHECK_RC(sg_reputation_save(rep, &saved), SG_RESULT_OK);
  CHECK_RC(sg_reputation_load((const char *)sg_buffer_data(saved), sg_buffer_len(saved), &copy),
           SG_RESULT_OK);
  CHECK_RC(sg_reputation_check(copy, LIT("198.51.100.9"), now, &action, &reply), SG_RESULT_OK);
  CHECK(action != SG_ACTION_ACCEPT);
  sg_buffer_free(reply);
  sg_reputation_free(copy);
  copy = POISON;
  CHECK_RC(sg_reputation_load(LIT("{\"nope\":"), &copy), SG_RESULT_INVALID_STATE);
  CHECK_RC(sg_reputation_load(LIT("\xff"), &copy), SG_RESULT_INVALID_UTF8);
  CHECK(copy == POISON);
  sg_buffer_free(saved);
  sg_reputation_free(rep);
}

TEST(null_for_every_pointer) {
  sg_inputs *inputs = sg_inputs_new();
  sg_bayes_db *db = sg_bayes_db_new();
  sg_reputation *rep = sg_reputation_new();
  sg_report *report = NULL;
  sg_questions *q = NULL;
  sg_questions *q_out = POISON;
  sg_bayes_db *db_out = POISON;
  sg_reputation *rep_out = POISON;
  sg_buffer *buf_out = POISON;
  sg_awl_entry entry = {1, 1.0}, entry_out = {42, 42.0};
  sg_str s = {"x", 1};
  uint32_t u = 42;
  size_t z = 42;
  static const uint8_t bytes[1] = {0};

  CHECK_RC(sg_score(engine, analysis, NULL, &report), SG_RESULT_OK);
  CHECK_RC(sg_lookups(engine, analysis, NULL, &q), SG_RESULT_OK);
  /* inputs */
  CHECK_RC(sg_inputs_set_client_ip(NULL, LIT("192.0.2.1")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_client_ip(inputs, NULL, 3), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_helo(NULL, LIT("x")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_helo(inputs, NULL, 1), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_client_rdns(NULL, LIT("x")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_client_rdns(inputs, NULL, 1), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_mail_from(NULL, LIT("x")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_mail_from(inputs, NULL, 1), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_add_rcpt_to(NULL, LIT("x")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_add_rcpt_to(inputs, NULL, 1), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_authenticated(NULL, true), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_spf(NULL, LIT("pass")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_spf(inputs, NULL, 4), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_spf_helo(NULL, LIT("pass")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_spf_helo(inputs, NULL, 4), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_add_dkim(NULL, LIT("a"), LIT("b"), LIT("pass")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_add_dkim(inputs, NULL, 1, LIT("b"), LIT("pass")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_add_dkim(inputs, LIT("a"), NULL, 1, LIT("pass")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_add_dkim(inputs, LIT("a"), LIT("b"), NULL, 4), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_dmarc(NULL, LIT("pass"), LIT("")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_dmarc(inputs, NULL, 4, LIT("")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_dmarc(inputs, LIT("pass"), NULL, 0), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_add_dns_answer(NULL, LIT("a.b"), LIT("A"), LIT("NXDOMAIN")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_add_dns_answer(inputs, NULL, 3, LIT("A"), LIT("NXDOMAIN")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_add_dns_answer(inputs, LIT("a.b"), NULL, 1, LIT("NXDOMAIN")), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_add_dns_answer(inputs, LIT("a.b"), LIT("A"), NULL, 8), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_clear_verdicts(NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_bayes(NULL, db), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_inputs_set_awl(NULL, &entry), SG_RESULT_NULL_PARAMETER);
  /* lookups */
  CHECK_RC(sg_lookups(NULL, analysis, NULL, &q_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_lookups(engine, NULL, NULL, &q_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_lookups(engine, analysis, NULL, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_follow_up(NULL, analysis, inputs, &q_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_follow_up(engine, NULL, inputs, &q_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_follow_up(engine, analysis, inputs, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK(sg_questions_count(NULL) == 0);
  CHECK_RC(sg_questions_get(NULL, 0, &s, &s), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_questions_get(q, 0, NULL, &s), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_questions_get(q, 0, &s, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_questions_json(NULL, &buf_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_questions_json(q, NULL), SG_RESULT_NULL_PARAMETER);
  sg_questions_free(NULL);
  /* report action */
  CHECK(sg_report_action(NULL) == SG_ACTION_ACCEPT);
  CHECK(sg_report_smtp_code(NULL) == 0);
  CHECK(sg_report_smtp_enhanced_code(NULL).len == 0 && sg_report_smtp_text(NULL).len == 0);
  CHECK(sg_report_smtp_reply(NULL).len == 0 && sg_report_smtp_reply(NULL).data != NULL);
  /* Bayes */
  CHECK_RC(sg_bayes_db_load(NULL, 4, &db_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_bayes_db_load(bytes, 1, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_bayes_db_save(NULL, &buf_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_bayes_db_save(db, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_bayes_db_learn(NULL, analysis, SG_CLASS_SPAM, 0, &u), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_bayes_db_learn(db, NULL, SG_CLASS_SPAM, 0, &u), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_bayes_db_learn(db, analysis, SG_CLASS_SPAM, 0, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_bayes_db_forget(NULL, analysis, &u), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_bayes_db_forget(db, NULL, &u), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_bayes_db_forget(db, analysis, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_bayes_db_expire(NULL, 0, &z), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_bayes_db_expire(db, 0, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK(sg_bayes_db_nspam(NULL) == 0 && sg_bayes_db_nham(NULL) == 0 && !sg_bayes_db_is_usable(NULL));
  CHECK(sg_bayes_db_nspam(db) == 0); /* nothing was learned by the failed calls */
  sg_bayes_db_free(NULL);
  /* AWL */
  CHECK_RC(sg_awl_key(NULL, &buf_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_awl_key(analysis, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_awl_update(NULL, &entry, &entry_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_awl_update(report, &entry, NULL), SG_RESULT_NULL_PARAMETER);
  /* reputation */
  CHECK_RC(sg_reputation_load(NULL, 2, &rep_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_reputation_load(LIT("{}"), NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_reputation_save(NULL, &buf_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_reputation_save(rep, NULL), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_reputation_record(NULL, LIT("192.0.2.1"), SG_EVENT_SPAM, 0), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_reputation_record(rep, NULL, 9, SG_EVENT_SPAM, 0), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_reputation_check(NULL, LIT("192.0.2.1"), 0, &u, &buf_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_reputation_check(rep, NULL, 9, 0, &u, &buf_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_reputation_check(rep, LIT("192.0.2.1"), 0, NULL, &buf_out), SG_RESULT_NULL_PARAMETER);
  CHECK_RC(sg_reputation_check(rep, LIT("192.0.2.1"), 0, &u, NULL), SG_RESULT_NULL_PARAMETER);
  sg_reputation_free(NULL);

  CHECK(q_out == POISON && db_out == POISON && rep_out == POISON && buf_out == POISON);
  CHECK(u == 42 && z == 42 && entry_out.count == 42 && s.len == 1);
  sg_questions_free(q);
  sg_report_free(report);
  sg_reputation_free(rep);
  sg_bayes_db_free(db);
  sg_inputs_free(inputs);
}

int main(void) {
  if (sg_engine_new_from_json(LIT("{}"), &engine) != SG_RESULT_OK ||
      sg_analyze(engine, MSG_ARGS, &analysis) != SG_RESULT_OK)
    return 2;
  RUN(typed_setters_equal_json);
  RUN(invalid_verdicts_leave_inputs_unchanged);
  RUN(lookups);
  RUN(follow_up_rounds);
  RUN(bayes_db);
  RUN(awl);
  RUN(reputation);
  RUN(null_for_every_pointer);
  sg_analysis_free(analysis);
  sg_engine_free(engine);
  return SUMMARY();
}
