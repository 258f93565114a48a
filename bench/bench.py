#!/usr/bin/env python3
"""Side-by-side benchmark of the Go reference CNI plugins and ours (driven by bench/run.sh).

Every scenario runs both implementations ALTERNATELY in the same run (the order flips every iteration), each
iteration on a fresh network namespace. Wall time is measured around posix_spawn+wait4; CPU time (user+sys)
and peak RSS come from wait4's rusage, which includes every descendant the process waited for (the IPAM plugin
a bridge exec's, the iptables a plugin exec's). Addresses: 198.18.0.0/15 and fd00::/8 only; no traffic.

Everything it creates is named cnib-*; it is removed at the end (and leftovers of an aborted run at the start).
"""
import argparse
import concurrent.futures
import json
import math
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time

PREFIX = "cnib"
IMPLS = ("go", "ours")


# ----------------------------------------------------------------------------------------------- measurement
class Sample:
    __slots__ = ("wall", "cpu", "rss", "rc")

    def __init__(self, wall, cpu, rss, rc):
        self.wall, self.cpu, self.rss, self.rc = wall, cpu, rss, rc


def run(argv, env, stdin=None, out=None, check=True):
    """Spawns argv (argv[0] is the path and the program name), waits, returns a Sample."""
    out = out or os.path.join(WORK, "last.out")
    fa = [
        (os.POSIX_SPAWN_OPEN, 0, stdin or "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        (os.POSIX_SPAWN_OPEN, 2, out + ".err", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
    ]
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=fa)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    if check and rc != 0:
        sys.stderr.write(f"FAILED ({rc}): {' '.join(argv)}\n  env: "
                         + " ".join(f"{k}={v}" for k, v in env.items() if k.startswith(("CNI_", "NETCONF", "CAP_")))
                         + "\n  stdout: " + open(out).read()[:2000] + "\n  stderr: " + open(out + ".err").read()[:2000] + "\n")
        raise SystemExit(f"bench: a plugin call failed, see above")
    return Sample(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, rc)


def sh(*argv, check=True):
    return subprocess.run(argv, check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True).stdout


def orders(i):
    return IMPLS if i % 2 == 0 else IMPLS[::-1]


# ----------------------------------------------------------------------------------------------- resources
NETNS = set()
BRIDGES = set()


def netns_add(name):
    sh("ip", "netns", "add", name)
    NETNS.add(name)
    return f"/var/run/netns/{name}"


def netns_del(name):
    sh("ip", "netns", "del", name, check=False)
    NETNS.discard(name)


def leftovers():
    for n in sh("ip", "netns", "list", check=False).split("\n"):
        n = n.split(" ")[0]
        if n.startswith(PREFIX + "-"):
            netns_del(n)
    for line in sh("ip", "-o", "link", "show", check=False).split("\n"):
        parts = line.split(": ")
        if len(parts) > 1 and parts[1].split("@")[0].startswith(PREFIX + "-"):
            sh("ip", "link", "del", parts[1].split("@")[0], check=False)


def iptables_chains():
    chains = set()
    for tool in ("iptables", "ip6tables"):
        for table in ("nat", "filter", "mangle"):
            for line in sh(tool, "-w", "-t", table, "-S", check=False).split("\n"):
                if line.startswith("-N CNI-"):
                    chains.add((tool, table, line[3:]))
    return chains


def cleanup(chains_before):
    for n in list(NETNS):
        netns_del(n)
    for b in list(BRIDGES):
        sh("ip", "link", "del", b, check=False)
    BRIDGES.clear()
    leftovers()
    # Top-level CNI chains the plugins created during this run (CNI-FORWARD, CNI-HOSTPORT-*, ...) are removed when
    # they hold nothing but the plugins' fixed rules again: no addresses outside 198.18.0.0/15 and fd00::/8, no jumps
    # to chains that were there before. Another user of this machine who started using them meanwhile keeps them.
    new = iptables_chains() - chains_before
    for tool, table in {(t, tb) for t, tb, _ in new}:
        mine = {c for t, tb, c in new if (t, tb) == (tool, table)}
        rules = [shlex.split(l) for l in sh(tool, "-w", "-t", table, "-S", check=False).split("\n") if l.startswith("-A ")]

        def foreign(r):
            for i, tok in enumerate(r):
                if tok == "-j" and i + 1 < len(r) and r[i + 1].startswith("CNI-") and r[i + 1] not in mine:
                    return True
                if any(ch.isdigit() for ch in tok) and ("." in tok and tok.count(".") == 3 or tok.count(":") >= 2):
                    addr = tok.split("/")[0].split("!")[-1]
                    if not (addr.startswith(("198.18.", "198.19.", "fd")) or tok.startswith(("0x", "--"))):
                        return True
            return False
        removable = {c for c in mine if not any(foreign(r) for r in rules if r[1] == c)}
        for r in rules:
            if "-j" in r and r[r.index("-j") + 1] in removable:
                sh(tool, "-w", "-t", table, "-D", *r[1:], check=False)
        for c in removable:
            sh(tool, "-w", "-t", table, "-F", c, check=False)
        for c in removable:
            sh(tool, "-w", "-t", table, "-X", c, check=False)


# ----------------------------------------------------------------------------------------------- configs
def write(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f)
    return path


def subnet_of(scn, impl):
    base = {"v4": 1, "ds": 3, "par": 5, "storm": 7, "rss": 9}[scn] + (0 if impl == "go" else 1)
    return f"198.18.{base}.0/24"


def bridge_conf(scn, impl, dual=False):
    name = f"{PREFIX}-{impl}-{scn}"
    BRIDGES.add(name)
    ranges = [[{"subnet": subnet_of(scn, impl)}]]
    if dual:
        ranges.append([{"subnet": f"fd00:cb:{0 if impl == 'go' else 1}{len(scn)}::/64"}])
    return write(os.path.join(WORK, f"{name}.json"), {
        "cniVersion": "1.0.0", "name": name, "type": "bridge", "bridge": name, "isGateway": True,
        "ipam": {"type": "host-local", "dataDir": os.path.join(WORK, "data"), "ranges": ranges}})


def chain_conf(impl):
    name = f"{PREFIX}-{impl}-ch"
    BRIDGES.add(name)
    third = 16 if impl == "go" else 24
    write(os.path.join(WORK, "net.d", f"{name}.conflist"), {
        "cniVersion": "1.0.0", "name": name, "plugins": [
            {"type": "bridge", "bridge": name, "isGateway": True, "ipMasq": True,
             "ipam": {"type": "host-local", "dataDir": os.path.join(WORK, "data"),
                      "ranges": [[{"subnet": f"198.18.{third}.0/21"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
            {"type": "portmap", "capabilities": {"portMappings": True}, "snat": True},
            {"type": "firewall", "backend": "iptables"},
            {"type": "tuning", "sysctl": {"net.core.somaxconn": "1024"}},
            {"type": "bandwidth", "ingressRate": 100000000, "ingressBurst": 1000000,
             "egressRate": 100000000, "egressBurst": 1000000}]})
    return name


BASE_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}


def plugin_env(impl, command, cid, netns, ifname="eth0"):
    return dict(BASE_ENV, CNI_COMMAND=command, CNI_CONTAINERID=cid, CNI_NETNS=netns, CNI_IFNAME=ifname,
                CNI_PATH=DIRS[impl])


def plugin(impl, command, conf, cid, netns, out=None, check=True):
    return run([os.path.join(DIRS[impl], "bridge")], plugin_env(impl, command, cid, netns), stdin=conf, out=out,
               check=check)


def tool(impl, verb, net, netns, pod, out=None):
    env = dict(BASE_ENV, CNI_PATH=DIRS[impl], NETCONFPATH=os.path.join(WORK, "net.d"),
               CAP_ARGS=json.dumps({"portMappings": [
                   {"hostPort": (20000 if impl == "go" else 30000) + pod, "containerPort": 80, "protocol": "tcp"}]}))
    argv = [TOOL[impl], verb, net, netns]
    if TOOL_IS_OURS[impl]:
        argv += ["--cache-dir", os.path.join(WORK, "cache")]
    return run(argv, env, out=out)


# ----------------------------------------------------------------------------------------------- statistics
RESULTS = []


def summary(samples, field):
    v = [getattr(s, field) for s in samples]
    return {"median": statistics.median(v), "min": min(v), "max": max(v), "n": len(v)}


def record(scenario, target, samples, unit="ms", note=""):
    """samples: impl -> list of Sample (one sample may be a total)."""
    row = {"scenario": scenario, "target": target, "note": note, "unit": unit}
    for impl in IMPLS:
        # (wait4's ru_maxrss of a posix_spawn'ed child includes the spawning Python's pages: peak RSS is measured
        # separately, with /usr/bin/time -v, in the rss scenario.)
        row[impl] = {f: summary(samples[impl], f) for f in ("wall", "cpu")}
    row["ratio_wall"] = row["ours"]["wall"]["median"] / row["go"]["wall"]["median"]
    row["ratio_cpu"] = row["ours"]["cpu"]["median"] / max(row["go"]["cpu"]["median"], 1e-9)
    RESULTS.append(row)
    g, o = row["go"]["wall"], row["ours"]["wall"]
    gc, oc = row["go"]["cpu"], row["ours"]["cpu"]
    k = 1000 if unit == "ms" else 1
    print(f"  {scenario:42} go {g['median']*k:8.2f} [{g['min']*k:.1f}-{g['max']*k:.1f}]  "
          f"ours {o['median']*k:8.2f} [{o['min']*k:.1f}-{o['max']*k:.1f}] {unit}  wall {row['ratio_wall']:.2f}x  "
          f"cpu {gc['median']*k:.2f}/{oc['median']*k:.2f} = {row['ratio_cpu']:.2f}x  target {target}", flush=True)
    return row


def record_value(scenario, target, go, ours, unit, ratio=None, note=""):
    ratio = ratio if ratio is not None else ours / go
    RESULTS.append({"scenario": scenario, "target": target, "unit": unit, "go_value": go, "ours_value": ours,
                    "ratio_wall": ratio, "note": note})
    print(f"  {scenario:42} go {go:10.2f} {unit}   ours {ours:10.2f} {unit}   ratio {ratio:.2f}x  target {target}",
          flush=True)


# ----------------------------------------------------------------------------------------------- scenarios
def s_version(n):
    names = sorted(set(os.listdir(DIRS["go"])) & set(os.listdir(DIRS["ours"])) - {"cnitool"})
    env = dict(BASE_ENV, CNI_COMMAND="VERSION")
    all_s = {i: [] for i in IMPLS}
    per = {}
    for name in names:
        s = {i: [] for i in IMPLS}
        for r in range(n + 2):
            for impl in orders(r):
                x = run([os.path.join(DIRS[impl], name)], env)
                if r >= 2:
                    s[impl].append(x)
        per[name] = statistics.median(x.wall for x in s["ours"]) / statistics.median(x.wall for x in s["go"])
        for i in IMPLS:
            all_s[i] += s[i]
    worst = max(per, key=per.get)
    print("  VERSION ratio per plugin: " + ", ".join(f"{k} {v:.2f}" for k, v in per.items()))
    record(f"VERSION, all {len(names)} plugins", "<= 1.0", all_s,
           note=f"worst: {worst} {per[worst]:.2f}x; per plugin: " + ", ".join(f"{k} {v:.2f}" for k, v in per.items()))


def s_adddel(n, dual):
    scn = "ds" if dual else "v4"
    label = "dual-stack" if dual else "IPv4"
    confs = {i: bridge_conf(scn, i, dual) for i in IMPLS}
    add = {i: [] for i in IMPLS}
    dele = {i: [] for i in IMPLS}
    for r in range(n + 1):  # iteration 0 creates the bridge: warm-up, not recorded
        for impl in orders(r):
            ns = f"{PREFIX}-{impl}-{scn}{r}"
            path = netns_add(ns)
            cid = f"{PREFIX}-{scn}-{impl}-{r}"
            a = plugin(impl, "ADD", confs[impl], cid, path)
            d = plugin(impl, "DEL", confs[impl], cid, path)
            netns_del(ns)
            if r:
                add[impl].append(a)
                dele[impl].append(d)
    record(f"bridge+host-local ADD, {label}", "<= 0.15" if dual else "<= 0.4", add)
    record(f"bridge+host-local DEL, {label}", "<= 0.15" if dual else "<= 0.3", dele)


def s_chain(n):
    nets = {i: chain_conf(i) for i in IMPLS}
    add = {i: [] for i in IMPLS}
    dele = {i: [] for i in IMPLS}
    for r in range(n + 1):
        for impl in orders(r):
            ns = f"{PREFIX}-{impl}-ch{r}"
            path = netns_add(ns)
            a = tool(impl, "add", nets[impl], path, r)
            d = tool(impl, "del", nets[impl], path, r)
            netns_del(ns)
            if r:
                add[impl].append(a)
                dele[impl].append(d)
    record("5-plugin chain ADD via cnitool", "<= 0.25", add, note=TOOL_NOTE)
    record("5-plugin chain DEL via cnitool", "<= 0.2", dele, note=TOOL_NOTE)


def s_scale(pods):
    nets = {i: chain_conf(i) for i in IMPLS}
    add = {i: [] for i in IMPLS}
    paths = {}
    try:
        for p in range(pods):
            for impl in orders(p):
                ns = f"{PREFIX}-{impl}-sc{p}"
                paths[(impl, p)] = netns_add(ns)
                add[impl].append(tool(impl, "add", nets[impl], paths[(impl, p)], 1000 + p))
    finally:
        for (impl, p), path in paths.items():
            tool(impl, "del", nets[impl], path, 1000 + p)
            netns_del(os.path.basename(path))
    k = min(10, pods // 2)
    first = {i: add[i][:k] for i in IMPLS}
    last = {i: add[i][-k:] for i in IMPLS}
    record(f"chain ADD, pods 1-{k}", "", first)
    record(f"chain ADD, pods {pods-k+1}-{pods}", "", last)
    growth = {i: statistics.median(s.wall for s in last[i]) / statistics.median(s.wall for s in first[i])
              for i in IMPLS}
    record_value(f"chain ADD growth, pods {pods-k+1}-{pods} / 1-{k}", "<= 1.1 (ours)", growth["go"], growth["ours"],
                 "x", ratio=growth["ours"],
                 note=f"both implementations' pods coexist: at pod n there are ~2n pods' iptables rules")


def s_parallel(pods, ways, rounds):
    confs = {i: bridge_conf("par", i) for i in IMPLS}
    add = {i: [] for i in IMPLS}
    dele = {i: [] for i in IMPLS}

    def batch(impl, command, r):
        def one(p):
            cid = f"{PREFIX}-par-{impl}-{r}-{p}"
            return plugin(impl, command, confs[impl], cid, f"/var/run/netns/{PREFIX}-{impl}-par{p}",
                          out=os.path.join(WORK, f"par{p}.out"))
        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(ways) as ex:
            res = list(ex.map(one, range(pods)))
        wall = time.perf_counter() - t0
        return Sample(wall, sum(s.cpu for s in res), max(s.rss for s in res), 0)

    for r in range(rounds + 1):
        for impl in orders(r):
            for p in range(pods):
                netns_add(f"{PREFIX}-{impl}-par{p}")
            a = batch(impl, "ADD", r)
            d = batch(impl, "DEL", r)
            for p in range(pods):
                netns_del(f"{PREFIX}-{impl}-par{p}")
            if r:
                add[impl].append(a)
                dele[impl].append(d)
    record(f"{pods} pods {ways}-way parallel ADD, total", "<= 0.5", add, note="cpu = sum over all processes")
    record(f"{pods} pods {ways}-way parallel DEL, total", "<= 0.5", dele, note="cpu = sum over all processes")


def s_storm(pods):
    confs = {i: bridge_conf("storm", i) for i in IMPLS}
    for p in range(pods):
        for impl in orders(p):
            ns = f"{PREFIX}-{impl}-st{p}"
            plugin(impl, "ADD", confs[impl], f"{PREFIX}-st-{impl}-{p}", netns_add(ns))
            netns_del(ns)  # the namespace is gone (node reboot); its veth went with it
    dele = {i: [] for i in IMPLS}
    for p in range(pods):
        for impl in orders(p):
            dele[impl].append(plugin(impl, "DEL", confs[impl], f"{PREFIX}-st-{impl}-{p}",
                                     f"/var/run/netns/{PREFIX}-{impl}-st{p}"))
    total = {i: [Sample(sum(s.wall for s in dele[i]), sum(s.cpu for s in dele[i]), max(s.rss for s in dele[i]), 0)]
             for i in IMPLS}
    record(f"DEL storm: {pods} DELs, netns gone, total", "<= 0.3", total, note="bridge+host-local, sequential")
    record("DEL storm: one DEL", "<= 0.3", dele)


def s_rss(n):
    """Peak RSS per invocation with /usr/bin/time -v (max over the process and the children it waited for)."""
    conf = {i: bridge_conf("rss", i) for i in IMPLS}
    val = {i: {"VERSION": [], "ADD": [], "DEL": []} for i in IMPLS}

    def timed(impl, name, command, cid="", netns="", stdin=None):
        out = os.path.join(WORK, "time.txt")
        env = dict(plugin_env(impl, command, cid, netns))
        run(["/usr/bin/time", "-v", "-o", out, os.path.join(DIRS[impl], name)], env, stdin=stdin)
        for line in open(out):
            if "Maximum resident set size" in line:
                return int(line.split(":")[1])
        raise SystemExit("bench: /usr/bin/time -v printed no maximum resident set size")

    for r in range(n + 1):
        for impl in orders(r):
            ns = f"{PREFIX}-{impl}-rss{r}"
            path = netns_add(ns)
            cid = f"{PREFIX}-rss-{impl}-{r}"
            v = timed(impl, "loopback", "VERSION")
            a = timed(impl, "bridge", "ADD", cid, path, conf[impl])
            d = timed(impl, "bridge", "DEL", cid, path, conf[impl])
            netns_del(ns)
            if r:
                val[impl]["VERSION"].append(v)
                val[impl]["ADD"].append(a)
                val[impl]["DEL"].append(d)
    for what in ("VERSION", "ADD", "DEL"):
        g = statistics.median(val["go"][what])
        o = statistics.median(val["ours"][what])
        record_value(f"peak RSS, {'loopback VERSION' if what == 'VERSION' else 'bridge+host-local ' + what}",
                     "<= 1.5", g / 1024, o / 1024, "MiB")


def s_size():
    def size(d):
        seen, total, files = set(), 0, 0
        for name in os.listdir(d):
            st = os.stat(os.path.join(d, name))
            files += 1
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
        return total, files, len(seen)
    g, gf, gu = size(DIRS["go"])
    o, of, ou = size(DIRS["ours"])
    record_value("install size, all plugins", "<= 10 MiB", g / 2**20, o / 2**20, "MiB",
                 note=f"go {gf} files; ours {of} names, {ou} distinct file(s)")
    print(f"    go: {gf} files; ours: {of} names for {ou} distinct file(s) (links), limit 10 MiB: "
          f"{'met' if o <= 10 * 2**20 else 'MISSED'}")


# ----------------------------------------------------------------------------------------------- report
def met(row):
    t = row["target"].split("(")[0].strip()
    if not t.startswith("<="):
        return ""
    limit = float(t[2:].split()[0])
    if "MiB" in t:
        return "yes" if row["ours_value"] <= limit else "no"
    return "yes" if row["ratio_wall"] <= limit else "no"


def markdown():
    lines = ["| scenario | Go median [min–max] | ours median [min–max] | ratio wall | ratio CPU | target | met? |",
             "|---|---|---|---|---|---|---|"]
    for row in RESULTS:
        if "go_value" in row:
            u = row["unit"]
            lines.append(f"| {row['scenario']} | {row['go_value']:.2f} {u} | {row['ours_value']:.2f} {u} | "
                         f"{row['ratio_wall']:.2f}× | | {row['target']} | {met(row)} |")
            continue
        k = 1000 if row["unit"] == "ms" else 1

        def cell(impl):
            w = row[impl]["wall"]
            return f"{w['median']*k:.1f} ms [{w['min']*k:.1f}–{w['max']*k:.1f}] (CPU {row[impl]['cpu']['median']*k:.1f})"
        lines.append(f"| {row['scenario']} | {cell('go')} | {cell('ours')} | {row['ratio_wall']:.2f}× | "
                     f"{row['ratio_cpu']:.2f}× | {row['target']} | {met(row)} |")
    return "\n".join(lines)


SCENARIOS = ("version", "v4", "dual", "chain", "scale", "parallel", "storm", "rss", "size")


def main():
    global WORK, DIRS, TOOL, TOOL_IS_OURS, TOOL_NOTE
    ap = argparse.ArgumentParser()
    ap.add_argument("--go-dir", required=True)
    ap.add_argument("--ours-dir", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--go-cnitool", default="")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", default=",".join(SCENARIOS))
    ap.add_argument("--json", default="")
    ap.add_argument("--markdown", default="")
    a = ap.parse_args()
    WORK, DIRS = a.work, {"go": a.go_dir, "ours": a.ours_dir}
    os.makedirs(os.path.join(WORK, "net.d"), exist_ok=True)
    ours_tool = os.path.join(a.ours_dir, "cnitool")
    if a.go_cnitool:
        TOOL = {"go": a.go_cnitool, "ours": ours_tool}
        TOOL_IS_OURS = {"go": False, "ours": True}
        TOOL_NOTE = "Go's plugins through Go's cnitool, ours through ours"
    else:
        TOOL = {"go": ours_tool, "ours": ours_tool}
        TOOL_IS_OURS = {"go": True, "ours": True}
        TOOL_NOTE = "both driven by OUR cnitool (no Go cnitool installed), CNI_PATH = Go's or our plugin dir"

    q = a.quick
    env = lambda k, full, quick: int(os.environ.get(k, quick if q else full))
    sizes = {
        "version": env("BENCH_VERSION_RUNS", 40, 10),
        "adddel": env("BENCH_ADDDEL_RUNS", 40, 12),
        "chain": env("BENCH_CHAIN_RUNS", 20, 8),
        "scale": env("BENCH_SCALE_PODS", 100, 100),
        "par_pods": env("BENCH_PAR_PODS", 64, 64),
        "par_ways": env("BENCH_PAR_WAYS", 16, 16),
        "par_rounds": env("BENCH_PAR_ROUNDS", 5, 2),
        "storm": env("BENCH_STORM_PODS", 200, 200),
        "rss": env("BENCH_RSS_RUNS", 5, 3),
    }
    print(f"bench: sizes {sizes}; {TOOL_NOTE}", flush=True)
    leftovers()
    before = iptables_chains()
    only = a.only.split(",")
    try:
        for name in only:
            t0 = time.time()
            print(f"== {name}", flush=True)
            if name == "version":
                s_version(sizes["version"])
            elif name == "v4":
                s_adddel(sizes["adddel"], dual=False)
            elif name == "dual":
                s_adddel(sizes["adddel"], dual=True)
            elif name == "chain":
                s_chain(sizes["chain"])
            elif name == "scale":
                s_scale(sizes["scale"])
            elif name == "parallel":
                s_parallel(sizes["par_pods"], sizes["par_ways"], sizes["par_rounds"])
            elif name == "storm":
                s_storm(sizes["storm"])
            elif name == "rss":
                s_rss(sizes["rss"])
            elif name == "size":
                s_size()
            else:
                raise SystemExit(f"bench: unknown scenario {name}; known: {','.join(SCENARIOS)}")
            print(f"   ({time.time()-t0:.0f} s)", flush=True)
    finally:
        cleanup(before)
    print()
    print(markdown())
    if a.json:
        write(a.json, {"sizes": sizes, "tool": TOOL_NOTE, "results": RESULTS})
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(markdown() + "\n")


if __name__ == "__main__":
    main()
