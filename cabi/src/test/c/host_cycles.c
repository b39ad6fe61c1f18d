/*
 * Leak check by repetition: 1000 create/destroy cycles, then create/init/get/destroy loops, with the
 * resident set read from /proc/self/statm.   host_cycles URL [LOOPS]
 */
#include <unistd.h>

#include "testhost.h"

static long rss_kib(void) {
  long pages = 0, resident = 0;
  FILE* f = fopen("/proc/self/statm", "r");
  if (!f) return -1;
  if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
  fclose(f);
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Everything a handle can hold without a JVM: rate, passphrase copy, an error text. */
static void create_destroy_cycle(int i) {
  void* h = CV_create();
  CHECK(h != NULL, "create %d", i);
  CV_set_rate(h, 60);
  CV_set_passphrase(h, (const unsigned char*)"0123456789abcdef", 16);
  CHECK(CV_get_frame(h, 0) == NULL, "not initialised"); /* error path: sets the error text */
  CV_destroy(h);
}

/* Threads of this process (the JVM's included), from /proc/self/status. */
static long thread_count(void) {
  char line[256];
  long n = -1;
  FILE* f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "Threads: %ld", &n) == 1) break;
  }
  fclose(f);
  return n;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* url = argv[1];
  int loops = argc > 2 ? atoi(argv[2]) : 30;

  /* A handle is about 1.5 KiB (per-thread slots, error text): 1000 leaked handles would add about
   * 1.5 MiB, leaked passphrase copies 32 KiB. The same cycles run first as a warm-up, so the allocator's
   * arena, the registry and every code page they touch are resident before the measurement; then
   * 1000 cycles may grow RSS by less than 16 KiB (measured: 0-4 KiB; leaking any heap block a cycle, 32 bytes or more with glibc, fails). */
  for (int i = 0; i < 200; i++) create_destroy_cycle(i);
  rss_kib(); /* the first reading pages in stdio's code and buffers after it has read the count */
  long before = rss_kib();
  for (int i = 0; i < 1000; i++) create_destroy_cycle(i);
  long after = rss_kib();
  printf("create/destroy x1000: rss %ld KiB -> %ld KiB\n", before, after);
  CHECK(after - before < 16, "1000 create/destroy cycles grew RSS by %ld KiB", after - before);

  /* create/init/get/destroy: warm up (JVM start, class loading, JIT), then measure */
  long warm = 0, warm_threads = 0;
  long samples[4] = {0};
  for (int i = 0; i < loops; i++) {
    void* h = CV_create();
    int ok = CV_init(h, url, 4242, 640, 320, "1.5.0", (unsigned)(i % 200), 10, 200, 10, 4000, 4000);
    CHECK(ok, "init %d: %s", i, CV_get_last_error_text(h));
    for (int k = 0; ok && k < 5; k++) {
      CHECK(CV_get_frame(h, (unsigned long long)(i % 200 + k)) != NULL, "frame: %s", CV_get_last_error_text(h));
      CV_Frame* f = CV_get_frame_ex(h, (unsigned long long)k, 320, 160);
      CHECK(f != NULL, "frame_ex: %s", CV_get_last_error_text(h));
      CV_Frame_Release(f);
      const float* v;
      size_t n;
      CHECK(CV_get_triangle_strip_vertices(h, (unsigned long long)k, &v, &n), "vertices");
    }
    CV_destroy(h);
    if (i == loops / 3) {
      warm = rss_kib();
      warm_threads = thread_count();
    }
    if (i >= loops - 4) samples[i - (loops - 4)] = rss_kib();
  }
  long end = rss_kib();
  printf("create/init/get/destroy x%d: rss after warm-up %ld KiB, at end %ld KiB (last: %ld %ld %ld %ld)\n",
         loops, warm, end, samples[0], samples[1], samples[2], samples[3]);
  /* The JVM heap and code cache grow in steps up to their caps (-Xmx of the default JVM options); a leak
   * of one stream per loop (Vert.x, threads, buffers) would add megabytes per loop. */
  CHECK(end - warm < 48 * 1024, "RSS grew by %ld KiB after warm-up over %d loops", end - warm,
        loops - loops / 3);
  /* Exact where RSS is coarse: every stream closed by CV_destroy takes its threads along (a leaked
   * Vert.x instance or worker pool would add several per loop). The JIT may start compiler threads
   * (measured: +2). */
  long end_threads = thread_count();
  printf("threads: after warm-up %ld, at end %ld\n", warm_threads, end_threads);
  CHECK(end_threads <= warm_threads + 8, "threads grew from %ld to %ld after warm-up", warm_threads,
        end_threads);
  return finish("host_cycles");
}
