/*
 * A user's program against the unpacked distribution archive (CabiDistributionIT builds it with gcc
 * against include/ and lib/ of the archive): opens the stream at 640x320, checks the golden frames
 * through CV_get_frame and CV_get_frame_ex, and prints which libjvm.so and class-data archives the
 * process mapped (from /proc/self/maps), so the test can tell the bundled runtime was used.
 *   host_dist URL FRAME:SHA256...
 */
#include "testhost.h"

/* Prints each distinct mapped file whose name ends with suffix, as "label=path". */
static void print_mapped(const char* label, const char* suffix) {
  FILE* f = fopen("/proc/self/maps", "r");
  if (!f) return;
  char line[4608], last[4096] = "";
  size_t slen = strlen(suffix);
  while (fgets(line, sizeof line, f)) {
    char* path = strchr(line, '/');
    if (!path) continue;
    path[strcspn(path, "\n")] = '\0';
    size_t len = strlen(path);
    if (len >= slen && strcmp(path + len - slen, suffix) == 0 && strcmp(path, last) != 0) {
      printf("%s=%s\n", label, path);
      snprintf(last, sizeof last, "%s", path);
    }
  }
  fclose(f);
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  void* h = CV_create();
  int ok = CV_init(h, argv[1], 4242, 640, 320, "1.5.0", 0, 10, 200, 50, 10000, 10000);
  CHECK(ok, "CV_init: %d %s", CV_get_last_error_code(h), CV_get_last_error_text(h));
  for (int i = 2; ok && i < argc; i++) {
    unsigned long long frame;
    char want[65], got[65];
    if (!parse_expect(argv[i], &frame, want)) return 2;
    const unsigned char* m = CV_get_frame(h, frame);
    CHECK(m != NULL, "frame %llu: %s", frame, CV_get_last_error_text(h));
    if (m) {
      sha256_hex(m, 640 * 320, got);
      CHECK(strcmp(got, want) == 0, "frame %llu: sha256 %s, golden %s", frame, got, want);
    }
    CV_Frame* f = CV_get_frame_ex(h, frame, 640, 320);
    CHECK(f != NULL, "frame_ex %llu: %s", frame, CV_get_last_error_text(h));
    if (f) {
      sha256_hex(CV_Frame_data(f), 640 * 320, got);
      CHECK(strcmp(got, want) == 0, "frame_ex %llu: sha256 %s, golden %s", frame, got, want);
      CV_Frame_Release(f);
    }
  }
  const float* v = NULL;
  size_t n = 0;
  CHECK(!ok || CV_get_triangle_strip_vertices(h, 0, &v, &n), "triangles: %s", CV_get_last_error_text(h));
  print_mapped("libjvm", "/libjvm.so");
  print_mapped("archive", ".jsa");
  CV_destroy(h);
  return finish("host_dist");
}
