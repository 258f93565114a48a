#!/usr/bin/env bash
# host-local ADD+DEL: our `cni` (started as host-local) against Go's host-local from Debian's
# containernetworking-plugins, side by side in one hyperfine run, on a store that already holds
# RESERVED (default 1000) addresses; prints both and the ratio ours/Go.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for pkg in containernetworking-plugins hyperfine; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
cni=${CNI_BINARY:-artifacts/bin/cni}
[ -x "$cni" ] || ./scripts/build.sh >/dev/null

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$cni" install "$work/bin"
mkdir -p "$work/data/bench"
python3 - "$work/data/bench" "${RESERVED:-1000}" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with open(os.path.join(d, f"198.18.{2 + i // 250}.{1 + i % 250}"), "w") as f:
        f.write(f"held{i}\r\neth0")
PY
cat > "$work/conf.json" <<JSON
{"cniVersion":"1.0.0","name":"bench","type":"bridge","ipam":{"type":"host-local","dataDir":"$work/data","subnet":"198.18.0.0/16"}}
JSON
cat > "$work/pair.sh" <<'SH'
#!/bin/sh
# One ADD then one DEL of the same attachment with the plugin at $1.
export CNI_CONTAINERID=bench CNI_NETNS=/var/run/netns/none CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni
CNI_COMMAND=ADD "$1" < "$2" >/dev/null && CNI_COMMAND=DEL "$1" < "$2" >/dev/null
SH
chmod +x "$work/pair.sh"
hyperfine -N --warmup 5 --runs "${RUNS:-100}" --export-json "$work/h.json" \
  -n go "$work/pair.sh /usr/lib/cni/host-local $work/conf.json" \
  -n ours "$work/pair.sh $work/bin/host-local $work/conf.json" >/dev/null
python3 - "$work/h.json" "${RESERVED:-1000}" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
print(f"host-local ADD+DEL with {sys.argv[2]} addresses already reserved")
for name in ("go", "ours"):
    x = r[name]
    print(f"{name:5} median {x['median']*1e3:7.2f} ms  min {x['min']*1e3:7.2f}  max {x['max']*1e3:7.2f}")
print(f"ratio ours/go (median wall): {r['ours']['median']/r['go']['median']:.2f}")
PY
