/*
 * alphastream.c - libalphastream.so: the CV_* C ABI over the vertx-alphastream engine.
 *
 * A thin shim. It starts a JVM through the JNI Invocation API (or attaches to one already in the
 * process), and forwards each call to io.alphastream.cabi.CvExports. All policy (buffers, caching,
 * error translation) lives in Java; this file only guarantees that the host never crashes:
 *   - handles and CV_Frame objects are validated against registries before use, so NULL, stale and
 *     double-destroyed pointers produce error codes instead of undefined behaviour;
 *   - CV_destroy waits until calls in flight on the handle have left;
 *   - every JNI call runs inside a local frame, and pending Java exceptions are cleared and turned
 *     into error codes (the Java side already catches every Throwable).
 *
 * Per handle: a mutex for C state, a last error (code + text), and per-thread result buffers so
 * that a frame returned to one thread is not overwritten by another thread's call.
 */
#define _GNU_SOURCE
#include "alphastream.h"
#include "jvm.h"

#include <errno.h>
#include <jni.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CV_EXPORT __attribute__((visibility("default")))

#define CV_NAME "AlphaStream"
#define CV_VERSION "0.1.0"
#define CV_MAX_SIZE 16384u
#define CV_TEXT_MAX 512
#define CV_SLOTS 16
#define HANDLE_MAGIC 0x43564831u /* "CVH1" */
#define FRAME_MAGIC 0x43564631u  /* "CVF1" */

/* ------------------------------------------------------------------------------------------ */
/* Types                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/* Result buffers of one host thread on one handle. */
typedef struct {
  pthread_t owner;
  int used;         /* slot belongs to owner */
  int busy;         /* a call of owner is writing into it */
  unsigned char* frame;
  size_t frame_cap;
  float* verts;
  size_t verts_cap;
} cv_slot;

typedef struct cv_handle {
  unsigned int magic;
  pthread_mutex_t lock;    /* guards everything below */
  pthread_mutex_t init_lock; /* serialises CV_init */
  int busy;                /* calls in flight (guarded by g_reg_lock) */
  int closing;             /* CV_destroy started (guarded by g_reg_lock) */
  pthread_cond_t idle;     /* signalled when busy drops to 0 while closing */
  jobject session;         /* global ref to io.alphastream.cabi.CvSession, NULL before CV_init */
  int initialised;
  unsigned int width, height, total_frames;
  double rate;
  int rate_set;
  unsigned char* passphrase;
  size_t passphrase_len;
  int err;
  char err_text[CV_TEXT_MAX];
  cv_slot slots[CV_SLOTS];
  unsigned int next_evict;
} cv_handle;

struct CV_Frame {
  unsigned int magic;
  unsigned int width, height;
  unsigned long long index;
  unsigned char data[]; /* width * height */
};

/* ------------------------------------------------------------------------------------------ */
/* Registries of live pointers (handles, frames)                                              */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
  void** items;
  size_t count, cap;
} ptr_set;

static pthread_mutex_t g_reg_lock = PTHREAD_MUTEX_INITIALIZER;
static ptr_set g_handles;
static ptr_set g_frames;

static long set_find(const ptr_set* s, const void* p) {
  for (size_t i = 0; i < s->count; i++) {
    if (s->items[i] == p) return (long)i;
  }
  return -1;
}

static int set_add(ptr_set* s, void* p) {
  if (s->count == s->cap) {
    size_t n = s->cap ? s->cap * 2 : 16;
    void** items = realloc(s->items, n * sizeof(void*));
    if (!items) return 0;
    s->items = items;
    s->cap = n;
  }
  s->items[s->count++] = p;
  return 1;
}

static int set_remove(ptr_set* s, const void* p) {
  long i = set_find(s, p);
  if (i < 0) return 0;
  s->items[i] = s->items[--s->count];
  if (s->count == 0) { /* give the memory back when nothing is live (leak checkers, RSS) */
    free(s->items);
    s->items = NULL;
    s->cap = 0;
  }
  return 1;
}

/* A live handle with its busy count raised, or NULL. Pair with release(). */
static cv_handle* acquire(void* p) {
  if (!p) return NULL;
  cv_handle* h = NULL;
  pthread_mutex_lock(&g_reg_lock);
  if (set_find(&g_handles, p) >= 0) {
    h = (cv_handle*)p;
    if (h->closing) {
      h = NULL;
    } else {
      h->busy++;
    }
  }
  pthread_mutex_unlock(&g_reg_lock);
  return h;
}

static void release(cv_handle* h) {
  pthread_mutex_lock(&g_reg_lock);
  if (--h->busy == 0 && h->closing) pthread_cond_broadcast(&h->idle);
  pthread_mutex_unlock(&g_reg_lock);
}

/* ------------------------------------------------------------------------------------------ */
/* Errors                                                                                     */
/* ------------------------------------------------------------------------------------------ */

static void set_error(cv_handle* h, int code, const char* fmt, ...) {
  char text[CV_TEXT_MAX];
  if (code == CV_OK) {
    snprintf(text, sizeof text, "OK");
  } else {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
  }
  pthread_mutex_lock(&h->lock);
  h->err = code;
  memcpy(h->err_text, text, sizeof text);
  pthread_mutex_unlock(&h->lock);
}

static void set_ok(cv_handle* h) { set_error(h, CV_OK, NULL); }

/* ------------------------------------------------------------------------------------------ */
/* JVM                                                                                        */
/* ------------------------------------------------------------------------------------------ */

static pthread_mutex_t g_jvm_lock = PTHREAD_MUTEX_INITIALIZER;
static JavaVM* g_vm;
static jclass g_cls;              /* global ref: io.alphastream.cabi.CvExports */
static pthread_key_t g_detach_key;
static pthread_once_t g_key_once = PTHREAD_ONCE_INIT;

static jmethodID m_create, m_init, m_frame, m_triangles, m_frame_count, m_set_rate, m_close,
    m_last_code, m_last_text;

static void detach_thread(void* unused) {
  (void)unused;
  if (g_vm) (*g_vm)->DetachCurrentThread(g_vm);
}

static void make_key(void) { pthread_key_create(&g_detach_key, detach_thread); }

static int clear_exception(JNIEnv* env) {
  if ((*env)->ExceptionCheck(env)) {
    (*env)->ExceptionClear(env);
    return 1;
  }
  return 0;
}

static JNIEnv* env_get(void) {
  JNIEnv* env = NULL;
  jint r = (*g_vm)->GetEnv(g_vm, (void**)&env, JNI_VERSION_1_8);
  if (r == JNI_OK) return env;
  if (r != JNI_EDETACHED) return NULL;
  JavaVMAttachArgs args = {JNI_VERSION_1_8, "alphastream-host", NULL};
  if ((*g_vm)->AttachCurrentThreadAsDaemon(g_vm, (void**)&env, &args) != JNI_OK) return NULL;
  pthread_setspecific(g_detach_key, (void*)1); /* detach when the host thread exits */
  return env;
}

/* Starts or finds the JVM (jvm.c) and resolves CvExports; 1 on success, else 0 with err filled. */
static int jvm_ready(char* err, size_t errlen) {
  pthread_once(&g_key_once, make_key);
  pthread_mutex_lock(&g_jvm_lock);
  if (g_cls) {
    pthread_mutex_unlock(&g_jvm_lock);
    return 1;
  }
  int created = 0;
  JavaVM* vm = cv_jvm_open(&created, err, errlen);
  if (!vm) {
    pthread_mutex_unlock(&g_jvm_lock);
    return 0;
  }
  g_vm = vm;
  if (created) pthread_setspecific(g_detach_key, (void*)1); /* the creating thread is attached */
  JNIEnv* env = env_get();
  if (!env) {
    snprintf(err, errlen, "cannot attach this thread to the running JVM");
    pthread_mutex_unlock(&g_jvm_lock);
    return 0;
  }
  (*env)->PushLocalFrame(env, 64);
  jclass cls = cv_jvm_exports_class(env, created, err, errlen);
  if (!cls) {
    (*env)->PopLocalFrame(env, NULL);
    pthread_mutex_unlock(&g_jvm_lock);
    return 0;
  }
#define METHOD(var, name, sig)                                  \
  var = (*env)->GetStaticMethodID(env, cls, name, sig);         \
  if (!var) goto missing;
  METHOD(m_create, "create", "()Ljava/lang/Object;");
  METHOD(m_init, "init", "(Ljava/lang/Object;[BJII[BJIIIII[BDZ)I");
  METHOD(m_frame, "frame", "(Ljava/lang/Object;JIILjava/nio/ByteBuffer;)I");
  METHOD(m_triangles, "triangles", "(Ljava/lang/Object;J)[F");
  METHOD(m_frame_count, "frameCount", "(Ljava/lang/Object;)I");
  METHOD(m_set_rate, "setRate", "(Ljava/lang/Object;D)I");
  METHOD(m_close, "close", "(Ljava/lang/Object;)V");
  METHOD(m_last_code, "lastCode", "()I");
  METHOD(m_last_text, "lastText", "()[B");
  jmethodID warm = (*env)->GetStaticMethodID(env, cls, "warmUp", "()V");
  if (!warm) goto missing;
#undef METHOD
  (*env)->CallStaticVoidMethod(env, cls, warm); /* class loading before, not inside, init timeouts */
  clear_exception(env);
  g_cls = (*env)->NewGlobalRef(env, cls);
  (*env)->PopLocalFrame(env, NULL);
  pthread_mutex_unlock(&g_jvm_lock);
  return g_cls != NULL;
missing:
  clear_exception(env);
  snprintf(err, errlen, "io.alphastream.cabi.CvExports on %.300s does not match this library",
           cv_jvm_class_path());
  (*env)->PopLocalFrame(env, NULL);
  pthread_mutex_unlock(&g_jvm_lock);
  return 0;
}

/* After a Java call that reported failure: copy the thread's error code and text into h. */
static void java_error(cv_handle* h, JNIEnv* env, int fallback_code) {
  if (clear_exception(env)) {
    set_error(h, fallback_code, "internal error in the Java engine");
    return;
  }
  int code = (*env)->CallStaticIntMethod(env, g_cls, m_last_code);
  jbyteArray text = (jbyteArray)(*env)->CallStaticObjectMethod(env, g_cls, m_last_text);
  if (clear_exception(env) || !text || code <= 0) {
    set_error(h, fallback_code, "internal error in the Java engine");
    return;
  }
  char buf[CV_TEXT_MAX];
  jsize len = (*env)->GetArrayLength(env, text);
  if (len > CV_TEXT_MAX - 1) len = CV_TEXT_MAX - 1;
  (*env)->GetByteArrayRegion(env, text, 0, len, (jbyte*)buf);
  buf[len] = '\0';
  set_error(h, code, "%s", buf);
}

static jbyteArray new_bytes(JNIEnv* env, const void* data, size_t len) {
  jbyteArray a = (*env)->NewByteArray(env, (jsize)len);
  if (a && len) (*env)->SetByteArrayRegion(env, a, 0, (jsize)len, (const jbyte*)data);
  return a;
}

/* ------------------------------------------------------------------------------------------ */
/* Per-thread result slots                                                                    */
/* ------------------------------------------------------------------------------------------ */

/* The calling thread's slot, marked busy; NULL when all slots are busy. Caller holds no lock. */
static cv_slot* slot_take(cv_handle* h) {
  pthread_t self = pthread_self();
  cv_slot* found = NULL;
  pthread_mutex_lock(&h->lock);
  for (int i = 0; i < CV_SLOTS && !found; i++) {
    if (h->slots[i].used && pthread_equal(h->slots[i].owner, self)) found = &h->slots[i];
  }
  for (int i = 0; i < CV_SLOTS && !found; i++) {
    if (!h->slots[i].used) found = &h->slots[i];
  }
  for (int k = 0; k < CV_SLOTS && !found; k++) { /* evict a slot of another thread that is idle */
    cv_slot* s = &h->slots[(h->next_evict + k) % CV_SLOTS];
    if (!s->busy) {
      found = s;
      h->next_evict = (h->next_evict + k + 1) % CV_SLOTS;
    }
  }
  if (found) {
    if (found->busy && !pthread_equal(found->owner, self)) found = NULL;
  }
  if (found) {
    found->used = 1;
    found->owner = self;
    found->busy = 1;
  }
  pthread_mutex_unlock(&h->lock);
  return found;
}

static void slot_done(cv_handle* h, cv_slot* s) {
  pthread_mutex_lock(&h->lock);
  s->busy = 0;
  pthread_mutex_unlock(&h->lock);
}

/* ------------------------------------------------------------------------------------------ */
/* Compatibility interface                                                                    */
/* ------------------------------------------------------------------------------------------ */

CV_EXPORT void* CV_create(void) {
  cv_handle* h = calloc(1, sizeof *h);
  if (!h) return NULL;
  h->magic = HANDLE_MAGIC;
  pthread_mutex_init(&h->lock, NULL);
  pthread_mutex_init(&h->init_lock, NULL);
  pthread_cond_init(&h->idle, NULL);
  snprintf(h->err_text, sizeof h->err_text, "OK");
  pthread_mutex_lock(&g_reg_lock);
  int ok = set_add(&g_handles, h);
  pthread_mutex_unlock(&g_reg_lock);
  if (!ok) {
    pthread_cond_destroy(&h->idle);
    pthread_mutex_destroy(&h->init_lock);
    pthread_mutex_destroy(&h->lock);
    free(h);
    return NULL;
  }
  return h;
}

CV_EXPORT void CV_destroy(void* p) {
  if (!p) return;
  pthread_mutex_lock(&g_reg_lock);
  if (set_find(&g_handles, p) < 0 || ((cv_handle*)p)->closing) {
    pthread_mutex_unlock(&g_reg_lock); /* NULL, unknown or already destroyed: nothing to do */
    return;
  }
  cv_handle* h = (cv_handle*)p;
  h->closing = 1;
  while (h->busy > 0) pthread_cond_wait(&h->idle, &g_reg_lock);
  set_remove(&g_handles, h);
  pthread_mutex_unlock(&g_reg_lock);

  if (h->session && g_vm) {
    JNIEnv* env = env_get();
    if (env) {
      (*env)->CallStaticVoidMethod(env, g_cls, m_close, h->session);
      clear_exception(env);
      (*env)->DeleteGlobalRef(env, h->session);
    }
  }
  for (int i = 0; i < CV_SLOTS; i++) {
    free(h->slots[i].frame);
    free(h->slots[i].verts);
  }
  if (h->passphrase) {
    memset(h->passphrase, 0, h->passphrase_len);
    free(h->passphrase);
  }
  h->magic = 0;
  pthread_cond_destroy(&h->idle);
  pthread_mutex_destroy(&h->init_lock);
  pthread_mutex_destroy(&h->lock);
  free(h);
}

CV_EXPORT const char* CV_get_name(void* h) {
  (void)h;
  return CV_NAME;
}

CV_EXPORT const char* CV_get_version(void* h) {
  (void)h;
  return CV_VERSION;
}

CV_EXPORT int CV_get_last_error_code(void* p) {
  cv_handle* h = acquire(p);
  if (!h) return -1;
  pthread_mutex_lock(&h->lock);
  int code = h->err;
  pthread_mutex_unlock(&h->lock);
  release(h);
  return code;
}

/* Copied per thread: valid until this thread's next CV_get_last_error_text, whatever else happens. */
static __thread char tls_error_text[CV_TEXT_MAX];

CV_EXPORT const char* CV_get_last_error_text(void* p) {
  if (!p) return "invalid handle: NULL";
  cv_handle* h = acquire(p);
  if (!h) return "invalid handle: not created by CV_create or already destroyed";
  pthread_mutex_lock(&h->lock);
  memcpy(tls_error_text, h->err_text, CV_TEXT_MAX);
  pthread_mutex_unlock(&h->lock);
  release(h);
  return tls_error_text;
}

static int initialised(cv_handle* h) {
  pthread_mutex_lock(&h->lock);
  int v = h->initialised;
  pthread_mutex_unlock(&h->lock);
  return v;
}

CV_EXPORT unsigned int CV_get_total_frames(void* p) {
  cv_handle* h = acquire(p);
  if (!h) return 0;
  unsigned int n = 0;
  if (!initialised(h)) {
    set_error(h, CV_ERR_NOT_INITIALISED, "CV_get_total_frames: call CV_init first");
  } else {
    pthread_mutex_lock(&h->lock);
    n = h->total_frames;
    pthread_mutex_unlock(&h->lock);
  }
  release(h);
  return n;
}

CV_EXPORT unsigned long long CV_get_frame_size(void* p) {
  cv_handle* h = acquire(p);
  if (!h) return 0;
  unsigned long long n = 0;
  if (!initialised(h)) {
    set_error(h, CV_ERR_NOT_INITIALISED, "CV_get_frame_size: call CV_init first");
  } else {
    pthread_mutex_lock(&h->lock);
    n = (unsigned long long)h->width * h->height;
    pthread_mutex_unlock(&h->lock);
  }
  release(h);
  return n;
}

CV_EXPORT bool CV_init(void* p, const char* base_url, unsigned int scene_id, unsigned int width,
                       unsigned int height, const char* version, unsigned int start_frame,
                       unsigned int l0_buffer_length, unsigned int l1_buffer_length,
                       unsigned int l1_buffer_init_length, unsigned int init_timeout_ms,
                       unsigned int data_timeout_ms) {
  cv_handle* h = acquire(p);
  if (!h) return false;
  bool ok = false;
  if (!base_url || !*base_url) {
    set_error(h, CV_ERR_INVALID_ARGUMENTS, "CV_init: base_url is NULL or empty");
    goto out;
  }
  if (!version) {
    set_error(h, CV_ERR_INVALID_ARGUMENTS, "CV_init: version is NULL");
    goto out;
  }
  if (width == 0 || height == 0 || width > CV_MAX_SIZE || height > CV_MAX_SIZE) {
    set_error(h, CV_ERR_INVALID_ARGUMENTS, "CV_init: size %ux%u is outside 1..%u", width, height,
              CV_MAX_SIZE);
    goto out;
  }
  if (init_timeout_ms > 0x7fffffffu || data_timeout_ms > 0x7fffffffu || l0_buffer_length > 0x7fffffffu ||
      l1_buffer_length > 0x7fffffffu || l1_buffer_init_length > 0x7fffffffu) {
    set_error(h, CV_ERR_INVALID_ARGUMENTS, "CV_init: buffer length or timeout above 2^31-1");
    goto out;
  }
  char err[CV_TEXT_MAX];
  if (!jvm_ready(err, sizeof err)) {
    set_error(h, CV_ERR_INIT, "CV_init: %s", err);
    goto out;
  }
  JNIEnv* env = env_get();
  if (!env) {
    set_error(h, CV_ERR_INIT, "CV_init: cannot attach this thread to the JVM");
    goto out;
  }
  pthread_mutex_lock(&h->init_lock);
  (*env)->PushLocalFrame(env, 16);
  if (!h->session) {
    jobject s = (*env)->CallStaticObjectMethod(env, g_cls, m_create);
    if (clear_exception(env) || !s) {
      set_error(h, CV_ERR_INIT, "CV_init: cannot create the Java session");
      goto unlock;
    }
    h->session = (*env)->NewGlobalRef(env, s);
  }
  pthread_mutex_lock(&h->lock);
  h->initialised = 0; /* a failed re-init leaves the handle uninitialised */
  double rate = h->rate;
  int rate_set = h->rate_set;
  jbyteArray pass = h->passphrase ? new_bytes(env, h->passphrase, h->passphrase_len) : NULL;
  pthread_mutex_unlock(&h->lock);
  jbyteArray url = new_bytes(env, base_url, strlen(base_url));
  jbyteArray ver = new_bytes(env, version, strlen(version));
  if (!url || !ver) {
    clear_exception(env);
    set_error(h, CV_ERR_INIT, "CV_init: out of Java memory");
    goto unlock;
  }
  jint rc = (*env)->CallStaticIntMethod(
      env, g_cls, m_init, h->session, url, (jlong)scene_id, (jint)width, (jint)height, ver,
      (jlong)start_frame, (jint)l0_buffer_length, (jint)l1_buffer_length, (jint)l1_buffer_init_length,
      (jint)init_timeout_ms, (jint)data_timeout_ms, pass, rate, rate_set ? JNI_TRUE : JNI_FALSE);
  if (pass) { /* do not leave the passphrase in the Java heap longer than needed */
    jbyte zero[64] = {0};
    for (jsize i = 0, len = (*env)->GetArrayLength(env, pass); i < len; i += 64) {
      (*env)->SetByteArrayRegion(env, pass, i, len - i < 64 ? len - i : 64, zero);
    }
  }
  if (clear_exception(env) || rc != 0) {
    java_error(h, env, CV_ERR_INIT);
    goto unlock;
  }
  jint frames = (*env)->CallStaticIntMethod(env, g_cls, m_frame_count, h->session);
  if (clear_exception(env) || frames < 0) {
    java_error(h, env, CV_ERR_INIT);
    goto unlock;
  }
  pthread_mutex_lock(&h->lock);
  h->width = width;
  h->height = height;
  h->total_frames = (unsigned int)frames;
  h->initialised = 1;
  pthread_mutex_unlock(&h->lock);
  set_ok(h);
  ok = true;
unlock:
  (*env)->PopLocalFrame(env, NULL);
  pthread_mutex_unlock(&h->init_lock);
out:
  release(h);
  return ok;
}

/* Rasterizes frame index at w x hh into dst (w*hh bytes). 1 on success, else error set on h. */
static int fetch_frame(cv_handle* h, unsigned long long index, unsigned int w, unsigned int hh,
                       unsigned char* dst, const char* fn) {
  pthread_mutex_lock(&h->lock);
  unsigned int total = h->total_frames;
  pthread_mutex_unlock(&h->lock);
  if (index >= total) {
    set_error(h, CV_ERR_INVALID_ARGUMENTS, "%s: frame %llu is out of range (0..%u)", fn, index,
              total ? total - 1 : 0);
    return 0;
  }
  JNIEnv* env = env_get();
  if (!env) {
    set_error(h, CV_ERR_FRAME_NOT_READY, "%s: cannot attach this thread to the JVM", fn);
    return 0;
  }
  if ((*env)->PushLocalFrame(env, 8) != 0) {
    clear_exception(env);
    set_error(h, CV_ERR_FRAME_NOT_READY, "%s: out of Java memory", fn);
    return 0;
  }
  int ok = 0;
  jobject buf = (*env)->NewDirectByteBuffer(env, dst, (jlong)w * hh);
  if (!buf) {
    clear_exception(env);
    set_error(h, CV_ERR_FRAME_NOT_READY, "%s: cannot wrap the frame buffer", fn);
  } else {
    jint rc = (*env)->CallStaticIntMethod(env, g_cls, m_frame, h->session, (jlong)index, (jint)w,
                                          (jint)hh, buf);
    if (clear_exception(env) || rc != 0) {
      java_error(h, env, CV_ERR_FRAME_NOT_READY);
    } else {
      set_ok(h);
      ok = 1;
    }
  }
  (*env)->PopLocalFrame(env, NULL);
  return ok;
}

CV_EXPORT const void* CV_get_frame(void* p, unsigned long long frame_index) {
  cv_handle* h = acquire(p);
  if (!h) return NULL;
  const void* result = NULL;
  if (!initialised(h)) {
    set_error(h, CV_ERR_NOT_INITIALISED, "CV_get_frame: call CV_init first");
    goto out;
  }
  cv_slot* s = slot_take(h);
  if (!s) {
    set_error(h, CV_ERR_FRAME_NOT_READY, "CV_get_frame: more than %d threads at once on one handle",
              CV_SLOTS);
    goto out;
  }
  pthread_mutex_lock(&h->lock);
  size_t need = (size_t)h->width * h->height;
  unsigned int w = h->width, hh = h->height;
  pthread_mutex_unlock(&h->lock);
  if (s->frame_cap < need) {
    unsigned char* b = realloc(s->frame, need);
    if (!b) {
      set_error(h, CV_ERR_FRAME_NOT_READY, "CV_get_frame: out of memory for %zu bytes", need);
      slot_done(h, s);
      goto out;
    }
    s->frame = b;
    s->frame_cap = need;
  }
  if (fetch_frame(h, frame_index, w, hh, s->frame, "CV_get_frame")) result = s->frame;
  slot_done(h, s);
out:
  release(h);
  return result;
}

static const float k_no_vertices[1] = {0};

CV_EXPORT bool CV_get_triangle_strip_vertices(void* p, unsigned long long frame_index,
                                              const float** out_vertices, size_t* out_count) {
  cv_handle* h = acquire(p);
  if (!h) return false;
  bool ok = false;
  if (!out_vertices || !out_count) {
    set_error(h, CV_ERR_INVALID_ARGUMENTS, "CV_get_triangle_strip_vertices: NULL output pointer");
    goto out;
  }
  *out_vertices = NULL;
  *out_count = 0;
  if (!initialised(h)) {
    set_error(h, CV_ERR_NOT_INITIALISED, "CV_get_triangle_strip_vertices: call CV_init first");
    goto out;
  }
  pthread_mutex_lock(&h->lock);
  unsigned int total = h->total_frames;
  pthread_mutex_unlock(&h->lock);
  if (frame_index >= total) {
    set_error(h, CV_ERR_INVALID_ARGUMENTS,
              "CV_get_triangle_strip_vertices: frame %llu is out of range (0..%u)", frame_index,
              total ? total - 1 : 0);
    goto out;
  }
  JNIEnv* env = env_get();
  if (!env) {
    set_error(h, CV_ERR_VERTICES_NOT_READY, "CV_get_triangle_strip_vertices: cannot attach thread");
    goto out;
  }
  cv_slot* s = slot_take(h);
  if (!s) {
    set_error(h, CV_ERR_VERTICES_NOT_READY,
              "CV_get_triangle_strip_vertices: more than %d threads at once on one handle", CV_SLOTS);
    goto out;
  }
  (*env)->PushLocalFrame(env, 8);
  jfloatArray arr = (jfloatArray)(*env)->CallStaticObjectMethod(env, g_cls, m_triangles, h->session,
                                                                (jlong)frame_index);
  if (clear_exception(env) || !arr) {
    java_error(h, env, CV_ERR_VERTICES_NOT_READY);
  } else {
    size_t n = (size_t)(*env)->GetArrayLength(env, arr);
    if (n > s->verts_cap) {
      float* b = realloc(s->verts, n * sizeof(float));
      if (!b) {
        set_error(h, CV_ERR_VERTICES_NOT_READY, "CV_get_triangle_strip_vertices: out of memory");
        goto pop;
      }
      s->verts = b;
      s->verts_cap = n;
    }
    if (n) (*env)->GetFloatArrayRegion(env, arr, 0, (jsize)n, s->verts);
    *out_vertices = n ? s->verts : k_no_vertices;
    *out_count = n;
    set_ok(h);
    ok = true;
  }
pop:
  (*env)->PopLocalFrame(env, NULL);
  slot_done(h, s);
out:
  release(h);
  return ok;
}

/* ------------------------------------------------------------------------------------------ */
/* Additions                                                                                  */
/* ------------------------------------------------------------------------------------------ */

CV_EXPORT bool CV_set_passphrase(void* p, const unsigned char* bytes, size_t len) {
  cv_handle* h = acquire(p);
  if (!h) return false;
  bool ok = false;
  if (!bytes || len == 0 || len > 4096) {
    set_error(h, CV_ERR_INVALID_ARGUMENTS, "CV_set_passphrase: need 1..4096 bytes");
    goto out;
  }
  unsigned char* copy = malloc(len);
  if (!copy) {
    set_error(h, CV_ERR_INVALID_ARGUMENTS, "CV_set_passphrase: out of memory");
    goto out;
  }
  memcpy(copy, bytes, len);
  pthread_mutex_lock(&h->lock);
  if (h->passphrase) {
    memset(h->passphrase, 0, h->passphrase_len);
    free(h->passphrase);
  }
  h->passphrase = copy;
  h->passphrase_len = len;
  pthread_mutex_unlock(&h->lock);
  set_ok(h);
  ok = true;
out:
  release(h);
  return ok;
}

CV_EXPORT bool CV_set_rate(void* p, double fps) {
  cv_handle* h = acquire(p);
  if (!h) return false;
  bool ok = false;
  if (!isfinite(fps) || fps < 0 || fps > 1000) {
    set_error(h, CV_ERR_INVALID_ARGUMENTS, "CV_set_rate: fps must be within 0..1000");
    goto out;
  }
  pthread_mutex_lock(&h->lock);
  h->rate = fps;
  h->rate_set = 1;
  pthread_mutex_unlock(&h->lock);
  if (initialised(h)) {
    JNIEnv* env = env_get();
    if (!env) {
      set_error(h, CV_ERR_INVALID_ARGUMENTS, "CV_set_rate: cannot attach this thread to the JVM");
      goto out;
    }
    jint rc = (*env)->CallStaticIntMethod(env, g_cls, m_set_rate, h->session, fps);
    if (clear_exception(env) || rc != 0) {
      java_error(h, env, CV_ERR_INVALID_ARGUMENTS);
      goto out;
    }
  }
  set_ok(h);
  ok = true;
out:
  release(h);
  return ok;
}

CV_EXPORT CV_Frame* CV_get_frame_ex(void* p, unsigned long long index, unsigned int w,
                                    unsigned int h2) {
  cv_handle* h = acquire(p);
  if (!h) return NULL;
  CV_Frame* f = NULL;
  if (!initialised(h)) {
    set_error(h, CV_ERR_NOT_INITIALISED, "CV_get_frame_ex: call CV_init first");
    goto out;
  }
  if (w == 0 && h2 == 0) {
    pthread_mutex_lock(&h->lock);
    w = h->width;
    h2 = h->height;
    pthread_mutex_unlock(&h->lock);
  }
  if (w == 0 || h2 == 0 || w > CV_MAX_SIZE || h2 > CV_MAX_SIZE) {
    set_error(h, CV_ERR_INVALID_ARGUMENTS, "CV_get_frame_ex: size %ux%u is outside 1..%u", w, h2,
              CV_MAX_SIZE);
    goto out;
  }
  f = malloc(sizeof(CV_Frame) + (size_t)w * h2);
  if (!f) {
    set_error(h, CV_ERR_FRAME_NOT_READY, "CV_get_frame_ex: out of memory");
    goto out;
  }
  f->magic = FRAME_MAGIC;
  f->width = w;
  f->height = h2;
  f->index = index;
  if (!fetch_frame(h, index, w, h2, f->data, "CV_get_frame_ex")) {
    free(f);
    f = NULL;
    goto out;
  }
  pthread_mutex_lock(&g_reg_lock);
  int added = set_add(&g_frames, f);
  pthread_mutex_unlock(&g_reg_lock);
  if (!added) {
    free(f);
    f = NULL;
    set_error(h, CV_ERR_FRAME_NOT_READY, "CV_get_frame_ex: out of memory");
  }
out:
  release(h);
  return f;
}

/* A live frame or NULL; frames are immutable, so reading one needs no lock beyond the lookup. */
static const CV_Frame* live_frame(const CV_Frame* f) {
  if (!f) return NULL;
  pthread_mutex_lock(&g_reg_lock);
  int live = set_find(&g_frames, f) >= 0;
  pthread_mutex_unlock(&g_reg_lock);
  return live ? f : NULL;
}

CV_EXPORT const unsigned char* CV_Frame_data(const CV_Frame* f) {
  f = live_frame(f);
  return f ? f->data : NULL;
}

CV_EXPORT unsigned int CV_Frame_width(const CV_Frame* f) {
  f = live_frame(f);
  return f ? f->width : 0;
}

CV_EXPORT unsigned int CV_Frame_height(const CV_Frame* f) {
  f = live_frame(f);
  return f ? f->height : 0;
}

CV_EXPORT unsigned int CV_Frame_stride(const CV_Frame* f) {
  f = live_frame(f);
  return f ? f->width : 0;
}

CV_EXPORT unsigned long long CV_Frame_index(const CV_Frame* f) {
  f = live_frame(f);
  return f ? f->index : 0;
}

CV_EXPORT void CV_Frame_Release(CV_Frame* f) {
  if (!f) return;
  pthread_mutex_lock(&g_reg_lock);
  int live = set_remove(&g_frames, f);
  pthread_mutex_unlock(&g_reg_lock);
  if (live) {
    f->magic = 0;
    free(f);
  }
}
