/*
 * Start-up as a host sees it: the time of the first CV_init (JVM start, class loading, opening the
 * stream) and of a second CV_init on a new handle in the same process (JVM already warm).
 *   host_start URL
 * Prints "first_init_ms=... second_init_ms=...". Not a test: a benchmark (docs/benchmarks.md).
 */
#include <time.h>

#include "testhost.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double timed_init(const char* url) {
  void* h = CV_create();
  double t0 = now_ms();
  int ok = CV_init(h, url, 4242, 640, 320, "1.5.0", 0, 10, 200, 1, 30000, 4000);
  double ms = now_ms() - t0;
  CHECK(ok, "CV_init: %d %s", CV_get_last_error_code(h), CV_get_last_error_text(h));
  CHECK(!ok || CV_get_frame(h, 0) != NULL, "frame 0: %s", CV_get_last_error_text(h));
  CV_destroy(h);
  return ms;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  double first = timed_init(argv[1]);
  double second = timed_init(argv[1]);
  printf("first_init_ms=%.0f second_init_ms=%.0f\n", first, second);
  return finish("host_start");
}
