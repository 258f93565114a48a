#!/usr/bin/env bash
# Fuzzes every target of tests/Cni.Fuzz for a total time, split evenly between the targets, on all cores.
#   scripts/fuzz.sh [seconds]        (default 600)
# Environment: CNI_FUZZ_SEED (repeat a run), CNI_FUZZ_HANG_SECONDS (per-call time box, default 10).
# Prints executions per target and every finding (an undocumented exception, a broken round trip, a hang)
# with its input in hex; exits non-zero when there is any finding. The short CI run is the same test with
# 1.5 s per target (dotnet test runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-600}
targets=$(find tests/Cni.Fuzz/Corpus -mindepth 1 -maxdepth 1 -type d | wc -l)
per=$(awk -v t="$total" -v n="$targets" 'BEGIN { printf "%.1f", t / n }')
report=$(mktemp -d)/fuzz
dotnet build tests/Cni.Fuzz -c Release --nologo -v quiet -clp:ErrorsOnly
echo "fuzzing $targets targets for $per s each (report: $report)"
set +e
CNI_FUZZ_SECONDS=$per CNI_FUZZ_REPORT=$report \
  dotnet test --project tests/Cni.Fuzz -c Release --no-build --no-progress -- --filter-class Cni.Fuzz.FuzzTests >"$report.log" 2>&1
status=$?
set -e
awk -F'\t' '{ printf "%-22s %14d executions %8.1f s %10d/s %3d findings\n", $1, $2, $3, $2 / $3, $4; n += $2; s += $3; f += $4 }
            END { printf "%-22s %14d executions %8.1f s %10d/s %3d findings\n", "total", n, s, n / s, f }' "$report"
if [ -s "$report.findings" ]; then
  echo; echo "findings:"; cat "$report.findings"
fi
exit "$status"
