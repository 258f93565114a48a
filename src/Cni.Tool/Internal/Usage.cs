namespace Cni.Tool.Internal;

/// <summary>The help texts.</summary>
internal static class Usage
{
    public const string Main = """
        cnitool: Add, check, remove, gc or status network interfaces from a network namespace
          cnitool add    <net> <netns>
          cnitool check  <net> <netns>
          cnitool del    <net> <netns>
          cnitool gc     <net> <netns> [--dry-run]
          cnitool status <net> <netns>
          cnitool ls      [--json]
          cnitool inspect <net> <netns|container-id> [-i IFNAME]
          cnitool conform <plugin> [--config FILE]
          cnitool exec    <net> [-i IFNAME] -- <command> [args...]
          cnitool oci-hook [add|del] <net> [-i IFNAME]   (OCI state JSON on stdin)
          cnitool audit   [--json] [--data-dir DIR]
          cnitool repair  [<net>] [-i IFNAME] [--json]

        Flags: -i/--ifname NAME, --cache-dir DIR (default /var/lib/cni), --timings, --timeout SECONDS, --json, --help
        Environment: NETCONFPATH (default /etc/cni/net.d), CNI_PATH, CNI_ARGS (K=V;K2=V2), CAP_ARGS (JSON object),
                     CNI_IFNAME (default eth0)
        Exit status: 0 success, 1 the operation failed (audit: leaks found), 2 a wrong command line (ls, inspect, conform, ...).
        """;

    public static string For(string command) => command switch
    {
        "add" => "cnitool add <net> <netns>: runs ADD on every plugin of <net>; prints the result.\n" + Common,
        "check" => "cnitool check <net> <netns>: runs CHECK with the cached result.\n" + Common,
        "del" => "cnitool del <net> <netns>: runs DEL in reverse order and removes the cached result.\n" + Common,
        "gc" => "cnitool gc <net> <netns> [--dry-run]: DELs every cached attachment of <net>, then sends GC (1.1.0+).\n" +
                "  --dry-run  only list what would be released (--json for JSON).\n" + Common,
        "status" => "cnitool status <net> <netns>: asks every plugin of <net> whether it is ready (1.1.0+).\n" + Common,
        "ls" => "cnitool ls [--json] [--cache-dir DIR]: lists the attachments recorded in the result cache.",
        "inspect" => "cnitool inspect <net> <netns|container-id> [-i IFNAME] [--cache-dir DIR]: prints one cache entry with its config decoded.",
        "conform" => "cnitool conform <plugin> [--config FILE] [--json]: checks a plugin binary against the CNI contract\n" +
                     "  (VERSION, version gating, error objects, idempotent DEL) without creating interfaces; exit 1 on any failure.",
        "exec" => "cnitool exec <net> [-i IFNAME] -- <command> [args...]: creates a network namespace, attaches it to <net>,\n" +
                  "  runs the command inside (stdin, stdout and stderr passed through), then detaches and removes the namespace,\n" +
                  "  also when the command fails or on SIGINT/SIGTERM/SIGHUP (SIGTERM and SIGHUP are relayed to the command).\n" +
                  "  Exit status: the command's (128+N when killed by signal N), 127 when it cannot be started, 1 when attaching fails.\n" + Common,
        "oci-hook" => "cnitool oci-hook [add|del] <net> [-i IFNAME] [--json]: an OCI runtime hook; reads the container state from stdin.\n" +
                      "  Container ID = state id, netns = /proc/<pid>/ns/net. Without add|del the state's status decides:\n" +
                      "  creating/created (createRuntime, prestart) attach, stopped (poststop) detaches (with no netns: the process is gone).\n" +
                      "  Annotations: cni.ifname, cni.args (K=V;K2=V2), cni.capability-args (JSON object) override -i, CNI_ARGS, CAP_ARGS.\n" +
                      "  --json prints the ADD result on stdout.\n" + Common,
        "audit" => "cnitool audit [--json] [--cache-dir DIR] [--data-dir DIR]: read-only leak report; exit 1 when anything is found:\n" +
                   "  host-local reservations (under --data-dir, default /var/lib/cni/networks) whose container has no cache entry,\n" +
                   "  cache entries whose netns no longer exists, ports of CNI bridges whose veth peer is in no cached namespace,\n" +
                   "  CNI-<hash> iptables chains and commented rules in CNI nftables tables that match no cached attachment.",
        "repair" => "cnitool repair [<net>] [-i IFNAME] [--json] [--cache-dir DIR]: re-applies the netfilter rules of live attachments\n" +
                    "  (after a firewall reload): CHECK with \"repair\": true in every plugin's config, for every cached attachment of <net>\n" +
                    "  (default: every network in NETCONFPATH) whose netns still exists. Prints ok / repaired (with what) / failed / skipped\n" +
                    "  per attachment. Exit status 1 when any attachment failed.\n" + Common,
        _ => Main,
    };

    private const string Common = "  -i/--ifname NAME, --cache-dir DIR, --timings (per-plugin durations on stderr), --timeout SECONDS";
}
