#!/usr/bin/env bash
# containerd's CRI plugin (Debian 12: containerd 1.6, go-cni over libcni) — the path kubelet uses — driven by
# the suite's own CRI client (tests/CriClient: runtime.v1 gRPC by hand), running OUR plugins.
#
# A private containerd (root/state dirs, sockets in the state dir) with CRI enabled: runc v2, native
# snapshotter, restrict_oom_score_adj (this sandbox cannot lower it), netns mounts under the state dir, cni
# bin_dir = our install, conf_dir = the suite's bridge + host-local + portmap + bandwidth conflist. The sandbox
# ("pause") image is a busybox-static OCI archive imported by hand into the k8s.io namespace (no registry).
# Pods: A (a port mapping and bandwidth annotations), then B and C started in parallel. A is stopped then
# removed (DEL with its netns), B removed while ready (CRI stops it first), C's netns is made to vanish before
# its removal (containerd then sends DEL with CNI_NETNS="").
# Prints PASS/FAIL lines (see lib.sh); exits 1 when a check failed.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

NET=cnirt-cri
BRIDGE=cnirt-cri0
SUBNET=198.19.220.0/24 GW=198.19.220.1
PAUSE=localhost/cni-rt-pause:1
CPORT=80
CGROUP=cnirt-cri         # the pods' cgroup parent (cgroupfs), so that cleanup finds and removes what is left

rt_checks cri_setup cri_version cri_pause_image_import cri_runp_ip cri_runtime_config_capitalised \
  cri_portmap_dnat cri_bandwidth_annotations cri_parallel_pods cri_pods_ping cri_stop_del \
  cri_remove_empty_netns cri_remove_ready cri_nothing_left cri_our_plugins_ran
rt_begin cri

"$RT_DIR/setup.sh" >&2 || { rt_fail_rest "tests/runtimes/setup.sh could not install containerd/runc/busybox-static"; exit 1; }

W=$RT_STATE
PLUGINS=$W/plugins
CTRD_PID=""
HTTPD_PID=""
HOSTPORT=""
declare -A ID=() IP=() NETNS=()

c() { ctr --address "$W/containerd.sock" --namespace k8s.io "$@"; }
cri() { "${CRI_CLIENT[@]}" --socket "$W/containerd.sock" --timeout 90 "$@"; }
# status_of POD KEY: a key=value line of `CriClient status` of pod POD.
status_of() { cri status "${ID[$1]}" | sed -n "s/^$2=//p" | head -1; }

cleanup() {
  log "cleanup"
  [ -n "$HTTPD_PID" ] && kill "$HTTPD_PID" 2>/dev/null
  local p id
  if [ -n "$CTRD_PID" ]; then
    for id in $(cri pods 2>/dev/null | cut -d' ' -f1); do
      cri stopp "$id" >/dev/null 2>&1
      cri rmp "$id" >/dev/null 2>&1
    done
    c images rm "$PAUSE" >/dev/null 2>&1
    kill "$CTRD_PID" 2>/dev/null
    wait "$CTRD_PID" 2>/dev/null
  fi
  # Shims of this instance (their command line names our private socket) if containerd died under them, then
  # pause processes orphaned by an interrupted run (in the suite's cgroup parent), and the cgroups.
  for p in $(grep -lsF -- "$W/containerd.sock" /proc/[0-9]*/cmdline | cut -d/ -f3); do kill -9 "$p" 2>/dev/null; done
  local cg
  for cg in /sys/fs/cgroup/*/"$CGROUP"/*/ /sys/fs/cgroup/"$CGROUP"/*/; do
    [ -f "$cg/cgroup.procs" ] || continue
    for p in $(cat "$cg/cgroup.procs"); do kill -9 "$p" 2>/dev/null; done
  done
  for cg in /sys/fs/cgroup/*/"$CGROUP"/*/ /sys/fs/cgroup/"$CGROUP"/*/ /sys/fs/cgroup/*/"$CGROUP"/ /sys/fs/cgroup/"$CGROUP"/; do
    [ -d "$cg" ] && { retry 10 rmdir "$cg" 2>/dev/null || log "cannot remove cgroup $cg"; }
  done
  for id in "${ID[@]}"; do ip link del "$(ifb_of "$id")" 2>/dev/null; done
  ip link del "$BRIDGE" 2>/dev/null
  purge_rules_of "$NET"
  rm -rf "/var/lib/cni/networks/$NET"
  rm -f /var/lib/cni/results/"$NET"-*
}
rt_on_exit cleanup

# The CRI client: CNI_CRI_CLIENT, else the solution build's output, else built into the state dir.
find_cri_client() {
  local dll
  if [ -n "${CNI_CRI_CLIENT-}" ]; then
    CRI_CLIENT=(dotnet "$CNI_CRI_CLIENT")
    return 0
  fi
  for dll in "$RT_REPO"/tests/CriClient/bin/{Release,Debug}/net*/CriClient.dll; do
    [ -f "$dll" ] && { CRI_CLIENT=(dotnet "$dll"); return 0; }
  done
  log "no built CriClient: building tests/CriClient into the state dir"
  dotnet build "$RT_REPO/tests/CriClient/CriClient.csproj" -c Release -o "$W/cri-client" --nologo -v quiet >&2 ||
    { echo "cannot build tests/CriClient"; return 1; }
  CRI_CLIENT=(dotnet "$W/cri-client/CriClient.dll")
}

# An OCI image layout archive: the busybox rootfs as the one layer, `sleep` as the pause process.
build_pause_archive() { rt_oci_archive "$PAUSE" 1 '"Entrypoint":["/bin/sleep"],"Cmd":["86400"]'; }

# The bandwidth plugin's ifb device of a container id (same hash as Go's: "bwp" + SHA-512(net + id)).
ifb_of() { echo "bwp$(printf '%s' "$NET$1" | sha512sum | cut -c1-12)"; }

# The host end of a pod's eth0 (its peer ifindex "eth0@ifN", looked up in the host namespace).
host_veth_of() {
  local peer
  peer=$(nsenter --net="${NETNS[$1]}" ip -o link show eth0 | sed -n 's/^[0-9]*: eth0@if\([0-9]*\):.*/\1/p')
  [ -n "$peer" ] || return 1
  ip -o link show | awk -F': ' -v i="$peer" '$1 == i {sub(/@.*/, "", $2); print $2}'
}

in_subnet() { case "$1" in 198.19.220.[0-9]*) [ "$1" != "$GW" ] ;; *) return 1 ;; esac; }

setup() {
  mkdir -p "$W"/{net.d,root,state,www} || return 1
  find_cri_client || return 1
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
    { "type": "bandwidth", "capabilities": { "bandwidth": true } }
  ]
}
EOF
  cat >"$W/config.toml" <<EOF
version = 2
root = "$W/root"
state = "$W/state"
[grpc]
  address = "$W/containerd.sock"
[ttrpc]
  address = "$W/containerd.sock.ttrpc"
[debug]
  address = "$W/debug.sock"
  level = "debug"
[plugins."io.containerd.internal.v1.opt"]
  path = "$W/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE"
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  disable_apparmor = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$PLUGINS"
    conf_dir = "$W/net.d"
    max_conf_num = 1
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "native"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$W/runc"
EOF
  containerd --config "$W/config.toml" >"$W/containerd.log" 2>&1 &
  CTRD_PID=$!
  retry 40 c version >/dev/null 2>&1 || { echo "containerd did not come up:"; tail -5 "$W/containerd.log"; return 1; }
  grep -q 'io.containerd.grpc.v1.cri.*skip\|failed to load plugin io.containerd.grpc.v1.cri' "$W/containerd.log" &&
    { echo "containerd's CRI plugin did not load:"; grep 'grpc.v1.cri' "$W/containerd.log" | tail -3; return 1; }
  return 0
}

version() {
  rt_requires cri_setup || return 1
  local out
  out=$(retry 20 cri version) || { echo "CRI Version failed: $out"; grep -i 'cri' "$W/containerd.log" | tail -3; return 1; }
  log "$(tr '\n' ' ' <<<"$out")"
  grep -qx 'runtime_name=containerd' <<<"$out" || { echo "runtime_name is not containerd: $out"; return 1; }
  grep -qx 'runtime_api_version=v1' <<<"$out" || { echo "the runtime does not serve CRI v1: $out"; return 1; }
}

image_import() {
  rt_requires cri_version || return 1
  build_pause_archive || { echo "cannot build the OCI archive"; return 1; }
  c images import --snapshotter native "$W/image.tar" || { echo "ctr images import failed"; return 1; }
  c images ls -q | grep -qx "$PAUSE" || { echo "image $PAUSE not listed: $(c images ls -q)"; return 1; }
}

# runp POD [ARGS...]: RunPodSandbox, then the pod's id, IP and netns path into ID/IP/NETNS.
runp() {
  local pod=$1 out st
  shift
  out=$(cri runp --name "cnirt-$pod" --uid "cnirt-uid-$pod" --namespace cnirt --log-dir "$W/logs/$pod" --cgroup-parent "/$CGROUP" "$@") ||
    { echo "RunPodSandbox $pod failed: $out"; grep -i 'error' "$W/containerd.log" | tail -3; return 1; }
  ID[$pod]=$out
  st=$(cri status "$out") || { echo "PodSandboxStatus $pod failed: $st"; return 1; }
  grep -qx 'state=SANDBOX_READY' <<<"$st" || { echo "pod $pod is not ready: $st"; return 1; }
  IP[$pod]=$(sed -n 's/^ip=//p' <<<"$st")
  NETNS[$pod]=$(sed -n 's/^netns=//p' <<<"$st")
  [ -n "${NETNS[$pod]}" ] || { echo "no netns path in the verbose status of $pod: $st"; return 1; }
  log "pod $pod: ${ID[$pod]:0:12} ip ${IP[$pod]} netns ${NETNS[$pod]}"
}

# The attachment of POD is in place: IP in the subnet, host-local reservation naming the sandbox, cache entry,
# the address on eth0 inside the pod's netns.
attached() {
  local pod=$1 id=${ID[$1]} ip=${IP[$1]} res
  in_subnet "$ip" || { echo "pod $pod got IP '$ip', not in $SUBNET"; return 1; }
  res="/var/lib/cni/networks/$NET/$ip"
  [ -f "$res" ] || { echo "no host-local reservation $res"; return 1; }
  [ "$(head -1 "$res" | tr -d '[:space:]')" = "$id" ] || { echo "reservation $res holds '$(head -1 "$res")', not the sandbox id $id"; return 1; }
  [ -s "/var/lib/cni/results/$NET-$id-eth0" ] || { echo "no result cache entry $NET-$id-eth0"; return 1; }
  nsenter --net="${NETNS[$pod]}" ip -4 -o addr show eth0 | grep -qF " $ip/24 " ||
    { echo "eth0 in the netns of $pod lacks $ip/24: $(nsenter --net="${NETNS[$pod]}" ip -4 -o addr 2>&1)"; return 1; }
}

runp_ip() {
  rt_requires cri_pause_image_import || return 1
  HOSTPORT=$(free_port) || { echo "no free port"; return 1; }
  runp a --port "tcp:$CPORT:$HOSTPORT:127.0.0.1" \
    --annotation kubernetes.io/ingress-bandwidth=10M --annotation kubernetes.io/egress-bandwidth=20M || return 1
  attached a
}

# containerd's go-cni sends its Go structs without json tags: portMappings and bandwidth with capitalised keys
# (HostPort, ContainerPort, Protocol, HostIP; IngressRate, IngressBurst, EgressRate, EgressBurst). libcni keeps
# them in the cache entry's capabilityArgs.
runtime_config() {
  rt_requires cri_runp_ip || return 1
  local cache="/var/lib/cni/results/$NET-${ID[a]}-eth0" args
  args=$(grep -o '"capabilityArgs":{.*}' "$cache" | head -1)
  [ -n "$args" ] || { echo "no capabilityArgs in $cache: $(cat "$cache")"; return 1; }
  grep -qE "\"portMappings\":\[\{[^]]*\"HostPort\":$HOSTPORT" <<<"$args" || { echo "no capitalised portMappings (HostPort $HOSTPORT): $args"; return 1; }
  grep -qE "\"ContainerPort\":$CPORT" <<<"$args" && grep -qF '"HostIP":"127.0.0.1"' <<<"$args" ||
    { echo "ContainerPort/HostIP missing: $args"; return 1; }
  grep -qE '"bandwidth":\{[^}]*"IngressRate":10000000' <<<"$args" && grep -qE '"EgressRate":20000000' <<<"$args" ||
    { echo "no capitalised bandwidth IngressRate/EgressRate: $args"; return 1; }
}

# Our portmap made the DNAT for the mapping (a chain whose comment names the sandbox id), and it carries
# traffic: a server started in the pod's netns answers on 127.0.0.1:HOSTPORT.
portmap_dnat() {
  rt_requires cri_runp_ip || return 1
  local nat body
  nat=$(iptables-save -t nat)
  grep -F -- "${ID[a]}" <<<"$nat" | grep -q . || { echo "no nat rule names sandbox ${ID[a]}"; return 1; }
  grep -qE -- "--dport $HOSTPORT .*-j DNAT --to-destination ${IP[a]}:$CPORT" <<<"$nat" ||
    { echo "no DNAT $HOSTPORT -> ${IP[a]}:$CPORT: $(grep -- "$HOSTPORT" <<<"$nat")"; return 1; }
  echo cni-rt-marker >"$W/www/index.html"
  nsenter --net="${NETNS[a]}" busybox httpd -f -p "$CPORT" -h "$W/www" &
  HTTPD_PID=$!
  body=$(retry 10 http_get "$HOSTPORT") || { echo "nothing answers on 127.0.0.1:$HOSTPORT"; return 1; }
  grep -qx cni-rt-marker <<<"$body" || { echo "127.0.0.1:$HOSTPORT answered '$body'"; return 1; }
}

# GET / from 127.0.0.1:PORT with bash's /dev/tcp (busybox-static's wget crashes resolving; no curl in CI).
http_get() {
  timeout 3 bash -c 'exec 5<>"/dev/tcp/127.0.0.1/$1" && printf "GET / HTTP/1.0\r\n\r\n" >&5 && tr -d "\r" <&5' http_get "$1"
}

# kubernetes.io/ingress-bandwidth=10M: a tbf of 10 Mbit/s (1250000 bytes/s) on the host veth; egress 20M: the
# host veth's ingress redirected to the ifb, which carries a tbf of 20 Mbit/s.
bandwidth() {
  rt_requires cri_runp_ip || return 1
  local veth ifb q
  veth=$(host_veth_of a)
  [ -n "$veth" ] || { echo "cannot find the host veth of pod a"; return 1; }
  q=$(tc -j qdisc show dev "$veth")
  grep -qE '"kind":"tbf"[^}]*"options":\{[^}]*"rate":1250000[,}]' <<<"$q" || { echo "no tbf of 1250000 B/s on $veth: $q"; return 1; }
  grep -q '"kind":"ingress"' <<<"$q" || { echo "no ingress qdisc on $veth: $q"; return 1; }
  tc -j filter show dev "$veth" parent ffff: | grep -q "$(ifb_of "${ID[a]}")" || { echo "$veth's ingress is not redirected to $(ifb_of "${ID[a]}")"; return 1; }
  ifb=$(ifb_of "${ID[a]}")
  q=$(tc -j qdisc show dev "$ifb") || { echo "no ifb $ifb"; return 1; }
  grep -qE '"kind":"tbf"[^}]*"options":\{[^}]*"rate":2500000[,}]' <<<"$q" || { echo "no tbf of 2500000 B/s on $ifb: $q"; return 1; }
}

parallel_pods() {
  rt_requires cri_pause_image_import || return 1
  local pb pc
  cri runp --name cnirt-b --uid cnirt-uid-b --namespace cnirt --cgroup-parent "/$CGROUP" >"$W/b.id" 2>&1 &
  pb=$!
  cri runp --name cnirt-c --uid cnirt-uid-c --namespace cnirt --cgroup-parent "/$CGROUP" >"$W/c.id" 2>&1 &
  pc=$!
  wait $pb || { echo "RunPodSandbox b failed: $(cat "$W/b.id")"; return 1; }
  wait $pc || { echo "RunPodSandbox c failed: $(cat "$W/c.id")"; return 1; }
  local pod st
  for pod in b c; do
    ID[$pod]=$(cat "$W/$pod.id")
    st=$(cri status "${ID[$pod]}") || { echo "PodSandboxStatus $pod failed: $st"; return 1; }
    IP[$pod]=$(sed -n 's/^ip=//p' <<<"$st")
    NETNS[$pod]=$(sed -n 's/^netns=//p' <<<"$st")
    log "pod $pod: ${ID[$pod]:0:12} ip ${IP[$pod]} netns ${NETNS[$pod]}"
    attached "$pod" || return 1
  done
  [ "${IP[b]}" != "${IP[c]}" ] && [ "${IP[b]}" != "${IP[a]-}" ] && [ "${IP[c]}" != "${IP[a]-}" ] ||
    { echo "IPs not distinct: a=${IP[a]-} b=${IP[b]} c=${IP[c]}"; return 1; }
}

pods_ping() {
  rt_requires cri_parallel_pods || return 1
  nsenter --net="${NETNS[b]}" ping -c1 -W2 "${IP[c]}" || nsenter --net="${NETNS[b]}" ping -c1 -W2 "${IP[c]}" ||
    { echo "pod b cannot ping pod c at ${IP[c]}"; return 1; }
  nsenter --net="${NETNS[c]}" ping -c1 -W2 "${IP[b]}" || { echo "pod c cannot ping pod b at ${IP[b]}"; return 1; }
}

# gone POD: nothing of POD's attachment is left (reservation, cache, rules naming its id or IP, ifb, veth).
gone() {
  local pod=$1 left=0
  leftovers "$NET" "${ID[$pod]}" "${IP[$pod]}" || left=1
  if iptables-save -t nat | grep -qF -- "${ID[$pod]}"; then echo "nat rules name ${ID[$pod]}"; left=1; fi
  ip link show "$(ifb_of "${ID[$pod]}")" >/dev/null 2>&1 && { echo "ifb $(ifb_of "${ID[$pod]}") of $pod left"; left=1; }
  return $left
}

stop_del() {
  rt_requires cri_runp_ip || return 1
  [ -n "$HTTPD_PID" ] && { kill "$HTTPD_PID" 2>/dev/null; wait "$HTTPD_PID" 2>/dev/null; HTTPD_PID=""; }
  local veth
  veth=$(host_veth_of a)
  cri stopp "${ID[a]}" || { echo "StopPodSandbox a failed"; return 1; }
  cri status "${ID[a]}" | grep -qx 'state=SANDBOX_NOTREADY' || { echo "pod a not NOTREADY after stop: $(cri status "${ID[a]}")"; return 1; }
  gone a || return 1
  [ -n "$veth" ] && ip link show "$veth" >/dev/null 2>&1 && { echo "host veth $veth of a left after stop"; return 1; }
  if iptables-save -t nat | grep -q -- "--dport $HOSTPORT "; then echo "DNAT for $HOSTPORT left after stop"; return 1; fi
  # RemovePodSandbox of the stopped pod: containerd 1.6 tears the network down once more, its netns gone by
  # now: a second DEL, CNI_NETNS="" and no cached result, which must succeed or the removal fails.
  cri rmp "${ID[a]}" || { echo "RemovePodSandbox a failed (the second DEL, with an empty netns, failed?)"; return 1; }
  cri pods | grep -q "^${ID[a]} " && { echo "pod a still listed after removal"; return 1; }
  [ "$(teardowns a)" -ge 2 ] || { echo "containerd logged $(teardowns a) network teardown(s) of pod a, wanted 2 (stop, remove)"; return 1; }
  gone a
}

# The number of successful CNI DELs containerd logged for POD.
teardowns() { grep -cF "TearDown network for sandbox \\\"${ID[$1]}\\\" successfully" "$W/containerd.log"; }

# C's netns vanishes under containerd (unmounted and removed, as after a reboot): RemovePodSandbox stops the
# pod and, the netns being closed, go-cni calls DEL with CNI_NETNS="". Our plugins must still release
# everything from the cached prevResult.
remove_empty_netns() {
  rt_requires cri_parallel_pods || return 1
  umount "${NETNS[c]}" && rm -f "${NETNS[c]}" || { echo "cannot remove c's netns ${NETNS[c]}"; return 1; }
  cri rmp "${ID[c]}" || { echo "RemovePodSandbox c failed"; grep -i 'error' "$W/containerd.log" | tail -3; return 1; }
  cri pods | grep -q "^${ID[c]} " && { echo "pod c still listed after removal"; return 1; }
  [ "$(teardowns c)" -ge 1 ] || { echo "containerd logged no network teardown of pod c"; return 1; }
  gone c
}

# RemovePodSandbox of a ready pod: containerd stops it (DEL with its netns) first.
remove_ready() {
  rt_requires cri_parallel_pods || return 1
  local veth
  veth=$(host_veth_of b)
  cri rmp "${ID[b]}" || { echo "RemovePodSandbox b failed"; return 1; }
  cri pods | grep -q "^${ID[b]} " && { echo "pod b still listed after removal"; return 1; }
  [ -n "$veth" ] && ip link show "$veth" >/dev/null 2>&1 && { echo "host veth $veth of b left"; return 1; }
  gone b
}

nothing_left() {
  rt_requires cri_runp_ip || return 1
  local left=0 f pod
  [ -z "$(cri pods)" ] || { echo "pods left: $(cri pods | tr '\n' ' ')"; left=1; }
  for pod in "${!ID[@]}"; do gone "$pod" || left=1; done
  for f in /var/lib/cni/networks/"$NET"/*; do
    case "$(basename "$f")" in lock | last_reserved_ip.* | '*') ;; *) echo "reservation left: $f"; left=1 ;; esac
  done
  for f in /var/lib/cni/results/"$NET"-*; do [ -e "$f" ] && { echo "cache entry left: $f"; left=1; }; done
  [ "$(ip -o link show master "$BRIDGE" 2>/dev/null | wc -l)" -eq 0 ] || { echo "veths left on $BRIDGE: $(ip -o link show master "$BRIDGE")"; left=1; }
  for f in "${NETNS[@]}"; do [ -e "$f" ] && { echo "netns $f left"; left=1; }; done
  if iptables-save | grep -qF -- "name: \\\"$NET\\\""; then echo "rules of $NET left: $(iptables-save | grep -F -- "name: \\\"$NET\\\"" | head -2)"; left=1; fi
  return $left
}

our_plugins_ran() {
  rt_requires cri_runp_ip || return 1
  rt_plugins_ran "$PLUGINS" bridge host-local portmap bandwidth loopback
}

rt_check cri_setup setup
rt_check cri_version version
rt_check cri_pause_image_import image_import
rt_check cri_runp_ip runp_ip
rt_check cri_runtime_config_capitalised runtime_config
rt_check cri_portmap_dnat portmap_dnat
rt_check cri_bandwidth_annotations bandwidth
rt_check cri_parallel_pods parallel_pods
rt_check cri_pods_ping pods_ping
rt_check cri_stop_del stop_del
rt_check cri_remove_empty_netns remove_empty_netns
rt_check cri_remove_ready remove_ready
rt_check cri_nothing_left nothing_left
rt_check cri_our_plugins_ran our_plugins_ran
