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

        Flags: -i/--ifname NAME, --cache-dir DIR (default /var/lib/cni), --timings, --timeout SECONDS, --json, --help
        Environment: NETCONFPATH (default /etc/cni/net.d), CNI_PATH, CNI_ARGS (K=V;K2=V2), CAP_ARGS (JSON object),
                     CNI_IFNAME (default eth0)
        Exit status: 0 success, 1 the operation failed, 2 a wrong command line (ls, inspect, conform).
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
        _ => Main,
    };

    private const string Common = "  -i/--ifname NAME, --cache-dir DIR, --timings (per-plugin durations on stderr), --timeout SECONDS";
}
