/*
 * alphastream.c - libalphastream.so: the CV_* C ABI over the vertx-alphastream engine.
 *
 * A thin shim. It starts a JVM through the JNI Invocation API (or attaches to one already in the
 * process), and forwards each call to io.alphastream.cabi.CvExports. All policy (caching, error
 * translation, logging) lives in Java; this file only guarantees that the host never crashes:
 *   - handles and CV_Frame objects are tokens (registry slot + generation), never addresses, so NULL,
 *     stale, double-destroyed and reused values produce error codes instead of touching memory;
 *   - CV_destroy waits until calls in flight on the handle have left;
 *   - every JNI call runs inside a local frame, and pending Java exceptions are cleared and turned
 *     into error codes (the Java side already catches every Throwable).
 *
 * Per handle and host thread: a last error (code + text) and result buffers, so that a frame or an
 * error meant for one thread is not overwritten by another thread's call.
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

/* ------------------------------------------------------------------------------------------ */
/* Types                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/* One host thread that has called into a handle; freed when the thread has exited and no handle
 * refers to it any more. Identity of a thread for the per-thread state below (a pthread_t can be
 * reused after its thread exits, this record cannot). Guarded by g_thread_lock. */
typedef struct cv_thread {
  unsigned refs; /* the live thread itself + every cv_tstate owned by it */
  int dead;      /* the thread has exited */
} cv_thread;

/* What one host thread has on one handle: its last error and its result buffers. */
typedef struct cv_tstate {
  struct cv_tstate* next;
  cv_thread* owner;  /* never NULL; may be dead (then the state is free for another thread) */
  int has_err;       /* the owner made a call that sets the error */
  int err;
  char err_text[CV_TEXT_MAX];
  unsigned char* frame;
  size_t frame_cap;
  float* verts;
  size_t verts_cap;
} cv_tstate;

typedef struct cv_handle {
  pthread_mutex_t lock;      /* guards everything below */
  pthread_mutex_t init_lock; /* serialises CV_init */
  int busy;                  /* calls in flight (guarded by g_reg_lock) */
  int closing;               /* CV_destroy started (guarded by g_reg_lock) */
  pthread_cond_t idle;       /* signalled when busy drops to 0 while closing */
  jobject session;           /* global ref to io.alphastream.cabi.CvSession, NULL before CV_init */
  int initialised;
  unsigned int width, height, total_frames;
  double rate;
  int rate_set;
  unsigned char* passphrase;
  size_t passphrase_len;
  int err;                   /* the most recent error of any thread: for threads that made no call */
  char err_text[CV_TEXT_MAX];
  cv_tstate* threads;
} cv_handle;

typedef struct cv_frame {
  unsigned int width, height;
  unsigned long long index;
  unsigned char data[]; /* width * height */
} cv_frame;

/* One CV_* call on a live handle: the handle (busy count raised) and the caller's state on it. */
typedef struct {
  cv_handle* h;
  cv_tstate* t; /* NULL only when out of memory: errors then go to the handle only */
} cv_call;

/* ------------------------------------------------------------------------------------------ */
/* Registries: handles and frames are tokens, never addresses                                 */
/* ------------------------------------------------------------------------------------------ */

/* A token is the pointer-sized value a host holds: bits 0..7 a tag (handle or frame), bits 8..31 a
 * slot index, bits 32..63 the slot's generation. Removing an object frees its slot and the next
 * object placed there gets the next generation, so an old token never matches again, whatever malloc
 * does with the memory. A slot whose generation is exhausted is retired, never reused: a token stays
 * dead for the life of the process. All registry access holds g_reg_lock. */
_Static_assert(sizeof(void*) == 8, "tokens need 64-bit pointers");
#define TAG_HANDLE 0xA5u
#define TAG_FRAME 0x5Au
#define REG_MAX_SLOTS (1u << 24)

typedef struct {
  void* obj; /* NULL: free or retired */
  uint32_t gen;
  uint32_t next_free; /* free list: index + 1, 0 = end */
} reg_entry;

typedef struct {
  reg_entry* e;
  uint32_t count, cap;
  uint32_t free_head; /* index + 1, 0 = none */
  uintptr_t tag;
} registry;

static pthread_mutex_t g_reg_lock = PTHREAD_MUTEX_INITIALIZER;
static registry g_handles = {.tag = TAG_HANDLE};
static registry g_frames = {.tag = TAG_FRAME};

/* Places obj in a slot; its token, or NULL when out of memory or slots. */
static void* reg_add(registry* r, void* obj) {
  uint32_t i;
  if (r->free_head) {
    i = r->free_head - 1;
    r->free_head = r->e[i].next_free;
  } else {
    if (r->count == REG_MAX_SLOTS) return NULL;
    if (r->count == r->cap) {
      uint32_t n = r->cap ? r->cap * 2 : 16;
      reg_entry* e = realloc(r->e, n * sizeof *e);
      if (!e) return NULL;
      r->e = e;
      r->cap = n;
    }
    i = r->count++;
    r->e[i].gen = 0;
  }
  r->e[i].gen++; /* 1 for a new slot: a token is never 0 */
  r->e[i].obj = obj;
  r->e[i].next_free = 0;
  return (void*)(((uintptr_t)r->e[i].gen << 32) | ((uintptr_t)i << 8) | r->tag);
}

/* The slot of a live token, or -1. */
static long reg_slot(const registry* r, const void* token) {
  uintptr_t t = (uintptr_t)token;
  if ((t & 0xffu) != r->tag) return -1;
  uint32_t i = (uint32_t)(t >> 8) & (REG_MAX_SLOTS - 1);
  uint32_t gen = (uint32_t)(t >> 32);
  if (i >= r->count || r->e[i].gen != gen || !r->e[i].obj) return -1;
  return (long)i;
}

static void* reg_get(const registry* r, const void* token) {
  long i = reg_slot(r, token);
  return i < 0 ? NULL : r->e[i].obj;
}

/* Removes a live token's object and returns it (NULL when the token is not live). */
static void* reg_remove(registry* r, const void* token) {
  long i = reg_slot(r, token);
  if (i < 0) return NULL;
  void* obj = r->e[i].obj;
  r->e[i].obj = NULL;
  if (r->e[i].gen != UINT32_MAX) { /* else retired: its last token must stay dead */
    r->e[i].next_free = r->free_head;
    r->free_head = (uint32_t)i + 1;
  }
  return obj;
}

/* A live handle with its busy count raised, or NULL. Pair with release(). */
static cv_handle* acquire(void* token) {
  if (!token) return NULL;
  pthread_mutex_lock(&g_reg_lock);
  cv_handle* h = reg_get(&g_handles, token);
  if (h && h->closing) h = NULL;
  if (h) h->busy++;
  pthread_mutex_unlock(&g_reg_lock);
  return h;
}

static void release(cv_handle* h) {
  pthread_mutex_lock(&g_reg_lock);
  if (--h->busy == 0 && h->closing) pthread_cond_broadcast(&h->idle);
  pthread_mutex_unlock(&g_reg_lock);
}

/* ------------------------------------------------------------------------------------------ */
/* Host threads                                                                               */
/* ------------------------------------------------------------------------------------------ */

static pthread_mutex_t g_thread_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t g_thread_key;
static pthread_once_t g_thread_once = PTHREAD_ONCE_INIT;
static __thread cv_thread* tls_thread;

static void thread_unref(cv_thread* t) { /* caller holds g_thread_lock */
  if (--t->refs == 0) free(t);
}

static void thread_exited(void* p) {
  pthread_mutex_lock(&g_thread_lock);
  ((cv_thread*)p)->dead = 1;
  thread_unref(p);
  pthread_mutex_unlock(&g_thread_lock);
}

static void make_thread_key(void) { pthread_key_create(&g_thread_key, thread_exited); }

/* The calling thread's record (created on first use), or NULL when out of memory. */
static cv_thread* this_thread(void) {
  if (tls_thread) return tls_thread;
  pthread_once(&g_thread_once, make_thread_key);
  cv_thread* t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->refs = 1;
  if (pthread_setspecific(g_thread_key, t) != 0) {
    free(t);
    return NULL;
  }
  tls_thread = t;
  return t;
}

/* The calling thread's state on h, or NULL (none yet and !create, or out of memory). Holds h->lock. */
static cv_tstate* tstate_locked(cv_handle* h, int create) {
  cv_thread* self = tls_thread;
  cv_tstate* reusable = NULL;
  if (self) {
    for (cv_tstate* s = h->threads; s; s = s->next) {
      if (s->owner == self) return s;
    }
  }
  if (!create) return NULL;
  self = this_thread();
  if (!self) return NULL;
  pthread_mutex_lock(&g_thread_lock);
  for (cv_tstate* s = h->threads; s && !reusable; s = s->next) {
    if (s->owner->dead) reusable = s; /* a thread that has exited: take over its buffers */
  }
  if (reusable) thread_unref(reusable->owner);
  self->refs++;
  pthread_mutex_unlock(&g_thread_lock);
  cv_tstate* s = reusable;
  if (!s) {
    s = calloc(1, sizeof *s);
    if (!s) {
      pthread_mutex_lock(&g_thread_lock);
      thread_unref(self);
      pthread_mutex_unlock(&g_thread_lock);
      return NULL;
    }
    s->next = h->threads;
    h->threads = s;
  }
  s->owner = self;
  s->has_err = 0;
  s->err = CV_OK;
  snprintf(s->err_text, sizeof s->err_text, "OK");
  return s;
}

/* Enters a call on a live handle (see cv_call); 0 for a NULL, unknown or destroyed handle. */
static int enter(void* token, cv_call* c) {
  c->h = acquire(token);
  if (!c->h) return 0;
  pthread_mutex_lock(&c->h->lock);
  c->t = tstate_locked(c->h, 1);
  pthread_mutex_unlock(&c->h->lock);
  return 1;
}

static void leave(cv_call* c) { release(c->h); }

/* The caller's frame buffer of at least need bytes, or NULL when out of memory. Every thread has its
 * own buffer, so memory grows with the number of live threads that call the handle (a thread that has
 * exited leaves its state and buffer to the next new one). Only the owner touches it: no lock. */
static unsigned char* frame_buffer(cv_tstate* t, size_t need) {
  if (t->frame_cap < need) {
    unsigned char* b = realloc(t->frame, need);
    if (!b) return NULL;
    t->frame = b;
    t->frame_cap = need;
  }
  return t->frame;
}

/* ------------------------------------------------------------------------------------------ */
/* Errors                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/* Records the outcome of the caller's call: for the calling thread, and as the handle's most recent. */
static void set_error(cv_call* c, int code, const char* fmt, ...) {
  char text[CV_TEXT_MAX];
  if (code == CV_OK) {
    snprintf(text, sizeof text, "OK");
  } else {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
  }
  cv_handle* h = c->h;
  pthread_mutex_lock(&h->lock);
  h->err = code;
  memcpy(h->err_text, text, sizeof text);
  if (c->t) {
    c->t->has_err = 1;
    c->t->err = code;
    memcpy(c->t->err_text, text, sizeof text);
  }
  pthread_mutex_unlock(&h->lock);
}

static void set_ok(cv_call* c) { set_error(c, CV_OK, NULL); }

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

/* After a Java call that reported failure: copy the thread's error code and text into the call. */
static void java_error(cv_call* c, JNIEnv* env, int fallback_code) {
  if (clear_exception(env)) {
    set_error(c, fallback_code, "internal error in the Java engine");
    return;
  }
  int code = (*env)->CallStaticIntMethod(env, g_cls, m_last_code);
  jbyteArray text = (jbyteArray)(*env)->CallStaticObjectMethod(env, g_cls, m_last_text);
  if (clear_exception(env) || !text || code <= 0) {
    set_error(c, fallback_code, "internal error in the Java engine");
    return;
  }
  char buf[CV_TEXT_MAX];
  jsize len = (*env)->GetArrayLength(env, text);
  if (len > CV_TEXT_MAX - 1) len = CV_TEXT_MAX - 1;
  (*env)->GetByteArrayRegion(env, text, 0, len, (jbyte*)buf);
  buf[len] = '\0';
  set_error(c, code, "%s", buf);
}

static jbyteArray new_bytes(JNIEnv* env, const void* data, size_t len) {
  jbyteArray a = (*env)->NewByteArray(env, (jsize)len);
  if (a && len) (*env)->SetByteArrayRegion(env, a, 0, (jsize)len, (const jbyte*)data);
  return a;
}

/* ------------------------------------------------------------------------------------------ */
/* Compatibility interface                                                                    */
/* ------------------------------------------------------------------------------------------ */

static void handle_free(cv_handle* h) {
  while (h->threads) {
    cv_tstate* s = h->threads;
    h->threads = s->next;
    free(s->frame);
    free(s->verts);
    pthread_mutex_lock(&g_thread_lock);
    thread_unref(s->owner);
    pthread_mutex_unlock(&g_thread_lock);
    free(s);
  }
  if (h->passphrase) {
    memset(h->passphrase, 0, h->passphrase_len);
    free(h->passphrase);
  }
  pthread_cond_destroy(&h->idle);
  pthread_mutex_destroy(&h->init_lock);
  pthread_mutex_destroy(&h->lock);
  free(h);
}

CV_EXPORT void* CV_create(void) {
  cv_handle* h = calloc(1, sizeof *h);
  if (!h) return NULL;
  pthread_mutex_init(&h->lock, NULL);
  pthread_mutex_init(&h->init_lock, NULL);
  pthread_cond_init(&h->idle, NULL);
  snprintf(h->err_text, sizeof h->err_text, "OK");
  pthread_mutex_lock(&g_reg_lock);
  void* token = reg_add(&g_handles, h);
  pthread_mutex_unlock(&g_reg_lock);
  if (!token) handle_free(h);
  return token;
}

CV_EXPORT void CV_destroy(void* p) {
  pthread_mutex_lock(&g_reg_lock);
  cv_handle* h = reg_get(&g_handles, p);
  if (!h || h->closing) {
    pthread_mutex_unlock(&g_reg_lock); /* NULL, unknown or already destroyed: nothing to do */
    return;
  }
  h->closing = 1;
  while (h->busy > 0) pthread_cond_wait(&h->idle, &g_reg_lock);
  reg_remove(&g_handles, p);
  pthread_mutex_unlock(&g_reg_lock);

  if (h->session && g_vm) {
    JNIEnv* env = env_get();
    if (env) {
      (*env)->CallStaticVoidMethod(env, g_cls, m_close, h->session);
      clear_exception(env);
      (*env)->DeleteGlobalRef(env, h->session);
    }
  }
  handle_free(h);
}

CV_EXPORT const char* CV_get_name(void* h) {
  (void)h;
  return CV_NAME;
}

CV_EXPORT const char* CV_get_version(void* h) {
  (void)h;
  return CV_VERSION;
}

/* The calling thread's last error on h (or, when it made no call on h, the handle's most recent). */
static void last_error(cv_handle* h, int* code, char* text) {
  pthread_mutex_lock(&h->lock);
  cv_tstate* t = tstate_locked(h, 0);
  if (t && t->has_err) {
    *code = t->err;
    if (text) memcpy(text, t->err_text, CV_TEXT_MAX);
  } else {
    *code = h->err;
    if (text) memcpy(text, h->err_text, CV_TEXT_MAX);
  }
  pthread_mutex_unlock(&h->lock);
}

CV_EXPORT int CV_get_last_error_code(void* p) {
  cv_handle* h = acquire(p);
  if (!h) return -1;
  int code;
  last_error(h, &code, NULL);
  release(h);
  return code;
}

/* Copied per thread: valid until this thread's next CV_get_last_error_text, whatever else happens. */
static __thread char tls_error_text[CV_TEXT_MAX];

CV_EXPORT const char* CV_get_last_error_text(void* p) {
  if (!p) return "invalid handle: NULL";
  cv_handle* h = acquire(p);
  if (!h) return "invalid handle: not created by CV_create or already destroyed";
  int code;
  last_error(h, &code, tls_error_text);
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
  cv_call c;
  if (!enter(p, &c)) return 0;
  cv_handle* h = c.h;
  unsigned int n = 0;
  if (!initialised(h)) {
    set_error(&c, CV_ERR_NOT_INITIALISED, "CV_get_total_frames: call CV_init first");
  } else {
    pthread_mutex_lock(&h->lock);
    n = h->total_frames;
    pthread_mutex_unlock(&h->lock);
  }
  leave(&c);
  return n;
}

CV_EXPORT unsigned long long CV_get_frame_size(void* p) {
  cv_call c;
  if (!enter(p, &c)) return 0;
  cv_handle* h = c.h;
  unsigned long long n = 0;
  if (!initialised(h)) {
    set_error(&c, CV_ERR_NOT_INITIALISED, "CV_get_frame_size: call CV_init first");
  } else {
    pthread_mutex_lock(&h->lock);
    n = (unsigned long long)h->width * h->height;
    pthread_mutex_unlock(&h->lock);
  }
  leave(&c);
  return n;
}

CV_EXPORT bool CV_init(void* p, const char* base_url, unsigned int scene_id, unsigned int width,
                       unsigned int height, const char* version, unsigned int start_frame,
                       unsigned int l0_buffer_length, unsigned int l1_buffer_length,
                       unsigned int l1_buffer_init_length, unsigned int init_timeout_ms,
                       unsigned int data_timeout_ms) {
  cv_call c;
  if (!enter(p, &c)) return false;
  cv_handle* h = c.h;
  bool ok = false;
  if (!base_url || !*base_url) {
    set_error(&c, CV_ERR_INVALID_ARGUMENTS, "CV_init: base_url is NULL or empty");
    goto out;
  }
  if (!version) {
    set_error(&c, CV_ERR_INVALID_ARGUMENTS, "CV_init: version is NULL");
    goto out;
  }
  if (width == 0 || height == 0 || width > CV_MAX_SIZE || height > CV_MAX_SIZE) {
    set_error(&c, CV_ERR_INVALID_ARGUMENTS, "CV_init: size %ux%u is outside 1..%u", width, height,
              CV_MAX_SIZE);
    goto out;
  }
  if (init_timeout_ms == 0 || init_timeout_ms > 0x7fffffffu || data_timeout_ms > 0x7fffffffu ||
      l0_buffer_length > 0x7fffffffu || l1_buffer_length > 0x7fffffffu ||
      l1_buffer_init_length > 0x7fffffffu) {
    set_error(&c, CV_ERR_INVALID_ARGUMENTS,
              "CV_init: init timeout outside 1..2^31-1, or buffer length or data timeout above 2^31-1");
    goto out;
  }
  char err[CV_TEXT_MAX];
  if (!jvm_ready(err, sizeof err)) {
    set_error(&c, CV_ERR_INIT, "CV_init: %s", err);
    goto out;
  }
  JNIEnv* env = env_get();
  if (!env) {
    set_error(&c, CV_ERR_INIT, "CV_init: cannot attach this thread to the JVM");
    goto out;
  }
  pthread_mutex_lock(&h->init_lock);
  (*env)->PushLocalFrame(env, 16);
  if (!h->session) {
    jobject s = (*env)->CallStaticObjectMethod(env, g_cls, m_create);
    if (clear_exception(env) || !s) {
      set_error(&c, CV_ERR_INIT, "CV_init: cannot create the Java session");
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
    set_error(&c, CV_ERR_INIT, "CV_init: out of Java memory");
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
    java_error(&c, env, CV_ERR_INIT);
    goto unlock;
  }
  jint frames = (*env)->CallStaticIntMethod(env, g_cls, m_frame_count, h->session);
  if (clear_exception(env) || frames < 0) {
    java_error(&c, env, CV_ERR_INIT);
    goto unlock;
  }
  pthread_mutex_lock(&h->lock);
  h->width = width;
  h->height = height;
  h->total_frames = (unsigned int)frames;
  h->initialised = 1;
  pthread_mutex_unlock(&h->lock);
  set_ok(&c);
  ok = true;
unlock:
  (*env)->PopLocalFrame(env, NULL);
  pthread_mutex_unlock(&h->init_lock);
out:
  leave(&c);
  return ok;
}

/* Rasterizes frame index at w x hh into dst (w*hh bytes). 1 on success, else the error is set. */
static int fetch_frame(cv_call* c, unsigned long long index, unsigned int w, unsigned int hh,
                       unsigned char* dst, const char* fn) {
  cv_handle* h = c->h;
  pthread_mutex_lock(&h->lock);
  unsigned int total = h->total_frames;
  pthread_mutex_unlock(&h->lock);
  if (index >= total) {
    set_error(c, CV_ERR_INVALID_ARGUMENTS, "%s: frame %llu is out of range (0..%u)", fn, index,
              total ? total - 1 : 0);
    return 0;
  }
  JNIEnv* env = env_get();
  if (!env) {
    set_error(c, CV_ERR_FRAME_NOT_READY, "%s: cannot attach this thread to the JVM", fn);
    return 0;
  }
  if ((*env)->PushLocalFrame(env, 8) != 0) {
    clear_exception(env);
    set_error(c, CV_ERR_FRAME_NOT_READY, "%s: out of Java memory", fn);
    return 0;
  }
  int ok = 0;
  jobject buf = (*env)->NewDirectByteBuffer(env, dst, (jlong)w * hh);
  if (!buf) {
    clear_exception(env);
    set_error(c, CV_ERR_FRAME_NOT_READY, "%s: cannot wrap the frame buffer", fn);
  } else {
    jint rc = (*env)->CallStaticIntMethod(env, g_cls, m_frame, h->session, (jlong)index, (jint)w,
                                          (jint)hh, buf);
    if (clear_exception(env) || rc != 0) {
      java_error(c, env, CV_ERR_FRAME_NOT_READY);
    } else {
      set_ok(c);
      ok = 1;
    }
  }
  (*env)->PopLocalFrame(env, NULL);
  return ok;
}

CV_EXPORT const void* CV_get_frame(void* p, unsigned long long frame_index) {
  cv_call c;
  if (!enter(p, &c)) return NULL;
  cv_handle* h = c.h;
  const void* result = NULL;
  if (!initialised(h)) {
    set_error(&c, CV_ERR_NOT_INITIALISED, "CV_get_frame: call CV_init first");
    goto out;
  }
  pthread_mutex_lock(&h->lock);
  size_t need = (size_t)h->width * h->height;
  unsigned int w = h->width, hh = h->height;
  pthread_mutex_unlock(&h->lock);
  unsigned char* buf = c.t ? frame_buffer(c.t, need) : NULL;
  if (!buf) {
    set_error(&c, CV_ERR_FRAME_NOT_READY, "CV_get_frame: out of memory for %zu bytes", need);
    goto out;
  }
  if (fetch_frame(&c, frame_index, w, hh, buf, "CV_get_frame")) result = buf;
out:
  leave(&c);
  return result;
}

static const float k_no_vertices[1] = {0};

CV_EXPORT bool CV_get_triangle_strip_vertices(void* p, unsigned long long frame_index,
                                              const float** out_vertices, size_t* out_count) {
  cv_call c;
  if (!enter(p, &c)) return false;
  cv_handle* h = c.h;
  bool ok = false;
  if (!out_vertices || !out_count) {
    set_error(&c, CV_ERR_INVALID_ARGUMENTS, "CV_get_triangle_strip_vertices: NULL output pointer");
    goto out;
  }
  *out_vertices = NULL;
  *out_count = 0;
  if (!initialised(h)) {
    set_error(&c, CV_ERR_NOT_INITIALISED, "CV_get_triangle_strip_vertices: call CV_init first");
    goto out;
  }
  pthread_mutex_lock(&h->lock);
  unsigned int total = h->total_frames;
  pthread_mutex_unlock(&h->lock);
  if (frame_index >= total) {
    set_error(&c, CV_ERR_INVALID_ARGUMENTS,
              "CV_get_triangle_strip_vertices: frame %llu is out of range (0..%u)", frame_index,
              total ? total - 1 : 0);
    goto out;
  }
  if (!c.t) {
    set_error(&c, CV_ERR_VERTICES_NOT_READY, "CV_get_triangle_strip_vertices: out of memory");
    goto out;
  }
  JNIEnv* env = env_get();
  if (!env) {
    set_error(&c, CV_ERR_VERTICES_NOT_READY, "CV_get_triangle_strip_vertices: cannot attach thread");
    goto out;
  }
  (*env)->PushLocalFrame(env, 8);
  jfloatArray arr = (jfloatArray)(*env)->CallStaticObjectMethod(env, g_cls, m_triangles, h->session,
                                                                (jlong)frame_index);
  if (clear_exception(env) || !arr) {
    java_error(&c, env, CV_ERR_VERTICES_NOT_READY);
  } else {
    /* only the owner thread touches its buffers (a state changes owner only when its thread has
     * exited), so no lock here */
    cv_tstate* s = c.t;
    size_t n = (size_t)(*env)->GetArrayLength(env, arr);
    if (n > s->verts_cap) {
      float* b = realloc(s->verts, n * sizeof(float));
      if (!b) {
        set_error(&c, CV_ERR_VERTICES_NOT_READY, "CV_get_triangle_strip_vertices: out of memory");
        goto pop;
      }
      s->verts = b;
      s->verts_cap = n;
    }
    if (n) (*env)->GetFloatArrayRegion(env, arr, 0, (jsize)n, s->verts);
    *out_vertices = n ? s->verts : k_no_vertices;
    *out_count = n;
    set_ok(&c);
    ok = true;
  }
pop:
  (*env)->PopLocalFrame(env, NULL);
out:
  leave(&c);
  return ok;
}

/* ------------------------------------------------------------------------------------------ */
/* Additions                                                                                  */
/* ------------------------------------------------------------------------------------------ */

CV_EXPORT bool CV_set_passphrase(void* p, const unsigned char* bytes, size_t len) {
  cv_call c;
  if (!enter(p, &c)) return false;
  cv_handle* h = c.h;
  bool ok = false;
  if (!bytes || len == 0 || len > 4096) {
    set_error(&c, CV_ERR_INVALID_ARGUMENTS, "CV_set_passphrase: need 1..4096 bytes");
    goto out;
  }
  unsigned char* copy = malloc(len);
  if (!copy) {
    set_error(&c, CV_ERR_INVALID_ARGUMENTS, "CV_set_passphrase: out of memory");
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
  set_ok(&c);
  ok = true;
out:
  leave(&c);
  return ok;
}

CV_EXPORT bool CV_set_rate(void* p, double fps) {
  cv_call c;
  if (!enter(p, &c)) return false;
  cv_handle* h = c.h;
  bool ok = false;
  if (!isfinite(fps) || fps < 0 || fps > 1000) {
    set_error(&c, CV_ERR_INVALID_ARGUMENTS, "CV_set_rate: fps %g is outside 0..1000", fps);
    goto out;
  }
  pthread_mutex_lock(&h->lock);
  h->rate = fps;
  h->rate_set = 1;
  pthread_mutex_unlock(&h->lock);
  if (initialised(h)) {
    JNIEnv* env = env_get();
    if (!env) {
      set_error(&c, CV_ERR_INVALID_ARGUMENTS, "CV_set_rate: cannot attach this thread to the JVM");
      goto out;
    }
    jint rc = (*env)->CallStaticIntMethod(env, g_cls, m_set_rate, h->session, fps);
    if (clear_exception(env) || rc != 0) {
      java_error(&c, env, CV_ERR_INVALID_ARGUMENTS);
      goto out;
    }
  }
  set_ok(&c);
  ok = true;
out:
  leave(&c);
  return ok;
}

CV_EXPORT CV_Frame* CV_get_frame_ex(void* p, unsigned long long index, unsigned int w,
                                    unsigned int h2) {
  cv_call c;
  if (!enter(p, &c)) return NULL;
  cv_handle* h = c.h;
  cv_frame* f = NULL;
  void* token = NULL;
  if (!initialised(h)) {
    set_error(&c, CV_ERR_NOT_INITIALISED, "CV_get_frame_ex: call CV_init first");
    goto out;
  }
  if (w == 0 && h2 == 0) {
    pthread_mutex_lock(&h->lock);
    w = h->width;
    h2 = h->height;
    pthread_mutex_unlock(&h->lock);
  }
  if (w == 0 || h2 == 0 || w > CV_MAX_SIZE || h2 > CV_MAX_SIZE) {
    set_error(&c, CV_ERR_INVALID_ARGUMENTS, "CV_get_frame_ex: size %ux%u is outside 1..%u", w, h2,
              CV_MAX_SIZE);
    goto out;
  }
  f = malloc(sizeof(cv_frame) + (size_t)w * h2);
  if (!f) {
    set_error(&c, CV_ERR_FRAME_NOT_READY, "CV_get_frame_ex: out of memory");
    goto out;
  }
  f->width = w;
  f->height = h2;
  f->index = index;
  if (!fetch_frame(&c, index, w, h2, f->data, "CV_get_frame_ex")) {
    free(f);
    goto out;
  }
  pthread_mutex_lock(&g_reg_lock);
  token = reg_add(&g_frames, f);
  pthread_mutex_unlock(&g_reg_lock);
  if (!token) {
    free(f);
    set_error(&c, CV_ERR_FRAME_NOT_READY, "CV_get_frame_ex: out of memory");
  }
out:
  leave(&c);
  return (CV_Frame*)token;
}

/* A copy of a live frame's header and its data pointer; 0 for NULL, unknown and released frames.
 * Frames are immutable, so the lookup is the only thing that needs the lock. */
static int frame_info(const CV_Frame* token, cv_frame* info, const unsigned char** data) {
  pthread_mutex_lock(&g_reg_lock);
  cv_frame* f = reg_get(&g_frames, token);
  if (f) {
    *info = *f;
    if (data) *data = f->data;
  }
  pthread_mutex_unlock(&g_reg_lock);
  return f != NULL;
}

CV_EXPORT const unsigned char* CV_Frame_data(const CV_Frame* f) {
  cv_frame info;
  const unsigned char* data;
  return frame_info(f, &info, &data) ? data : NULL;
}

CV_EXPORT unsigned int CV_Frame_width(const CV_Frame* f) {
  cv_frame info;
  return frame_info(f, &info, NULL) ? info.width : 0;
}

CV_EXPORT unsigned int CV_Frame_height(const CV_Frame* f) {
  cv_frame info;
  return frame_info(f, &info, NULL) ? info.height : 0;
}

CV_EXPORT unsigned int CV_Frame_stride(const CV_Frame* f) {
  cv_frame info;
  return frame_info(f, &info, NULL) ? info.width : 0;
}

CV_EXPORT unsigned long long CV_Frame_index(const CV_Frame* f) {
  cv_frame info;
  return frame_info(f, &info, NULL) ? info.index : 0;
}

CV_EXPORT void CV_Frame_Release(CV_Frame* f) {
  pthread_mutex_lock(&g_reg_lock);
  cv_frame* live = reg_remove(&g_frames, f);
  pthread_mutex_unlock(&g_reg_lock);
  free(live); /* NULL for NULL, unknown and already released frames */
}
