#!/usr/bin/env bash
# Prepares what vm.sh boots: installs the host tools (apt), fetches Debian's stock kernel and
# busybox-static with `apt-get download` (never installed: `dpkg -x` into the cache), and extracts
# an uncompressed vmlinux plus the kernel modules the tests need. Idempotent and quick once done.
#
#   tests/kernelvm/setup.sh          # as root on the first run (apt); later runs need nothing
#
# Cache: $CNI_KERNELVM_CACHE (default /var/cache/cni-kernelvm). Kernel package: $CNI_KERNELVM_KERNEL_PKG
# (default: what linux-image-amd64 depends on). Exits non-zero with the reason when it cannot set up.
set -euo pipefail

CACHE=${CNI_KERNELVM_CACHE:-/var/cache/cni-kernelvm}
HOST_PACKAGES="qemu-system-x86 iproute2 kmod xz-utils"
# Link types the host kernel may lack, plus what the plugins' tests use; dependencies follow.
MODULES="dummy ipvlan 8021q vrf bonding veth bridge macvlan ipvtap macvtap vxlan ifb tun
  sch_tbf sch_ingress cls_u32 act_mirred"
# No devices the tests did not ask for (dummy0, ifb0, ifb1, bond0).
declare -A PARAMS=([dummy]=numdummies=0 [ifb]=numifbs=0 [bonding]=max_bonds=0)

die() { echo "kernelvm setup: $*" >&2; exit 1; }
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q "$@"; }

install_host_packages() {
  local need=() p
  for p in $HOST_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages: ${need[*]} (run this script as root once)"
  echo "kernelvm setup: installing ${need[*]}" >&2
  { apt_get install -y --no-install-recommends "${need[@]}" ||
    { apt_get update && apt_get install -y --no-install-recommends "${need[@]}"; }; } >"$CACHE/apt.log" 2>&1 ||
    die "apt-get install ${need[*]} failed; see $CACHE/apt.log"
}

kernel_package() {
  local pkg=${CNI_KERNELVM_KERNEL_PKG:-}
  [ -n "$pkg" ] || pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ && !n++ {print $2}')
  if [ -z "$pkg" ]; then
    apt_get update >>"$CACHE/apt.log" 2>&1 || true
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ && !n++ {print $2}')
  fi
  [ -n "$pkg" ] || die "cannot resolve the kernel package behind linux-image-amd64 (apt sources?)"
  echo "$pkg"
}

download() { # package... into $CACHE/debs
  rm -rf "$CACHE/debs"; mkdir -p "$CACHE/debs"
  (cd "$CACHE/debs" && apt_get download "$@") >>"$CACHE/apt.log" 2>&1 ||
    { apt_get update && (cd "$CACHE/debs" && apt_get download "$@"); } >>"$CACHE/apt.log" 2>&1 ||
    die "apt-get download $* failed; see $CACHE/apt.log"
}

# The bzImage setup header says where the compressed kernel is (payload_offset/length at 0x248,
# counted from the protected-mode code after (setup_sects + 1) * 512 bytes). Booting the ELF vmlinux
# through PVH skips the in-guest decompression, seconds under TCG.
extract_vmlinux() { # bzImage out
  local u32 sects off len
  u32() { od -An -tu4 -j "$1" -N4 "$2" | tr -d ' '; }
  sects=$(od -An -tu1 -j $((0x1f1)) -N1 "$1" | tr -d ' ')
  off=$(( (sects + 1) * 512 + $(u32 $((0x248)) "$1") )); len=$(u32 $((0x24c)) "$1")
  tail -c +$((off + 1)) "$1" | head -c "$len" | xz -dc >"$2" 2>/dev/null || true
  [ "$(head -c4 "$2" | od -An -c | tr -d ' ')" = '177ELF' ] || die "no xz-compressed ELF vmlinux in $1"
}

build_kernel_dir() { # pkg -> $CACHE/kernel (vmlinux, modules/*.ko, modules/load)
  local pkg=$1 x="$CACHE/x" k="$CACHE/kernel.new" kver m verb path name
  download "$pkg" busybox-static
  rm -rf "$x" "$k"; mkdir -p "$x" "$k/modules"
  dpkg -x "$CACHE"/debs/"$pkg"_*.deb "$x"
  dpkg -x "$CACHE"/debs/busybox-static_*.deb "$x/bb"
  kver=$(ls "$x/lib/modules")
  extract_vmlinux "$x/boot/vmlinuz-$kver" "$k/vmlinux"
  cp "$x/bb/bin/busybox" "$k/busybox"
  depmod -b "$x" "$kver"
  # modprobe's dry run lists each module's dependencies and soft dependencies in load order.
  for m in $MODULES; do
    modprobe -d "$x" -S "$kver" --show-depends "$m" || die "kernel module $m: not in $pkg"
  done >"$k/deps"
  while read -r verb path _; do
    [ "$verb" = insmod ] || continue
    name=$(basename "$path"); name=${name%%.ko*}
    [ -e "$k/modules/$name.ko" ] && continue
    case "$path" in *.xz) xz -dc "$path";; *) cat "$path";; esac >"$k/modules/$name.ko"
    echo "$name.ko ${PARAMS[$name]:-}" >>"$k/modules/load"
  done <"$k/deps"
  rm "$k/deps"
  [ -s "$k/modules/load" ] || die "no modules resolved for: $MODULES"
  echo "$kver" >"$k/kver"; echo "$pkg $MODULES" >"$k/key"
  rm -rf "$x" "$CACHE/debs" "$CACHE/kernel"; mv "$k" "$CACHE/kernel"
}

mkdir -p "$CACHE"
[ -e "$CACHE/.lock" ] || : >"$CACHE/.lock"
exec 9<"$CACHE/.lock"   # read-only, so that users other than root can use a ready cache
flock 9
install_host_packages
if [ -s "$CACHE/kernel/key" ] && [ -z "${CNI_KERNELVM_KERNEL_PKG:-}" ]; then
  pkg=$(cut -d' ' -f1 "$CACHE/kernel/key")   # a ready cache is used as is, without asking apt
else
  pkg=$(kernel_package)
fi
if [ "$(cat "$CACHE/kernel/key" 2>/dev/null)" != "$pkg $MODULES" ]; then
  echo "kernelvm setup: preparing $pkg in $CACHE" >&2
  build_kernel_dir "$pkg"
fi
