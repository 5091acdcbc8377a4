#!/usr/bin/env bash
# Runs the same remote-write load (io.jthanos.benchmarks.RemoteWriteLoad) against `bin/thanos receive`
# and against Prometheus 3.5's remote-write receiver, each with its WAL on, and prints accepted
# samples/s, target CPU and RSS for both.
#   benchmarks/remote-write-compare.sh [series=100000] [batch=1000] [concurrency=4] [seconds=30]
# Extra receive flags (e.g. --tsdb.wal-fsync=commit) in JTHANOS_RECEIVE_FLAGS.
# Needs: the oracles (scripts/fetch-oracles.sh), `./mvnw -o -q -pl benchmarks -am install -DskipTests`.
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

echo "== jthanos receive ${JTHANOS_RECEIVE_FLAGS:-(default --tsdb.wal-fsync=interval: WAL written before each 2xx, fsynced every second)}"
rw=$(free_port) httpp=$(free_port) grpcp=$(free_port)
bin/thanos receive --tsdb.path="$work/receive" --label='receive_replica="0"' \
  --remote-write.address=127.0.0.1:$rw --http-address=127.0.0.1:$httpp --grpc-address=127.0.0.1:$grpcp \
  ${JTHANOS_RECEIVE_FLAGS:-} >"$work/receive.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$httpp/-/ready"
jpid=${pids[-1]}
"$java_bin" -Xmx2g -cp "$cp" io.jthanos.benchmarks.RemoteWriteLoad "http://127.0.0.1:$rw/api/v1/receive" \
  "$series" "$batch" "$concurrency" "$seconds" "$jpid"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "== Prometheus $("$prometheus" --version 2>&1 | head -1 | awk '{print $3}') --web.enable-remote-write-receiver"
pp=$(free_port)
printf 'global:\n  scrape_interval: 1h\n' >"$work/prometheus.yml"
"$prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" --web.listen-address=127.0.0.1:$pp \
  --web.enable-remote-write-receiver >"$work/prometheus.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$pp/-/ready"
"$java_bin" -Xmx2g -cp "$cp" io.jthanos.benchmarks.RemoteWriteLoad "http://127.0.0.1:$pp/api/v1/write" \
  "$series" "$batch" "$concurrency" "$seconds" "${pids[-1]}"
