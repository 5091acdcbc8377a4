#!/usr/bin/env bash
# Fetches the oracles the tests compare against (Prometheus 3.5, promtool, Alertmanager, and
# Prometheus's own PromQL test scripts from its Go source package) from Debian's sid suite, and the
# memcached the cache clients are tested against from the machine's own Debian release (sid's is built
# against a newer glibc), WITHOUT installing them into the system (scripts/sid-debs.sh) into a cache directory.
#
#   scripts/fetch-oracles.sh            # prints the directory holding bin/prometheus, bin/promtool, bin/alertmanager,
#                                       # bin/memcached (a wrapper over lib/memcached/) and testdata/: Prometheus's
#                                       # PromQL test scripts (promqltest/*.test) and rule files (rules/*.y*ml) and
#                                       # PromQL parser tests (promql-parser/*_test.go), from its source package
#
# Cache: $JTHANOS_ORACLES_CACHE (default ~/.cache/jthanos/oracles). Re-runs are no-ops once cached.
set -euo pipefail

cache="${JTHANOS_ORACLES_CACHE:-$HOME/.cache/jthanos/oracles}"
bindir="$cache/bin"
packages=(prometheus promtool prometheus-alertmanager golang-github-prometheus-prometheus-dev)
binaries=(prometheus promtool alertmanager)
testdata="$cache/testdata"
source_in_package=usr/share/gocode/src/github.com/prometheus/prometheus

# memcached and the libraries it links that a minimal system may lack; only libc comes from the machine.
memcached_packages=(memcached libevent-2.1-7 libsasl2-2 libssl3)
memcached_lib="$cache/lib/memcached"

have_prometheus() {
  for b in "${binaries[@]}"; do [ -x "$bindir/$b" ] || return 1; done
  [ -f "$testdata/promqltest/functions.test" ] && [ -f "$testdata/rules/rules.yml" ] \
    && [ -f "$testdata/promql-parser/parse_test.go" ]
}

have_memcached() {
  [ -x "$bindir/memcached" ] && [ -x "$memcached_lib/memcached" ]
}

have_all() {
  have_prometheus && have_memcached
}

if have_all; then echo "$cache"; exit 0; fi

mkdir -p "$cache"
work=$(mktemp -d "${TMPDIR:-/tmp}/jthanos-oracles.XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! have_memcached; then
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [ -n "$suite" ] || { echo "fetch-oracles: no VERSION_CODENAME in /etc/os-release" >&2; exit 1; }
  mroot="$work/memcached"
  DEBIAN_SUITE="$suite" "$(dirname "$0")/sid-debs.sh" "$mroot" "${memcached_packages[@]}"
  [ -x "$mroot/usr/bin/memcached" ] || { echo "fetch-oracles: memcached not found in the unpacked packages" >&2; exit 1; }
  rm -rf "$memcached_lib.tmp" && mkdir -p "$memcached_lib.tmp" "$bindir"
  cp "$mroot/usr/bin/memcached" "$memcached_lib.tmp/"
  cp -P "$mroot"/usr/lib/x86_64-linux-gnu/*.so* "$memcached_lib.tmp/"
  cp "$mroot/packages.txt" "$memcached_lib.tmp/packages.txt"
  rm -rf "$memcached_lib" && mv "$memcached_lib.tmp" "$memcached_lib"
  # exec, so that the process the tests start and stop is memcached itself.
  cat > "$bindir/memcached.tmp" <<'EOF'
#!/bin/sh
lib="$(cd "$(dirname "$0")/../lib/memcached" && pwd)"
LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$lib/memcached" "$@"
EOF
  chmod +x "$bindir/memcached.tmp" && mv "$bindir/memcached.tmp" "$bindir/memcached"
  "$bindir/memcached" -V >&2
fi

if have_prometheus; then echo "$cache"; exit 0; fi

root="$work/root"
"$(dirname "$0")/sid-debs.sh" "$root" "${packages[@]}"
mkdir -p "$bindir"
for b in "${binaries[@]}"; do
  src=""
  for cand in "$root/usr/bin/$b" "$root/usr/bin/prometheus-$b"; do
    [ -x "$cand" ] && { src="$cand"; break; }
  done
  [ -n "$src" ] || { echo "fetch-oracles: $b not found in the unpacked packages" >&2; exit 1; }
  cp "$src" "$bindir/$b.tmp" && mv "$bindir/$b.tmp" "$bindir/$b"
done
src="$root/$source_in_package"
ls "$src/promql/promqltest/testdata"/*.test >/dev/null 2>&1 \
  || { echo "fetch-oracles: no PromQL test scripts in $source_in_package" >&2; exit 1; }
rm -rf "$testdata.tmp" && mkdir -p "$testdata.tmp/promqltest" "$testdata.tmp/rules"
cp "$src/promql/promqltest/testdata"/*.test "$testdata.tmp/promqltest/"
# Rule files: every file of promtool's and rulefmt's test data that holds rule groups.
for f in "$src/cmd/promtool/testdata"/*.y*ml "$src/model/rulefmt/testdata"/*.yaml; do
  if grep -q '^groups:' "$f"; then cp "$f" "$testdata.tmp/rules/"; fi
done
# The PromQL parser's Go tests, whose query strings the compatibility test sends to both HTTP APIs.
mkdir -p "$testdata.tmp/promql-parser"
cp "$src/promql/parser/parse_test.go" "$src/promql/parser/printer_test.go" "$src/promql/parser/prettier_test.go" \
  "$testdata.tmp/promql-parser/"
rm -rf "$testdata" && mv "$testdata.tmp" "$testdata"
rm -rf "$cache/promqltest"
cp "$root/packages.txt" "$cache/packages.txt"
for b in "${binaries[@]}"; do "$bindir/$b" --version 2>&1 | head -n 1 >&2 || true; done
echo "$cache"
