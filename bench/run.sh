#!/usr/bin/env bash
# The side-by-side benchmark suite: every scenario runs Go's reference plugins (Debian's
# containernetworking-plugins) and ours ALTERNATELY in one run, on fresh namespaces, and prints
# medians, min–max and the ratio ours/Go for wall and CPU time, peak RSS and install size.
#
#   sudo bench/run.sh [--quick] [--only version,v4,dual,chain,scale,parallel,storm,rss,size]
#
# Needs root (namespaces, bridges, iptables). Installs what is missing (apt: containernetworking-plugins,
# hyperfine, time), builds ours when there is no binary yet. See bench/README.md for the knobs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ "$(id -u)" != 0 ]; then echo "bench/run.sh: run as root (it creates namespaces, bridges and iptables rules)" >&2; exit 1; fi

need=()
for pkg in containernetworking-plugins hyperfine time iproute2 iptables python3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "bench: installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

go_dir=${GO_CNI_DIR:-/usr/lib/cni}
[ -x "$go_dir/bridge" ] || { echo "bench: no Go plugins in $go_dir" >&2; exit 1; }

# Our binary: CNI_BINARY if given, else the suite's own build (rebuilt when missing, older than any source file, or
# BENCH_REBUILD=1: a stale build would be measured silently otherwise).
cni=${CNI_BINARY:-$root/artifacts/bench/cni}
stale=0
if [ -x "$cni" ] && [ -n "$(find "$root/src" "$root/Directory.Build.props" "$root/Directory.Packages.props" -newer "$cni" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -print -quit 2>/dev/null)" ]; then
  stale=1
fi
if [ -z "${CNI_BINARY:-}" ] && { [ ! -x "$cni" ] || [ "$stale" = 1 ] || [ "${BENCH_REBUILD:-0}" = 1 ]; }; then
  echo "bench: building ours (dotnet publish src/Cni.Cli -c Release -o artifacts/bench)"
  dotnet publish src/Cni.Cli -c Release -o "$root/artifacts/bench" --nologo -v quiet >/dev/null
fi
[ -x "$cni" ] || { echo "bench: no binary at $cni" >&2; exit 1; }

# Go's cnitool when one is installed (Debian does not ship it); otherwise our cnitool drives both.
go_tool=${GO_CNITOOL:-}
if [ -z "$go_tool" ]; then
  for c in "$go_dir/cnitool" "$(command -v cnitool 2>/dev/null || true)" "$HOME/go/bin/cnitool"; do
    if [ -n "$c" ] && [ -x "$c" ] && ! cmp -s "$c" "$cni"; then go_tool=$c; break; fi
  done
fi

work=$(mktemp -d /tmp/cni-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$cni" install "$work/ours" >/dev/null

echo "bench: $(nproc) cpu(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), kernel $(uname -r)"
echo "bench: go  = $go_dir (containernetworking-plugins $(dpkg-query -W -f='${Version}' containernetworking-plugins 2>/dev/null || echo '?'))"
echo "bench: ours = $cni ($(stat -c %s "$cni") bytes)"

args=()
[ -n "$go_tool" ] && args+=(--go-cnitool "$go_tool")
python3 "$root/bench/bench.py" --go-dir "$go_dir" --ours-dir "$work/ours" --work "$work" \
  --json "${BENCH_JSON:-$work/results.json}" ${BENCH_MARKDOWN:+--markdown "$BENCH_MARKDOWN"} "${args[@]}" "$@"
