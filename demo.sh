#!/usr/bin/env bash
# The main job, end to end: build the NativeAOT binary, install it into a temporary plugin directory,
# create a network namespace, attach it to the built-in default network, print the result, tear down.
set -euo pipefail
cd "$(dirname "$0")"
[ "$(id -u)" -eq 0 ] || { echo "demo.sh needs root (it creates a network namespace)" >&2; exit 1; }

./scripts/install-deps.sh
./scripts/build.sh >/dev/null

work=$(mktemp -d)
ns="cni-demo-$$"
cleanup() {
  CNI_PATH="$work/bin" NETCONFPATH="$work/net.d" "$work/bin/cnitool" del cni-demo "/var/run/netns/$ns" >/dev/null 2>&1 || true
  ip netns delete "$ns" 2>/dev/null || true
  ip link delete cni-demo0 2>/dev/null || true
  rm -rf "$work" /run/cni-demo
}
trap cleanup EXIT

artifacts/bin/cni install "$work/bin"
mkdir -p "$work/net.d"
cp deploy/default-network.conflist "$work/net.d/"
ip netns add "$ns"

echo "== plugins in $work/bin"
ls "$work/bin" | tr '\n' ' '; echo
echo "== cnitool add cni-demo /var/run/netns/$ns"
CNI_PATH="$work/bin" NETCONFPATH="$work/net.d" "$work/bin/cnitool" add cni-demo "/var/run/netns/$ns"
echo
echo "== inside the namespace"
ip -n "$ns" -br addr
ip -n "$ns" route
echo "== cnitool check / del"
CNI_PATH="$work/bin" NETCONFPATH="$work/net.d" "$work/bin/cnitool" check cni-demo "/var/run/netns/$ns" && echo "check: ok"
CNI_PATH="$work/bin" NETCONFPATH="$work/net.d" "$work/bin/cnitool" del cni-demo "/var/run/netns/$ns" && echo "del: ok"
