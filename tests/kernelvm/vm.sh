#!/usr/bin/env bash
# Runs COMMAND as root in a throwaway VM that boots Debian's stock kernel (every link type as a
# module), for tests of kernel features the host lacks. One boot per call: run a group of tests.
#
#   tests/kernelvm/vm.sh [-v] [--timeout SEC] [--env NAME=VALUE]... DIR COMMAND...
#
# DIR is copied to /in (the working directory), with the shared libraries its ELF files need.
# COMMAND runs under bash, with iproute2 (ip, tc, bridge) before busybox on PATH. Its stdout and
# stderr come back on ours (after the VM stopped) and its exit status is ours. 124: timeout (default
# 600 s); 125: the VM failed (setup, boot, panic), with the console tail on stderr. -v adds timings
# and the guest console to stderr.
#
# Pitfalls this avoids (learnt from the team's shared tools/kernelvm/run-in-vm.sh):
# - TCG only: boot the uncompressed ELF vmlinux through PVH with qboot, skipping SeaBIOS and the
#   in-guest decompression (seconds under TCG); `-cpu max`, as the default qemu64 model lacks
#   SSE4.2/POPCNT/AVX2, which .NET's NativeAOT code uses.
# - machine `pc`, not `microvm`: microvm's TSC calibration sometimes fails under a loaded TCG host;
#   a watchdog still boots once more when /init has not said hello in time.
# - The command runs under bash: Debian's busybox sh would run its own `ip` applet before PATH.
# - A serial tty is drained by a last open+close before poweroff, or output tails are lost.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${CNI_KERNELVM_CACHE:-/var/cache/cni-kernelvm}
K="$CACHE/kernel"
timeout=600; envs=(); verbose=0
die() { echo "kernelvm: $*" >&2; exit 125; }

while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) timeout=$2; shift 2;;
    --env) envs+=("$2"); shift 2;;
    -v) verbose=1; shift;;
    -*) die "unknown option $1";;
    *) break;;
  esac
done
[ $# -ge 2 ] || die "usage: vm.sh [-v] [--timeout SEC] [--env NAME=VALUE]... DIR COMMAND..."
indir=$1; shift
[ -d "$indir" ] || die "not a directory: $indir"
"$HERE/setup.sh" || die "setup failed"
t0=$EPOCHREALTIME

work=$(mktemp -d "${TMPDIR:-/tmp}/kernelvm.XXXXXX")
qemu_pid=""
trap '[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 143' INT TERM

# ---- the initramfs: a merged-/usr root with busybox, bash, iproute2, modules, /init, DIR
r="$work/root"
mkdir -p "$r"/usr/{bin,sbin,lib,lib64,local/bin} "$r"/{proc,sys,dev,tmp,run,root,var,in,kvm,lib/modules}
for d in bin sbin lib lib64; do ln -sfn "usr/$d" "$r/$d"; done
ln -s /run "$r/var/run"
copy_libs() { # ELF file -> its shared libraries at their host paths
  local lib
  for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*' || true); do
    [ -e "$r$lib" ] || { mkdir -p "$r$(dirname "$lib")"; cp -L "$lib" "$r$lib"; }
  done
}
for tool in bash ip tc bridge; do
  p=$(command -v "$tool") || die "$tool not found on the host (setup.sh installs iproute2)"
  cp -L "$p" "$r/usr/local/bin/$tool"; copy_libs "$p"
done
# .NET loads OpenSSL with dlopen (hashing, random numbers), which ldd cannot see.
for lib in /usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3; do
  [ -e "$lib" ] && { mkdir -p "$r$(dirname "$lib")"; cp -L "$lib" "$r$lib"; copy_libs "$lib"; }
done
cp "$K/busybox" "$r/usr/bin/busybox"
cp "$K"/modules/* "$r/lib/modules/"
cp "$HERE/init" "$r/init"
cp -a "$indir/." "$r/in/"
while IFS= read -r -d '' f; do
  [ "$(head -c4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && copy_libs "$f"
done < <(find "$r/in" -type f -print0)
{ for e in "${envs[@]+"${envs[@]}"}"; do printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"; done; } >"$r/kvm/env"
printf '%s\n' "$*" >"$r/kvm/cmd"
(cd "$r" && find . | "$K/busybox" cpio -o -H newc 2>/dev/null) >"$work/initrd"
rm -rf "$r"
mem=$(( 512 + 3 * $(stat -c %s "$work/initrd") / 1048576 ))

# ---- boot; ttyS0 console (+ exit status), ttyS1 stdout, ttyS2 stderr
qemu=(qemu-system-x86_64 -nodefaults -no-user-config -machine pc,accel=tcg -cpu max -m "$mem"
  -bios /usr/share/qemu/qboot.rom -kernel "$K/vmlinux" -initrd "$work/initrd" -display none -no-reboot
  -serial "file:$work/console" -serial "file:$work/stdout" -serial "file:$work/stderr"
  -append "console=ttyS0 quiet panic=-1 rdinit=/init mitigations=off nokaslr tsc=reliable no_timer_check cryptomgr.notests random.trust_cpu=on 8250.nr_uarts=3")
boot() { # -> qemu's exit status; 200 when /init did not start within 60 s
  : >"$work/console"; : >"$work/stdout"; : >"$work/stderr"
  timeout -k 5 "$timeout" "${qemu[@]}" </dev/null >"$work/qemu.log" 2>&1 &
  qemu_pid=$!
  local tenths=0
  while ! grep -qa '@@KERNELVM_INIT@@' "$work/console"; do
    kill -0 "$qemu_pid" 2>/dev/null || break
    if [ $((tenths += 1)) -gt 600 ]; then kill "$qemu_pid"; wait "$qemu_pid" || true; qemu_pid=""; return 200; fi
    sleep 0.1
  done
  local rc=0; wait "$qemu_pid" || rc=$?; qemu_pid=""; return $rc
}
t1=$EPOCHREALTIME
qrc=0; boot || qrc=$?
if [ "$qrc" = 200 ]; then
  echo "kernelvm: no /init after 60 s (early boot hang), booting again" >&2
  qrc=0; boot || qrc=$?
fi

if [ "$verbose" = 1 ]; then
  tr -d '\r' <"$work/console" | sed 's/^/[console] /' >&2
  awk -v a="$t0" -v b="$t1" -v c="$EPOCHREALTIME" -v m="$(du -m "$work/initrd" | cut -f1)" \
    'BEGIN { printf "kernelvm: initramfs %d MB in %.2f s, qemu %.2f s\n", m, b - a, c - b }' >&2
fi
cat "$work/stdout"; cat "$work/stderr" >&2
rc=$(grep -ao '@@KERNELVM_RC=[0-9]*@@' "$work/console" | tr -dc 0-9 || true)
[ -n "$rc" ] && exit "$rc"
case "$qrc" in
  124|137) echo "kernelvm: timed out after $timeout s" >&2; status=124;;
  *) echo "kernelvm: the VM failed (qemu exit $qrc); no exit status came back" >&2; status=125;;
esac
{ echo "--- qemu:"; cat "$work/qemu.log"; echo "--- console tail:"; tr -d '\r' <"$work/console" | tail -40; } >&2
exit "$status"
