#!/usr/bin/env bash
# Builds target/alphastream-cabi-VERSION-linux-x86_64.tar.gz: everything a native host needs, no JDK.
#   dist.sh VERSION            (Maven's `package` runs it after the shaded jar is built)
#
#   alphastream-cabi-VERSION-linux-x86_64/
#     README.md                  how to build against it, the C example
#     include/alphastream.h
#     lib/libalphastream.so      finds everything below next to itself
#     lib/alphastream-cabi.jar   the engine (shaded)
#     lib/runtime/               Java runtime, jlink-ed down to the modules the jar uses
#     bin/alphastream-cds        makes lib/alphastream-cabi.jsa (faster first CV_init), once per install
#     example/example.c          docs/cabi-example.c
#
# Needs a JDK 17 with jmods (jlink, jdeps), gcc and make.
set -euo pipefail
version=${1:?usage: dist.sh VERSION}
module=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
target="$module/target"
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
jar="$target/native/alphastream-cabi.jar"
name="alphastream-cabi-$version-linux-x86_64"
stage="$target/dist/$name"

make -s -C "$module" "target/native/libalphastream.so"

# Modules: what jdeps finds in the jar, minus those only code a host never reaches uses, plus those
# loaded by name at run time. A module jdeps finds that is not in `known` stops the build: decide.
#   java.desktop  javax.imageio in io.alphastream.raster (PNG files: CLI and tests)
#   java.sql      org.bouncycastle.x509.util (LDAP certificate stores)
#   java.compiler io.vertx.core.impl.verticle (verticles compiled from .java sources)
#   java.logging  Vert.x logs through java.util.logging (jdeps reached it only through java.sql)
#   jdk.crypto.ec elliptic-curve TLS for https:// sources (a security provider, loaded by name)
#   jdk.unsupported  sun.misc.Unsafe for Netty
found=$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$jar")
known=",java.base,java.naming,jdk.jfr,jdk.unsupported,java.desktop,java.sql,java.compiler,"
for m in ${found//,/ }; do
  if [[ $known != *",$m,"* ]]; then
    echo "dist.sh: jdeps finds module $m in the jar; add it to the runtime or to the excluded list" >&2
    exit 1
  fi
done
modules="java.base,java.logging,java.naming,jdk.jfr,jdk.unsupported,jdk.crypto.ec"

rm -rf "$target/dist"
mkdir -p "$stage/include" "$stage/lib" "$stage/bin" "$stage/example"
cp "$module/src/main/c/alphastream.h" "$stage/include/"
cp "$target/native/libalphastream.so" "$jar" "$stage/lib/"
cp "$module/src/dist/bin/alphastream-cds" "$stage/bin/"
cp "$module/../docs/cabi-example.c" "$stage/example/example.c"
# README: version and the example program filled in (so it is always the one that compiles)
awk -v version="$version" -v example="$module/../docs/cabi-example.c" '
  /^@EXAMPLE@$/ { while ((getline line < example) > 0) print line; next }
  { gsub(/@VERSION@/, version); print }' "$module/src/dist/README.md" > "$stage/README.md"

# --generate-cds-archive: the runtime's own classes come from a class-data archive (relocatable,
# used whatever the install path). Only the compressed-oops one: the library caps the heap far below
# the 32 GB where the other one would be used.
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages \
  --compress=2 --generate-cds-archive --output "$stage/lib/runtime"
rm -f "$stage/lib/runtime/lib/server/classes_nocoops.jsa"

tar -C "$target/dist" -czf "$target/$name.tar.gz" "$name"
echo "dist.sh: $target/$name.tar.gz ($(du -k "$target/$name.tar.gz" | cut -f1) KiB)"
