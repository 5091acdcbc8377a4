#!/usr/bin/env bash
# Downloads Debian packages from the sid suite WITHOUT installing them into the system (a private apt
# configuration; the machine's own package state is not touched) and unpacks them with `dpkg -x`.
#
#   scripts/sid-debs.sh ROOT PACKAGE...     # unpacks every PACKAGE into ROOT; lists the .deb files in ROOT/packages.txt
#   DEBIAN_SUITE=bookworm scripts/sid-debs.sh ROOT PACKAGE...   # another suite (default sid), e.g. the machine's
#                                                               # own release for a binary that needs its glibc
#
# Dependencies are not resolved: name every package you need. Used by fetch-oracles.sh and by the
# side-by-side scripts in benchmarks/.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 ROOT PACKAGE..." >&2; exit 2; }
root="$1"
shift
suite="${DEBIAN_SUITE:-sid}"
packages=("$@")

work=$(mktemp -d "${TMPDIR:-/tmp}/jthanos-sid.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Use the same mirror as the machine's own sources, suite $suite, component main.
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror=$(awk '/^URIs:/ {print $2; exit}' "$f")
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror=$(awk '$1=="deb" {print $2; exit}' /etc/apt/sources.list)
fi
mirror="${mirror:-http://deb.debian.org/debian}"
case "$mirror" in *-security*) mirror="http://deb.debian.org/debian" ;; esac

mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/etc/preferences.d" "$work/debs" "$work/cache"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" > "$work/etc/sources.list"
: > "$work/status"
apt_opts=(
  -o "Dir::Etc::SourceList=$work/etc/sources.list"
  -o "Dir::Etc::SourceParts=-"
  -o "Dir::Etc::PreferencesParts=$work/etc/preferences.d"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::State::Status=$work/status"
  -o "Dir::Cache::Archives=$work/archives"
  -o "Dir::Cache=$work/cache"
  -o "APT::Sandbox::User=root"
  -o "Acquire::Languages=none"
)
echo "sid-debs: updating a private $suite package list from $mirror" >&2
for attempt in 1 2 3; do
  if apt-get "${apt_opts[@]}" -q update >&2; then break; fi
  [ "$attempt" = 3 ] && { echo "sid-debs: apt-get update failed" >&2; exit 1; }
  sleep $((attempt * 5))
done
cd "$work/debs"
for attempt in 1 2 3; do
  if apt-get "${apt_opts[@]}" -q download "${packages[@]}" >&2; then break; fi
  [ "$attempt" = 3 ] && { echo "sid-debs: apt-get download ${packages[*]} failed" >&2; exit 1; }
  sleep $((attempt * 5))
done
mkdir -p "$root"
for deb in ./*.deb; do dpkg -x "$deb" "$root"; done
ls ./*.deb > "$root/packages.txt"
