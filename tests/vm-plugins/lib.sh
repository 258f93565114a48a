# Shared helpers for the plugin end-to-end scripts; sourced, not run. They run as root inside the kernel VM
# (tests/kernelvm) with the cni plugins installed in $CNI_BIN_DIR, and need only bash, iproute2 and busybox:
# results and `ip -j` output are checked with grep on whitespace-free JSON (no jq in the VM).
set -u
: "${CNI_BIN_DIR:?set CNI_BIN_DIR to the directory the cni plugins are installed in}"

FAILS=0
WORK=$(mktemp -d /tmp/vm-plugins.XXXXXX)
NETNSES=()
LINKS=()

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; FAILS=$((FAILS + 1)); }

# cni PLUGIN COMMAND CONTAINERID NETNS IFNAME CONFIG [CNI_ARGS] -> $OUT (stdout, spaces removed), $ERR, $RC
cni() {
  local plugin=$1 cmd=$2 cid=$3 netns=$4 ifname=$5 conf=$6 args=${7:-}
  local raw
  raw=$(printf '%s' "$conf" | env -i PATH="$PATH" CNI_COMMAND="$cmd" CNI_CONTAINERID="$cid" CNI_NETNS="$netns" \
    CNI_IFNAME="$ifname" CNI_PATH="$CNI_BIN_DIR" CNI_ARGS="$args" "$CNI_BIN_DIR/$plugin" 2>"$WORK/stderr")
  RC=$?
  RAW=$raw
  OUT=$(printf '%s' "$raw" | tr -d ' \n\t')
  ERR=$(cat "$WORK/stderr")
}

# has TEXT NEEDLE: whether NEEDLE (a fixed string) occurs in TEXT.
has() { printf '%s' "$1" | grep -qF -- "$2"; }

# with_prev CONFIG RESULT: CONFIG with prevResult set to RESULT (both JSON objects).
with_prev() { printf '%s,"prevResult":%s}' "${1%\}}" "$2"; }

# new_netns NAME: a namespace removed at exit; its path is /var/run/netns/NAME.
new_netns() { ip netns add "$1" && NETNSES+=("$1"); }

# new_veth A B: a veth pair in the VM's root namespace, both ends up, removed at exit.
new_veth() { ip link add "$1" type veth peer name "$2" && ip link set "$1" up && ip link set "$2" up && LINKS+=("$1"); }

# reserved DATADIR NETWORK: how many addresses host-local holds.
reserved() { ls "$1/$2" 2>/dev/null | grep -v -e '^lock$' -e '^last_reserved_ip' | wc -l; }

# link_count NETNS: links in the namespace (lo counts).
link_count() { ip -n "$1" -o link show | wc -l; }

cleanup() {
  local n
  for n in "${NETNSES[@]}"; do ip netns delete "$n" 2>/dev/null; done
  for n in "${LINKS[@]}"; do ip link delete "$n" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

finish() {
  if [ "$FAILS" -gt 0 ]; then
    echo "$1: $FAILS failure(s)"
    exit 1
  fi
  echo "$1: all passed"
  exit 0
}
