using System.Text.Json;
using Cni.Plugin;

namespace Cni.Plugins.Meta.Flannel;

/// <summary>
/// Renders the delegate's config as Go's flannel does: the <c>delegate</c> overrides plus name, type (bridge),
/// ipMasq (the opposite of FLANNEL_IPMASQ), mtu, isGateway (bridge only), cniVersion and a host-local IPAM over this
/// node's subnets with routes to the cluster networks. Keys come out sorted at every level, as Go's json.Marshal of
/// a map writes them, so the saved file matches Go's byte for byte.
/// </summary>
internal static class FlannelDelegate
{
    private static readonly string[] s_routeKeys = ["dst", "gw", "mtu", "advmss", "priority", "table", "scope"];

    /// <summary>The delegate's type and config bytes.</summary>
    public static (string Type, byte[] Json) Render(FlannelConfig conf, NetworkConfig net, SubnetEnv env)
    {
        var overrides = Members(conf.Delegate);
        if (overrides.TryGetValue("type", out var t) && t.ValueKind != JsonValueKind.String)
        {
            throw Fail("'delegate' dictionary, if present, must have (string) 'type' field");
        }
        if (overrides.ContainsKey("name"))
        {
            throw Fail("'delegate' dictionary must not have 'name' field, it'll be set by flannel");
        }
        if (overrides.ContainsKey("ipam"))
        {
            throw Fail("'delegate' dictionary must not have 'ipam' field, it'll be set by flannel");
        }
        var type = overrides.TryGetValue("type", out var typeValue) ? typeValue.GetString()! : "bridge";
        var fields = new SortedDictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            fields[key] = w => WriteSorted(w, value);
        }
        if (conf.RuntimeConfig is { ValueKind: JsonValueKind.Object } rc)
        {
            fields["runtimeConfig"] = w => WriteSorted(w, rc);
        }
        fields["name"] = w => w.WriteStringValue(net.Name);
        fields["type"] = w => w.WriteStringValue(type);
        fields.TryAdd("ipMasq", w => w.WriteBooleanValue(!env.IpMasq!.Value));
        fields.TryAdd("mtu", w => w.WriteNumberValue(env.Mtu!.Value));
        if (type == "bridge")
        {
            fields.TryAdd("isGateway", w => w.WriteBooleanValue(true));
        }
        if (net.CniVersion.Length > 0)
        {
            fields["cniVersion"] = w => w.WriteStringValue(net.CniVersion);
        }
        var ipam = Ipam(conf, env);
        fields["ipam"] = w => WriteObject(w, ipam);

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteObject(w, fields);
        }
        return (type, buffer.ToArray());
    }

    private static SortedDictionary<string, Action<Utf8JsonWriter>> Ipam(FlannelConfig conf, SubnetEnv env)
    {
        var members = Members(conf.Ipam);
        var ipam = new SortedDictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal);
        foreach (var (key, value) in members)
        {
            ipam[key] = w => WriteSorted(w, value);
        }
        ipam.TryAdd("type", w => w.WriteStringValue("host-local"));
        var subnets = new[] { env.Subnet, env.Ipv6Subnet }.Where(s => s is not null).Select(s => s!.Value.ToString()).ToList();
        ipam["ranges"] = w =>
        {
            if (subnets.Count == 0)
            {
                w.WriteNullValue();
                return;
            }
            w.WriteStartArray();
            foreach (var s in subnets)
            {
                w.WriteStartArray();
                w.WriteStartObject();
                w.WriteString("subnet", s);
                w.WriteEndObject();
                w.WriteEndArray();
            }
            w.WriteEndArray();
        };
        var userRoutes = members.TryGetValue("routes", out var r) ? Routes(r) : [];
        var networks = env.Networks.Concat(env.Ipv6Networks).Select(n => n.ToString()).ToList();
        ipam["routes"] = w =>
        {
            w.WriteStartArray();
            foreach (var route in userRoutes)
            {
                WriteRoute(w, route);
            }
            foreach (var n in networks)
            {
                w.WriteStartObject();
                w.WriteString("dst", n);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        };
        return ipam;
    }

    private static List<JsonElement> Routes(JsonElement routes)
    {
        if (routes.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (routes.ValueKind != JsonValueKind.Array || routes.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object ||
                Field(e, "dst") is not { ValueKind: JsonValueKind.String }))
        {
            throw Fail("failed to assemble Delegate IPAM: failed to read IPAM routes: failed to parse ipam.routes: each route needs a string \"dst\"");
        }
        return [.. routes.EnumerateArray()];
    }

    // Only the fields of Go's types.Route survive its round trip, in its field order.
    private static void WriteRoute(Utf8JsonWriter w, JsonElement route)
    {
        w.WriteStartObject();
        foreach (var key in s_routeKeys)
        {
            if (Field(route, key) is { ValueKind: not JsonValueKind.Null } v)
            {
                w.WritePropertyName(key);
                v.WriteTo(w);
            }
        }
        w.WriteEndObject();
    }

    private static JsonElement? Field(JsonElement o, string name)
    {
        JsonElement? found = null;
        foreach (var p in o.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                found = p.Value;
            }
        }
        return found;
    }

    // Go decodes the override objects into maps: keys are case-sensitive and the last duplicate wins.
    private static Dictionary<string, JsonElement> Members(JsonElement? o)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (o is { ValueKind: JsonValueKind.Object } obj)
        {
            foreach (var p in obj.EnumerateObject())
            {
                members[p.Name] = p.Value;
            }
        }
        return members;
    }

    private static void WriteObject(Utf8JsonWriter w, SortedDictionary<string, Action<Utf8JsonWriter>> fields)
    {
        w.WriteStartObject();
        foreach (var (key, write) in fields)
        {
            w.WritePropertyName(key);
            write(w);
        }
        w.WriteEndObject();
    }

    private static void WriteSorted(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var sorted = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject())
                {
                    sorted[p.Name] = p.Value;
                }
                w.WriteStartObject();
                foreach (var (key, value) in sorted)
                {
                    w.WritePropertyName(key);
                    WriteSorted(w, value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray())
                {
                    WriteSorted(w, item);
                }
                w.WriteEndArray();
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }

    private static CniException Fail(string message) => new(CniErrorCode.Internal, message);
}
