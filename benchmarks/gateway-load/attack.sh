#!/usr/bin/env bash
# Memory attack run (not part of CI): starts `alphastream serve` on the bundled demo stream in its own JVM
# with default limits, then runs GatewayAttack.java: 100 stalled r8 subscribers at distinct sizes near
# 4096x4096, sampling the server's heap and /health latency. Results go to stdout.
#
#   benchmarks/gateway-load/attack.sh
#   SUBSCRIBERS=100 SECONDS_PER_RUN=60 SERVER_HEAP=2g SERVE_ARGS="--memory-budget-bytes 268435456" benchmarks/gateway-load/attack.sh
#
# Environment: SUBSCRIBERS (100), SECONDS_PER_RUN (60), SERVER_HEAP (unset: the JVM's default max heap),
# SERVE_ARGS (extra `serve` flags), SERVER_LOG (file to keep the server's output in), JAR (the gateway's
# shaded jar; default: the newest in ws-gateway/target, built when missing).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/benchmarks/gateway-jar.sh"
jar=$(gateway_jar "$root")
log=$(mktemp)
heap=()
[ -n "${SERVER_HEAP:-}" ] && heap=("-Xmx$SERVER_HEAP")
# shellcheck disable=SC2086
java "${heap[@]}" -jar "$jar" serve --port 0 --stream demo=sample:demo ${SERVE_ARGS:-} >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do grep -q "serving" "$log" && break; sleep 0.5; done
port=$(sed -n 's/.*on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$log" | head -n 1)
[ -n "$port" ] || { cat "$log"; exit 1; }
echo "# gateway attack $(date -Iseconds): $(nproc) cores, $(java -version 2>&1 | head -n 1), server max heap" \
  "$(java "${heap[@]}" -XX:+PrintFlagsFinal -version 2>/dev/null | awk '/ MaxHeapSize /{printf "%.0f MB", $4/1e6}')," \
  "serve ${SERVE_ARGS:-(defaults)}"
timeout $(( ${SECONDS_PER_RUN:-60} + 120 )) java "$here/GatewayAttack.java" --url "ws://127.0.0.1:$port/ws/streams/demo" \
  --subscribers "${SUBSCRIBERS:-100}" --seconds "${SECONDS_PER_RUN:-60}"
[ -n "${SERVER_LOG:-}" ] && cp "$log" "$SERVER_LOG"
echo "# server log: $(wc -l <"$log") lines, $(grep -c 'promise already done' "$log" || true) 'promise already done'," \
  "$(grep -c '^\s*at ' "$log" || true) stack-trace lines"
