#!/usr/bin/env bash
# Side-by-side XOR decode on this machine: Prometheus's own Go decoder (tsdb/chunkenc of Prometheus 3.5, from
# Debian's Go source package, built with Debian's Go, neither installed into the system) and ours, on the same
# `real` fixture (benchmarks/src/main/resources/xor/). Both decode every chunk through their iterators and sum
# t + value bits; the script fails if the two sums differ.
# Usage: benchmarks/xor-go-compare.sh [jvms]      (ours: CpuTimeRunner in `jvms` fresh JVMs, default 3)
# Cache: $JTHANOS_GO_XOR_CACHE (default ~/.cache/jthanos/go-xor): Go, the Prometheus source, the built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
jvms="${1:-3}"
. bin/find-java.sh
cache="${JTHANOS_GO_XOR_CACHE:-$HOME/.cache/jthanos/go-xor}"
root="$cache/root"
if [ ! -d "$root/usr/share/gocode/src/github.com/prometheus/prometheus/tsdb/chunkenc" ] || ! ls "$root"/usr/lib/go-*/bin/go >/dev/null 2>&1; then
  rm -rf "$root"
  scripts/sid-debs.sh "$root" golang-go golang-github-prometheus-prometheus-dev
  # golang-go only points at the versioned toolchain: fetch that version's compiler and standard library
  gover=$(readlink "$root/usr/bin/go" | sed -n 's|.*/go-\([0-9.]*\)/bin/go$|\1|p')
  [ -n "$gover" ] || { echo "xor-go-compare: no Go version behind $root/usr/bin/go" >&2; exit 1; }
  cp "$root/packages.txt" "$root/packages-prometheus.txt"
  scripts/sid-debs.sh "$root" "golang-$gover-go" "golang-$gover-src"
fi
goroot=$(ls -d "$root"/usr/lib/go-* | head -n 1)
if [ ! -x "$cache/xorbench" ] || [ benchmarks/go/xorbench.go -nt "$cache/xorbench" ]; then
  # Debian ships Go libraries as a GOPATH tree; chunkenc needs nothing outside Prometheus and the standard library
  gopath="$cache/gopath"
  rm -rf "$gopath" && mkdir -p "$gopath/src/xorbench"
  cp benchmarks/go/xorbench.go "$gopath/src/xorbench/"
  (cd "$gopath/src/xorbench" && GOROOT="$goroot" GO111MODULE=off GOTOOLCHAIN=local GOFLAGS= \
    GOPATH="$gopath:$root/usr/share/gocode" GOCACHE="$cache/gocache" "$goroot/bin/go" build -o "$cache/xorbench" .)
fi
echo "Prometheus $(sed -n 's|.*prometheus-dev_\([^_]*\)_all.deb|\1|p' "$root/packages-prometheus.txt" 2>/dev/null || true)" \
  "source, Go $(cat "$goroot/VERSION" | head -n 1)"

./mvnw -o -q -pl benchmarks -am install -DskipTests
./mvnw -o -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/xor-classpath.txt
# our tsdb classes from this worktree first: ~/.m2 is shared with other branches
cp="benchmarks/target/classes:tsdb/target/classes:$(cat benchmarks/target/xor-classpath.txt)"
fixture=benchmarks/src/main/resources/xor/prometheus-scrape-5s.chunks.gz

go_out=$("$cache/xorbench" "$fixture")
echo "$go_out"
ours=""
for _ in $(seq "$jvms"); do
  out=$("$JAVA_HOME/bin/java" -Xmx2g -cp "$cp" io.jthanos.benchmarks.CpuTimeRunner xor real)
  echo "$out" | grep -E "probe|checksum|decode"
  ours="$out"
done
go_sum=$(echo "$go_out" | sed -n 's/^go xor decode checksum real \(-\?[0-9]*\).*/\1/p')
our_sum=$(echo "$ours" | sed -n 's/^xor decode checksum real \(-\?[0-9]*\)$/\1/p')
if [ -z "$go_sum" ] || [ "$go_sum" != "$our_sum" ]; then
  echo "xor-go-compare: the decoders disagree: Prometheus's checksum '$go_sum', ours '$our_sum'" >&2
  exit 1
fi
echo "checksums agree: $our_sum"
