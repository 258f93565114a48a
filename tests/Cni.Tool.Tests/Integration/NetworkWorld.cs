namespace Cni.Tool.Tests.Integration;

/// <summary>
/// One test's network: a bridge + host-local conflist with a unique name, bridge and /24 of 198.18.0.0/15, and its own
/// config, cache and IPAM directories. Dispose removes the bridge and the directories, also after a failure.
/// </summary>
internal sealed class NetworkWorld : IDisposable
{
    private static int _next = Random.Shared.Next(256);

    public NetworkWorld(string purpose)
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        Name = $"cnit-{purpose}-{id}";
        Bridge = "cnitb" + id;
        Subnet = $"198.19.{Interlocked.Increment(ref _next) % 256}.0/24";
        Root = Directory.CreateTempSubdirectory($"cnit-{purpose}-").FullName;
        Directory.CreateDirectory(ConfDir);
        WriteConfig(Bridge);
    }

    public string Name { get; }
    public string Bridge { get; }
    public string Subnet { get; }
    public string Root { get; }
    public string ConfDir => Path.Join(Root, "net.d");
    public string CacheDir => Path.Join(Root, "cache");
    public string DataDir => Path.Join(Root, "ipam");
    public string ReservationDir => Path.Join(DataDir, Name);

    public Dictionary<string, string> Env => new()
    {
        ["NETCONFPATH"] = ConfDir,
        ["CNI_PATH"] = ToolBinary.Dir,
    };

    public void WriteConfig(string bridge, string pluginType = "bridge") =>
        File.WriteAllText(Path.Join(ConfDir, "10-test.conflist"), $$$"""
            {"cniVersion":"1.1.0","name":"{{{Name}}}","plugins":[{"type":"{{{pluginType}}}","bridge":"{{{bridge}}}","isGateway":true,
             "ipam":{"type":"host-local","dataDir":"{{{DataDir}}}","ranges":[[{"subnet":"{{{Subnet}}}"}]]}}]}
            """);

    public Sh.Outcome Cnitool(params string[] args) =>
        Sh.Run(ToolBinary.Cnitool, [.. args, "--cache-dir", CacheDir], Env);

    /// <summary>The IPs host-local has reserved (files named like addresses).</summary>
    public string[] Reservations() => Directory.Exists(ReservationDir)
        ? Directory.GetFiles(ReservationDir).Select(f => Path.GetFileName(f)).Where(f => System.Net.IPAddress.TryParse(f, out _)).ToArray()
        : [];

    public string[] CacheEntries() =>
        Directory.Exists(Path.Join(CacheDir, "results")) ? Directory.GetFiles(Path.Join(CacheDir, "results")) : [];

    /// <summary>The veths enslaved to this world's bridge.</summary>
    public string BridgePorts() => Sh.Run("ip", ["-o", "link", "show", "master", Bridge]).Stdout;

    public void Dispose()
    {
        Sh.Run("ip", ["link", "delete", Bridge]);
        Directory.Delete(Root, recursive: true);
    }
}
