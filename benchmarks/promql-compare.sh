#!/usr/bin/env bash
# Side-by-side speed of our PromQL engine and Prometheus 3.5 over the same promtool-built blocks, plus the
# HTTP round trips through our query API in-process over the same blocks and through bin/thanos query over
# bin/thanos store.
# Usage: benchmarks/promql-compare.sh [runs] [warmup]     (JMH: benchmarks/promql-compare.sh --jmh)
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/find-java.sh
./mvnw -o -q -pl benchmarks,cmd -am install -DskipTests
./mvnw -o -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
# Our modules from this worktree's build, never from the shared ~/.m2 (other branches install there too).
ours="$PWD/promql/target/test-classes:$PWD/tsdb/target/test-classes"
for m in benchmarks promql tsdb proto objstore store query receive compact ruler cmd; do ours="$ours:$PWD/$m/target/classes"; done
cp="$ours:$(tr ':' '\n' < benchmarks/target/classpath.txt | grep -v '/io/jthanos/' | paste -sd:)"
cd benchmarks
if [[ "${1:-}" == "--jmh" ]]; then
  shift
  exec "$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main PromqlEngineBenchmark "$@"
fi
JTHANOS_NO_REBUILD=1 exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g -Djthanos.bin=../bin/thanos -cp "$cp" \
  io.jthanos.benchmarks.promql.PromqlComparison "$@"
