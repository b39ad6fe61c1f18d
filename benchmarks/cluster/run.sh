#!/usr/bin/env bash
# Cluster benchmark (not part of CI): 1, 2 and 3 gateway JVMs on this machine with --frames origin and
# --frames owner; origin requests and bytes per frame, a remote frame's latency vs a local one, and the frame
# gap after kill -9 of a stream's owner. Results go to stdout and results-<date>.txt; node logs to a temp dir.
#
#   benchmarks/cluster/run.sh
#
# Environment: ALPHASTREAM_SHARED (default /work/shared, for fixtures/small.asvp).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$(ls -t "$root"/ws-gateway/target/ws-gateway-*-all.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ]; then
  (cd "$root" && mvn -q -B -pl ws-gateway -am package -DskipTests 1>&2)
  jar=$(ls -t "$root"/ws-gateway/target/ws-gateway-*-all.jar | head -n 1)
fi
fixture="${ALPHASTREAM_SHARED:-/work/shared}/fixtures/small.asvp"
logs=$(mktemp -d)
out="$here/results-$(date +%Y%m%d-%H%M%S).txt"
java -Xmx512m -cp "$jar" "$here/ClusterBench.java" "$jar" "$fixture" "$logs" | tee "$out"
echo "results: $out (node logs: $logs)"
