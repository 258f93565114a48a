using System.IO.Enumeration;

namespace Cni.Plugins.Ipam.HostLocal;

internal sealed partial class HostLocalStore
{
    /// <summary>How the index was found on this call (for tests and diagnostics).</summary>
    public StoreIndex.State? IndexState { get; private set; }

    /// <summary>Reservation file name → owner, from the index when it can be trusted, else from the files.</summary>
    internal Dictionary<string, string> Entries()
    {
        if (_entries is not null)
        {
            return _entries;
        }
        var (entries, state) = StoreIndex.Read(Dir, Directory.GetLastWriteTimeUtc(Dir).Ticks);
        IndexState = state;
        switch (state)
        {
            case StoreIndex.State.Fresh:
                _entries = entries!;
                break;
            case StoreIndex.State.Racy:
                _entries = Reconcile(entries!);
                _dirty = true;
                break;
            default:
                _entries = Scan();
                _dirty = true;
                break;
        }
        return _entries;
    }

    /// <summary>Reads every reservation file: Go's view of the store. Also what GC works from.</summary>
    internal Dictionary<string, string> Scan()
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ReservationNames())
        {
            entries[name] = StoreFiles.ReadOwner(Path.Combine(Dir, name));
        }
        _entries = entries;
        return entries;
    }

    /// <summary>Index entries whose owner matches, each confirmed against its file (stale entries are corrected).</summary>
    private List<string> Verified(Func<string, bool> matches)
    {
        var entries = Entries();
        var found = new List<string>();
        foreach (var (name, owner) in entries.Where(e => matches(e.Value)).ToList())
        {
            var path = Path.Combine(Dir, name);
            var actual = File.Exists(path) ? StoreFiles.ReadOwner(path) : null;
            if (actual == owner)
            {
                found.Add(name);
                continue;
            }
            if (actual is null)
            {
                entries.Remove(name);
            }
            else
            {
                entries[name] = actual;
                if (matches(actual))
                {
                    found.Add(name);
                }
            }
            _dirty = true;
        }
        return found;
    }

    /// <summary>Brings a racy index up to date by names: files it lacks are read, entries without files dropped.</summary>
    private Dictionary<string, string> Reconcile(Dictionary<string, string> entries)
    {
        var present = new HashSet<string>(ReservationNames(), StringComparer.Ordinal);
        foreach (var name in entries.Keys.Where(n => !present.Contains(n)).ToList())
        {
            entries.Remove(name);
        }
        foreach (var name in present.Where(n => !entries.ContainsKey(n)))
        {
            entries[name] = StoreFiles.ReadOwner(Path.Combine(Dir, name));
        }
        return entries;
    }

    /// <summary>The names in the store directory that are addresses (not <c>lock</c>, <c>last_reserved_ip.N</c>, the index).</summary>
    internal static IEnumerable<string> ReservationNames(string dir) =>
        new FileSystemEnumerable<string>(dir, (ref FileSystemEntry e) => e.FileName.ToString())
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory && StoreFiles.AddressOf(e.FileName.ToString()) is not null,
        };

    private IEnumerable<string> ReservationNames() => ReservationNames(Dir);
}
