#!/usr/bin/env python3
"""A/B of two (or more) builds of our binary, alternately, on fresh namespaces: CPU (user+sys) and wall medians of
loopback VERSION, a bridge+host-local DEL whose namespace is gone, and bridge+host-local ADD then DEL (IPv4).

    sudo bench/ab.py [iterations=60] BINARY_A BINARY_B ...

Each BINARY is a `cni` multi-call binary (e.g. two `dotnet publish src/Cni.Cli -o DIR` outputs); Go's plugin
directory works too (any directory holding loopback, bridge and host-local). Needs root. Names everything
`cnib-ab*`, uses 198.18.40.0/24 only, removes its namespaces, bridge and store at the end. No traffic is sent.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PREFIX = "cnib-ab"


def spawn(argv, env, stdin, err):
    fa = [(os.POSIX_SPAWN_OPEN, 0, stdin, os.O_RDONLY, 0),
          (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
          (os.POSIX_SPAWN_OPEN, 2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=fa)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ab: {argv[0]} {env.get('CNI_COMMAND')} failed: {open(err).read()[:500]}")
    return wall, ru.ru_utime + ru.ru_stime


def main():
    args = sys.argv[1:]
    n = int(args.pop(0)) if args and args[0].isdigit() else 60
    if len(args) < 2 or os.geteuid() != 0:
        raise SystemExit(__doc__)
    work = tempfile.mkdtemp(prefix="cni-ab.")
    dirs = []
    try:
        for i, b in enumerate(args):
            if os.path.isdir(b):
                dirs.append(os.path.abspath(b))
                continue
            d = os.path.join(work, f"b{i}")
            subprocess.run([b, "install", d], check=True, stdout=subprocess.DEVNULL)
            dirs.append(d)
        conf = os.path.join(work, "conf.json")
        with open(conf, "w") as f:
            json.dump({"cniVersion": "1.0.0", "name": PREFIX, "type": "bridge", "bridge": PREFIX, "isGateway": True,
                       "ipam": {"type": "host-local", "dataDir": os.path.join(work, "data"),
                                "ranges": [[{"subnet": "198.18.40.0/24"}]]}}, f)
        err = os.path.join(work, "err")
        base = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "CNI_IFNAME": "eth0"}
        res = {d: {k: [] for k in ("VERSION", "DEL, netns gone", "ADD", "DEL")} for d in dirs}
        for i in range(n + 1):  # iteration 0 makes the bridge: not recorded
            for d in (dirs if i % 2 == 0 else dirs[::-1]):
                r = res[d]
                v = spawn([d + "/loopback"], dict(base, CNI_COMMAND="VERSION"), "/dev/null", err)
                e = dict(base, CNI_PATH=d, CNI_CONTAINERID=f"{PREFIX}-gone-{i}",
                         CNI_NETNS=f"/var/run/netns/{PREFIX}-gone")
                g = spawn([d + "/bridge"], dict(e, CNI_COMMAND="DEL"), conf, err)
                ns = f"{PREFIX}-{i}"
                subprocess.run(["ip", "netns", "add", ns], check=True)
                try:
                    e = dict(base, CNI_PATH=d, CNI_CONTAINERID=f"{PREFIX}-{i}", CNI_NETNS=f"/var/run/netns/{ns}")
                    a = spawn([d + "/bridge"], dict(e, CNI_COMMAND="ADD"), conf, err)
                    x = spawn([d + "/bridge"], dict(e, CNI_COMMAND="DEL"), conf, err)
                finally:
                    subprocess.run(["ip", "netns", "del", ns], check=False)
                if i:
                    for k, s in (("VERSION", v), ("DEL, netns gone", g), ("ADD", a), ("DEL", x)):
                        r[k].append(s)
        first = dirs[0]
        for k in res[first]:
            cells = []
            for d in dirs:
                s = res[d][k]
                cpu = statistics.median(c for _, c in s) * 1000
                wall = statistics.median(w for w, _ in s) * 1000
                ref = statistics.median(c for _, c in res[first][k]) * 1000
                cells.append(f"{args[dirs.index(d)]}: cpu {cpu:.2f} ms ({cpu / ref - 1:+.1%}) wall {wall:.2f} ms")
            print(f"{k:16} " + " | ".join(cells))
    finally:
        subprocess.run(["ip", "link", "del", PREFIX], check=False, stderr=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
