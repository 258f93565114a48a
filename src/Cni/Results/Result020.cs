using System.Text.Json;
using Cni.Internal;

namespace Cni;

/// <summary>A 0.1.0 / 0.2.0 result: at most one IPv4 and one IPv6 configuration.</summary>
public sealed class Result020 : ICniResult
{
    /// <summary>The result's version; may be empty in unversioned 0.1.0 output.</summary>
    public string CniVersion { get; set; } = "0.2.0";
    /// <summary>The IPv4 configuration.</summary>
    public IPConfig020? Ip4 { get; set; }
    /// <summary>The IPv6 configuration.</summary>
    public IPConfig020? Ip6 { get; set; }
    /// <summary>DNS; always written.</summary>
    public Dns Dns { get; set; } = new();

    /// <inheritdoc/>
    public ICniResult ConvertTo(string version) => ResultConverters.Convert(this, version);

    /// <summary>Go struct order: cniVersion (omitted when empty), ip4, ip6, dns.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        if (!string.IsNullOrEmpty(CniVersion)) w.WriteString("cniVersion", CniVersion);
        WriteIp(w, "ip4", Ip4);
        WriteIp(w, "ip6", Ip6);
        ResultJson.WriteDns(w, Dns, sorted: false);
        w.WriteEndObject();
    }

    private static void WriteIp(Utf8JsonWriter w, string name, IPConfig020? ip)
    {
        if (ip is null)
        {
            return;
        }
        w.WriteStartObject(name);
        w.WriteString("ip", ip.Ip.ToString());
        if (ip.Gateway is not null) w.WriteString("gateway", IPText.Format(ip.Gateway));
        if (ip.Routes.Count > 0)
        {
            w.WriteStartArray("routes");
            foreach (var r in ip.Routes)
            {
                ResultJson.WriteRoute(w, r, allFields: true);
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    internal static Result020 Read(JsonElement e, string version)
    {
        var o = new JsonFields(e);
        return new Result020 { CniVersion = version, Ip4 = ReadIp(o, "ip4"), Ip6 = ReadIp(o, "ip6"), Dns = ResultJson.ReadDns(o) };
    }

    private static IPConfig020? ReadIp(JsonFields parent, string name)
    {
        if (parent.GetObject(name) is not { } e)
        {
            return null;
        }
        var o = new JsonFields(e);
        return new IPConfig020 { Ip = ResultJson.ReadCidr(o, "ip", required: true), Gateway = ResultJson.ReadIP(o, "gateway"), Routes = ResultJson.ReadRoutes(o, "routes") };
    }
}
