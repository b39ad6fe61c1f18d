/*
 * alphastream.h - the CV_* C ABI of libalphastream.so (vertx-alphastream).
 *
 * Native hosts (game engines, VR players, P/Invoke) load libalphastream.so and call these functions.
 * The library starts (or attaches to) a JVM and drives the vertx-alphastream engine; see
 * docs/cabi.md for every function, ownership and threading rules, and a complete example.
 *
 * The first block of declarations is the historical interface: hosts already bind to these exact
 * signatures. Everything after "Additions" is new in this library.
 */
#ifndef ALPHASTREAM_H
#define ALPHASTREAM_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes of CV_get_last_error_code. */
enum CV_ErrorCode {
  CV_OK = 0,                    /* no error */
  CV_ERR_INVALID_ARGUMENTS = 1, /* NULL pointer, bad size/timeout/rate, start or frame index out of range */
  CV_ERR_INIT = 2,              /* any other CV_init failure: JVM/jar, URL, source, file, key, timeout */
  CV_ERR_FRAME_NOT_READY = 3,   /* frame not available within the data timeout (or unreadable) */
  CV_ERR_NOT_INITIALISED = 4,   /* call needs a successful CV_init first */
  CV_ERR_VERTICES_NOT_READY = 5 /* frame geometry not available within the data timeout */
};

/* ---- Compatibility interface (signatures unchanged) ----
 *
 * Handles and frames are opaque tokens, never addresses: a destroyed handle or released frame stays
 * invalid for the life of the process (it never aliases a newer one), so using it again fails safely.
 *
 * Errors are per handle AND per calling thread: CV_get_last_error_code/_text report the outcome of the
 * calling thread's own last call on the handle, whatever other threads do on it meanwhile. A thread that
 * has made no call on the handle sees the handle's most recent error (of any thread).
 *
 * Output: the library prints nothing on the host's stdout/stderr. The embedded JVM's log (and its
 * System.out/err) is discarded unless ALPHASTREAM_LOG names a file to append it to ("stderr" keeps the
 * JVM's own output, for development); see docs/cabi.md, "Logging".
 *
 * Pointer lifetimes (docs/cabi.md, "Ownership"):
 *  - CV_get_frame: width*height bytes (R8, stride = width, top-left, 0/255) in a buffer of the handle
 *    kept per calling thread: valid until the next CV_get_frame on the same handle from the same
 *    thread, or CV_destroy. Any number of threads may call at once; each has its own buffer (a thread
 *    that has exited leaves it to the next new thread). Never free it.
 *  - CV_get_triangle_strip_vertices: *out_vertices is the calling thread's buffer on the handle: valid
 *    until the next CV_get_triangle_strip_vertices on the same handle from the same thread, or
 *    CV_destroy. *out_count is a number of floats (x,y pairs, 6 per triangle: a triangle LIST, in
 *    native 2048x1024 file coordinates).
 *  - CV_get_last_error_text: copied per thread: valid until the same thread's next call of it.
 *  - CV_get_name / CV_get_version: static strings.
 */

void*              CV_create(void);
void               CV_destroy(void* h);
const char*        CV_get_name(void* h);
const char*        CV_get_version(void* h);
int                CV_get_last_error_code(void* h);      /* this thread's; -1 when h is not live */
const char*        CV_get_last_error_text(void* h);      /* this thread's; "OK" when no error */
unsigned int       CV_get_total_frames(void* h);
unsigned long long CV_get_frame_size(void* h);           /* width * height */
bool CV_init(void* h, const char* base_url, unsigned int scene_id, unsigned int width,
             unsigned int height, const char* version, unsigned int start_frame,
             unsigned int l0_buffer_length, unsigned int l1_buffer_length,
             unsigned int l1_buffer_init_length, unsigned int init_timeout_ms,
             unsigned int data_timeout_ms);
const void*        CV_get_frame(void* h, unsigned long long frame_index);
bool CV_get_triangle_strip_vertices(void* h, unsigned long long frame_index,
                                    const float** out_vertices, size_t* out_count);

/* ---- Additions ---- */

/* Passphrase for ASVR files (raw bytes, copied). Call before CV_init. Without it, CV_init uses the
 * ALPHASTREAM_PASSPHRASE environment variable (hex), read only when the file needs a key (a malformed
 * value does not affect ASVP files). Never compiled into the library. */
bool CV_set_passphrase(void* h, const unsigned char* bytes, size_t len);

/* Playback rate hint in frames per second for prefetching (0 = paused). */
bool CV_set_rate(void* h, double fps);

/* An owned R8 mask: valid until CV_Frame_Release, independent of every other call (including
 * CV_destroy of the handle it came from). */
typedef struct CV_Frame CV_Frame;

/* Frame index rasterized at w x h2 (0 x 0 = the size given to CV_init); NULL with the error set. */
CV_Frame*            CV_get_frame_ex(void* h, unsigned long long index, unsigned int w, unsigned int h2);
const unsigned char* CV_Frame_data(const CV_Frame* f);   /* w*h bytes, 0 or 255, top-left origin */
unsigned int         CV_Frame_width(const CV_Frame* f);
unsigned int         CV_Frame_height(const CV_Frame* f);
unsigned int         CV_Frame_stride(const CV_Frame* f); /* bytes per row (= width) */
unsigned long long   CV_Frame_index(const CV_Frame* f);
void                 CV_Frame_Release(CV_Frame* f);      /* NULL and repeated release are ignored */

#ifdef __cplusplus
}
#endif

#endif /* ALPHASTREAM_H */
