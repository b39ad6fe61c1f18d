#!/usr/bin/env bash
# Cluster benchmark (not part of CI): 1, 2 and 3 gateway JVMs on this machine with --frames origin and
# --frames owner; origin requests and bytes per frame, a remote frame's latency vs a local one, and the frame
# gap after kill -9 of a stream's owner. Results go to stdout and results-<date>.txt; node logs to a temp dir.
#
#   benchmarks/cluster/run.sh
#
# Environment: ALPHASTREAM_SHARED (default ../shared next to the checkout, for fixtures/small.asvp), JAR.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/benchmarks/gateway-jar.sh"
jar=$(gateway_jar "$root")
fixture="${ALPHASTREAM_SHARED:-$root/../shared}/fixtures/small.asvp"
logs=$(mktemp -d)
out="$here/results-$(date +%Y%m%d-%H%M%S).txt"
java -Xmx512m -cp "$jar" "$here/ClusterBench.java" "$jar" "$fixture" "$logs" | tee "$out"
echo "results: $out (node logs: $logs)"
