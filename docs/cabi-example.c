/* Minimal host: open a stream, read one frame, print its coverage, clean up.
 *   gcc -o example cabi-example.c -I<dir of alphastream.h> -L<dir of .so> -lalphastream -Wl,-rpath,'$ORIGIN'
 *   ./example https://cdn.example.net/v/4242/small.asvr   (passphrase in ALPHASTREAM_PASSPHRASE, hex) */
#include <stdio.h>

#include "alphastream.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s URL-or-path\n", argv[0]);
    return 2;
  }
  void* h = CV_create();
  if (!CV_init(h, argv[1], 4242, 640, 320, "1.5.0", 0, 10, 200, 50, 4000, 4000)) {
    fprintf(stderr, "CV_init failed: %d %s\n", CV_get_last_error_code(h), CV_get_last_error_text(h));
    CV_destroy(h);
    return 1;
  }
  const unsigned char* mask = CV_get_frame(h, 0); /* 640*320 bytes; see "Ownership" */
  if (!mask) {
    fprintf(stderr, "frame 0: %d %s\n", CV_get_last_error_code(h), CV_get_last_error_text(h));
  } else {
    unsigned long long opaque = 0, size = CV_get_frame_size(h);
    for (unsigned long long i = 0; i < size; i++) opaque += mask[i] == 255;
    printf("%u frames; frame 0: %llu of %llu pixels opaque\n", CV_get_total_frames(h), opaque, size);
  }
  CV_Frame* f = CV_get_frame_ex(h, 1, 0, 0); /* owned: valid until CV_Frame_Release */
  CV_destroy(h);
  if (f) {
    printf("frame 1: %ux%u, stride %u\n", CV_Frame_width(f), CV_Frame_height(f), CV_Frame_stride(f));
    CV_Frame_Release(f);
  }
  return 0;
}
