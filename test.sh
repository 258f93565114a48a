#!/usr/bin/env bash
# Sets up what the tests need on a fresh Debian machine, builds the NativeAOT binary, runs every test,
# and ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

./scripts/install-deps.sh
./scripts/build.sh

log=$(mktemp)
chains=$(mktemp)
trap 'rm -f "$log" "$chains"' EXIT
./scripts/shared-chains.py snapshot "$chains"
set +e
dotnet test --solution Cni.sln -c Release --no-progress "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
./scripts/shared-chains.py remove "$chains"   # the host-wide CNI chains the tests' plugins created (Go's never remove them)

passed=$(awk '/^  succeeded:/ {s=$2} END {print s+0}' "$log")
failed=$(awk '/^  failed:/ {f=$2} END {print f+0}' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the run broke before counting (build error, crash): never report green
fi
echo "$passed passed, $failed failed"
exit "$status"
