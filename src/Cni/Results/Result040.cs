using System.Net;
using System.Text.Json;
using Cni.Internal;

namespace Cni;

/// <summary>A 0.3.0 / 0.3.1 / 0.4.0 result.</summary>
public sealed class Result040 : ICniResult
{
    /// <summary>The result's version.</summary>
    public string CniVersion { get; set; } = "0.4.0";
    /// <summary>Interfaces (name, mac, sandbox).</summary>
    public List<Interface> Interfaces { get; init; } = [];
    /// <summary>Addresses, each with its <c>version</c> ("4"/"6").</summary>
    public List<IPConfig040> Ips { get; init; } = [];
    /// <summary>Routes (all fields kept).</summary>
    public List<Route> Routes { get; init; } = [];
    /// <summary>DNS; always written.</summary>
    public Dns Dns { get; set; } = new();

    /// <inheritdoc/>
    public ICniResult ConvertTo(string version) => ResultConverters.Convert(this, version);

    /// <summary>Go struct order: cniVersion, interfaces, ips, routes, dns.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("cniVersion", CniVersion);
        if (Interfaces.Count > 0)
        {
            w.WriteStartArray("interfaces");
            foreach (var i in Interfaces)
            {
                w.WriteStartObject();
                w.WriteString("name", i.Name);
                if (!string.IsNullOrEmpty(i.Mac)) w.WriteString("mac", i.Mac);
                if (!string.IsNullOrEmpty(i.Sandbox)) w.WriteString("sandbox", i.Sandbox);
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
                w.WriteString("version", ip.Version);
                if (ip.Interface is { } idx) w.WriteNumber("interface", idx);
                w.WriteString("address", ip.Address.ToString());
                if (ip.Gateway is not null) w.WriteString("gateway", IPText.Format(ip.Gateway));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (Routes.Count > 0)
        {
            w.WriteStartArray("routes");
            foreach (var r in Routes)
            {
                ResultJson.WriteRoute(w, r, allFields: true);
            }
            w.WriteEndArray();
        }
        ResultJson.WriteDns(w, Dns, sorted: false);
        w.WriteEndObject();
    }

    internal static Result040 Read(JsonElement e, string version)
    {
        var o = new JsonFields(e);
        var result = new Result040 { CniVersion = version, Routes = ResultJson.ReadRoutes(o, "routes"), Dns = ResultJson.ReadDns(o) };
        if (o.GetArray("interfaces") is { } ifs)
        {
            foreach (var x in ifs.EnumerateArray())
            {
                var f = new JsonFields(x);
                result.Interfaces.Add(new Interface { Name = f.GetString("name") ?? "", Mac = f.GetString("mac"), Sandbox = f.GetString("sandbox") });
            }
        }
        if (o.GetArray("ips") is { } ips)
        {
            foreach (var x in ips.EnumerateArray())
            {
                var f = new JsonFields(x);
                result.Ips.Add(new IPConfig040
                {
                    Version = f.GetString("version") ?? "",
                    Interface = f.GetInt("interface"),
                    Address = ResultJson.ReadCidr(f, "address", required: true),
                    Gateway = ResultJson.ReadIP(f, "gateway"),
                });
            }
        }
        return result;
    }
}
