using System.Text.Json;
using Cni.Internal;

namespace Cni;

/// <summary>A 1.0.0 / 1.1.0 result — the shape plugins build; other versions are conversions of it.</summary>
public sealed class Result : ICniResult
{
    /// <summary>The result's version, 1.0.0 or 1.1.0.</summary>
    public string CniVersion { get; set; } = SpecVersions.Current;
    /// <summary>Interfaces created or used by the attachment.</summary>
    public List<Interface> Interfaces { get; init; } = [];
    /// <summary>Addresses assigned.</summary>
    public List<IPConfig> Ips { get; init; } = [];
    /// <summary>Routes installed.</summary>
    public List<Route> Routes { get; init; } = [];
    /// <summary>DNS settings; omitted from the JSON when empty.</summary>
    public Dns Dns { get; set; } = new();

    /// <inheritdoc/>
    public ICniResult ConvertTo(string version) => ResultConverters.Convert(this, version);

    /// <summary>A copy in another version of the same family (the types did not change between 1.0.0 and 1.1.0).</summary>
    public Result WithVersion(string version) => new()
    {
        CniVersion = version,
        Interfaces = [.. Interfaces],
        Ips = [.. Ips],
        Routes = [.. Routes],
        Dns = Dns,
    };

    /// <summary>Keys sorted at every level, as Go writes 1.x results through a generic map.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("cniVersion", CniVersion);
        if (!Dns.IsEmpty)
        {
            ResultJson.WriteDns(w, Dns, sorted: true);
        }
        if (Interfaces.Count > 0)
        {
            w.WriteStartArray("interfaces");
            foreach (var i in Interfaces)
            {
                w.WriteStartObject();
                if (!string.IsNullOrEmpty(i.Mac)) w.WriteString("mac", i.Mac);
                if (i.Mtu != 0) w.WriteNumber("mtu", i.Mtu);
                w.WriteString("name", i.Name);
                if (!string.IsNullOrEmpty(i.PciId)) w.WriteString("pciID", i.PciId);
                if (!string.IsNullOrEmpty(i.Sandbox)) w.WriteString("sandbox", i.Sandbox);
                if (!string.IsNullOrEmpty(i.SocketPath)) w.WriteString("socketPath", i.SocketPath);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (Ips.Count > 0)
        {
            w.WriteStartArray("ips");
            foreach (var ip in Ips)
            {
                w.WriteStartObject();
                w.WriteString("address", ip.Address.ToString());
                if (ip.Gateway is not null) w.WriteString("gateway", IPText.Format(ip.Gateway));
                if (ip.Interface is { } idx) w.WriteNumber("interface", idx);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (Routes.Count > 0)
        {
            w.WriteStartArray("routes");
            foreach (var r in Routes)
            {
                ResultJson.WriteRouteSorted(w, r);
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    internal static Result Read(JsonElement e, string version)
    {
        var o = new JsonFields(e);
        var result = new Result { CniVersion = version, Routes = ResultJson.ReadRoutes(o, "routes"), Dns = ResultJson.ReadDns(o) };
        if (o.GetArray("interfaces") is { } ifs)
        {
            foreach (var x in ifs.EnumerateArray())
            {
                var f = new JsonFields(x);
                result.Interfaces.Add(new Interface
                {
                    Name = f.GetString("name") ?? "",
                    Mac = f.GetString("mac"),
                    Mtu = f.GetInt("mtu") ?? 0,
                    Sandbox = f.GetString("sandbox"),
                    SocketPath = f.GetString("socketPath"),
                    PciId = f.GetString("pciID"),
                });
            }
        }
        if (o.GetArray("ips") is { } ips)
        {
            foreach (var x in ips.EnumerateArray())
            {
                var f = new JsonFields(x);
                result.Ips.Add(new IPConfig
                {
                    Interface = f.GetInt("interface"),
                    Address = ResultJson.ReadCidr(f, "address", required: true),
                    Gateway = ResultJson.ReadIP(f, "gateway"),
                });
            }
        }
        return result;
    }
}
