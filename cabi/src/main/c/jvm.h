/*
 * jvm.h - internal to libalphastream.so (not installed, nothing exported): the JVM the library runs
 * in. Finding libjvm.so and the jar, the JVM options and JNI_CreateJavaVM live in jvm.c; the CV_*
 * functions in alphastream.c only call these. None of them is thread-safe: the caller serialises.
 */
#ifndef ALPHASTREAM_JVM_H
#define ALPHASTREAM_JVM_H

#include <jni.h>
#include <stddef.h>

/*
 * The JVM already running in the process, or a new one (libjvm.so, class path and options as
 * docs/cabi.md describes). Sets *created to 1 when this call started it: the calling thread is then
 * attached to it. NULL with err filled when the jar or the runtime is missing or the JVM does not
 * start; a failed JNI_CreateJavaVM is final (a process gets one try), later calls repeat its text.
 */
JavaVM* cv_jvm_open(int* created, char* err, size_t errlen);

/*
 * io.alphastream.cabi.CvExports as a local reference of env: from the system class path when this
 * library created the JVM, else through a new URLClassLoader over our class path. NULL with err
 * filled when it is not there.
 */
jclass cv_jvm_exports_class(JNIEnv* env, int created, char* err, size_t errlen);

/* The class path cv_jvm_open found (for error texts); "" before. */
const char* cv_jvm_class_path(void);

#endif
