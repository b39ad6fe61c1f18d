/*
 * Memory of the embedded JVM as a host sees it: plays the stream at 1920x960 and 60 frames/s (one
 * CV_get_frame per tick, looping over the file) and reports the process's resident set.
 *   host_memory URL [SECONDS]
 * Prints "rss_kb after_init=... end=... peak=... after_destroy=... threads=... frames=..." for the
 * test to compare with its bound; fails when a frame is missing or not a 0/255 mask.
 */
#include <time.h>

#include "testhost.h"

/* A field of /proc/self/status in kB (VmRSS, VmHWM) or a count (Threads); -1 when absent. */
static long status_field(const char* name) {
  FILE* f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long value = -1;
  size_t len = strlen(name);
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, name, len) == 0 && line[len] == ':') {
      value = strtol(line + len + 1, NULL, 10);
      break;
    }
  }
  fclose(f);
  return value;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  double seconds = argc > 2 ? atof(argv[2]) : 60;
  void* h = CV_create();
  if (!CV_init(h, argv[1], 4242, 1920, 960, "1.5.0", 0, 30, 240, 60, 10000, 4000)) {
    fprintf(stderr, "init: %d %s\n", CV_get_last_error_code(h), CV_get_last_error_text(h));
    return 1;
  }
  long after_init = status_field("VmRSS");
  unsigned n = CV_get_total_frames(h);
  CHECK(n > 0, "no frames");
  unsigned long long size = CV_get_frame_size(h);
  long ticks = (long)(seconds * 60), bad = 0;
  struct timespec next;
  clock_gettime(CLOCK_MONOTONIC, &next);
  for (long t = 0; t < ticks && n > 0; t++) {
    const unsigned char* m = CV_get_frame(h, (unsigned long long)(t % n));
    if (!m) {
      CHECK(m != NULL, "frame %ld: %d %s", t % n, CV_get_last_error_code(h), CV_get_last_error_text(h));
      continue;
    }
    if (t % 97 == 0) { /* a mask holds 0 and 255 only */
      for (unsigned long long i = 0; i < size; i++) bad += m[i] != 0 && m[i] != 255;
    }
    if (t % 600 == 0) printf("t=%lds rss_kb=%ld\n", t / 60, status_field("VmRSS"));
    /* the host's frame clock: the next tick is 1/60 s after this one (absolute, so no drift) */
    next.tv_nsec += 1000000000L / 60;
    if (next.tv_nsec >= 1000000000L) {
      next.tv_nsec -= 1000000000L;
      next.tv_sec++;
    }
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
  }
  CHECK(bad == 0, "%ld mask bytes other than 0 and 255", bad);
  long end = status_field("VmRSS"), peak = status_field("VmHWM"), threads = status_field("Threads");
  CV_destroy(h);
  printf("rss_kb after_init=%ld end=%ld peak=%ld after_destroy=%ld threads=%ld frames=%ld\n", after_init, end,
         peak, status_field("VmRSS"), threads, ticks);
  return finish("host_memory");
}
