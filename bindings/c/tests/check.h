/* A minimal test harness for the C tests: no dependency, C99.
 *
 * TEST(name) { ... CHECK(cond); ... }   then   RUN(name);   and   return SUMMARY();
 * Each test prints "ok - name" or "FAIL - name"; SUMMARY prints the plain
 * closing line "N passed, N failed" that scripts/test-c.sh adds up. */
#ifndef SG_CHECK_H
#define SG_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed, check_current_failed;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      check_current_failed = 1;                                              \
    }                                                                        \
  } while (0)

/* Checks an sg_result against the expected code, printing both on failure. */
#define CHECK_RC(call, expected)                                             \
  do {                                                                       \
    unsigned check_rc_ = (unsigned)(call);                                   \
    if (check_rc_ != (unsigned)(expected)) {                                 \
      fprintf(stderr, "%s:%d: %s returned %u, expected %s (%u)\n", __FILE__, \
              __LINE__, #call, check_rc_, #expected, (unsigned)(expected));  \
      check_current_failed = 1;                                              \
    }                                                                        \
  } while (0)

#define TEST(name) static void name(void)

#define RUN(name)                                                            \
  do {                                                                       \
    check_current_failed = 0;                                                \
    name();                                                                  \
    if (check_current_failed) {                                              \
      check_failed++;                                                        \
      printf("FAIL - %s\n", #name);                                          \
    } else {                                                                 \
      check_passed++;                                                        \
      printf("ok - %s\n", #name);                                            \
    }                                                                        \
    fflush(stdout);                                                          \
  } while (0)

#define SUMMARY()                                                            \
  (printf("%d passed, %d failed\n", check_passed, check_failed),            \
   check_failed == 0 ? 0 : 1)

/* A string literal as pointer and length, for the sg_ text arguments. */
#define LIT(s) (s), (sizeof(s) - 1)

/* An sg_str equals a NUL-terminated string. */
#define STR_EQ(str, cstr)                                                    \
  ((str).len == strlen(cstr) && memcmp((str).data, (cstr), (str).len) == 0)

#endif
