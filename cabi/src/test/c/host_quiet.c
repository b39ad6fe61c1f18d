/*
 * The library prints nothing on the host's stdout/stderr, on any path: the host points both at a file
 * (dup2) and runs every kind of failure, then checks that the file is empty.
 *   host_quiet URL PASSHEX   (URL serves small.asvr; malformed/ fixtures next to it)
 */
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "testhost.h"

static char g_dir[1024];

static void url_in_dir(char* out, size_t len, const char* url, const char* name) {
  snprintf(out, len, "%.*s/%s", (int)(strrchr(url, '/') - url), url, name);
}

/* Each failure checks its code (so the path really ran); output would land in the captured file. */
static void failures(const char* url, const unsigned char* pass, size_t plen) {
  char u[1024];
  void* h = CV_create();
  /* bad arguments */
  CHECK(!CV_init(h, NULL, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "NULL url");
  CHECK(!CV_init(h, url, 4242, 0, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "zero width");
  CHECK(!CV_set_rate(h, -1), "bad rate");
  CHECK(CV_get_frame(h, 0) == NULL, "frame before init");
  CHECK(CV_get_frame(NULL, 0) == NULL && CV_get_last_error_code((void*)(uintptr_t)0x12345678a5u) == -1,
        "bad handles");
  /* bad path, bad URLs, unreachable server */
  CHECK(!CV_init(h, "/nonexistent/dir/x.asvp", 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "bad path");
  CHECK_ERR(h, CV_ERR_INIT);
  CHECK(!CV_init(h, "ftp://127.0.0.1/x.asvr", 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "ftp");
  CHECK_ERR(h, CV_ERR_INIT);
  CHECK(!CV_init(h, "http://[bad", 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "malformed URL");
  CHECK_ERR(h, CV_ERR_INIT);
  url_in_dir(u, sizeof u, url, "missing.asvr");
  CHECK(!CV_init(h, u, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "404");
  CHECK_ERR(h, CV_ERR_INIT);
  /* wrong key, no key */
  unsigned char wrong[32] = {9, 8, 7};
  CV_set_passphrase(h, wrong, sizeof wrong);
  CHECK(!CV_init(h, url, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "wrong key");
  CHECK_ERR(h, CV_ERR_INIT);
  void* nokey = CV_create();
  CHECK(!CV_init(nokey, url, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "no key");
  CHECK_ERR(nokey, CV_ERR_INIT);
  CV_destroy(nokey);
  /* malformed file; corrupt frame; out of range */
  url_in_dir(u, sizeof u, url, "malformed/bad-magic.asvp");
  CHECK(!CV_init(h, u, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "malformed");
  CHECK_ERR(h, CV_ERR_INIT);
  url_in_dir(u, sizeof u, url, "malformed/frame-zlib-corrupt.asvp");
  CHECK(CV_init(h, u, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 4000, 4000), "corrupt opens: %s",
        CV_get_last_error_text(h));
  CHECK(CV_get_frame(h, 1) == NULL, "corrupt frame");
  CHECK_ERR(h, CV_ERR_FRAME_NOT_READY);
  const float* v;
  size_t n;
  CHECK(!CV_get_triangle_strip_vertices(h, 1, &v, &n), "corrupt vertices");
  CHECK(CV_get_frame(h, 99999) == NULL, "out of range");
  CV_destroy(h);
  /* timeouts: opens that do not finish within 1..4 ms, closed while they are still running */
  for (unsigned t = 1; t <= 8; t++) {
    void* x = CV_create();
    CV_set_passphrase(x, pass, plen);
    if (!CV_init(x, url, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 1 + t % 4, 4000)) {
      CHECK_ERR(x, CV_ERR_INIT);
    }
    CV_destroy(x);
  }
  /* and a full good run afterwards: whatever the failures left behind settles meanwhile */
  void* g = CV_create();
  CV_set_passphrase(g, pass, plen);
  CHECK(CV_init(g, url, 4242, 64, 32, "1.5.0", 0, 10, 200, 5, 8000, 8000), "good init: %s",
        CV_get_last_error_text(g));
  for (unsigned long long i = 0; i < 240; i++) CHECK(CV_get_frame(g, i) != NULL, "frame %llu", i);
  CV_destroy(g);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: host_quiet URL PASSHEX\n");
    return 2;
  }
  unsigned char pass[64];
  size_t plen = strlen(argv[2]) / 2;
  for (size_t i = 0; i < plen && i < sizeof pass; i++) sscanf(argv[2] + 2 * i, "%2hhx", &pass[i]);

  snprintf(g_dir, sizeof g_dir, "/tmp/host_quiet_XXXXXX");
  int fd = mkstemp(g_dir);
  if (fd < 0) return 2;
  fflush(stdout);
  fflush(stderr);
  int saved_out = dup(1), saved_err = dup(2);
  dup2(fd, 1); /* from here on, anything written to fd 1 or 2 by anyone lands in the file */
  dup2(fd, 2);
  int failed_before = g_failures;
  failures(argv[1], pass, plen);
  fflush(stdout);
  fflush(stderr);
  dup2(saved_out, 1);
  dup2(saved_err, 2);

  off_t size = lseek(fd, 0, SEEK_END);
  char head[4096] = "";
  lseek(fd, 0, SEEK_SET);
  ssize_t got = read(fd, head, sizeof head - 1);
  head[got > 0 ? got : 0] = '\0';
  close(fd);
  unlink(g_dir);
  /* the CHECK failures above printed into the file too: report them as such */
  CHECK(g_failures == failed_before, "%d checks failed while captured (their text is in the output below)",
        g_failures - failed_before);
  CHECK(size == 0, "%lld bytes reached the host's stdout/stderr:\n%s", (long long)size, head);
  return finish("host_quiet");
}
