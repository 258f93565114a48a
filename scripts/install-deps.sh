#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo use, only those missing.
set -euo pipefail
need=()
for pkg in iproute2 iptables nftables iputils-ping strace dnsmasq-base containernetworking-plugins podman runc containerd busybox-static conntrack firewalld dbus; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
# kubectl (manifest dry runs): Debian's kubernetes-client, unless one is installed already (it would conflict).
command -v kubectl >/dev/null || need+=(kubernetes-client)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${need[*]} (run as root to install them)" >&2
    exit 1
  fi
  # Installed services must not start on the host (firewalld would take over its netfilter; tests start their own).
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  [ -z "$guard" ] || rm -f /usr/sbin/policy-rc.d
  if command -v systemctl >/dev/null && systemctl is-active --quiet firewalld 2>/dev/null; then
    systemctl disable --now firewalld >/dev/null 2>&1 || true
  fi
fi
"$(dirname "$0")/../tests/kernelvm/setup.sh"   # qemu + Debian's kernel for the KernelVm tests (cache /var/cache/cni-kernelvm)
