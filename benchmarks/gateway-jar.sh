# Sourced by the benchmark scripts: gateway_jar ROOT prints the shaded gateway jar (the newest
# ws-gateway/target/ws-gateway-*-all.jar, or $JAR when set), building it first when there is none.
gateway_jar() {
  local root=$1 jar=${JAR:-}
  if [ -z "$jar" ]; then
    jar=$(ls -t "$root"/ws-gateway/target/ws-gateway-*-all.jar 2>/dev/null | head -n 1 || true)
  fi
  if [ -z "$jar" ]; then
    (cd "$root" && mvn -q -B -pl ws-gateway -am package -DskipTests 1>&2)
    jar=$(ls -t "$root"/ws-gateway/target/ws-gateway-*-all.jar | head -n 1)
  fi
  printf '%s\n' "$jar"
}
