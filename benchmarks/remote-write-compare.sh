#!/usr/bin/env bash
# Runs the same remote-write load (io.jthanos.benchmarks.RemoteWriteLoad) against `bin/thanos receive`
# and against Prometheus 3.5's remote-write receiver, each with its WAL on, and prints accepted
# samples/s, target CPU and RSS for both.
#   benchmarks/remote-write-compare.sh [series=100000] [batch=1000] [concurrency=4] [seconds=30]
# Extra receive flags (e.g. --tsdb.wal-fsync=commit) in JTHANOS_RECEIVE_FLAGS; JVM options in JTHANOS_JAVA_OPTS.
# JTHANOS_BASELINE=<other build>/bin/thanos runs that build first (A/B); JTHANOS_SKIP_PROMETHEUS=1 skips Prometheus.
# Needs: the oracles (scripts/fetch-oracles.sh), `./mvnw -o -q -pl cmd,benchmarks -am package -DskipTests`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
series=${1:-100000} batch=${2:-1000} concurrency=${3:-4} seconds=${4:-30}
prometheus="${JTHANOS_ORACLES:-$HOME/.cache/jthanos/oracles}/bin/prometheus"
. "$root/bin/find-java.sh"
java_bin="$JAVA_HOME/bin/java"

cd "$root"
./mvnw -o -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/tmp/rw-bench-cp.txt >/dev/null
cp="benchmarks/target/classes:tsdb/target/classes:$(cat /tmp/rw-bench-cp.txt)"
work=$(mktemp -d /tmp/rw-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1; for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 120); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }

# run_receive LABEL BIN: the load against one `bin/thanos receive`.
run_receive() {
  echo "== jthanos receive $1 ${JTHANOS_RECEIVE_FLAGS:-(default --tsdb.wal-fsync=interval: WAL written before each 2xx, fsynced every second)}"
  local rw httpp grpcp
  rw=$(free_port) httpp=$(free_port) grpcp=$(free_port)
  rm -rf "$work/receive"
  "$2" receive --tsdb.path="$work/receive" --label='receive_replica="0"' \
    --remote-write.address=127.0.0.1:$rw --http-address=127.0.0.1:$httpp --grpc-address=127.0.0.1:$grpcp \
    ${JTHANOS_RECEIVE_FLAGS:-} >"$work/receive.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$httpp/-/ready"
  local jpid=${pids[-1]}
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$java_bin" -Xmx2g -cp "$cp" io.jthanos.benchmarks.RemoteWriteLoad "http://127.0.0.1:$rw/api/v1/receive" \
    "$series" "$batch" "$concurrency" "$seconds" "$jpid"
  kill "$jpid"; wait "$jpid" 2>/dev/null || true
}

# A/B: JTHANOS_BASELINE names another build's bin/thanos (e.g. a copy of main's bin/ and cmd/target/dist),
# run first, so both builds and Prometheus see the same minutes of machine load.
if [ -n "${JTHANOS_BASELINE:-}" ]; then
  run_receive "(baseline $JTHANOS_BASELINE)" "$JTHANOS_BASELINE"
fi
run_receive "(this tree)" bin/thanos
[ "${JTHANOS_SKIP_PROMETHEUS:-0}" = 1 ] && exit 0

echo "== Prometheus $("$prometheus" --version 2>&1 | head -1 | awk '{print $3}') --web.enable-remote-write-receiver"
pp=$(free_port)
printf 'global:\n  scrape_interval: 1h\n' >"$work/prometheus.yml"
"$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" --web.listen-address=127.0.0.1:$pp \
  --web.enable-remote-write-receiver >"$work/prometheus.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$pp/-/ready"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java_bin" -Xmx2g -cp "$cp" io.jthanos.benchmarks.RemoteWriteLoad "http://127.0.0.1:$pp/api/v1/write" \
  "$series" "$batch" "$concurrency" "$seconds" "${pids[-1]}"
