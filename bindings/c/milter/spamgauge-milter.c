/* spamgauge-milter: a small milter (Sendmail, Postfix) that scores each message
 * in-process with libspamgauge and answers with the engine's decision: accept,
 * reject or tempfail, with the engine's SMTP reply (451 4.3.0 when the message
 * could not be scored at all). The SMTP envelope goes to the engine as
 * verdicts; DNS lookups are left to a deployment that resolves sg_lookups.
 *
 *   spamgauge-milter -p SOCKET [-c CONFIG.json] [-m MAX_BYTES] [-T SECONDS]
 *
 * SOCKET is libmilter's syntax: unix:/run/spamgauge.sock or inet:PORT@127.0.0.1.
 * One engine is built at start-up and shared by libmilter's connection threads
 * without locking (sg_engine is immutable). */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "spamgauge.h"

static const sg_engine *engine;
static size_t max_bytes = 32u << 20; /* as the engine's default limit */

/* Per connection: the client, the envelope and the message being received. */
struct conn {
  char client_addr[INET6_ADDRSTRLEN];
  char helo[256];
  char mail_from[512];
  sg_inputs *envelope; /* client, HELO, MAIL FROM, RCPT TO of this message */
  uint8_t *msg;
  size_t len, cap;
};

static void reset_message(struct conn *c) {
  sg_inputs_free(c->envelope);
  c->envelope = NULL;
  free(c->msg);
  c->msg = NULL;
  c->len = c->cap = 0;
}

/* Appends to the message; bytes past max_bytes are dropped (the engine reports
 * a limit hit for what it cuts itself). */
static bool append(struct conn *c, const void *data, size_t n) {
  if (c->len >= max_bytes) return true;
  if (n > max_bytes - c->len) n = max_bytes - c->len;
  if (c->len + n > c->cap) {
    size_t cap = c->cap ? c->cap : 16384;
    uint8_t *bigger;
    while (cap < c->len + n) cap *= 2;
    bigger = realloc(c->msg, cap);
    if (bigger == NULL) return false;
    c->msg = bigger;
    c->cap = cap;
  }
  memcpy(c->msg + c->len, data, n);
  c->len += n;
  return true;
}

static void copy_cstr(char *dst, size_t size, const char *src) {
  snprintf(dst, size, "%s", src ? src : "");
}

static sfsistat on_connect(SMFICTX *ctx, char *hostname, _SOCK_ADDR *addr) {
  struct conn *c = calloc(1, sizeof *c);
  (void)hostname;
  if (c == NULL) return SMFIS_TEMPFAIL;
  if (addr != NULL && addr->sa_family == AF_INET)
    inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)addr)->sin_addr,
              c->client_addr, sizeof c->client_addr);
  else if (addr != NULL && addr->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)addr)->sin6_addr,
              c->client_addr, sizeof c->client_addr);
  smfi_setpriv(ctx, c);
  return SMFIS_CONTINUE;
}

static sfsistat on_helo(SMFICTX *ctx, char *helo) {
  struct conn *c = smfi_getpriv(ctx);
  if (c != NULL) copy_cstr(c->helo, sizeof c->helo, helo);
  return SMFIS_CONTINUE;
}

static sfsistat on_envfrom(SMFICTX *ctx, char **argv) {
  struct conn *c = smfi_getpriv(ctx);
  if (c == NULL) return SMFIS_TEMPFAIL;
  reset_message(c);
  copy_cstr(c->mail_from, sizeof c->mail_from, argv ? argv[0] : NULL);
  c->envelope = sg_inputs_new();
  if (c->envelope == NULL) return SMFIS_TEMPFAIL;
  if (c->client_addr[0] != '\0')
    sg_inputs_set_client_ip(c->envelope, c->client_addr, strlen(c->client_addr));
  if (c->helo[0] != '\0') sg_inputs_set_helo(c->envelope, c->helo, strlen(c->helo));
  {
    /* MAIL FROM arrives as "<addr>". */
    const char *from = c->mail_from;
    size_t len = strlen(from);
    if (len >= 2 && from[0] == '<' && from[len - 1] == '>') { from++; len -= 2; }
    sg_inputs_set_mail_from(c->envelope, from, len);
  }
  return SMFIS_CONTINUE;
}

static sfsistat on_envrcpt(SMFICTX *ctx, char **argv) {
  struct conn *c = smfi_getpriv(ctx);
  if (c != NULL && c->envelope != NULL && argv != NULL && argv[0] != NULL) {
    const char *rcpt = argv[0];
    size_t len = strlen(rcpt);
    if (len >= 2 && rcpt[0] == '<' && rcpt[len - 1] == '>') { rcpt++; len -= 2; }
    sg_inputs_add_rcpt_to(c->envelope, rcpt, len);
  }
  return SMFIS_CONTINUE;
}

static sfsistat on_header(SMFICTX *ctx, char *name, char *value) {
  struct conn *c = smfi_getpriv(ctx);
  if (c == NULL || !append(c, name, strlen(name)) || !append(c, ": ", 2) ||
      !append(c, value, strlen(value)) || !append(c, "\r\n", 2))
    return SMFIS_TEMPFAIL;
  return SMFIS_CONTINUE;
}

static sfsistat on_eoh(SMFICTX *ctx) {
  struct conn *c = smfi_getpriv(ctx);
  if (c == NULL || !append(c, "\r\n", 2)) return SMFIS_TEMPFAIL;
  return SMFIS_CONTINUE;
}

static sfsistat on_body(SMFICTX *ctx, unsigned char *chunk, size_t len) {
  struct conn *c = smfi_getpriv(ctx);
  if (c == NULL || !append(c, chunk, len)) return SMFIS_TEMPFAIL;
  return SMFIS_CONTINUE;
}

/* Copies an sg_str into a NUL-terminated reply text that libmilter accepts:
 * no CR or LF, and '%' doubled (the text is used as a format). */
static void reply_text(char *dst, size_t size, sg_str text) {
  size_t i, o = 0;
  for (i = 0; i < text.len && o + 2 < size; i++) {
    char ch = text.data[i];
    if (ch == '\r' || ch == '\n') ch = ' ';
    if (ch == '%') dst[o++] = '%';
    dst[o++] = ch;
  }
  dst[o] = '\0';
}

/* Scores the message and answers with the engine's action and SMTP reply. */
static sfsistat on_eom(SMFICTX *ctx) {
  struct conn *c = smfi_getpriv(ctx);
  sg_report *report = NULL;
  sg_result rc;
  sfsistat status;
  uint32_t action;
  if (c == NULL || c->envelope == NULL) return SMFIS_TEMPFAIL;
  sg_inputs_set_now(c->envelope, (int64_t)time(NULL));
  rc = sg_check(engine, c->msg, c->len, c->envelope, &report);
  reset_message(c);
  if (rc != SG_RESULT_OK) {
    char why[256];
    size_t n;
    sg_result_message(rc, why, sizeof why, &n);
    fprintf(stderr, "spamgauge-milter: cannot score a message from %s: %s\n",
            c->client_addr, why);
    smfi_setreply(ctx, "451", "4.3.0", "message could not be checked, try again later");
    return SMFIS_TEMPFAIL;
  }
  action = sg_report_action(report);
  if (action == SG_ACTION_ACCEPT) {
    status = SMFIS_ACCEPT;
  } else {
    /* The engine's reply: "554 5.7.1 text" (reject) or "451 4.7.1 text". */
    char code[8], enhanced[32], text[512];
    sg_str e = sg_report_smtp_enhanced_code(report);
    snprintf(code, sizeof code, "%u", (unsigned)sg_report_smtp_code(report));
    snprintf(enhanced, sizeof enhanced, "%.*s", (int)e.len, e.data);
    reply_text(text, sizeof text, sg_report_smtp_text(report));
    smfi_setreply(ctx, code, enhanced, text);
    status = action == SG_ACTION_TEMPFAIL ? SMFIS_TEMPFAIL : SMFIS_REJECT;
  }
  fprintf(stderr, "spamgauge-milter: %s from=<%s> client=%s score=%.3f%s%.*s\n",
          action == SG_ACTION_ACCEPT ? "accept" : action == SG_ACTION_REJECT ? "reject" : "tempfail",
          c->mail_from, c->client_addr, sg_report_score(report),
          action == SG_ACTION_ACCEPT ? "" : " reply=", (int)sg_report_smtp_reply(report).len,
          sg_report_smtp_reply(report).data);
  sg_report_free(report);
  return status;
}

static sfsistat on_abort(SMFICTX *ctx) {
  struct conn *c = smfi_getpriv(ctx);
  if (c != NULL) reset_message(c);
  return SMFIS_CONTINUE;
}

static sfsistat on_close(SMFICTX *ctx) {
  struct conn *c = smfi_getpriv(ctx);
  if (c != NULL) {
    reset_message(c);
    free(c);
    smfi_setpriv(ctx, NULL);
  }
  return SMFIS_CONTINUE;
}

static struct smfiDesc filter = {
    "spamgauge", SMFI_VERSION, 0, on_connect, on_helo, on_envfrom, on_envrcpt,
    on_header, on_eoh, on_body, on_eom, on_abort, on_close, NULL, NULL, NULL,
};

static char *read_file(const char *path, size_t *len_out) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long size;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
      (buf = malloc((size_t)size + 1)) != NULL) {
    *len_out = fread(buf, 1, (size_t)size, f);
  }
  fclose(f);
  return buf;
}

int main(int argc, char **argv) {
  const char *socket = NULL, *config_path = NULL;
  int opt, timeout = 600, status;
  sg_result rc;

  while ((opt = getopt(argc, argv, "p:c:m:T:")) != -1) {
    switch (opt) {
      case 'p': socket = optarg; break;
      case 'c': config_path = optarg; break;
      case 'm': max_bytes = (size_t)strtoull(optarg, NULL, 10); break;
      case 'T': timeout = atoi(optarg); break;
      default: socket = NULL; optind = argc; break;
    }
  }
  if (socket == NULL || max_bytes == 0) {
    fprintf(stderr, "usage: spamgauge-milter -p SOCKET [-c CONFIG.json] [-m MAX_BYTES] [-T SECONDS]\n");
    return 2;
  }
  if (config_path != NULL) {
    size_t len = 0;
    char *json = read_file(config_path, &len);
    if (json == NULL) { perror(config_path); return 2; }
    rc = sg_engine_new_from_json(json, len, &engine);
    free(json);
  } else {
    sg_config_builder *builder = sg_config_builder_new();
    rc = sg_engine_new(builder, &engine);
    sg_config_builder_free(builder);
  }
  if (rc != SG_RESULT_OK) {
    char detail[512];
    size_t n;
    sg_last_error_detail(detail, sizeof detail, &n);
    fprintf(stderr, "spamgauge-milter: configuration: %s\n", detail);
    return 2;
  }
  if (smfi_setconn((char *)socket) == MI_FAILURE || smfi_settimeout(timeout) == MI_FAILURE ||
      smfi_register(filter) == MI_FAILURE || smfi_opensocket(true) == MI_FAILURE) {
    fprintf(stderr, "spamgauge-milter: cannot listen on %s\n", socket);
    sg_engine_free(engine);
    return 1;
  }
  fprintf(stderr, "spamgauge-milter %s listening on %s\n", sg_version(), socket);
  status = smfi_main() == MI_SUCCESS ? 0 : 1;
  sg_engine_free(engine);
  return status;
}
