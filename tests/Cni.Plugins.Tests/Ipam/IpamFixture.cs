using System.Text.Json;
using Cni.Plugin;
using Cni.Plugins.Tests.Harness;

namespace Cni.Plugins.Tests.Ipam;

/// <summary>A per-test data directory and helpers to build host-local configs and requests.</summary>
internal sealed class IpamFixture : IDisposable
{
    public const string GoHostLocal = "/usr/lib/cni/host-local";

    public IpamFixture(string network = "ipamtest")
    {
        DataDir = Directory.CreateTempSubdirectory("cni-ipam-").FullName;
        Network = network;
    }

    public string DataDir { get; }
    public string Network { get; }
    public string StoreDir => Path.Combine(DataDir, Network);

    /// <summary>A host-local config; <paramref name="ipam"/> is the JSON members of <c>ipam</c> besides type and dataDir.</summary>
    public string Config(string ipam, string version = "1.1.0", string extra = "") =>
        "{\"cniVersion\":\"" + version + "\",\"name\":\"" + Network + "\",\"type\":\"bridge\"" + extra +
        ",\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"" + DataDir + "\"," + ipam + "}}";

    public static PluginRequest Request(string stdin, CniCommand command = CniCommand.Add, string id = "ctr1", string ifName = "eth0", string args = "") =>
        new()
        {
            Command = command,
            ContainerId = id,
            IfName = ifName,
            Netns = "/var/run/netns/x",
            Args = args,
            Config = NetworkConfig.Parse(System.Text.Encoding.UTF8.GetBytes(stdin)),
        };

    public List<string> ReservationFiles() =>
        [.. Directory.EnumerateFileSystemEntries(StoreDir).Select(p => Path.GetFileName(p)).Where(n => n[0] is >= '0' and <= '9' || n.Contains(':')).Order()];

    public static CniBinary.Outcome Ours(string verb, string stdin, string id = "ctr1", string ifName = "eth0", string? args = null, string plugin = "host-local") =>
        CniBinary.Exec(plugin, CniBinary.Env(verb, containerId: id, netns: "/var/run/netns/none", ifname: ifName, args: args), stdin);

    /// <summary>Runs Go's host-local from Debian's containernetworking-plugins.</summary>
    public static CniBinary.Outcome Go(string verb, string stdin, string id = "ctr1", string ifName = "eth0", string plugin = "host-local")
    {
        var path = "/usr/lib/cni/" + plugin;
        if (!File.Exists(path))
        {
            Xunit.Assert.Fail($"{path} is missing: install Debian's containernetworking-plugins (add it to scripts/install-deps.sh)");
        }
        return CniBinary.ExecWrapped([path], new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = verb, ["CNI_CONTAINERID"] = id, ["CNI_NETNS"] = "/var/run/netns/none",
            ["CNI_IFNAME"] = ifName, ["CNI_PATH"] = "/usr/lib/cni",
        }, stdin);
    }

    public static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public static string FirstAddress(string resultJson) => Json(resultJson).GetProperty("ips")[0].GetProperty("address").GetString()!;

    public void Dispose()
    {
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }
}
