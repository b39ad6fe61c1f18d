#!/usr/bin/env bash
# Gateway load run (not part of CI): starts `alphastream serve` on the bundled demo stream in its own
# JVM, then runs GatewayLoad.java for each subscriber count. Results go to stdout and results-<date>.txt.
#
#   benchmarks/gateway-load/run.sh                 # rle then poly, N = 100 500 1000, 60 fps, 1280x640, 10 s windows
#   COUNTS="100" ENCODINGS=poly SECONDS_PER_RUN=5 benchmarks/gateway-load/run.sh
#
# Environment: COUNTS, ENCODINGS ("rle poly"; ENCODING=x is the same as ENCODINGS=x), FPS (60),
# SIZE (1280x640), SECONDS_PER_RUN (10), WARMUP (5), SERVER_HEAP (1g), CLIENT_HEAP (1g), INSTANCES (1).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/benchmarks/gateway-jar.sh"
jar=$(gateway_jar "$root")
out="$here/results-$(date +%Y%m%d-%H%M%S).txt"
log=$(mktemp)
java -Xms256m -Xmx"${SERVER_HEAP:-1g}" -jar "$jar" serve --port 0 --max-subscribers 5000 \
  --instances "${INSTANCES:-1}" --stream demo=sample:demo >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do grep -q "serving" "$log" && break; sleep 0.5; done
port=$(sed -n 's/.*on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$log" | head -n 1)
[ -n "$port" ] || { cat "$log"; exit 1; }
{
  echo "# gateway load $(date -Iseconds): $(nproc) cores, $(java -version 2>&1 | head -n 1), server pid $server"
  echo "# ${FPS:-60} fps, ${SIZE:-1280x640}, window ${SECONDS_PER_RUN:-10} s after ${WARMUP:-5} s warm-up, instances ${INSTANCES:-1}, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # the stored frame blocks of the stream: what a poly message carries behind its 16-byte header
  java -jar "$jar" info sample:demo | sed -n 's/^block bytes */# stored blocks: /p'
} | tee "$out"
for encoding in ${ENCODINGS:-${ENCODING:-rle poly}}; do
for n in ${COUNTS:-100 500 1000}; do
  echo "# encoding $encoding" | tee -a "$out"
  # hard bound per run: connects + warm-up + window + 2 minutes of slack, then the client is killed
  timeout $(( ${WARMUP:-5} + ${SECONDS_PER_RUN:-10} + n / 100 + 120 )) \
  java -Xmx"${CLIENT_HEAP:-1g}" -cp "$jar" "$here/GatewayLoad.java" --url "ws://127.0.0.1:$port/ws/streams/demo" \
    --subscribers "$n" --fps "${FPS:-60}" --size "${SIZE:-1280x640}" --encoding "$encoding" \
    --seconds "${SECONDS_PER_RUN:-10}" --warmup "${WARMUP:-5}" --server-pid "$server" | tee -a "$out"
  sleep 3 # let the server close the previous run's sockets
done
done
echo "results: $out"
