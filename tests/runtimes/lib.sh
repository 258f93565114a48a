# Shared helpers of the real-runtime suites (podman.sh, containerd.sh). Sourced, not run.
#
# Each suite declares its checks in order with `rt_checks name...` and runs them with `rt_check name fn`.
# Output contract (parsed by tests/Cni.Runtimes.Tests): one line per check, `PASS name` or `FAIL name: why`;
# everything else goes to stderr. `SUITE --list` prints the check names and exits. The suite exits 1 when a
# check failed or did not run.
#
# Environment: CNI_TEST_BINARY (our published multi-call `cni`, default artifacts/bin/cni; published on the
# fly into the state dir when missing), RT_KEEP=1 keeps the state dir for a post-mortem.

RT_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RT_DIR="$RT_REPO/tests/runtimes"
RT_CHECKS=()
declare -A RT_RESULT=()
RT_CLEANUPS=()
RT_STATE=""
RT_T0=$(date +%s)
RT_ARG=${1-}   # `source lib.sh` sees the suite's arguments

log() { echo "[$(( $(date +%s) - RT_T0 ))s] $*" >&2; }

# The ordered list of checks of the suite; `--list` prints it.
rt_checks() {
  RT_CHECKS=("$@")
  if [ "$RT_ARG" = "--list" ]; then
    printf '%s\n' "${RT_CHECKS[@]}"
    exit 0
  fi
}

# rt_check NAME FN [ARGS...]: runs FN in this shell (it may set globals), its output captured; FN's last
# output lines are the reason when it returns non-zero. A check whose prerequisite failed is reported as
# failed with that reason (never skipped).
rt_check() {
  local name=$1
  shift
  local out="$RT_STATE/check-$name.out" rc
  log "check $name"
  "$@" >"$out" 2>&1
  rc=$?
  if [ $rc -eq 0 ]; then
    RT_RESULT[$name]=PASS
    echo "PASS $name"
  else
    RT_RESULT[$name]=FAIL
    sed 's/^/    /' "$out" >&2
    echo "FAIL $name: $(tail -n 6 "$out" | tr '\n\t' '  ' | sed 's/  */ /g; s/ $//')"
  fi
  return 0
}

# rt_requires NAME...: inside a check, fail when a prerequisite check did not pass.
rt_requires() {
  local n
  for n in "$@"; do
    if [ "${RT_RESULT[$n]-}" != PASS ]; then
      echo "prerequisite check '$n' did not pass"
      return 1
    fi
  done
}

# A check that could not even start (setup broke): every remaining declared check fails with REASON.
rt_fail_rest() {
  local reason=$1 n
  for n in "${RT_CHECKS[@]}"; do
    if [ -z "${RT_RESULT[$n]-}" ]; then
      RT_RESULT[$n]=FAIL
      echo "FAIL $n: $reason"
    fi
  done
}

rt_on_exit() { RT_CLEANUPS+=("$1"); }

rt_finish() {
  local i n failed=0
  # A signal may land inside rt_check, whose redirection to the check's file is then still in force.
  exec 1>&3 2>&4
  # Cleanup runs in reverse registration order, each step best-effort.
  for ((i = ${#RT_CLEANUPS[@]} - 1; i >= 0; i--)); do
    eval "${RT_CLEANUPS[$i]}" >&2 2>&1 || true
  done
  for n in "${RT_CHECKS[@]}"; do
    if [ -z "${RT_RESULT[$n]-}" ]; then
      echo "FAIL $n: did not run (the suite stopped early: interrupted, timed out or crashed)"
      failed=1
    elif [ "${RT_RESULT[$n]}" != PASS ]; then
      failed=1
    fi
  done
  if [ -n "$RT_STATE" ] && [ -d "$RT_STATE" ]; then
    if [ "${RT_KEEP-}" = 1 ]; then
      log "state kept in $RT_STATE"
    else
      umount_under "$RT_STATE"
      rm -rf "$RT_STATE"
    fi
  fi
  log "done in $(( $(date +%s) - RT_T0 ))s"
  exit $failed
}

# rt_begin SUITE: root, the state dir, the exit trap.
rt_begin() {
  local suite=$1
  if [ "$(id -u)" -ne 0 ]; then
    rt_fail_rest "the $suite suite needs root (network namespaces, iptables, a container runtime)"
    exit 1
  fi
  RT_STATE=$(mktemp -d "/tmp/cni-rt-$suite.XXXXXX")
  exec 3>&1 4>&2
  trap rt_finish EXIT
  trap 'exit 1' INT TERM
}

# Unmounts everything mounted below $1 (deepest first).
umount_under() {
  local m
  for m in $(awk -v p="$1/" 'index($5, p) == 1 {print $5}' /proc/self/mountinfo | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}

# Installs our plugins into $1 (each name a copy, so that an exec of each shows in its own atime).
rt_install_plugins() {
  local dir=$1 bin=${CNI_TEST_BINARY:-$RT_REPO/artifacts/bin/cni}
  if [ ! -x "$bin" ]; then
    log "no published binary at $bin: publishing src/Cni.Cli into the state dir"
    dotnet publish "$RT_REPO/src/Cni.Cli" -c Release -o "$RT_STATE/publish" --nologo -v quiet >&2 || {
      echo "cannot publish src/Cni.Cli (and CNI_TEST_BINARY/artifacts/bin/cni missing)"
      return 1
    }
    bin="$RT_STATE/publish/cni"
  fi
  RT_BINARY=$bin
  if [ -n "${CNI_RT_PLUGINS_FROM-}" ]; then
    # Comparison runs only: the same suite over another plugin set (e.g. Debian's Go plugins, /usr/lib/cni).
    log "plugins copied from $CNI_RT_PLUGINS_FROM, NOT ours"
    mkdir -p "$dir" && cp "$CNI_RT_PLUGINS_FROM"/* "$dir"/ || return 1
  else
    "$bin" install "$dir" --link=copy || { echo "'$bin install $dir' failed"; return 1; }
  fi
  local p
  for p in bridge host-local portmap firewall tuning bandwidth loopback; do
    [ -x "$dir/$p" ] || { echo "our install has no $p plugin"; return 1; }
  done
  # An old atime: the first exec of a plugin moves it forward (relatime), proving the runtime ran OUR copy.
  touch -a -d '2001-01-01 00:00:00' "$dir"/*
}

# rt_plugins_ran DIR PLUGIN...: each PLUGIN in DIR was executed since rt_install_plugins.
rt_plugins_ran() {
  local dir=$1 p bad=()
  shift
  for p in "$@"; do
    [ "$(stat -c %X "$dir/$p")" -gt 978307200 ] || bad+=("$p")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    echo "never executed from our plugin dir $dir: ${bad[*]} (the runtime ran other binaries, or none)"
    return 1
  fi
}

# Builds the busybox-static root filesystem tar of the tiny test image into $1.
rt_rootfs_tar() {
  local out=$1 root="$RT_STATE/rootfs" a
  mkdir -p "$root"/{bin,etc,proc,sys,dev,tmp,www,root}
  cp /bin/busybox "$root/bin/busybox"
  for a in $("$root/bin/busybox" --list); do
    [ "$a" = busybox ] || ln -sf busybox "$root/bin/$a"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  echo "cni-rt-marker" >"$root/www/index.html"
  tar --numeric-owner --owner=0 --group=0 -C "$root" -cf "$out" .
}

# retry N CMD...: CMD succeeds within N tries, 0.5 s apart.
retry() {
  local n=$1 i
  shift
  for ((i = 0; i < n; i++)); do
    "$@" && return 0
    sleep 0.5
  done
  return 1
}

# A free TCP port on 127.0.0.1.
free_port() {
  local p
  for p in $(shuf -i 20000-40000 -n 50); do
    ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return 0; }
  done
  return 1
}

# Host state left by an attachment: host-local reservation files for the network holding IP, result cache
# entries of the container, iptables/ip6tables rules (tables $RT_RULE_TABLES, default all three) mentioning
# the IP or the container id. leftovers NET ID IP...: prints what is left, returns 1 when something is.
rules() { local cmd=$1 t; for t in ${RT_RULE_TABLES:-filter nat mangle}; do $cmd-save -t "$t" 2>/dev/null; done; }
leftovers() {
  local net=$1 id=$2 ip f cmd left=()
  shift 2
  for ip in "$@"; do
    [ -e "/var/lib/cni/networks/$net/$ip" ] && left+=("reservation /var/lib/cni/networks/$net/$ip")
    for cmd in iptables ip6tables; do
      if rules $cmd | grep -qF -- "$ip/"; then left+=("$cmd rule for $ip: $(rules $cmd | grep -F -- "$ip/" | head -2 | tr '\n' ' ')"); fi
    done
  done
  if [ -n "$id" ]; then
    for f in /var/lib/cni/results/"$net"-"$id"-*; do
      [ -e "$f" ] && left+=("cache entry $f")
    done
    for cmd in iptables ip6tables; do
      if rules $cmd | grep -qF -- "id: \\\"$id\\\""; then left+=("$cmd rule naming $id: $(rules $cmd | grep -F -- "id: \\\"$id\\\"" | head -1)"); fi
    done
  fi
  if [ ${#left[@]} -gt 0 ]; then
    printf '%s\n' "${left[@]}"
    return 1
  fi
}

# Removes iptables/ip6tables rules whose comment names NET (name: "NET" id: ...), and the per-attachment
# CNI-* chains they jump to (what a crashed run, or a DEL without netns, leaves behind).
purge_rules_of() {
  local net=$1 cmd table rule chain chains
  for cmd in iptables ip6tables; do
    for table in nat filter mangle; do
      chains=$($cmd-save -t $table 2>/dev/null | grep -F -- "name: \\\"$net\\\"" | grep -o -- '-j CNI-[0-9a-zA-Z-]*' | cut -c4- | sort -u)
      $cmd-save -t $table 2>/dev/null | grep -F -- "name: \\\"$net\\\"" | grep '^-A ' | while read -r rule; do
        eval "$cmd -w -t $table -D ${rule#-A }" 2>/dev/null || true
      done
      for chain in $chains; do
        case "$chain" in CNI-FORWARD | CNI-ADMIN | CNI-HOSTPORT-*) continue ;; esac
        $cmd -w -t $table -F "$chain" 2>/dev/null && $cmd -w -t $table -X "$chain" 2>/dev/null
      done
    done
  done
}

# An OCI image layout archive of the busybox rootfs, by hand (layer, config, manifest, index), written to
# $RT_STATE/image.tar. $1: the image name, $2: its ref name, $3: the config's process fields as JSON members.
rt_oci_archive() {
  local name=$1 ref=$2 process=$3 W=$RT_STATE d="$RT_STATE/oci" arch layer cfg man ls cs ms
  arch=$(dpkg --print-architecture)
  mkdir -p "$d/blobs/sha256"
  rt_rootfs_tar "$W/layer.tar" || return 1
  layer=$(sha256sum "$W/layer.tar" | cut -d' ' -f1); ls=$(stat -c %s "$W/layer.tar")
  mv "$W/layer.tar" "$d/blobs/sha256/$layer"
  printf '{"architecture":"%s","os":"linux","config":{%s,"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$arch" "$process" "$layer" >"$W/config.json"
  cfg=$(sha256sum "$W/config.json" | cut -d' ' -f1); cs=$(stat -c %s "$W/config.json")
  mv "$W/config.json" "$d/blobs/sha256/$cfg"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$cfg" "$cs" "$layer" "$ls" >"$W/manifest.json"
  man=$(sha256sum "$W/manifest.json" | cut -d' ' -f1); ms=$(stat -c %s "$W/manifest.json")
  mv "$W/manifest.json" "$d/blobs/sha256/$man"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"},"platform":{"architecture":"%s","os":"linux"}}]}' \
    "$man" "$ms" "$name" "$ref" "$arch" >"$d/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$d/oci-layout"
  tar -C "$d" -cf "$W/image.tar" oci-layout index.json blobs
}
