#!/usr/bin/env python3
"""The top-level chains CNI plugins share (CNI-FORWARD, CNI-HOSTPORT-*, ...): Go's plugins create them and never remove
them, and neither do ours. After a test run, remove those the run created, once they hold only the plugins' fixed
rules again. A chain still holding an address rule or a jump to a per-pod chain is left: that is a leak to report.

  shared-chains.py snapshot FILE   record which shared chains exist now
  shared-chains.py remove FILE     remove the shared chains that did not exist at the snapshot
"""
import json
import shlex
import subprocess
import sys

SHARED = {"CNI-FORWARD", "CNI-ADMIN", "CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK",
          "CNI-HOSTPORT-SNAT", "CNI-ISOLATION-STAGE-1", "CNI-ISOLATION-STAGE-2"}
TOOLS = ("iptables", "ip6tables")
TABLES = ("filter", "nat")


def rules(tool, table):
    out = subprocess.run([tool, "-w", "-t", table, "-S"], capture_output=True, text=True).stdout
    return [shlex.split(line) for line in out.splitlines()]


def existing():
    return sorted([tool, table, r[1]] for tool in TOOLS for table in TABLES
                  for r in rules(tool, table) if r[0] == "-N" and r[1] in SHARED)


def per_pod(rule):
    """An address, or a jump to a chain that is not shared (CNI-DN-*, a bridge's masquerade chain)."""
    for i, tok in enumerate(rule):
        if tok in ("-s", "-d", "--to-destination") and i + 1 < len(rule):
            return True
        if tok == "-j" and i + 1 < len(rule) and rule[i + 1].startswith("CNI-") and rule[i + 1] not in SHARED:
            return True
    return False


def remove(before):
    before = {tuple(c) for c in before}
    made = [tuple(c) for c in existing() if tuple(c) not in before]
    for tool, table in sorted({(t, tb) for t, tb, _ in made}):
        mine = {c for t, tb, c in made if (t, tb) == (tool, table)}
        all_rules = [r for r in rules(tool, table) if r[0] == "-A"]
        removable = {c for c in mine if not any(r[1] == c and per_pod(r) for r in all_rules)}
        for r in all_rules:
            if "-j" in r and r[r.index("-j") + 1] in removable:
                subprocess.run([tool, "-w", "-t", table, "-D", *r[1:]], capture_output=True)
        for op in ("-F", "-X"):
            for c in sorted(removable):
                subprocess.run([tool, "-w", "-t", table, op, c], capture_output=True)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("snapshot", "remove"):
        sys.exit(__doc__)
    if sys.argv[1] == "snapshot":
        with open(sys.argv[2], "w") as f:
            json.dump(existing(), f)
    else:
        with open(sys.argv[2]) as f:
            remove(json.load(f))


if __name__ == "__main__":
    main()
