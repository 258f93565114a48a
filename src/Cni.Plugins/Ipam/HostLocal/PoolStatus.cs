namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>Whether a range set still has an address to hand out, from the names in the store alone.</summary>
internal static class PoolStatus
{
    public static bool HasFree(string storeDir, RangeSet set)
    {
        UInt128 capacity = 0;
        foreach (var r in set.Ranges)
        {
            capacity += r.Capacity;
        }
        if (!Directory.Exists(storeDir))
        {
            return capacity > 0;
        }
        var names = HostLocalStore.ReservationNames(storeDir).ToList();
        if ((UInt128)names.Count < capacity)
        {
            return true;
        }
        UInt128 taken = 0;
        foreach (var name in names)
        {
            var ip = StoreFiles.AddressOf(name)!;
            if (set.RangeFor(ip) is { } r && !ip.Equals(r.Gateway))
            {
                taken++;
            }
        }
        return taken < capacity;
    }
}
