/* Shared helpers of the C test hosts: checks that count failures and say where. */
#ifndef TESTHOST_H
#define TESTHOST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alphastream.h"

void sha256_hex(const void* data, size_t len, char out[65]);

static int g_failures;
static int g_checks;

#define CHECK(cond, ...)                                               \
  do {                                                                 \
    g_checks++;                                                        \
    if (!(cond)) {                                                     \
      g_failures++;                                                    \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);  \
      fprintf(stderr, __VA_ARGS__);                                    \
      fprintf(stderr, "\n");                                           \
    }                                                                  \
  } while (0)

/* Expect the handle's last error code; prints the text on mismatch. */
#define CHECK_ERR(h, code)                                                                  \
  CHECK(CV_get_last_error_code(h) == (code), "error %d (%s), expected %d",                 \
        CV_get_last_error_code(h), CV_get_last_error_text(h), (code))

static inline int finish(const char* name) {
  printf("%s: %d checks, %d failed\n", name, g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}

/* "frame:sha256" argument */
static inline int parse_expect(const char* arg, unsigned long long* frame, char sha[65]) {
  const char* colon = strchr(arg, ':');
  if (!colon || strlen(colon + 1) != 64) return 0;
  *frame = strtoull(arg, NULL, 10);
  memcpy(sha, colon + 1, 65);
  return 1;
}

#endif
