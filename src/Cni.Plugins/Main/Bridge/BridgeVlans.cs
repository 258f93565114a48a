namespace Cni.Plugins.Main.Bridge;

/// <summary>The VLAN rules of the Go bridge: access VLAN range and the trunk list.</summary>
internal static class BridgeVlans
{
    public static void ValidateAccess(int vlan)
    {
        if (vlan is < 0 or > 4094)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid VLAN ID {vlan} (must be between 0 and 4094)");
        }
    }

    /// <summary>The sorted, de-duplicated trunk VIDs; null when no trunk is configured.</summary>
    public static IReadOnlyList<ushort>? Trunk(List<BridgeTrunk>? trunk)
    {
        if (trunk is null)
        {
            return null;
        }
        var ids = new SortedSet<ushort>();
        foreach (var t in trunk)
        {
            if (t.MinId is not null && t.MaxId is null) throw Bad("minID and maxID should be configured simultaneously, maxID is missing");
            if (t.MinId is null && t.MaxId is not null) throw Bad("minID and maxID should be configured simultaneously, minID is missing");
            if (t.MinId is { } min && t.MaxId is { } max)
            {
                if (min is < 1 or > 4094) throw Bad("incorrect trunk minID parameter");
                if (max is < 1 or > 4094) throw Bad("incorrect trunk maxID parameter");
                if (max < min) throw Bad("minID is greater than maxID in trunk parameter");
                for (int v = min; v <= max; v++) ids.Add((ushort)v);
            }
            if (t.Id is { } id)
            {
                if (id is < 1 or > 4094) throw Bad("incorrect trunk id parameter");
                ids.Add((ushort)id);
            }
        }
        return [.. ids];
    }

    private static CniException Bad(string msg) => new(CniErrorCode.InvalidNetworkConfig, msg);
}
