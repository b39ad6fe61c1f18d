/*
 * A host thread pool on one handle: 32, then 80 threads call CV_get_frame at once (no thread cap: every
 * call answers, every frame byte-exact against the golden hashes), 100 short-lived threads one after
 * the other; then 32 threads provoke different errors on one handle at once and each must read the
 * error of its own call.
 *   host_pool URL FRAME:SHA256...   (URL serves small.asvr; malformed/frame-zlib-corrupt.asvp next to it)
 */
#include <pthread.h>
#include <stdint.h>

#include "testhost.h"

#define THREADS 32
#define MANY_THREADS 80
#define FRAME_ROUNDS 24
#define ERROR_ROUNDS 40

static int g_nexp;
static unsigned long long g_frames[16];
static char g_sha[16][65];
static void* g_handle;
static void* g_corrupt;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t g_start;

static void* frames_worker(void* arg) {
  long id = (long)arg;
  int failed = 0, wrong = 0, code = 0;
  char text[256] = "";
  pthread_barrier_wait(&g_start);
  for (int r = 0; r < FRAME_ROUNDS; r++) {
    int e = (int)((r + id) % g_nexp);
    const unsigned char* f = CV_get_frame(g_handle, g_frames[e]);
    if (!f) {
      failed++;
      code = CV_get_last_error_code(g_handle);
      snprintf(text, sizeof text, "%s", CV_get_last_error_text(g_handle));
      continue;
    }
    char got[65];
    sha256_hex(f, 640 * 320, got); /* this thread's buffer until its next CV_get_frame */
    if (strcmp(got, g_sha[e]) != 0 || CV_get_last_error_code(g_handle) != CV_OK) wrong++;
  }
  pthread_mutex_lock(&g_lock);
  CHECK(failed == 0, "thread %ld: %d of %d calls failed (last: %d %s)", id, failed, FRAME_ROUNDS, code, text);
  CHECK(wrong == 0, "thread %ld: %d frames with wrong bytes or error", id, wrong);
  pthread_mutex_unlock(&g_lock);
  return NULL;
}

/* Each call provokes its own kind of outcome; the thread then reads code and text at once. */
static void* errors_worker(void* arg) {
  long id = (long)arg;
  int mismatched = 0;
  char detail[512] = "";
  pthread_barrier_wait(&g_start);
  for (int r = 0; r < ERROR_ROUNDS; r++) {
    int kind = (int)((id + r) % 5), want;
    char expect[64];
    const float* v;
    size_t n;
    switch (kind) {
      case 0: /* success */
        CV_get_frame(g_corrupt, 0);
        want = CV_OK;
        snprintf(expect, sizeof expect, "OK");
        break;
      case 1: /* corrupt frame */
        CV_get_frame(g_corrupt, 1);
        want = CV_ERR_FRAME_NOT_READY;
        snprintf(expect, sizeof expect, "V13");
        break;
      case 2: /* vertices of the corrupt frame */
        CV_get_triangle_strip_vertices(g_corrupt, 1, &v, &n);
        want = CV_ERR_VERTICES_NOT_READY;
        snprintf(expect, sizeof expect, "V13");
        break;
      case 3: /* an index only this thread asks for */
        CV_get_frame(g_corrupt, 1000 + (unsigned long long)id);
        want = CV_ERR_INVALID_ARGUMENTS;
        snprintf(expect, sizeof expect, "frame %ld ", 1000 + id);
        break;
      default: /* a rate only this thread sets */
        CV_set_rate(g_corrupt, -1.0 - (double)id);
        want = CV_ERR_INVALID_ARGUMENTS;
        snprintf(expect, sizeof expect, "fps %ld ", -1 - id);
        break;
    }
    int code = CV_get_last_error_code(g_corrupt);
    const char* text = CV_get_last_error_text(g_corrupt);
    if (code != want || !strstr(text, expect)) {
      mismatched++;
      snprintf(detail, sizeof detail, "kind %d: got %d \"%.200s\", expected %d \"%s\"", kind, code, text,
               want, expect);
    }
  }
  pthread_mutex_lock(&g_lock);
  CHECK(mismatched == 0, "thread %ld: %d of %d errors were not its own (last: %s)", id, mismatched,
        ERROR_ROUNDS, detail);
  pthread_mutex_unlock(&g_lock);
  return NULL;
}

static void run(void* (*worker)(void*), int threads) {
  pthread_t t[MANY_THREADS];
  pthread_barrier_init(&g_start, NULL, (unsigned)threads);
  for (long i = 0; i < threads; i++) pthread_create(&t[i], NULL, worker, (void*)i);
  for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
  pthread_barrier_destroy(&g_start);
}

/* One call from a thread that then exits: its state on the handle goes to the next new thread. */
static void* one_call(void* arg) {
  long id = (long)arg;
  int e = (int)(id % g_nexp);
  const unsigned char* f = CV_get_frame(g_handle, g_frames[e]);
  char got[65] = "";
  if (f) sha256_hex(f, 640 * 320, got);
  return (void*)(intptr_t)(f != NULL && strcmp(got, g_sha[e]) == 0);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: host_pool URL FRAME:SHA256...\n");
    return 2;
  }
  const char* url = argv[1];
  for (int a = 2; a < argc && g_nexp < 16; a++) {
    if (parse_expect(argv[a], &g_frames[g_nexp], g_sha[g_nexp])) g_nexp++;
  }
  CHECK(g_nexp > 0, "golden frames given");
  if (g_nexp == 0) return finish("host_pool");
  g_handle = CV_create();
  int ok = CV_init(g_handle, url, 4242, 640, 320, "1.5.0", 0, 10, 200, 50, 10000, 10000);
  CHECK(ok, "init: %s", CV_get_last_error_text(g_handle));
  if (!ok) return finish("host_pool");
  run(frames_worker, THREADS);
  /* more threads than any fixed table would hold: every one still gets its own buffer */
  run(frames_worker, MANY_THREADS);
  /* thread churn: 100 threads one after the other, each one call, then gone */
  int good = 0;
  for (long i = 0; i < 100; i++) {
    pthread_t t;
    void* ok1 = NULL;
    pthread_create(&t, NULL, one_call, (void*)i);
    pthread_join(t, &ok1);
    good += ok1 != NULL;
  }
  CHECK(good == 100, "short-lived threads: %d of 100 got their frame", good);
  CV_destroy(g_handle);

  char corrupt[1024];
  snprintf(corrupt, sizeof corrupt, "%.*s/malformed/frame-zlib-corrupt.asvp", (int)(strrchr(url, '/') - url), url);
  g_corrupt = CV_create();
  ok = CV_init(g_corrupt, corrupt, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 10000, 10000);
  CHECK(ok, "init corrupt: %s", CV_get_last_error_text(g_corrupt));
  if (ok) run(errors_worker, THREADS);
  CV_destroy(g_corrupt);
  return finish("host_pool");
}
