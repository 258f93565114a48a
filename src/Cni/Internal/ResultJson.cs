using System.Net;
using System.Text.Json;

namespace Cni.Internal;

/// <summary>Reading and writing the value types shared by every result family.</summary>
internal static class ResultJson
{
    public static CidrAddress ReadCidr(JsonFields o, string name, bool required)
    {
        var s = o.Get(name);
        if (s is null)
        {
            return required ? throw new JsonException($"missing {name}") : default;
        }
        if (s.Value.ValueKind != JsonValueKind.String)
        {
            throw new JsonException($"json: cannot unmarshal {JsonFields.GoKind(s.Value.ValueKind)} into Go value of type string");
        }
        try
        {
            return CidrAddress.Parse(s.Value.GetString()!);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message);
        }
    }

    public static IPAddress? ReadIP(JsonFields o, string name)
    {
        var s = o.GetString(name);
        if (string.IsNullOrEmpty(s))
        {
            return null;
        }
        try
        {
            return IPText.Parse(s);
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message);
        }
    }

    public static Route ReadRoute(JsonElement e)
    {
        var o = new JsonFields(e);
        return new Route
        {
            Dst = ReadCidr(o, "dst", required: true),
            Gw = ReadIP(o, "gw"),
            Mtu = o.GetInt("mtu") ?? 0,
            AdvMss = o.GetInt("advmss") ?? 0,
            Priority = o.GetInt("priority") ?? 0,
            Table = o.GetInt("table"),
            Scope = o.GetInt("scope"),
        };
    }

    public static List<Route> ReadRoutes(JsonFields o, string name)
    {
        var list = new List<Route>();
        if (o.GetArray(name) is { } a)
        {
            foreach (var e in a.EnumerateArray())
            {
                list.Add(ReadRoute(e));
            }
        }
        return list;
    }

    public static Dns ReadDns(JsonFields parent)
    {
        if (parent.GetObject("dns") is not { } d)
        {
            return new Dns();
        }
        var o = new JsonFields(d);
        return new Dns
        {
            Nameservers = o.GetStrings("nameservers"),
            Domain = o.GetString("domain"),
            Search = o.GetStrings("search"),
            Options = o.GetStrings("options"),
        };
    }

    /// <summary>Route in Go struct order (0.x results): dst, gw, mtu, advmss, priority, table, scope.</summary>
    public static void WriteRoute(Utf8JsonWriter w, Route r, bool allFields)
    {
        w.WriteStartObject();
        w.WriteString("dst", r.Dst.ToString());
        if (r.Gw is not null)
        {
            w.WriteString("gw", IPText.Format(r.Gw));
        }
        if (allFields)
        {
            WriteRouteExtras(w, r);
        }
        w.WriteEndObject();
    }

    private static void WriteRouteExtras(Utf8JsonWriter w, Route r)
    {
        if (r.Mtu != 0) w.WriteNumber("mtu", r.Mtu);
        if (r.AdvMss != 0) w.WriteNumber("advmss", r.AdvMss);
        if (r.Priority != 0) w.WriteNumber("priority", r.Priority);
        if (r.Table is { } t) w.WriteNumber("table", t);
        if (r.Scope is { } s) w.WriteNumber("scope", s);
    }

    /// <summary>Route with sorted keys (1.x results): advmss, dst, gw, mtu, priority, scope, table.</summary>
    public static void WriteRouteSorted(Utf8JsonWriter w, Route r)
    {
        w.WriteStartObject();
        if (r.AdvMss != 0) w.WriteNumber("advmss", r.AdvMss);
        w.WriteString("dst", r.Dst.ToString());
        if (r.Gw is not null) w.WriteString("gw", IPText.Format(r.Gw));
        if (r.Mtu != 0) w.WriteNumber("mtu", r.Mtu);
        if (r.Priority != 0) w.WriteNumber("priority", r.Priority);
        if (r.Scope is { } s) w.WriteNumber("scope", s);
        if (r.Table is { } t) w.WriteNumber("table", t);
        w.WriteEndObject();
    }

    /// <summary>DNS in Go struct order (0.x): nameservers, domain, search, options; empty fields omitted.</summary>
    public static void WriteDns(Utf8JsonWriter w, Dns d, bool sorted)
    {
        w.WriteStartObject("dns");
        if (sorted && !string.IsNullOrEmpty(d.Domain)) w.WriteString("domain", d.Domain);
        WriteList(w, "nameservers", d.Nameservers);
        if (!sorted && !string.IsNullOrEmpty(d.Domain)) w.WriteString("domain", d.Domain);
        if (sorted) WriteList(w, "options", d.Options);
        WriteList(w, "search", d.Search);
        if (!sorted) WriteList(w, "options", d.Options);
        w.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }
}
