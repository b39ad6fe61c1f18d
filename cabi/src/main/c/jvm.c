/*
 * jvm.c - the JVM libalphastream.so runs in: finds the jar and libjvm.so, builds the JVM options and
 * calls JNI_CreateJavaVM, or joins a JVM already running in the process. See jvm.h and docs/cabi.md.
 */
#define _GNU_SOURCE
#include "jvm.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef jint (*create_vm_fn)(JavaVM**, void**, void*);
typedef jint (*created_vms_fn)(JavaVM**, jsize, jsize*);

static JavaVM* g_vm;
static int g_vm_create_failed; /* JNI_CreateJavaVM failed: a process gets one try */
static char g_vm_error[512];
static char g_cp[16384];       /* the class path, once found */
static char g_jsa[4200];       /* class-data archive next to the jar (when the jar is found there) */

static int file_exists(const char* path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * Directory of this shared library (symbolic links resolved), where the jar, its class-data archive
 * and the bundled runtime sit. Canonical, because a class-data archive only matches the exact class
 * path string it was made with (bin/alphastream-cds makes it with the same canonical path).
 */
static int library_dir(char* out, size_t len) {
  Dl_info info;
  if (!dladdr((void*)&cv_jvm_open, &info) || !info.dli_fname) return 0;
  char* real = realpath(info.dli_fname, NULL);
  snprintf(out, len, "%s", real ? real : info.dli_fname);
  free(real);
  char* slash = strrchr(out, '/');
  if (!slash) {
    snprintf(out, len, ".");
  } else {
    *slash = '\0';
  }
  return 1;
}

/* Class path: ALPHASTREAM_CLASSPATH, else the jar under ALPHASTREAM_HOME, else next to the .so. */
static int find_classpath(char* out, size_t len, char* err, size_t errlen) {
  const char* cp = getenv("ALPHASTREAM_CLASSPATH");
  if (cp && *cp) {
    if (strlen(cp) >= len) {
      snprintf(err, errlen, "ALPHASTREAM_CLASSPATH is too long");
      return 0;
    }
    snprintf(out, len, "%s", cp);
    return 1;
  }
  const char* home = getenv("ALPHASTREAM_HOME");
  if (home && *home) {
    snprintf(out, len, "%s/alphastream-cabi.jar", home);
    if (file_exists(out)) return 1;
    snprintf(out, len, "%s/lib/alphastream-cabi.jar", home);
    if (file_exists(out)) return 1;
  }
  char dir[4096];
  if (library_dir(dir, sizeof dir)) {
    snprintf(out, len, "%s/alphastream-cabi.jar", dir);
    if (file_exists(out)) {
      snprintf(g_jsa, sizeof g_jsa, "%s/alphastream-cabi.jsa", dir);
      return 1;
    }
  }
  snprintf(err, errlen,
           "alphastream-cabi.jar not found: looked in ALPHASTREAM_HOME (%.150s) and next to "
           "libalphastream.so (%.150s); set ALPHASTREAM_HOME to the directory that holds it",
           home && *home ? home : "unset", dir);
  return 0;
}

/*
 * libjvm.so: ALPHASTREAM_JVM, ALPHASTREAM_HOME's runtime, the runtime bundled next to the library
 * (runtime/ in its directory: the distribution archive's layout), JAVA_HOME, the default JDK.
 */
static void* open_libjvm(char* err, size_t errlen) {
  char path[4096];
  const char* candidates[8];
  char buf[5][4096];
  int n = 0;
  const char* explicit_jvm = getenv("ALPHASTREAM_JVM");
  if (explicit_jvm && *explicit_jvm) {
    candidates[n++] = explicit_jvm; /* the only candidate when set: tests rely on this */
  } else {
    const char* home = getenv("ALPHASTREAM_HOME");
    if (home && *home) {
      snprintf(buf[0], sizeof buf[0], "%s/jre/lib/server/libjvm.so", home);
      candidates[n++] = buf[0];
      snprintf(buf[1], sizeof buf[1], "%s/lib/server/libjvm.so", home);
      candidates[n++] = buf[1];
    }
    char dir[4000];
    if (library_dir(dir, sizeof dir)) {
      snprintf(buf[4], sizeof buf[4], "%s/runtime/lib/server/libjvm.so", dir);
      candidates[n++] = buf[4];
    }
    const char* java_home = getenv("JAVA_HOME");
    if (java_home && *java_home) {
      snprintf(buf[2], sizeof buf[2], "%s/lib/server/libjvm.so", java_home);
      candidates[n++] = buf[2];
      snprintf(buf[3], sizeof buf[3], "%s/jre/lib/server/libjvm.so", java_home);
      candidates[n++] = buf[3];
    }
    candidates[n++] = "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so";
    candidates[n++] = "/usr/lib/jvm/default-java/lib/server/libjvm.so";
  }
  for (int i = 0; i < n; i++) {
    if (!file_exists(candidates[i])) continue;
    void* lib = dlopen(candidates[i], RTLD_NOW | RTLD_GLOBAL);
    if (lib) return lib;
    snprintf(path, sizeof path, "%s", dlerror());
    snprintf(err, errlen, "cannot load %.200s: %.200s", candidates[i], path);
    return NULL;
  }
  snprintf(err, errlen,
           "Java runtime (libjvm.so) not found: set ALPHASTREAM_JVM to libjvm.so, or JAVA_HOME / "
           "ALPHASTREAM_HOME to a Java 17+ runtime");
  return NULL;
}

static int clear_exception(JNIEnv* env) {
  if ((*env)->ExceptionCheck(env)) {
    (*env)->ExceptionClear(env);
    return 1;
  }
  return 0;
}

/* A class loader over the class path, for a JVM that someone else started. */
static jclass load_via_url_loader(JNIEnv* env, const char* cp) {
  jclass file_cls = (*env)->FindClass(env, "java/io/File");
  jclass uri_cls = (*env)->FindClass(env, "java/net/URI");
  jclass url_cls = (*env)->FindClass(env, "java/net/URL");
  jclass loader_cls = (*env)->FindClass(env, "java/net/URLClassLoader");
  jclass class_cls = (*env)->FindClass(env, "java/lang/Class");
  if (clear_exception(env) || !file_cls || !uri_cls || !url_cls || !loader_cls || !class_cls) return NULL;
  jmethodID file_init = (*env)->GetMethodID(env, file_cls, "<init>", "(Ljava/lang/String;)V");
  jmethodID to_uri = (*env)->GetMethodID(env, file_cls, "toURI", "()Ljava/net/URI;");
  jmethodID to_url = (*env)->GetMethodID(env, uri_cls, "toURL", "()Ljava/net/URL;");
  jmethodID loader_init = (*env)->GetMethodID(env, loader_cls, "<init>", "([Ljava/net/URL;)V");
  jmethodID for_name = (*env)->GetStaticMethodID(
      env, class_cls, "forName", "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;");
  if (clear_exception(env) || !file_init || !to_uri || !to_url || !loader_init || !for_name) return NULL;
  int parts = 1;
  for (const char* c = cp; *c; c++) parts += *c == ':';
  jobjectArray urls = (*env)->NewObjectArray(env, parts, url_cls, NULL);
  if (!urls) {
    clear_exception(env);
    return NULL;
  }
  const char* start = cp;
  for (int i = 0; i < parts; i++) {
    const char* end = strchr(start, ':');
    size_t len = end ? (size_t)(end - start) : strlen(start);
    char* part = malloc(len + 1);
    if (!part) return NULL;
    memcpy(part, start, len);
    part[len] = '\0';
    jstring s = (*env)->NewStringUTF(env, part);
    free(part);
    jobject file = s ? (*env)->NewObject(env, file_cls, file_init, s) : NULL;
    jobject uri = file ? (*env)->CallObjectMethod(env, file, to_uri) : NULL;
    jobject url = uri ? (*env)->CallObjectMethod(env, uri, to_url) : NULL;
    if (clear_exception(env) || !url) return NULL;
    (*env)->SetObjectArrayElement(env, urls, i, url);
    start = end ? end + 1 : start + len;
  }
  jobject loader = (*env)->NewObject(env, loader_cls, loader_init, urls);
  jstring name = (*env)->NewStringUTF(env, "io.alphastream.cabi.CvExports");
  jclass cls = loader && name
                   ? (jclass)(*env)->CallStaticObjectMethod(env, class_cls, for_name, name, JNI_TRUE, loader)
                   : NULL;
  if (clear_exception(env)) return NULL;
  return cls;
}

/*
 * Defaults for a guest in someone else's process (docs/cabi.md, "Memory and threads"): a capped heap
 * that a serial collector keeps small and gives back, capped metaspace and code cache, two JIT
 * threads, no perf-data file in /tmp and no attach listener. ALPHASTREAM_JVM_OPTIONS comes after
 * these, so a host's own value wins (the JVM takes the last of repeated options).
 */
static const char* const GUEST_OPTIONS[] = {
    "-Xrs", /* leave SIGINT/SIGTERM/SIGQUIT/SIGHUP to the host */
    "-Xms8m",
    "-Xmx256m",
    "-XX:+UseSerialGC", /* one GC thread, no concurrent ones, shrinks the heap after a full GC */
    "-XX:MinHeapFreeRatio=10",
    "-XX:MaxHeapFreeRatio=30",
    "-XX:MaxMetaspaceSize=128m",
    "-XX:ReservedCodeCacheSize=48m",
    "-XX:CICompilerCount=2",
    "-XX:-UsePerfData",
    "-XX:+DisableAttachMechanism",
    "-Dio.netty.jfr.enabled=false", /* no JFR event classes loaded on the first pooled buffer */
};

#define MAX_OPTIONS 96

/*
 * Whether the class-data archive at path may be handed to the JVM. A JDK 17 JVM checks an archive's
 * magic, version, JVM build and class path and quietly runs without it when they do not match, but it
 * maps the regions its header lists without checking the file's length: a truncated archive (an
 * interrupted copy) kills the process with SIGBUS. So for the archive format of JDK 17 (version 11),
 * every region must lie inside the file; other versions are left to the JVM, which refuses them.
 */
static int cds_archive_usable(const char* path) {
  enum { MAGIC_STATIC = 0xf00baba2u, MAGIC_DYNAMIC = 0xf00baba8u, VERSION_JDK17 = 11, REGIONS = 7,
         REGION_BYTES = 72, FIRST_REGION = 16, FILE_OFFSET = 24, USED = 40 };
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  FILE* f = fopen(path, "rb");
  if (!f) return 0;
  unsigned char header[FIRST_REGION + REGIONS * REGION_BYTES];
  size_t got = fread(header, 1, sizeof header, f);
  fclose(f);
  if (got != sizeof header) return 0;
  uint32_t magic, version;
  memcpy(&magic, header, 4);
  memcpy(&version, header + 8, 4);
  if (magic != MAGIC_STATIC && magic != MAGIC_DYNAMIC) return 0;
  if (version != VERSION_JDK17) return 1; /* another JDK's format: that JVM checks it, or refuses it */
  for (int i = 0; i < REGIONS; i++) {
    uint64_t offset, used;
    memcpy(&offset, header + FIRST_REGION + i * REGION_BYTES + FILE_OFFSET, 8);
    memcpy(&used, header + FIRST_REGION + i * REGION_BYTES + USED, 8);
    if (used > 0 && (offset > (uint64_t)st.st_size || used > (uint64_t)st.st_size - offset)) return 0;
  }
  return 1;
}

/* Appends the space-separated words of environment variable `name`; -1 when they do not fit. */
static int env_options(const char* name, JavaVMOption* options, int n, char** owned, char* err, size_t errlen) {
  const char* value = getenv(name);
  if (!value || !*value) return n;
  *owned = strdup(value);
  if (!*owned) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  for (char *save = NULL, *tok = strtok_r(*owned, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
    if (n == MAX_OPTIONS) {
      snprintf(err, errlen, "%s: too many options (at most %d JVM options in all)", name, MAX_OPTIONS);
      return -1;
    }
    options[n++].optionString = tok;
  }
  return n;
}

/*
 * The JVM options: class path, the guest defaults, then the host's ALPHASTREAM_JVM_OPTS (older
 * name) and ALPHASTREAM_JVM_OPTIONS. Returns the count, or -1 with err filled; the strings the
 * options point into are in owned[0..2] (the caller frees them).
 */
static int jvm_options(JavaVMOption* options, char** owned, char* err, size_t errlen) {
  int n = 0;
  owned[0] = malloc(strlen(g_cp) + 32);
  if (!owned[0]) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  sprintf(owned[0], "-Djava.class.path=%s", g_cp);
  options[n++].optionString = owned[0];
  for (size_t i = 0; i < sizeof GUEST_OPTIONS / sizeof GUEST_OPTIONS[0]; i++) {
    options[n++].optionString = (char*)GUEST_OPTIONS[i];
  }
  if (g_jsa[0] && cds_archive_usable(g_jsa)) {
    /* The archive is made for one runtime and one jar path (bin/alphastream-cds). When it does not
     * match (another JVM, a moved install, an updated jar) the JVM runs without it, and these keep
     * the JVM from saying so on the host's stdout. */
    static char archive[4300];
    snprintf(archive, sizeof archive, "-XX:SharedArchiveFile=%s", g_jsa);
    options[n++].optionString = archive;
    options[n++].optionString = "-Xshare:auto";
    options[n++].optionString = "-XX:+VerifySharedSpaces"; /* region checksums: a damaged file is refused */
    options[n++].optionString = "-Xlog:cds=off";
    options[n++].optionString = "-Xlog:cds+dynamic=off";
  }
  n = env_options("ALPHASTREAM_JVM_OPTS", options, n, &owned[1], err, errlen);
  if (n >= 0) n = env_options("ALPHASTREAM_JVM_OPTIONS", options, n, &owned[2], err, errlen);
  for (int i = 0; i < n; i++) options[i].extraInfo = NULL;
  return n;
}

JavaVM* cv_jvm_open(int* created, char* err, size_t errlen) {
  *created = 0;
  if (g_vm_create_failed) {
    snprintf(err, errlen, "%s", g_vm_error);
    return NULL;
  }
  if (!find_classpath(g_cp, sizeof g_cp, err, errlen)) {
    g_cp[0] = '\0';
    return NULL;
  }
  if (g_vm) return g_vm;
  created_vms_fn running = (created_vms_fn)dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
  JavaVM* vms[1];
  jsize count = 0;
  if (running && running(vms, 1, &count) == JNI_OK && count > 0) {
    g_vm = vms[0];
    return g_vm;
  }
  void* lib = open_libjvm(err, errlen);
  if (!lib) return NULL;
  create_vm_fn create = (create_vm_fn)dlsym(lib, "JNI_CreateJavaVM");
  if (!create) {
    snprintf(err, errlen, "libjvm.so has no JNI_CreateJavaVM");
    return NULL;
  }
  JavaVMOption options[MAX_OPTIONS];
  char* owned[3] = {NULL, NULL, NULL}; /* strings the options point into */
  int n = jvm_options(options, owned, err, errlen);
  if (n < 0) {
    for (int i = 0; i < 3; i++) free(owned[i]);
    return NULL;
  }
  JavaVMInitArgs args;
  args.version = JNI_VERSION_1_8;
  args.nOptions = n;
  args.options = options;
  args.ignoreUnrecognized = JNI_FALSE;
  JNIEnv* env = NULL;
  jint rc = create(&g_vm, (void**)&env, &args);
  for (int i = 0; i < 3; i++) free(owned[i]);
  if (rc != JNI_OK) {
    g_vm = NULL;
    g_vm_create_failed = 1;
    snprintf(g_vm_error, sizeof g_vm_error, "JNI_CreateJavaVM failed (%d): check ALPHASTREAM_JVM_OPTIONS",
             (int)rc);
    snprintf(err, errlen, "%s", g_vm_error);
    return NULL;
  }
  *created = 1;
  return g_vm;
}

jclass cv_jvm_exports_class(JNIEnv* env, int created, char* err, size_t errlen) {
  jclass cls = created ? (*env)->FindClass(env, "io/alphastream/cabi/CvExports") : load_via_url_loader(env, g_cp);
  if (clear_exception(env) || !cls) {
    snprintf(err, errlen, "io.alphastream.cabi.CvExports not found on class path %.300s", g_cp);
    return NULL;
  }
  return cls;
}

const char* cv_jvm_class_path(void) { return g_cp; }
