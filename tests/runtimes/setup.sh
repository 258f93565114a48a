#!/usr/bin/env bash
# Installs what the real-runtime suites need, only the packages that are missing (Debian 12):
#   podman (4.3, CNI backend; pulls conmon, golang-github-containers-common), runc (crun refuses this host's
#   cgroup layout), containerd (1.6, brings ctr), busybox-static (the tiny test image), iptables, iproute2.
# containernetworking-plugins satisfies podman's container-network-stack dependency; the suites never run
# those Go binaries: they point the runtimes at our plugins.
set -euo pipefail
need=()
for pkg in podman runc containerd busybox-static iptables iproute2 containernetworking-plugins; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing packages: ${need[*]} (run as root to install them)" >&2
  exit 1
fi
echo "installing ${need[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
