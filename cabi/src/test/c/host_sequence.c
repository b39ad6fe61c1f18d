/*
 * Replays a real host's call sequence and compares frames with the golden masks.
 *   host_sequence URL FRAME:SHA256...   (640x320 golden hashes; passphrase from ALPHASTREAM_PASSPHRASE)
 */
#include "testhost.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: host_sequence URL FRAME:SHA256...\n");
    return 2;
  }
  const char* url = argv[1];
  void* h = CV_create();
  CHECK(h != NULL, "CV_create");
  CHECK(strlen(CV_get_name(h)) > 0 && strlen(CV_get_version(h)) > 0, "name and version");
  CHECK_ERR(h, CV_OK);

  int ok = CV_init(h, url, 4242, 640, 320, "1.5.0", 0, 10, 200, 50, 20000, 4000); // generous init wait: the first open includes key derivation on a possibly busy machine
  CHECK(ok, "CV_init: %d %s", CV_get_last_error_code(h), CV_get_last_error_text(h));
  if (!ok) return finish("host_sequence");
  CHECK_ERR(h, CV_OK);
  CHECK(strcmp(CV_get_last_error_text(h), "OK") == 0, "text after init: %s", CV_get_last_error_text(h));
  CHECK(CV_get_total_frames(h) == 240, "total frames %u", CV_get_total_frames(h));
  CHECK(CV_get_frame_size(h) == 640ull * 320, "frame size %llu", CV_get_frame_size(h));

  /* play through the file like a player: every frame, in order */
  int played = 0;
  for (unsigned long long i = 0; i < 240; i++) {
    const unsigned char* f = CV_get_frame(h, i);
    if (!f) {
      CHECK(0, "frame %llu: %d %s", i, CV_get_last_error_code(h), CV_get_last_error_text(h));
      continue;
    }
    played++;
    for (int a = 2; a < argc; a++) {
      unsigned long long want;
      char sha[65], got[65];
      if (parse_expect(argv[a], &want, sha) && want == i) {
        sha256_hex(f, 640 * 320, got);
        CHECK(strcmp(got, sha) == 0, "frame %llu: sha256 %s, golden %s", i, got, sha);
        int only_0_255 = 1;
        for (int k = 0; k < 640 * 320; k++) only_0_255 &= f[k] == 0 || f[k] == 255;
        CHECK(only_0_255, "frame %llu has values other than 0 and 255", i);
      }
    }
  }
  CHECK(played == 240, "played %d of 240 frames", played);

  /* seek back: golden frames again, now from the cache */
  for (int a = 2; a < argc; a++) {
    unsigned long long want;
    char sha[65], got[65];
    if (!parse_expect(argv[a], &want, sha)) continue;
    const unsigned char* f = CV_get_frame(h, want);
    CHECK(f != NULL, "frame %llu again: %s", want, CV_get_last_error_text(h));
    if (f) {
      sha256_hex(f, 640 * 320, got);
      CHECK(strcmp(got, sha) == 0, "frame %llu again: sha256 %s, golden %s", want, got, sha);
    }
    CV_Frame* fx = CV_get_frame_ex(h, want, 640, 320);
    CHECK(fx != NULL, "frame_ex %llu: %s", want, CV_get_last_error_text(h));
    if (fx) {
      sha256_hex(CV_Frame_data(fx), 640 * 320, got);
      CHECK(strcmp(got, sha) == 0, "frame_ex %llu: sha256 %s, golden %s", want, got, sha);
      CV_Frame_Release(fx);
    }
    const float* v = NULL;
    size_t n = 0;
    CHECK(CV_get_triangle_strip_vertices(h, want, &v, &n), "vertices %llu: %s", want,
          CV_get_last_error_text(h));
    CHECK(n > 0 && n % 6 == 0 && v != NULL, "vertices %llu: %zu floats", want, n);
    int in_range = 1;
    for (size_t k = 0; v && k < n; k++) in_range &= v[k] > -32769.0f && v[k] < 65536.0f;
    CHECK(in_range, "vertices in native coordinates");
  }
  CHECK(CV_set_rate(h, 30), "set rate: %s", CV_get_last_error_text(h));
  CV_destroy(h);
  return finish("host_sequence");
}
