#!/usr/bin/env bash
# The test command: sets up everything the tests need on a fresh machine (a JDK >= 25 is found by
# ./mvnw; the oracle binaries Prometheus 3.5, promtool and Alertmanager are fetched into a cache),
# then builds and runs every module's tests.
#
#   scripts/test.sh [extra maven args]
set -euo pipefail
cd "$(dirname "$0")/.."

JTHANOS_ORACLES="$(scripts/fetch-oracles.sh)"
export JTHANOS_ORACLES
echo "test: oracle binaries in $JTHANOS_ORACLES/bin"

./mvnw -B -ntp verify "$@"
