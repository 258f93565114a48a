#!/usr/bin/env bash
# Netlink micro-benchmark: veth pair into a namespace + address + up + default route, src/Cni.Linux (in process)
# against the same four `ip` commands, alternately, fresh namespace each time. Root. Usage: bench/netlink/run.sh [iterations] [warmup]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "bench/netlink/run.sh: run as root" >&2; exit 1; }
dotnet build bench/netlink -c Release --nologo -v quiet >/dev/null
exec bench/netlink/bin/Release/net10.0/Cni.Bench.Netlink "${1:-200}" "${2:-10}"
