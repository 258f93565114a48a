#!/usr/bin/env bash
# containerd (Debian 12: 1.6, go-cni over libcni) `ctr run --cni`, driving OUR plugins.
#
# A private containerd (root/state/opt dirs, sockets in the state dir, CRI disabled, runc v2 shim) started as a
# child of this script; an OCI archive built by hand from busybox-static imported into a private namespace.
# ctr's go-cni always reads /etc/cni/net.d and runs /opt/cni/bin: ctr runs in a private mount namespace where
# those two are bind mounts of the suite's conflist dir and our plugin install (the host's are untouched).
# `ctr run --rm --cni` is the path where ctr calls DEL itself, with an empty CNI_NETNS (the task is gone).
# Prints PASS/FAIL lines (see lib.sh); exits 1 when a check failed.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

NS=cnirt                 # containerd namespace
NET=cnirt-ctr
BRIDGE=cnirt-ctr0
SUBNET=198.19.219.0/24 GW=198.19.219.1
IMAGE=localhost/cni-rt-busybox:latest

rt_checks containerd_setup containerd_image_import containerd_run_cni containerd_del_empty_netns \
  containerd_two_containers_ping containerd_del_clean containerd_del_ipmasq_torn_down containerd_our_plugins_ran
rt_begin containerd

"$RT_DIR/setup.sh" >&2 || { rt_fail_rest "tests/runtimes/setup.sh could not install containerd/runc/busybox-static"; exit 1; }

W=$RT_STATE
PLUGINS=$W/plugins
CTRD_PID=""
BG_PID=""
declare -A IPS=()

c() { ctr --address "$W/containerd.sock" --namespace "$NS" "$@"; }
# ctr with /etc/cni/net.d and /opt/cni/bin replaced by the suite's, in a mount namespace of its own.
cni_ctr() {
  unshare --mount --propagation private bash -c '
    set -e
    mount --bind "$1/net.d" /etc/cni/net.d
    mount -t tmpfs cnirt-opt /opt
    mkdir -p /opt/cni/bin
    mount --bind "$1/plugins" /opt/cni/bin
    shift
    exec ctr --address "$W/containerd.sock" --namespace "$NS" "$@"' cni_ctr "$W" "$@"
}
export W NS

cleanup() {
  log "cleanup"
  local t
  if [ -n "$CTRD_PID" ]; then
    for t in $(c task ls -q 2>/dev/null); do c task kill -s KILL "$t" >/dev/null 2>&1; done
    [ -n "$BG_PID" ] && { kill "$BG_PID" 2>/dev/null; wait "$BG_PID" 2>/dev/null; }
    sleep 0.5
    for t in $(c task ls -q 2>/dev/null); do c task delete -f "$t" >/dev/null 2>&1; done
    for t in $(c container ls -q 2>/dev/null); do c container delete "$t" >/dev/null 2>&1; done
    c images rm "$IMAGE" >/dev/null 2>&1
    kill "$CTRD_PID" 2>/dev/null
    wait "$CTRD_PID" 2>/dev/null
  fi
  # Shims of this instance (their command line names our private socket) if containerd died under them.
  local p
  for p in $(grep -lsF -- "$W/containerd.sock" /proc/[0-9]*/cmdline | cut -d/ -f3); do kill -9 "$p" 2>/dev/null; done
  ip link del "$BRIDGE" 2>/dev/null
  purge_rules_of "$NET"
  rm -rf "/var/lib/cni/networks/$NET"
  rm -f /var/lib/cni/results/"$NET"-*
}
rt_on_exit cleanup

# An OCI image layout archive of the busybox rootfs, by hand: layer, config, manifest, index.
build_oci_archive() { rt_oci_archive "$IMAGE" latest '"Cmd":["/bin/sh"]'; }

setup() {
  mkdir -p "$W"/{net.d,root,state,opt} || return 1
  rt_install_plugins "$PLUGINS" || return 1
  cat >"$W/net.d/10-$NET.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "$NET",
  "plugins": [
    { "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "$SUBNET", "gateway": "$GW" }]],
                "routes": [{ "dst": "0.0.0.0/0" }] } },
    { "type": "portmap", "capabilities": { "portMappings": true } },
    { "type": "firewall" },
    { "type": "tuning", "sysctl": { "net.ipv4.conf.eth0.accept_redirects": "0" } },
    { "type": "bandwidth", "ingressRate": 100000000, "ingressBurst": 1000000,
      "egressRate": 100000000, "egressBurst": 1000000 }
  ]
}
EOF
  cat >"$W/config.toml" <<EOF
version = 2
root = "$W/root"
state = "$W/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$W/containerd.sock"
[ttrpc]
  address = "$W/containerd.sock.ttrpc"
[debug]
  address = "$W/debug.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$W/opt"
EOF
  containerd --config "$W/config.toml" >"$W/containerd.log" 2>&1 &
  CTRD_PID=$!
  retry 40 c version >/dev/null 2>&1 || { echo "containerd did not come up:"; tail -5 "$W/containerd.log"; return 1; }
  log "containerd $(c version 2>/dev/null | awk '/Server/{s=1} s && /Version/{print $2; exit}')"
}

image_import() {
  rt_requires containerd_setup || return 1
  build_oci_archive || { echo "cannot build the OCI archive"; return 1; }
  c images import --snapshotter native "$W/image.tar" || { echo "ctr images import failed"; return 1; }
  c images ls -q | grep -qx "$IMAGE" || { echo "image $IMAGE not listed: $(c images ls -q)"; return 1; }
}

# The bandwidth plugin's ifb device of a container id (same hash as Go's: "bwp" + SHA-512(net + id)).
ifb_of() { echo "bwp$(printf '%s' "$NET$1" | sha512sum | cut -c1-12)"; }

# Reads the IPv4 address of eth0 printed by a container into IPS[$1].
parse_ip() { sed -n 's/.*inet \(198\.19\.219\.[0-9]*\)\/24.*/\1/p' | head -1; }

run_cni() {
  rt_requires containerd_image_import || return 1
  local out
  # Inside the container: its address, routes, and the host-side state at that moment (cache entry,
  # reservation) can't be seen; so the container prints and the host checks after.
  out=$(cni_ctr run --rm --cni --snapshotter native "$IMAGE" cnirt-r1 sh -c 'ip -4 addr show eth0; ip route; cat /proc/sys/net/ipv4/conf/eth0/accept_redirects') ||
    { echo "ctr run --cni failed: $out"; tail -5 "$W/containerd.log"; return 1; }
  IPS[r1]=$(parse_ip <<<"$out")
  [ -n "${IPS[r1]}" ] || { echo "no address of $SUBNET in the container: $out"; return 1; }
  grep -q "default via $GW" <<<"$out" || { echo "no default route via $GW: $out"; return 1; }
  [ "$(tail -1 <<<"$out")" = 0 ] || { echo "tuning's sysctl not applied (accept_redirects=$(tail -1 <<<"$out"))"; return 1; }
}

del_empty_netns() {
  rt_requires containerd_run_cni || return 1
  # ctr --rm has already called DEL with CNI_NETNS="" (the task had exited): nothing may be left. The nat
  # table (bridge's ipMasq chain) is containerd_del_ipmasq_torn_down's.
  RT_RULE_TABLES="filter mangle" leftovers "$NET" "$NS-cnirt-r1" "${IPS[r1]}" || return 1
  [ "$(ip -o link show master "$BRIDGE" | wc -l)" -eq 0 ] || { echo "veth left on $BRIDGE: $(ip -o link show master "$BRIDGE")"; return 1; }
  c container ls -q | grep -qx cnirt-r1 && { echo "container cnirt-r1 left"; return 1; }
  ip link show "$(ifb_of "$NS-cnirt-r1")" >/dev/null 2>&1 && { echo "bandwidth ifb $(ifb_of "$NS-cnirt-r1") left"; return 1; }
  return 0
}

two_ping() {
  rt_requires containerd_image_import || return 1
  cni_ctr run --rm --cni --snapshotter native "$IMAGE" cnirt-c1 sleep 120 >"$W/c1.out" 2>&1 &
  BG_PID=$!
  local cache="/var/lib/cni/results/$NET-$NS-cnirt-c1-eth0"
  retry 40 test -s "$cache" || { echo "c1 never attached (no $cache)"; cat "$W/c1.out"; return 1; }
  IPS[c1]=$(grep -o '"198\.19\.219\.[0-9]*/24"' "$cache" | tr -d '"' | cut -d/ -f1 | head -1)
  [ -n "${IPS[c1]}" ] || { echo "no IP in c1's cache entry: $(cat "$cache")"; return 1; }
  [ -f "/var/lib/cni/networks/$NET/${IPS[c1]}" ] || { echo "no reservation for ${IPS[c1]}"; return 1; }
  iptables-save -t filter | grep -q -- "-A CNI-FORWARD -s ${IPS[c1]}/32 -j ACCEPT" || { echo "no firewall rule for ${IPS[c1]}"; return 1; }
  ip link show "$(ifb_of "$NS-cnirt-c1")" >/dev/null 2>&1 || { echo "no bandwidth ifb $(ifb_of "$NS-cnirt-c1") for c1"; return 1; }
  tc qdisc show dev "$(ifb_of "$NS-cnirt-c1")" | grep -q tbf || { echo "no tbf qdisc on c1's ifb"; return 1; }
  local out
  out=$(cni_ctr run --rm --cni --snapshotter native "$IMAGE" cnirt-c2 sh -c "ip -4 addr show eth0; ping -c1 -W2 ${IPS[c1]} || ping -c1 -W2 ${IPS[c1]}") ||
    { echo "c2 cannot ping c1 at ${IPS[c1]}: $out"; return 1; }
  IPS[c2]=$(parse_ip <<<"$out")
  [ -n "${IPS[c2]}" ] && [ "${IPS[c2]}" != "${IPS[c1]}" ] || { echo "c2 got '${IPS[c2]}' (c1 has ${IPS[c1]})"; return 1; }
}

del_clean() {
  rt_requires containerd_setup || return 1
  if [ -n "$BG_PID" ]; then
    c task kill -s KILL cnirt-c1 >/dev/null 2>&1
    wait "$BG_PID" 2>/dev/null
    BG_PID=""
  fi
  local left=0 n ip
  for n in r1 c1 c2; do
    ip=${IPS[$n]-}
    RT_RULE_TABLES="filter mangle" leftovers "$NET" "$NS-cnirt-$n" ${ip:+"$ip"} || left=1
    ip link show "$(ifb_of "$NS-cnirt-$n")" >/dev/null 2>&1 && { echo "bandwidth ifb of $n left"; left=1; }
  done
  for f in /var/lib/cni/networks/"$NET"/*; do
    case "$(basename "$f")" in lock | last_reserved_ip.* | '*') ;; *) echo "reservation left: $f"; left=1 ;; esac
  done
  [ "$(ip -o link show master "$BRIDGE" 2>/dev/null | wc -l)" -eq 0 ] || { echo "veths left on $BRIDGE"; left=1; }
  [ -z "$(c container ls -q)" ] || { echo "containers left: $(c container ls -q)"; left=1; }
  return $left
}

# Every ctr DEL had CNI_NETNS="": bridge must still drop its ipMasq rules (the IPs are in the prevResult libcni
# sends from its cache). Go's bridge (v1.1.1 and upstream today) only runs its IPAM DEL then and leaks them:
# containernetworking/plugins#810 (fix proposed in #811/#1078, unmerged).
del_ipmasq() {
  rt_requires containerd_del_clean || return 1
  local n left=0
  for n in r1 c1 c2; do
    RT_RULE_TABLES=nat leftovers "$NET" "$NS-cnirt-$n" ${IPS[$n]:+"${IPS[$n]}"} || left=1
  done
  [ $left -eq 0 ] || echo "(bridge DEL with CNI_NETNS=\"\" left its ipMasq rules: the Go bug containernetworking/plugins#810, reproduced)"
  return $left
}

our_plugins_ran() {
  rt_requires containerd_run_cni || return 1
  rt_plugins_ran "$PLUGINS" bridge host-local portmap firewall tuning bandwidth
}

rt_check containerd_setup setup
rt_check containerd_image_import image_import
rt_check containerd_run_cni run_cni
rt_check containerd_del_empty_netns del_empty_netns
rt_check containerd_two_containers_ping two_ping
rt_check containerd_del_clean del_clean
rt_check containerd_del_ipmasq_torn_down del_ipmasq
rt_check containerd_our_plugins_ran our_plugins_ran
