#!/usr/bin/env bash
# Runs every test of the project, the way CI does (.ci/run calls this script).
#
#   ./test.sh            install what the tests need when missing, then `mvn -B verify` for all modules
#
# Environment:
#   MVN        Maven command (default: mvn)
#   MVN_ARGS   extra Maven arguments, e.g. MVN_ARGS=-o for an offline run
#
# Fails when any test fails, and when any test log shows a Vert.x blocked-thread warning
# ("has been blocked for"): blocking an event loop is a bug even when the test passes.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"
artifacts="$root/test-artifacts"
mkdir -p "$artifacts"

say() { printf '==> %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

# --- 1. prerequisites ---------------------------------------------------------------------------
# Each step installs one thing only when it is missing. Later modules add their steps here
# (apt-get install chromium / valgrind, npm ci in js-client, make in cabi, ...).
apt_install() {
  # apt_install PACKAGE... : install Debian packages (as root or through sudo)
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  $sudo apt-get install -y -q "$@"
}

ensure_jdk_and_maven() {
  # jlink, jdeps and the jmods build the cabi distribution archive's runtime (cabi/dist.sh)
  if ! have java || ! have javac || ! have jlink || ! have jdeps; then
    say "installing a JDK (17+)"
    apt_install openjdk-17-jdk-headless
  fi
  if ! have "${MVN:-mvn}"; then
    say "installing Maven"
    apt_install maven
  fi
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [ "${major%%.*}" -lt 17 ] 2>/dev/null; then
    echo "error: Java 17 or newer is required (found $major)" >&2
    exit 1
  fi
}

ensure_node_and_chromium() {
  # js-client tests: Node 20+ (node --test), npm, and Debian's Chromium for the browser test
  # (playwright-core drives /usr/bin/chromium; it never downloads a browser).
  if ! have node || ! have npm; then
    say "installing Node.js and npm"
    apt_install nodejs npm
  fi
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$node_major" -lt 20 ]; then
    echo "error: Node.js 20 or newer is required for the js-client tests (found $(node --version))" >&2
    exit 1
  fi
  if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    say "installing Chromium (browser test)"
    apt_install chromium
  fi
}

ensure_jdk_and_maven
ensure_node_and_chromium

# cabi: gcc and make build libalphastream.so (g++ checks that alphastream.h compiles as C++) and its C test hosts; valgrind checks the C side.
ensure_native_tools() {
  local missing=()
  have gcc || missing+=(gcc)
  have g++ || missing+=(g++) # the header is also compiled as C++
  have make || missing+=(make)
  have valgrind || missing+=(valgrind)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (cabi: C ABI build and tests)"
    apt_install "${missing[@]}"
  fi
}

ensure_native_tools

# The fixtures, golden masks and FORMAT.md live in ../shared next to the checkout (or wherever
# ALPHASTREAM_SHARED points); without them every fixture test would fail, so say so once, up front.
shared="${ALPHASTREAM_SHARED:-$root/../shared}"
if [ ! -f "$shared/fixtures/manifest.json" ]; then
  echo "error: shared fixtures not found at $shared (expected ../shared next to the checkout; set ALPHASTREAM_SHARED)" >&2
  exit 1
fi
shared=$(cd "$shared" && pwd)

# --- 2. build and test every module -----------------------------------------------------------
say "mvn -B verify (all modules)"
log="$artifacts/mvn-verify.log"
# shellcheck disable=SC2086 # MVN_ARGS is a list of words on purpose
if ! "${MVN:-mvn}" -B ${MVN_ARGS:-} -Dalphastream.shared="$shared" verify 2>&1 | tee "$log"; then
  echo "error: mvn verify failed (log: $log)" >&2
  exit 1
fi

# --- 2b. js-client: Node unit tests, then the browser test against the gateway jar built above -----
say "js-client: npm ci, node --test (decoder, header parser, connection, reconnect over real sockets)"
(cd js-client && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
# the reconnect test needs a WebSocket client: global from Node 22, behind a flag in Node 20
ws_flag=$(node -e 'process.stdout.write(typeof WebSocket === "function" ? "" : "--experimental-websocket")')
# shellcheck disable=SC2086 # ws_flag is empty or one word
if ! (cd js-client && node $ws_flag --test test/) 2>&1 | tee "$artifacts/js-client-unit.log"; then
  echo "error: js-client unit tests failed (log: $artifacts/js-client-unit.log)" >&2
  exit 1
fi
say "js-client: browser test (headless Chromium, demo page, golden masks; screenshot in test-artifacts/), failover between gateway JVMs"
# shellcheck disable=SC2086 # the failover test's Node client needs the WebSocket too
if ! (cd js-client && ALPHASTREAM_SHARED="$shared" node $ws_flag --test e2e/) 2>&1 | tee "$artifacts/js-client-browser.log"; then
  echo "error: browser test failed (log: $artifacts/js-client-browser.log)" >&2
  exit 1
fi

# --- 3. no blocked event loops -----------------------------------------------------------------
say "checking test logs for Vert.x blocked-thread warnings"
blocked=$( { grep -l "has been blocked for" "$log" 2>/dev/null || true
             find . -path ./test-artifacts -prune -o \
                  \( -path '*/target/surefire-reports/*' -o -path '*/target/failsafe-reports/*' \) \
                  -type f -print0 | xargs -0 -r grep -l "has been blocked for" 2>/dev/null || true; } )
if [ -n "$blocked" ]; then
  echo "error: a test blocked a Vert.x thread (\"has been blocked for\") in:" >&2
  echo "$blocked" >&2
  exit 1
fi

say "all tests passed"
