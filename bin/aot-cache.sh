#!/usr/bin/env bash
# bin/aot-cache.sh JAVA LIB_DIR OUTPUT: writes the JVM's AOT cache (JEP 483/514/515) for the jthanos
# distribution in LIB_DIR to OUTPUT, from a training run (io.jthanos.cmd.AotTraining) that starts `store` on a
# small in-process S3 endpoint until its first sync has finished and then stops it with SIGTERM (the JVM writes
# the cache on exit).
# Run it with the classpath the launcher uses ("LIB_DIR/*"): the JVM only uses a cache whose classpath and
# jars match. Writes OUTPUT atomically; exits non-zero (leaving no OUTPUT) when training fails.
set -euo pipefail

java="$1" lib="$2" out="$3"
work=$(mktemp -d "${TMPDIR:-/tmp}/jthanos-aot.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$java" -XX:AOTCacheOutput="$work/thanos.aot" -Xlog:aot=error --enable-native-access=ALL-UNNAMED \
  -cp "$lib/*" io.jthanos.cmd.AotTraining --data-dir="$work/data" \
  --http-address=127.0.0.1:0 --grpc-address=127.0.0.1:0 > "$work/train.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
  grep -q 'initial synchronization finished' "$work/train.log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -TERM "$pid" 2>/dev/null || true
if ! wait "$pid" || [ ! -s "$work/thanos.aot" ]; then
  echo "aot-cache.sh: training run failed; its log:" >&2
  cat "$work/train.log" >&2
  exit 1
fi
mv -f "$work/thanos.aot" "$out.tmp.$$"
mv -f "$out.tmp.$$" "$out"
