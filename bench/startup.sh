#!/usr/bin/env bash
# Start-up: VERSION answered by our `cni` (started as loopback) and by Go's loopback from Debian's
# containernetworking-plugins, side by side in one hyperfine run; prints the ratio ours/Go, peak RSS and size.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for pkg in containernetworking-plugins hyperfine time; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[ -x artifacts/bin/cni ] || ./scripts/build.sh >/dev/null

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
artifacts/bin/cni install "$work"
go=/usr/lib/cni/loopback
ours=$work/loopback

export CNI_COMMAND=VERSION
hyperfine -N --warmup 20 --runs "${RUNS:-300}" --export-json "$work/h.json" \
  -n go "$go" -n ours "$ours" >/dev/null
python3 - "$work/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
for name in ("go", "ours"):
    x = r[name]
    print(f"{name:5} median {x['median']*1e3:7.3f} ms  min {x['min']*1e3:7.3f}  max {x['max']*1e3:7.3f}  user {x['user']*1e3:6.3f} ms  sys {x['system']*1e3:6.3f} ms")
print(f"ratio ours/go (median wall): {r['ours']['median']/r['go']['median']:.2f}")
PY
rss() { /usr/bin/time -f '%M' "$1" 2>&1 >/dev/null | tail -1; }
echo "peak RSS: go $(rss "$go") KiB, ours $(rss "$ours") KiB"
echo "size: go loopback $(stat -c %s "$go") bytes (one of $(ls /usr/lib/cni | wc -l) binaries, $(du -sb /usr/lib/cni | cut -f1) bytes in all); ours $(stat -c %s artifacts/bin/cni) bytes for every plugin"
