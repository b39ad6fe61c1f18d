/*
 * 4 threads on 2 handles: each thread reads frames through CV_get_frame (per-thread buffer) and
 * CV_get_frame_ex and checks the golden hashes.   host_threads URL FRAME:SHA256...
 */
#include <pthread.h>

#include "testhost.h"

#define THREADS 4
#define ROUNDS 40

static const char* g_url;
static int g_nexp;
static unsigned long long g_frames[16];
static char g_sha[16][65];
static void* g_handles[2];
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

static void* worker(void* arg) {
  long id = (long)arg;
  void* h = g_handles[id % 2];
  int bad = 0, done = 0;
  for (int r = 0; r < ROUNDS; r++) {
    int e = (int)((r + id) % g_nexp);
    char got[65];
    const unsigned char* f = CV_get_frame(h, g_frames[e]);
    if (!f) {
      bad++;
      fprintf(stderr, "thread %ld frame %llu: %s\n", id, g_frames[e], CV_get_last_error_text(h));
      continue;
    }
    sha256_hex(f, 640 * 320, got); /* buffer belongs to this thread until its next call */
    if (strcmp(got, g_sha[e]) != 0) {
      bad++;
      fprintf(stderr, "thread %ld frame %llu: wrong pixels\n", id, g_frames[e]);
    }
    CV_Frame* fx = CV_get_frame_ex(h, g_frames[(e + 1) % g_nexp], 0, 0);
    if (!fx) {
      bad++;
      continue;
    }
    sha256_hex(CV_Frame_data(fx), 640 * 320, got);
    if (strcmp(got, g_sha[(e + 1) % g_nexp]) != 0) bad++;
    CV_Frame_Release(fx);
    const float* v;
    size_t n;
    if (!CV_get_triangle_strip_vertices(h, g_frames[e], &v, &n) || n == 0) bad++;
    done++;
  }
  pthread_mutex_lock(&g_lock);
  CHECK(bad == 0, "thread %ld: %d bad results", id, bad);
  CHECK(done == ROUNDS, "thread %ld: %d rounds", id, done);
  pthread_mutex_unlock(&g_lock);
  return NULL;
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  g_url = argv[1];
  for (int a = 2; a < argc && g_nexp < 16; a++) {
    if (parse_expect(argv[a], &g_frames[g_nexp], g_sha[g_nexp])) g_nexp++;
  }
  for (int i = 0; i < 2; i++) {
    g_handles[i] = CV_create();
    int ok = CV_init(g_handles[i], g_url, 4242, 640, 320, "1.5.0", 0, 10, 200, 50, 4000, 4000);
    CHECK(ok, "init %d: %s", i, CV_get_last_error_text(g_handles[i]));
    if (!ok) return finish("host_threads");
  }
  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, (void*)i);
  for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
  /* destroy one handle while the other keeps working */
  CV_destroy(g_handles[0]);
  CHECK(CV_get_frame(g_handles[1], g_frames[0]) != NULL, "other handle still works: %s",
        CV_get_last_error_text(g_handles[1]));
  CV_destroy(g_handles[1]);
  return finish("host_threads");
}
