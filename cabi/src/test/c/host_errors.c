/*
 * Every error path of the C ABI. Usage:
 *   host_errors nojvm            C-only paths; the JVM must be unavailable (ALPHASTREAM_JVM=/nonexistent)
 *   host_errors nojar            C-only paths; no ALPHASTREAM_CLASSPATH, ALPHASTREAM_HOME without the
 *                                jar and no jar next to libalphastream.so
 *   host_errors jvm URL PASSHEX  paths that need the engine: URL serves small.asvr
 *   host_errors badenv URL PASSHEX  as jvm, with ALPHASTREAM_PASSPHRASE set to something that is not hex
 */
#include <stdint.h>

#include "testhost.h"

static void null_and_stale_handles(void) {
  /* NULL handle: every function answers, nothing crashes */
  CHECK(CV_get_last_error_code(NULL) == -1, "NULL handle code");
  CHECK(CV_get_last_error_text(NULL) != NULL, "NULL handle text");
  CHECK(CV_get_name(NULL) != NULL && CV_get_version(NULL) != NULL, "name/version on NULL");
  CHECK(CV_get_total_frames(NULL) == 0, "frames on NULL");
  CHECK(CV_get_frame_size(NULL) == 0, "size on NULL");
  CHECK(!CV_init(NULL, "x.asvp", 1, 64, 32, "1.5.0", 0, 1, 1, 1, 10, 10), "init on NULL");
  CHECK(CV_get_frame(NULL, 0) == NULL, "frame on NULL");
  const float* v = (const float*)1;
  size_t n = 7;
  CHECK(!CV_get_triangle_strip_vertices(NULL, 0, &v, &n), "vertices on NULL");
  CHECK(!CV_set_rate(NULL, 60), "rate on NULL");
  CHECK(!CV_set_passphrase(NULL, (const unsigned char*)"k", 1), "passphrase on NULL");
  CHECK(CV_get_frame_ex(NULL, 0, 0, 0) == NULL, "frame_ex on NULL");
  CV_destroy(NULL);

  /* a pointer that is not a handle */
  uint64_t junk[64] = {0};
  CHECK(CV_get_last_error_code(junk) == -1, "junk handle code");
  CHECK(CV_get_frame(junk, 0) == NULL, "junk handle frame");
  CV_destroy(junk);

  /* destroyed handle, and destroying it twice */
  void* h = CV_create();
  CHECK(h != NULL, "create");
  CV_destroy(h);
  CHECK(CV_get_last_error_code(h) == -1, "destroyed handle code");
  CHECK(CV_get_frame(h, 0) == NULL, "destroyed handle frame");
  CHECK(strstr(CV_get_last_error_text(h), "invalid handle") != NULL, "destroyed handle text: %s",
        CV_get_last_error_text(h));
  CV_destroy(h);

  /* frames: NULL, unknown and double release */
  CHECK(CV_Frame_data(NULL) == NULL && CV_Frame_width(NULL) == 0 && CV_Frame_height(NULL) == 0 &&
            CV_Frame_stride(NULL) == 0, "NULL frame accessors");
  CHECK(CV_Frame_data((const CV_Frame*)junk) == NULL, "junk frame data");
  CV_Frame_Release(NULL);
  CV_Frame_Release((CV_Frame*)junk);
}

/* Stale handles are harmless for the life of the process. The library frees a destroyed handle and
 * malloc hands the same memory to the next one: a handle that were an address would then alias the
 * new handle (a == b), and the stale value would read, change and destroy it. */
static void stale_handles_never_alias_new_ones(void) {
  void* a = CV_create();
  CV_destroy(a);
  void* b = CV_create(); /* reuses a's memory and registry slot */
  CHECK(a != b, "a destroyed handle's value is not handed out again: a=%p b=%p", a, b);
  CHECK(CV_get_last_error_code(a) == -1, "stale handle code");
  CHECK(!CV_set_rate(a, -5), "stale handle set_rate");
  CHECK_ERR(b, CV_OK); /* the stale call did not set b's error */
  CHECK(!CV_set_passphrase(a, (const unsigned char*)"k", 1), "stale handle passphrase");
  CV_destroy(a); /* must not destroy b */
  CHECK(CV_set_rate(b, 30), "b survives a second CV_destroy(a)");
  CHECK_ERR(b, CV_OK);
  CHECK(CV_get_frame(b, 0) == NULL, "b still answers");
  CHECK_ERR(b, CV_ERR_NOT_INITIALISED);
  CV_destroy(b);
  CHECK(CV_get_last_error_code(b) == -1, "b destroyed");

  /* many cycles: every value handed out is new, and none of the stale ones reaches the live handle */
  enum { CYCLES = 20000 };
  static void* seen[CYCLES];
  void* live = CV_create();
  CHECK(CV_set_rate(live, 10), "live handle");
  int aliased = 0, answered = 0;
  for (int i = 0; i < CYCLES; i++) {
    void* h = CV_create();
    seen[i] = h;
    aliased += h == live;
    CV_destroy(h);
    /* a stale value fails, and leaves the live handle's error alone */
    answered += CV_set_rate(seen[i / 2], -1) || CV_get_last_error_code(seen[i / 2]) != -1;
    CV_destroy(seen[i / 3]);
  }
  int dup = 0;
  for (int i = 1; i < CYCLES; i++) dup += seen[i] == seen[i - 1] || seen[i] == seen[0];
  CHECK(aliased == 0 && dup == 0, "%d values equal to the live handle, %d repeated", aliased, dup);
  CHECK(answered == 0, "%d stale values answered", answered);
  CHECK_ERR(live, CV_OK);
  CHECK(CV_set_rate(live, 20), "live handle after the cycles");
  CV_destroy(live);

  /* a frame token is not a handle and a handle is not a frame */
  void* h = CV_create();
  CHECK(CV_Frame_data((const CV_Frame*)h) == NULL && CV_Frame_width((const CV_Frame*)h) == 0,
        "a handle is not a frame");
  CV_Frame_Release((CV_Frame*)h);
  CHECK_ERR(h, CV_OK);
  CV_destroy(h);
}

static void before_init_and_bad_arguments(void) {
  void* h = CV_create();
  CHECK_ERR(h, CV_OK);
  CHECK(strcmp(CV_get_last_error_text(h), "OK") == 0, "fresh handle text: %s", CV_get_last_error_text(h));

  CHECK(CV_get_total_frames(h) == 0, "frames before init");
  CHECK_ERR(h, CV_ERR_NOT_INITIALISED);
  CHECK(CV_get_frame_size(h) == 0, "size before init");
  CHECK_ERR(h, CV_ERR_NOT_INITIALISED);
  CHECK(CV_get_frame(h, 0) == NULL, "frame before init");
  CHECK_ERR(h, CV_ERR_NOT_INITIALISED);
  const float* v = NULL;
  size_t n = 0;
  CHECK(!CV_get_triangle_strip_vertices(h, 0, &v, &n), "vertices before init");
  CHECK_ERR(h, CV_ERR_NOT_INITIALISED);
  CHECK(CV_get_frame_ex(h, 0, 64, 32) == NULL, "frame_ex before init");
  CHECK_ERR(h, CV_ERR_NOT_INITIALISED);

  CHECK(!CV_get_triangle_strip_vertices(h, 0, NULL, &n), "NULL out_vertices");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(!CV_get_triangle_strip_vertices(h, 0, &v, NULL), "NULL out_count");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);

  CHECK(!CV_init(h, NULL, 1, 64, 32, "1.5.0", 0, 1, 1, 1, 10, 10), "NULL url");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(!CV_init(h, "", 1, 64, 32, "1.5.0", 0, 1, 1, 1, 10, 10), "empty url");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(!CV_init(h, "x.asvp", 1, 64, 32, NULL, 0, 1, 1, 1, 10, 10), "NULL version");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(!CV_init(h, "x.asvp", 1, 0, 32, "1.5.0", 0, 1, 1, 1, 10, 10), "zero width");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(!CV_init(h, "x.asvp", 1, 64, 0, "1.5.0", 0, 1, 1, 1, 10, 10), "zero height");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(!CV_init(h, "x.asvp", 1, 16385, 32, "1.5.0", 0, 1, 1, 1, 10, 10), "huge width");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(!CV_init(h, "x.asvp", 1, 64, 32, "1.5.0", 0, 1, 1, 1, 0xffffffffu, 10), "huge timeout");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(strstr(CV_get_last_error_text(h), "timeout") != NULL, "text names the argument: %s",
        CV_get_last_error_text(h));

  CHECK(!CV_set_rate(h, -1), "negative rate");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(!CV_set_rate(h, 0.0 / 0.0), "NaN rate");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(CV_set_rate(h, 30), "rate before init is kept for init");
  CHECK_ERR(h, CV_OK);
  CHECK(!CV_set_passphrase(h, NULL, 32), "NULL passphrase");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(!CV_set_passphrase(h, (const unsigned char*)"k", 0), "empty passphrase");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(CV_set_passphrase(h, (const unsigned char*)"0123456789abcdef", 16), "passphrase");
  CHECK_ERR(h, CV_OK);
  CV_destroy(h);

  /* handles are independent: an error on one leaves the other alone */
  void* a = CV_create();
  void* b = CV_create();
  CHECK(CV_get_frame(a, 0) == NULL, "frame before init");
  CHECK_ERR(a, CV_ERR_NOT_INITIALISED);
  CHECK_ERR(b, CV_OK);
  CV_destroy(a);
  CV_destroy(b);
}

/* CV_init fails with error 2 and a text that names what is missing (expect: a substring of it). */
static void without_jvm(const char* expect) {
  void* h = CV_create();
  CHECK(!CV_init(h, "small.asvp", 1, 64, 32, "1.5.0", 0, 1, 1, 1, 100, 100), "init without a JVM");
  CHECK_ERR(h, CV_ERR_INIT);
  CHECK(strstr(CV_get_last_error_text(h), expect) != NULL, "text says what is missing (%s): %s", expect,
        CV_get_last_error_text(h));
  /* still usable afterwards, and still not initialised */
  CHECK(CV_get_frame(h, 0) == NULL, "frame after failed init");
  CHECK_ERR(h, CV_ERR_NOT_INITIALISED);
  CV_destroy(h);
}

static void with_engine(const char* url, const char* pass_hex) {
  unsigned char pass[64];
  size_t plen = strlen(pass_hex) / 2;
  for (size_t i = 0; i < plen; i++) sscanf(pass_hex + 2 * i, "%2hhx", &pass[i]);

  void* h = CV_create();
  /* missing file over HTTP */
  char missing[1024];
  snprintf(missing, sizeof missing, "%.*s/missing.asvr", (int)(strrchr(url, '/') - url), url);
  CV_set_passphrase(h, pass, plen);
  CHECK(!CV_init(h, missing, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "missing file");
  CHECK_ERR(h, CV_ERR_INIT);
  /* wrong passphrase */
  unsigned char wrong[32] = {1, 2, 3};
  CV_set_passphrase(h, wrong, sizeof wrong);
  CHECK(!CV_init(h, url, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "wrong passphrase");
  CHECK_ERR(h, CV_ERR_INIT);
  CHECK(strstr(CV_get_last_error_text(h), "V02") != NULL || strstr(CV_get_last_error_text(h), "key") != NULL,
        "wrong key text: %s", CV_get_last_error_text(h));
  /* wrong scene id: same passphrase, other salt */
  CV_set_passphrase(h, pass, plen);
  CHECK(!CV_init(h, url, 4243, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "wrong scene");
  CHECK_ERR(h, CV_ERR_INIT);
  /* start frame out of range: the host's argument, so 1 */
  CHECK(!CV_init(h, url, 4242, 64, 32, "1.5.0", 240, 10, 200, 5, 4000, 4000), "start out of range");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(strstr(CV_get_last_error_text(h), "start_frame 240") != NULL, "start frame text: %s",
        CV_get_last_error_text(h));
  /* every other CV_init failure is 2, whatever layer finds it (docs/cabi.md, error codes) */
  static const char* const unopenable[] = {"ftp://127.0.0.1/small.asvr", "http://[bad", "gopher:x",
                                           "http://127.0.0.1:1/small.asvr", "/nonexistent/dir/x.asvr"};
  for (size_t i = 0; i < sizeof unopenable / sizeof *unopenable; i++) {
    CHECK(!CV_init(h, unopenable[i], 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "%s", unopenable[i]);
    CHECK(CV_get_last_error_code(h) == CV_ERR_INIT, "%s: %d %s", unopenable[i], CV_get_last_error_code(h),
          CV_get_last_error_text(h));
  }
  CHECK(!CV_init(h, url, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 0, 4000), "init timeout 0");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(CV_get_frame(h, 0) == NULL, "failed init leaves the handle uninitialised");
  CHECK_ERR(h, CV_ERR_NOT_INITIALISED);

  /* now a good init, then bad calls on an initialised handle */
  CHECK(CV_init(h, url, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "good init: %s",
        CV_get_last_error_text(h));
  CHECK_ERR(h, CV_OK);
  CHECK(CV_get_total_frames(h) == 240, "frames %u", CV_get_total_frames(h));
  CHECK(CV_get_frame_size(h) == 64ull * 32, "frame size");
  CHECK(CV_get_frame(h, 240) == NULL, "frame past the end");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(CV_get_frame(h, ~0ull) == NULL, "frame index 2^64-1");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  const float* v = NULL;
  size_t n = 0;
  CHECK(!CV_get_triangle_strip_vertices(h, 240, &v, &n), "vertices past the end");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(CV_get_frame_ex(h, 0, 16385, 10) == NULL, "frame_ex too wide");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  CHECK(CV_get_frame_ex(h, 0, 0, 10) == NULL, "frame_ex zero width");
  CHECK_ERR(h, CV_ERR_INVALID_ARGUMENTS);
  /* a good call clears the last error */
  CHECK(CV_get_frame(h, 0) != NULL, "frame 0: %s", CV_get_last_error_text(h));
  CHECK_ERR(h, CV_OK);
  /* an owned frame outlives its handle; release twice is harmless */
  CV_Frame* f = CV_get_frame_ex(h, 1, 0, 0);
  CHECK(f != NULL, "frame_ex: %s", CV_get_last_error_text(h));
  CV_destroy(h);
  CV_destroy(h);
  if (f) {
    unsigned long sum = 0;
    for (unsigned i = 0; i < CV_Frame_width(f) * CV_Frame_height(f); i++) sum += CV_Frame_data(f)[i];
    CHECK(CV_Frame_width(f) == 64 && CV_Frame_height(f) == 32 && CV_Frame_stride(f) == 64, "frame dims");
    CHECK(sum > 0, "frame data readable after CV_destroy");
  }
  CV_Frame_Release(f);
  /* a released frame's memory goes to the next frame of the same size: releasing the old value again,
   * or reading through it, must not touch the new frame */
  void* h2 = CV_create();
  CV_set_passphrase(h2, pass, plen);
  CHECK(CV_init(h2, url, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "init: %s",
        CV_get_last_error_text(h2));
  CV_Frame* g1 = CV_get_frame_ex(h2, 1, 0, 0);
  CV_Frame* g2 = CV_get_frame_ex(h2, 1, 0, 0); /* same size: takes f's memory */
  CHECK(g1 && g2 && g1 != f && g2 != f && g1 != g2, "new frames are new values: f=%p g1=%p g2=%p",
        (void*)f, (void*)g1, (void*)g2);
  CHECK(CV_Frame_data(f) == NULL && CV_Frame_width(f) == 0 && CV_Frame_index(f) == 0, "stale frame reads");
  CV_Frame_Release(f); /* "repeated release is ignored" */
  CV_Frame_Release(g1);
  CV_Frame_Release(g1);
  CHECK(CV_Frame_width(g2) == 64 && CV_Frame_index(g2) == 1 && CV_Frame_data(g2) != NULL,
        "g2 survives repeated releases of f and g1");
  CV_Frame_Release(g2);
  CHECK(CV_Frame_data(g2) == NULL, "g2 released");
  CV_destroy(h2);

  /* a malformed file (manifest: bad-magic.asvp fails V02 at open) */
  char bad[1024];
  snprintf(bad, sizeof bad, "%.*s/malformed/bad-magic.asvp", (int)(strrchr(url, '/') - url), url);
  void* m = CV_create();
  CHECK(!CV_init(m, bad, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "malformed at open");
  CHECK_ERR(m, CV_ERR_INIT);
  CHECK(strstr(CV_get_last_error_text(m), "V02") != NULL, "text names the rule: %s", CV_get_last_error_text(m));
  /* a file that opens but whose frame 1 is corrupt (manifest: frame-zlib-corrupt.asvp, V13, frame 1):
   * error 3 for the frame, 5 for its vertices, and the other frames still work */
  snprintf(bad, sizeof bad, "%.*s/malformed/frame-zlib-corrupt.asvp", (int)(strrchr(url, '/') - url), url);
  CHECK(CV_init(m, bad, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "corrupt frame 1 opens: %s",
        CV_get_last_error_text(m));
  CHECK(CV_get_frame(m, 1) == NULL, "corrupt frame");
  CHECK_ERR(m, CV_ERR_FRAME_NOT_READY);
  CHECK(strstr(CV_get_last_error_text(m), "V13") != NULL, "text names the rule: %s", CV_get_last_error_text(m));
  CHECK(CV_get_frame_ex(m, 1, 0, 0) == NULL, "corrupt frame_ex");
  CHECK_ERR(m, CV_ERR_FRAME_NOT_READY);
  CHECK(!CV_get_triangle_strip_vertices(m, 1, &v, &n), "vertices of a corrupt frame");
  CHECK_ERR(m, CV_ERR_VERTICES_NOT_READY);
  CHECK(strstr(CV_get_last_error_text(m), "V13") != NULL, "text names the rule: %s", CV_get_last_error_text(m));
  CHECK(CV_get_frame(m, 0) != NULL, "frame 0 of the same file: %s", CV_get_last_error_text(m));
  CHECK_ERR(m, CV_OK);
  CV_destroy(m);

  /* ASVR without any passphrase (no CV_set_passphrase, ALPHASTREAM_PASSPHRASE unset by the driver) */
  void* g = CV_create();
  CHECK(!CV_init(g, url, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "no passphrase");
  CHECK_ERR(g, CV_ERR_INIT);
  CV_destroy(g);
}

/* ALPHASTREAM_PASSPHRASE is malformed (set by the driver): it must matter only for a file that needs a
 * key and gets none from CV_set_passphrase. */
static void with_bad_environment(const char* url, const char* pass_hex) {
  unsigned char pass[64];
  size_t plen = strlen(pass_hex) / 2;
  for (size_t i = 0; i < plen; i++) sscanf(pass_hex + 2 * i, "%2hhx", &pass[i]);
  char asvp[1024];
  snprintf(asvp, sizeof asvp, "%.*s/small.asvp", (int)(strrchr(url, '/') - url), url);
  void* h = CV_create();
  CHECK(CV_init(h, asvp, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "ASVP needs no key: %s",
        CV_get_last_error_text(h));
  CHECK(CV_get_frame(h, 3) != NULL, "ASVP frame: %s", CV_get_last_error_text(h));
  CHECK(!CV_init(h, url, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "ASVR with only the bad variable");
  CHECK_ERR(h, CV_ERR_INIT);
  CHECK(strstr(CV_get_last_error_text(h), "ALPHASTREAM_PASSPHRASE") != NULL &&
            strstr(CV_get_last_error_text(h), "not-hex") == NULL,
        "text names the variable, not its value: %s", CV_get_last_error_text(h));
  CV_set_passphrase(h, pass, plen);
  CHECK(CV_init(h, url, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "ASVR with CV_set_passphrase: %s",
        CV_get_last_error_text(h));
  CV_destroy(h);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: host_errors nojvm | nojar | jvm URL PASSHEX\n");
    return 2;
  }
  null_and_stale_handles();
  stale_handles_never_alias_new_ones();
  before_init_and_bad_arguments();
  if (strcmp(argv[1], "nojvm") == 0) {
    without_jvm("Java runtime (libjvm.so) not found");
  } else if (strcmp(argv[1], "nojar") == 0) {
    without_jvm("alphastream-cabi.jar not found");
  } else if (strcmp(argv[1], "badenv") == 0 && argc >= 4) {
    with_bad_environment(argv[2], argv[3]);
  } else if (argc >= 4) {
    with_engine(argv[2], argv[3]);
  } else {
    fprintf(stderr, "usage: host_errors nojvm | nojar | jvm URL PASSHEX\n");
    return 2;
  }
  return finish("host_errors");
}
