using System.Net.Sockets;
using System.Text;

namespace Cni.Linux.DBus;

/// <summary>D-Bus server addresses (<c>unix:path=...</c>, <c>unix:abstract=...</c>, <c>;</c>-separated alternatives).</summary>
internal static class DBusAddress
{
    /// <summary>The system bus when <c>DBUS_SYSTEM_BUS_ADDRESS</c> is not set.</summary>
    public const string DefaultSystemBus = "unix:path=/run/dbus/system_bus_socket";

    /// <summary>The system bus address: <c>DBUS_SYSTEM_BUS_ADDRESS</c>, else <see cref="DefaultSystemBus"/>.</summary>
    public static string SystemBus =>
        Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS") is { Length: > 0 } address ? address : DefaultSystemBus;

    /// <summary>The unix-socket endpoints of <paramref name="address"/>, in order; other transports are left out.</summary>
    public static IReadOnlyList<UnixDomainSocketEndPoint> Parse(string address)
    {
        var endpoints = new List<UnixDomainSocketEndPoint>();
        foreach (var entry in address.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new DBusException($"malformed D-Bus address \"{entry}\"");
            }
            if (entry[..colon] != "unix")
            {
                continue;
            }
            foreach (var pair in entry[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? pair : pair[..eq];
                var value = eq < 0 ? "" : Unescape(pair[(eq + 1)..]);
                if (key == "path")
                {
                    endpoints.Add(new UnixDomainSocketEndPoint(value));
                }
                else if (key == "abstract")
                {
                    endpoints.Add(new UnixDomainSocketEndPoint("\0" + value));
                }
            }
        }
        return endpoints.Count > 0 ? endpoints : throw new DBusException($"no usable unix socket in D-Bus address \"{address}\"");
    }

    /// <summary>Values are %-escaped byte strings.</summary>
    private static string Unescape(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }
        var bytes = new List<byte>();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && byte.TryParse(value.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else if (value[i] == '%')
            {
                throw new DBusException($"malformed escape in D-Bus address value \"{value}\"");
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
