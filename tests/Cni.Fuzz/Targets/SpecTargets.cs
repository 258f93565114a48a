using System.Text;
using System.Text.Json;

namespace Cni.Fuzz.Targets;

/// <summary>The spec library's decoders: configs, lists, results and their conversions, CNI_ARGS, VERSION replies, versions.</summary>
internal static class SpecTargets
{
    /// <summary>Every config version a runtime may send, plus the unversioned and the unknown.</summary>
    private static readonly string[] ConfigVersions = [.. SpecVersions.All, "", "9.9.9"];

    public static bool IsCni(Exception e) => e is CniException;

    public static void NetworkConfig(byte[] input)
    {
        var config = Cni.NetworkConfig.Parse(input);
        Validation.NetworkName(config.Name);
        Validation.PluginType(config.Type);
        if (config.ParsePrevResult() is { } prev)
        {
            RoundTrip(prev);
        }
    }

    public static void NetworkConfigList(byte[] input)
    {
        var list = Cni.NetworkConfigList.Parse(input);
        foreach (var plugin in list.Plugins)
        {
            _ = Cni.NetworkConfigList.FromPlugin(plugin);
        }
    }

    /// <summary>A result in its own version and as a prevResult under every config version, converted to every version.</summary>
    public static void Result(byte[] input)
    {
        ICniResult? own = null;
        try
        {
            own = CniResults.Parse(input);
        }
        catch (CniException)
        {
            // Still try it as a prevResult below: a config's version can make it parse.
        }
        if (own is not null)
        {
            Conversions(own);
        }
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(input);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return;
        }
        foreach (var v in ConfigVersions)
        {
            try
            {
                Conversions(CniResults.ParseAs(root, v));
            }
            catch (CniException)
            {
            }
        }
    }

    public static void CniArgs(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var values = Cni.CniArgs.Load(text, "IP", "MAC", "K8S_POD_NAME", "K8S_POD_NAMESPACE");
        foreach (var (key, _) in values)
        {
            if (!text.Contains(key, StringComparison.Ordinal))
            {
                throw new InvariantException($"CNI_ARGS bound key {key} that the input does not hold");
            }
        }
    }

    public static void VersionReply(byte[] input)
    {
        var info = VersionInfo.Parse(input);
        var again = VersionInfo.Parse(Encoding.UTF8.GetBytes(info.ToJson()));
        if (again.CniVersion != info.CniVersion || !again.SupportedVersions.SequenceEqual(info.SupportedVersions))
        {
            throw new InvariantException("VERSION reply does not round-trip: " + info.ToJson());
        }
    }

    public static void SpecVersion(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var v = Cni.SpecVersion.Parse(text);
        if (Cni.SpecVersion.Parse(v.ToString()) != v)
        {
            throw new InvariantException($"version {text} does not round-trip through {v}");
        }
        _ = Cni.SpecVersion.TryParse(text, out _);
        VersionGate.Check(CniCommand.Add, text, SpecVersions.All);
    }

    /// <summary>Round trip in its own version, then down to every version and back up keeping the addresses.</summary>
    private static void Conversions(ICniResult result)
    {
        RoundTrip(result);
        var current = ResultConverters.ToCurrent(result);
        var as040 = (Result040)result.ConvertTo("0.4.0");
        foreach (var v in SpecVersions.All)
        {
            ICniResult down;
            try
            {
                down = result.ConvertTo(v);
            }
            catch (CniException e) when (e.Code == CniErrorCode.IncompatibleCniVersion && ResultFamilies.Of(v) == ResultFamily.V020)
            {
                continue;   // 0.2.0 cannot hold a result without an IPv4 or IPv6 configuration
            }
            RoundTrip(down);
            var up = ResultConverters.ToCurrent(down);
            var expected = ResultFamilies.Of(v) == ResultFamily.V020
                ? new[] { "4", "6" }.Select(f => as040.Ips.FirstOrDefault(i => i.Version == f)).OfType<IPConfig040>().Select(i => Key(i.Address, i.Gateway))
                : current.Ips.Select(i => Key(i.Address, i.Gateway));
            var actual = up.Ips.Select(i => Key(i.Address, i.Gateway));
            if (!expected.SequenceEqual(actual))
            {
                throw new InvariantException($"{result.CniVersion} → {v} → {up.CniVersion} changed the addresses: [{string.Join(", ", expected)}] became [{string.Join(", ", actual)}]");
            }
        }
    }

    private static string Key(CidrAddress address, System.Net.IPAddress? gateway) => $"{address} gw {gateway}";

    private static void RoundTrip(ICniResult result)
    {
        var printed = CniResults.ToJson(result);
        var again = CniResults.ToJson(CniResults.Parse(Encoding.UTF8.GetBytes(printed)));
        if (again != printed)
        {
            throw new InvariantException($"parse(print(x)) != x:\n{printed}\n--- became ---\n{again}");
        }
    }
}
