/*
 * Start-up as a host sees it: the time of the first CV_init (JVM start, class loading, opening the
 * stream) and of a second CV_init on a new handle in the same process (JVM already warm).
 *   host_start URL
 * Prints wall-clock and process CPU milliseconds of both. Not a test: a benchmark (docs/benchmarks.md).
 */
#include <time.h>

#include "testhost.h"

static double clock_ms(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double g_cpu_ms; /* CPU time of the whole process (all threads) during the last timed_init */

static double timed_init(const char* url) {
  void* h = CV_create();
  double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
  int ok = CV_init(h, url, 4242, 640, 320, "1.5.0", 0, 10, 200, 1, 30000, 4000);
  double ms = clock_ms(CLOCK_MONOTONIC) - t0;
  g_cpu_ms = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
  CHECK(ok, "CV_init: %d %s", CV_get_last_error_code(h), CV_get_last_error_text(h));
  CHECK(!ok || CV_get_frame(h, 0) != NULL, "frame 0: %s", CV_get_last_error_text(h));
  CV_destroy(h);
  return ms;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  double first = timed_init(argv[1]);
  double first_cpu = g_cpu_ms;
  double second = timed_init(argv[1]);
  printf("first_init_ms=%.0f (cpu %.0f) second_init_ms=%.0f (cpu %.0f)\n", first, first_cpu, second, g_cpu_ms);
  return finish("host_start");
}
