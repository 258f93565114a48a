#!/usr/bin/env bash
# podman (Debian 12: 4.3, Go libcni) with the CNI network backend, driving OUR plugins.
#
# Everything private: containers.conf (network_backend "cni", cni_plugin_dirs = our install only,
# network_config_dir in the state dir, cgroupfs + runc, low default_ulimits), --root/--runroot/vfs storage, a
# busybox-static image imported from a tar. Shared with the host only what podman's libcni always uses:
# /var/lib/cni/networks/<net> (host-local) and /var/lib/cni/results (the cache), both checked and cleaned.
# Prints PASS/FAIL lines (see lib.sh); exits 1 when a check failed.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

NET=cnirt-pm4            # IPv4 network
NET_DS=cnirt-pmds        # dual-stack network
SUBNET=198.19.217.0/24 GW=198.19.217.1
SUBNET_DS4=198.19.218.0/24 SUBNET_DS6=fd00:213:8::/64
STATIC_IP=198.19.217.50 STATIC_MAC=02:42:0a:d5:07:32
IMAGE=localhost/cni-rt-busybox:latest

rt_checks podman_setup podman_network_create podman_run podman_attachment_state podman_static_ip_mac \
  podman_ping podman_port_mapping podman_stop_releases podman_start_restores podman_dual_stack \
  podman_rm_clean podman_network_rm podman_our_plugins_ran
rt_begin podman

"$RT_DIR/setup.sh" >&2 || { rt_fail_rest "tests/runtimes/setup.sh could not install podman/runc/busybox-static"; exit 1; }

W=$RT_STATE
PLUGINS=$W/plugins
BRIDGE="" BRIDGE_DS=""
C1_ID="" C2_ID="" D1_ID="" D2_ID="" C1_IP="" D_IPS=()
PORT=""

pm() { CONTAINERS_CONF=$W/containers.conf podman --root "$W/root" --runroot "$W/runroot" --storage-driver vfs "$@"; }
inspect() { pm inspect "$1" --format "$2"; }
ip_of() { inspect "$1" "{{(index .NetworkSettings.Networks \"$2\").IPAddress}}"; }
ip6_of() { inspect "$1" "{{(index .NetworkSettings.Networks \"$2\").GlobalIPv6Address}}"; }

cleanup() {
  log "cleanup"
  pm rm -af -t 0 >/dev/null 2>&1
  pm network rm -f "$NET" "$NET_DS" >/dev/null 2>&1
  pm rmi -af >/dev/null 2>&1
  local b n
  for b in $BRIDGE $BRIDGE_DS; do ip link del "$b" 2>/dev/null; done
  for n in "$NET" "$NET_DS"; do
    purge_rules_of "$n"
    rm -rf "/var/lib/cni/networks/$n"
    rm -f /var/lib/cni/results/"$n"-*
  done
  # podman's image copy leaves a blob-info cache in /var/lib/containers when nothing else made it.
  [ -n "${VLC_NEW-}" ] && rm -rf /var/lib/containers
}
[ -e /var/lib/containers ] || VLC_NEW=1
rt_on_exit cleanup

setup() {
  mkdir -p "$W"/{net.d,root,runroot,tmp} || return 1
  rt_install_plugins "$PLUGINS" || return 1
  cat >"$W/containers.conf" <<EOF
[containers]
# root cannot raise hard rlimits in this sandbox: podman's defaults (nofile/nproc = hard max) fail in runc.
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[network]
network_backend = "cni"
cni_plugin_dirs = ["$PLUGINS"]
network_config_dir = "$W/net.d"
default_subnet = "198.19.216.0/24"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
tmp_dir = "$W/tmp"
static_dir = "$W/root/libpod"
volume_path = "$W/root/volumes"
EOF
  rt_rootfs_tar "$W/rootfs.tar" || return 1
  pm import --quiet --change CMD=/bin/sh "$W/rootfs.tar" "$IMAGE" >/dev/null || { echo "podman import failed"; return 1; }
  local info
  info=$(pm info --format '{{.Host.NetworkBackend}} {{.Host.OCIRuntime.Name}} {{.Version.Version}}') || return 1
  log "podman info: $info"
  case "$info" in
    "cni runc "*) ;;
    *) echo "podman runs '$info', wanted the cni backend with runc"; return 1 ;;
  esac
}

network_create() {
  rt_requires podman_setup || return 1
  pm network create --subnet "$SUBNET" --gateway "$GW" "$NET" >/dev/null || { echo "podman network create failed"; return 1; }
  local f="$W/net.d/$NET.conflist" t
  [ -f "$f" ] || { echo "no conflist $f"; return 1; }
  for t in bridge host-local portmap firewall tuning; do
    grep -q "\"type\": \"$t\"" "$f" || { echo "generated conflist lacks plugin $t:"; cat "$f"; return 1; }
  done
  BRIDGE=$(sed -n 's/.*"bridge": "\([^"]*\)".*/\1/p' "$f")
  [ -n "$BRIDGE" ] || { echo "no bridge name in $f"; return 1; }
  if grep -rqs "$NET" /etc/cni/net.d; then echo "the host's /etc/cni/net.d was written"; return 1; fi
  log "network $NET on bridge $BRIDGE"
}

run() {
  rt_requires podman_network_create || return 1
  PORT=$(free_port) || { echo "no free port"; return 1; }
  C1_ID=$(pm run -d --name cnirt-c1 --network "$NET" "$IMAGE" sleep 600) || { echo "podman run c1 failed"; return 1; }
  C2_ID=$(pm run -d --name cnirt-c2 --network "$NET" --ip "$STATIC_IP" --mac-address "$STATIC_MAC" \
    -p "127.0.0.1:$PORT:80" "$IMAGE" httpd -f -p 80 -h /www) || { echo "podman run c2 failed"; return 1; }
  local s
  for c in cnirt-c1 cnirt-c2; do
    s=$(inspect $c '{{.State.Status}}')
    [ "$s" = running ] || { echo "$c is $s"; return 1; }
  done
  C1_IP=$(ip_of cnirt-c1 "$NET")
  case "$C1_IP" in 198.19.217.*) ;; *) echo "c1 got '$C1_IP', not an address of $SUBNET"; return 1 ;; esac
}

attachment_state() {
  rt_requires podman_run || return 1
  local id ip
  for id in "$C1_ID" "$C2_ID"; do
    [ -f "/var/lib/cni/results/$NET-$id-eth0" ] || { echo "no result cache entry for $id"; return 1; }
  done
  for ip in "$C1_IP" "$STATIC_IP"; do
    [ -f "/var/lib/cni/networks/$NET/$ip" ] || { echo "no host-local reservation for $ip"; return 1; }
    iptables-save -t filter | grep -q -- "-A CNI-FORWARD -s $ip/32 -j ACCEPT" || { echo "no firewall rule for $ip"; return 1; }
    iptables-save -t nat | grep -q -- "-A POSTROUTING -s $ip/32 .*$NET" || { echo "no ipMasq rule for $ip"; return 1; }
  done
  ip -4 addr show dev "$BRIDGE" | grep -q "inet $GW/24" || { echo "bridge $BRIDGE lacks gateway $GW/24:"; ip addr show dev "$BRIDGE"; return 1; }
  local ports
  ports=$(ip -o link show master "$BRIDGE" | wc -l)
  [ "$ports" -eq 2 ] || { echo "bridge $BRIDGE has $ports ports, wanted 2"; return 1; }
  # hairpinMode: true in podman's conflist.
  ip -d link show master "$BRIDGE" | grep -q 'hairpin on' || { echo "veth ports are not in hairpin mode"; return 1; }
}

static_ip_mac() {
  rt_requires podman_run || return 1
  local a
  a=$(pm exec cnirt-c2 ip addr show eth0) || return 1
  grep -q "inet $STATIC_IP/24" <<<"$a" || { echo "c2 eth0 lacks $STATIC_IP/24: $a"; return 1; }
  grep -q "link/ether $STATIC_MAC" <<<"$a" || { echo "c2 eth0 lacks mac $STATIC_MAC: $a"; return 1; }
  [ "$(inspect cnirt-c2 "{{(index .NetworkSettings.Networks \"$NET\").MacAddress}}")" = "$STATIC_MAC" ] ||
    { echo "podman inspect reports another MAC"; return 1; }
  pm exec cnirt-c2 ip route | grep -q "default via $GW" || { echo "no default route via $GW in c2"; return 1; }
}

ping_both() {
  rt_requires podman_run || return 1
  retry 6 pm exec cnirt-c1 ping -c1 -W1 "$STATIC_IP" >/dev/null || { echo "c1 cannot ping c2 ($STATIC_IP)"; return 1; }
  retry 6 pm exec cnirt-c2 ping -c1 -W1 "$C1_IP" >/dev/null || { echo "c2 cannot ping c1 ($C1_IP)"; return 1; }
}

port_mapping() {
  rt_requires podman_run || return 1
  local body
  body=$(retry 6 wget -qO- -T 2 "http://127.0.0.1:$PORT/") || { echo "nothing answers on 127.0.0.1:$PORT"; iptables-save -t nat | grep -- "$PORT" ; return 1; }
  [ "$body" = cni-rt-marker ] || { echo "127.0.0.1:$PORT answered '$body'"; return 1; }
  iptables-save -t nat | grep -q -- "--dport $PORT -j" || { echo "no DNAT rule for $PORT"; return 1; }
}

stop_releases() {
  rt_requires podman_run || return 1
  pm stop -t 0 cnirt-c2 >/dev/null || { echo "podman stop failed"; return 1; }
  leftovers "$NET" "$C2_ID" "$STATIC_IP" || { echo "(left after podman stop)"; return 1; }
  if iptables-save -t nat | grep -q -- "--dport $PORT -j"; then echo "DNAT rule for $PORT left after stop"; return 1; fi
  [ "$(ip -o link show master "$BRIDGE" | wc -l)" -eq 1 ] || { echo "c2's veth left on $BRIDGE"; return 1; }
  [ -f "/var/lib/cni/networks/$NET/$C1_IP" ] || { echo "stopping c2 released c1's address"; return 1; }
}

start_restores() {
  rt_requires podman_stop_releases || return 1
  pm start cnirt-c2 >/dev/null || { echo "podman start failed"; return 1; }
  local a
  a=$(pm exec cnirt-c2 ip addr show eth0) || return 1
  grep -q "inet $STATIC_IP/24" <<<"$a" && grep -q "link/ether $STATIC_MAC" <<<"$a" ||
    { echo "after start c2 eth0 is: $a"; return 1; }
  [ -f "/var/lib/cni/results/$NET-$C2_ID-eth0" ] || { echo "no cache entry after start"; return 1; }
  retry 6 pm exec cnirt-c1 ping -c1 -W1 "$STATIC_IP" >/dev/null || { echo "c1 cannot ping c2 after restart"; return 1; }
  local body
  body=$(retry 6 wget -qO- -T 2 "http://127.0.0.1:$PORT/") && [ "$body" = cni-rt-marker ] ||
    { echo "port mapping 127.0.0.1:$PORT dead after restart"; return 1; }
}

dual_stack() {
  rt_requires podman_setup || return 1
  pm network create --ipv6 --subnet "$SUBNET_DS4" --subnet "$SUBNET_DS6" "$NET_DS" >/dev/null || { echo "network create --ipv6 failed"; return 1; }
  BRIDGE_DS=$(sed -n 's/.*"bridge": "\([^"]*\)".*/\1/p' "$W/net.d/$NET_DS.conflist")
  D1_ID=$(pm run -d --name cnirt-d1 --network "$NET_DS" "$IMAGE" sleep 600) || return 1
  D2_ID=$(pm run -d --name cnirt-d2 --network "$NET_DS" "$IMAGE" sleep 600) || return 1
  local c v4 v6
  D_IPS=()
  for c in cnirt-d1 cnirt-d2; do
    v4=$(ip_of $c "$NET_DS") v6=$(ip6_of $c "$NET_DS")
    case "$v4" in 198.19.218.*) ;; *) echo "$c has IPv4 '$v4'"; return 1 ;; esac
    case "$v6" in fd00:213:8::*) ;; *) echo "$c has IPv6 '$v6'"; return 1 ;; esac
    pm exec $c ip -6 addr show eth0 | grep -q "inet6 $v6/64" || { echo "$c eth0 lacks $v6/64"; return 1; }
    pm exec $c ip -6 route | grep -q "default via fd00:213:8::1" || { echo "$c has no IPv6 default route"; return 1; }
    D_IPS+=("$v4" "$v6")
  done
  retry 10 pm exec cnirt-d1 ping -6 -c1 -W1 "${D_IPS[3]}" >/dev/null || { echo "d1 cannot ping6 d2 (${D_IPS[3]})"; return 1; }
  retry 6 pm exec cnirt-d2 ping -c1 -W1 "${D_IPS[0]}" >/dev/null || { echo "d2 cannot ping d1 (${D_IPS[0]})"; return 1; }
}

rm_clean() {
  rt_requires podman_run || return 1
  local ids=("$C1_ID" "$C2_ID" "$D1_ID" "$D2_ID") left=0 f n
  pm rm -f -t 0 cnirt-c1 cnirt-c2 cnirt-d1 cnirt-d2 >/dev/null 2>&1
  [ -z "$(pm ps -aq)" ] || { echo "containers left: $(pm ps -a --format '{{.Names}}')"; return 1; }
  leftovers "$NET" "$C1_ID" "$C1_IP" "$STATIC_IP" || left=1
  if [ -n "$D1_ID" ]; then
    leftovers "$NET_DS" "$D1_ID" "${D_IPS[@]}" || left=1
    leftovers "$NET_DS" "$D2_ID" || left=1
  fi
  leftovers "$NET" "$C2_ID" || left=1
  for n in "$NET" "$NET_DS"; do
    for f in /var/lib/cni/networks/"$n"/*; do
      case "$(basename "$f")" in lock | last_reserved_ip.* | '*') ;; *) echo "reservation left: $f"; left=1 ;; esac
    done
  done
  for b in $BRIDGE $BRIDGE_DS; do
    [ "$(ip -o link show master "$b" 2>/dev/null | wc -l)" -eq 0 ] || { echo "veths left on $b"; left=1; }
  done
  if iptables-save -t nat | grep -q -- "--dport $PORT -j"; then echo "DNAT rule for $PORT left"; left=1; fi
  for f in "${ids[@]}"; do
    [ -n "$f" ] && ls /run/netns 2>/dev/null | grep -q "${f:0:12}" && { echo "netns of $f left"; left=1; }
  done
  return $left
}

network_rm() {
  rt_requires podman_network_create || return 1
  pm network rm -f "$NET" "$NET_DS" >/dev/null || { echo "podman network rm failed"; return 1; }
  [ ! -e "$W/net.d/$NET.conflist" ] || { echo "conflist left"; return 1; }
  for b in $BRIDGE $BRIDGE_DS; do
    ip link show "$b" >/dev/null 2>&1 && { echo "bridge $b left after network rm"; return 1; }
  done
  return 0
}

our_plugins_ran() {
  rt_requires podman_run || return 1
  rt_plugins_ran "$PLUGINS" bridge host-local portmap firewall tuning
}

rt_check podman_setup setup
rt_check podman_network_create network_create
rt_check podman_run run
rt_check podman_attachment_state attachment_state
rt_check podman_static_ip_mac static_ip_mac
rt_check podman_ping ping_both
rt_check podman_port_mapping port_mapping
rt_check podman_stop_releases stop_releases
rt_check podman_start_restores start_restores
rt_check podman_dual_stack dual_stack
rt_check podman_rm_clean rm_clean
rt_check podman_network_rm network_rm
rt_check podman_our_plugins_ran our_plugins_ran
