/*
 * CV_get_frame from C at 1920x960: hit latency (frame in the mask cache) and frames/s when playing
 * through the file.   host_bench URL [SECONDS]
 */
#include <time.h>

#include "testhost.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  double seconds = argc > 2 ? atof(argv[2]) : 3;
  void* h = CV_create();
  if (!CV_init(h, argv[1], 4242, 1920, 960, "1.5.0", 0, 30, 240, 240, 10000, 4000)) {
    fprintf(stderr, "init: %s\n", CV_get_last_error_text(h));
    return 1;
  }
  unsigned n = CV_get_total_frames(h);
  /* play through once: frames/s with decode + rasterize (cold) */
  double t0 = now_s();
  for (unsigned i = 0; i < n; i++) {
    if (!CV_get_frame(h, i)) {
      fprintf(stderr, "frame %u: %s\n", i, CV_get_last_error_text(h));
      return 1;
    }
  }
  double cold = n / (now_s() - t0);
  /* hit latency: the same frame again and again */
  enum { MAX_SAMPLES = 200000 };
  static double lat[MAX_SAMPLES];
  int count = 0;
  double end = now_s() + seconds;
  while (count < MAX_SAMPLES && now_s() < end) {
    double a = now_s();
    if (!CV_get_frame(h, 7)) return 1;
    lat[count++] = now_s() - a;
  }
  qsort(lat, count, sizeof(double), cmp_double);
  /* playing loop over all frames, warm */
  int frames = 0;
  t0 = now_s();
  end = t0 + seconds;
  while (now_s() < end) {
    if (!CV_get_frame(h, (unsigned)(frames % n))) return 1;
    frames++;
  }
  double warm = frames / (now_s() - t0);
  printf("CV_get_frame 1920x960: cold play-through %.1f frames/s; hit latency p50 %.3f ms, p99 %.3f ms "
         "(%d samples); warm loop %.1f frames/s\n",
         cold, lat[count / 2] * 1e3, lat[count * 99 / 100] * 1e3, count, warm);
  CV_destroy(h);
  return 0;
}
