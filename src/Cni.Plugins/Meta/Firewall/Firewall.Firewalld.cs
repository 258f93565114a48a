using Cni.Linux.DBus;

namespace Cni.Plugins.Meta.Firewall;

/// <summary>
/// Go's firewalld backend: each container address (<c>ip/32</c>, <c>ip/128</c>) becomes a runtime source of a zone
/// (default <c>trusted</c>) through <c>org.fedoraproject.FirewallD1.zone</c> on the system bus
/// (<c>DBUS_SYSTEM_BUS_ADDRESS</c>, else <c>/run/dbus/system_bus_socket</c>). firewalld itself writes the rules.
/// </summary>
internal static class FirewallFirewalld
{
    public const string DefaultZone = "trusted";

    private const string BusName = "org.fedoraproject.FirewallD1";
    private const string ObjectPath = "/org/fedoraproject/FirewallD1";
    private const string ZoneInterface = "org.fedoraproject.FirewallD1.zone";

    /// <summary>A hung bus must not hang the runtime; firewalld answers zone calls in well under a second.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Go's detection: firewalld is in charge when its name has an owner on the system bus.</summary>
    public static bool IsRunning()
    {
        try
        {
            using var bus = DBusConnection.ConnectSystemBus(ProbeTimeout);
            return bus.NameHasOwner(BusName);
        }
        catch (DBusException)
        {
            return false;
        }
    }

    /// <summary>Adds every address to the zone; one already there is fine (Go ignores <c>ZONE_ALREADY_SET</c>).</summary>
    public static void Add(string zone, IReadOnlyList<string> sources)
    {
        using var bus = Connect(mustRun: true)!;
        foreach (var source in sources)
        {
            AddOne(bus, zone, source);
        }
    }

    /// <summary>
    /// Removes the addresses from the zone. Nothing to remove is success: an address not in the zone
    /// (<c>UNKNOWN_SOURCE</c>), a zone that does not exist (<c>INVALID_ZONE</c>), or firewalld not running
    /// (its runtime sources died with it). Other failures (refused, timed out) are errors, unlike Go which ignores all.
    /// </summary>
    public static void Del(string zone, IReadOnlyList<string> sources)
    {
        if (sources.Count == 0)
        {
            return;
        }
        using var bus = Connect(mustRun: false);
        if (bus is null)
        {
            return;
        }
        foreach (var source in sources)
        {
            try
            {
                Call(bus, "removeSource", zone, source);
            }
            catch (DBusException e) when (IsFirewallError(e, "UNKNOWN_SOURCE") || IsFirewallError(e, "INVALID_ZONE") || IsGone(e))
            {
            }
            catch (DBusException e)
            {
                throw new CniException(CniErrorCode.Internal, $"failed to remove the address {source} from {zone} zone: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Every address must be a source of the zone (<c>querySource</c> answering true; Go ignores the answer).
    /// With <paramref name="repair"/> a missing address is added again, e.g. after <c>firewall-cmd --reload</c> dropped it.
    /// </summary>
    public static void Check(string zone, IReadOnlyList<string> sources, bool repair, Action<string> reportRepair)
    {
        using var bus = Connect(mustRun: true)!;
        foreach (var source in sources)
        {
            bool present;
            try
            {
                present = Call(bus, "querySource", zone, source) is [true, ..];
            }
            catch (DBusException e)
            {
                throw new CniException(CniErrorCode.Internal, $"failed to find the address {source} in {zone} zone: {e.Message}");
            }
            if (present)
            {
                continue;
            }
            if (!repair)
            {
                throw new CniException(CniErrorCode.Internal, $"failed to find the address {source} in {zone} zone: {Whereabouts(bus, source)}");
            }
            AddOne(bus, zone, source);
            reportRepair($"the firewalld source {source} of zone {zone}");
        }
    }

    private static void AddOne(DBusConnection bus, string zone, string source)
    {
        try
        {
            Call(bus, "addSource", zone, source);
        }
        catch (DBusException e) when (IsFirewallError(e, "ZONE_ALREADY_SET"))
        {
        }
        catch (DBusException e)
        {
            throw new CniException(CniErrorCode.Internal, $"failed to add the address {source} to {zone} zone: {e.Message}");
        }
    }

    /// <summary>What firewalld says about an address missing from the zone, for the CHECK error.</summary>
    private static string Whereabouts(DBusConnection bus, string source)
    {
        try
        {
            return Call(bus, "getZoneOfSource", source) is [string { Length: > 0 } other]
                ? $"it is a source of zone {other}"
                : "it is a source of no zone";
        }
        catch (DBusException e)
        {
            return e.Message;
        }
    }

    /// <summary>The system bus; with <paramref name="mustRun"/> false, null when there is no bus or firewalld is not on it.</summary>
    private static DBusConnection? Connect(bool mustRun)
    {
        DBusConnection bus;
        try
        {
            bus = DBusConnection.ConnectSystemBus(CallTimeout);
        }
        catch (DBusException e)
        {
            return mustRun ? throw new CniException(CniErrorCode.Internal, $"firewalld backend: {e.Message}") : null;
        }
        try
        {
            if (bus.NameHasOwner(BusName))
            {
                return bus;
            }
        }
        catch (DBusException e)
        {
            bus.Dispose();
            throw new CniException(CniErrorCode.Internal, $"firewalld backend: asking the D-Bus system bus for {BusName}: {e.Message}");
        }
        bus.Dispose();
        return mustRun ? throw new CniException(CniErrorCode.Internal, $"firewalld backend: firewalld is not running ({BusName} has no owner on the D-Bus system bus)") : null;
    }

    private static object[] Call(DBusConnection bus, string member, params object[] args) =>
        bus.Call(BusName, ObjectPath, ZoneInterface, member, args);

    /// <summary>firewalld's errors are <c>org.fedoraproject.FirewallD1.Exception</c> with text <c>CODE: detail</c>.</summary>
    private static bool IsFirewallError(DBusException e, string code) =>
        e.ErrorName is not null && e.Message.Contains(code, StringComparison.Ordinal);

    /// <summary>firewalld went away between our check and the call.</summary>
    private static bool IsGone(DBusException e) =>
        e.ErrorName is "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner";
}
