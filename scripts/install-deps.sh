#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo use, only those missing.
set -euo pipefail
need=()
for pkg in iproute2 iptables nftables iputils-ping strace dnsmasq-base containernetworking-plugins podman runc containerd busybox-static kubernetes-client conntrack firewalld dbus; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${need[*]} (run as root to install them)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
"$(dirname "$0")/../tests/kernelvm/setup.sh"   # qemu + Debian's kernel for the KernelVm tests (cache /var/cache/cni-kernelvm)
