using System.Diagnostics;
using System.Net;
using Cni.Plugins.Ipam.HostLocal;
using Xunit;

namespace Cni.Plugins.Tests.Ipam;

public class HostLocalStoreTests
{
    [Fact]
    public void Writes_gos_format_and_mode_and_records_the_last_reserved_address()
    {
        using var f = new IpamFixture();
        using (var store = HostLocalStore.Open(f.DataDir, f.Network))
        {
            Assert.True(store.Reserve("ctr1", "eth0", IPAddress.Parse("198.18.0.5"), 0));
            Assert.False(store.Reserve("ctr2", "eth0", IPAddress.Parse("198.18.0.5"), 0));
            Assert.True(store.Reserve("ctr1", "net1", IPAddress.Parse("fd00::5"), 1));
        }
        var file = Path.Combine(f.StoreDir, "198.18.0.5");
        Assert.Equal("ctr1\r\neth0"u8.ToArray(), File.ReadAllBytes(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal("ctr1\r\nnet1", File.ReadAllText(Path.Combine(f.StoreDir, "fd00::5")));
        Assert.Equal("198.18.0.5", File.ReadAllText(Path.Combine(f.StoreDir, "last_reserved_ip.0")));
        Assert.Equal("fd00::5", File.ReadAllText(Path.Combine(f.StoreDir, "last_reserved_ip.1")));
        Assert.True(File.Exists(Path.Combine(f.StoreDir, "lock")));
        Assert.Equal(["198.18.0.5", "fd00::5"], f.ReservationFiles());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(f.StoreDir, StoreIndex.DirectoryName), "*.tmp.*"));
    }

    [Fact]
    public void Releases_new_format_first_and_legacy_id_only_files_when_nothing_else_matches()
    {
        using var f = new IpamFixture();
        Directory.CreateDirectory(f.StoreDir);
        File.WriteAllText(Path.Combine(f.StoreDir, "198.18.0.7"), "ctr1");          // legacy, Go before 0.7
        File.WriteAllText(Path.Combine(f.StoreDir, "198.18.0.8"), "ctr1\r\neth0\n"); // trailing whitespace is trimmed
        File.WriteAllText(Path.Combine(f.StoreDir, "198.18.0.9"), "ctr2\r\neth0");
        using (var store = HostLocalStore.Open(f.DataDir, f.Network))
        {
            Assert.Equal(["198.18.0.7", "198.18.0.8"], store.GetById("ctr1", "eth0").Select(i => i.ToString()).Order());
            Assert.Equal(1, store.ReleaseById("ctr1", "eth0"));
            Assert.Equal(1, store.ReleaseById("ctr1", "eth0"));
            Assert.Equal(0, store.ReleaseById("ctr1", "eth0"));
        }
        Assert.Equal(["198.18.0.9"], f.ReservationFiles());
    }

    [Fact]
    public void The_index_notices_files_that_another_implementation_wrote()
    {
        using var f = new IpamFixture();
        using (var store = HostLocalStore.Open(f.DataDir, f.Network))
        {
            store.Reserve("ours", "eth0", IPAddress.Parse("198.18.0.2"), 0);
        }
        Thread.Sleep(30);
        using (var store = HostLocalStore.Open(f.DataDir, f.Network))
        {
            Assert.True(store.FindById("ours", "eth0"));
            Assert.Equal(StoreIndex.State.Fresh, store.IndexState);
        }
        // What Go does: a plain exclusive create, no index update. It must be found at once, also in the same tick.
        File.WriteAllText(Path.Combine(f.StoreDir, "198.18.0.3"), "go\r\neth0");
        using (var store = HostLocalStore.Open(f.DataDir, f.Network))
        {
            Assert.Equal(["198.18.0.3"], store.GetById("go", "eth0").Select(i => i.ToString()));
            Assert.NotEqual(StoreIndex.State.Fresh, store.IndexState);
        }
        // Go releases ours and takes the same address for another container: still right.
        File.Delete(Path.Combine(f.StoreDir, "198.18.0.2"));
        File.WriteAllText(Path.Combine(f.StoreDir, "198.18.0.2"), "go2\r\neth0");
        using (var store = HostLocalStore.Open(f.DataDir, f.Network))
        {
            Assert.False(store.FindById("ours", "eth0"));
            Assert.Equal(["198.18.0.2"], store.GetById("go2", "eth0").Select(i => i.ToString()));
        }
        File.WriteAllText(StoreIndex.PathIn(f.StoreDir), "garbage");
        using (var store = HostLocalStore.Open(f.DataDir, f.Network))
        {
            Assert.True(store.FindById("go", "eth0"));
            Assert.Equal(StoreIndex.State.Stale, store.IndexState);
        }
    }

    [Fact]
    public void The_index_and_last_reserved_ip_are_rewritten_in_place_and_a_torn_index_is_rebuilt()
    {
        using var f = new IpamFixture();
        using (var store = HostLocalStore.Open(f.DataDir, f.Network))
        {
            Assert.True(store.Reserve("ctr1", "eth0", IPAddress.Parse("198.18.0.100"), 0));
            Assert.True(store.Reserve("ctr2", "eth0", IPAddress.Parse("198.18.0.7"), 0));
        }
        // A shorter address over a longer one: cut to its length, same file (no rename).
        Assert.Equal("198.18.0.7", File.ReadAllText(Path.Combine(f.StoreDir, "last_reserved_ip.0")));
        var index = StoreIndex.PathIn(f.StoreDir);
        var whole = File.ReadAllText(index);
        Assert.NotNull(StoreIndex.Parse(whole, out _));
        Thread.Sleep(30);
        using (var store = HostLocalStore.Open(f.DataDir, f.Network))
        {
            Assert.True(store.FindById("ctr2", "eth0"));
            Assert.Equal(StoreIndex.State.Fresh, store.IndexState);
        }

        // What a crash can leave of an in-place rewrite: the new text followed by the old one's tail, or the new text
        // cut short. Neither passes as an index; the files decide.
        var entry = whole.IndexOf("198.18.0.7\t", StringComparison.Ordinal) is var at and >= 0 ? at : whole.IndexOf("198.18.0.100\t", StringComparison.Ordinal);
        Assert.True(entry > 0);
        foreach (var torn in new[] { whole + "198.18.0.9\tctr9\\r\\neth0\n", whole[..entry] })
        {
            Assert.Null(StoreIndex.Parse(torn, out _));
            File.WriteAllText(index, torn);
            using var store = HostLocalStore.Open(f.DataDir, f.Network);
            Assert.Equal(["198.18.0.7"], store.GetById("ctr2", "eth0").Select(i => i.ToString()));
            Assert.Equal(["198.18.0.100"], store.GetById("ctr1", "eth0").Select(i => i.ToString()));
            Assert.Equal(StoreIndex.State.Stale, store.IndexState);
        }
        Assert.NotNull(StoreIndex.Parse(File.ReadAllText(index), out _));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(f.StoreDir, StoreIndex.DirectoryName), "*.tmp.*"));
    }

    [Fact]
    public void Unreadable_and_corrupt_files_hold_their_address_and_match_nobody()
    {
        using var f = new IpamFixture();
        Directory.CreateDirectory(f.StoreDir);
        Directory.CreateDirectory(Path.Combine(f.StoreDir, "198.18.0.2"));       // a directory named like an address
        File.WriteAllText(Path.Combine(f.StoreDir, "198.18.0.3"), "");           // Go crashed between create and write
        File.CreateSymbolicLink(Path.Combine(f.StoreDir, "198.18.0.4"), "/nonexistent");
        File.WriteAllText(Path.Combine(f.StoreDir, "last_reserved_ip.0"), "not an address");
        using var store = HostLocalStore.Open(f.DataDir, f.Network);
        var set = RangeSet.Canonicalize([new RangeConfig { Subnet = "198.18.0.0/29" }]);
        var ip = Allocator.Get(store, set, 0, "ctr1", "eth0", null);
        Assert.Equal("198.18.0.5/29", ip.Address.ToString());
        Assert.Empty(store.GetById("ctrX", "eth0"));
    }

    [Fact]
    public void Lookup_among_10000_reservations_reads_the_index_not_the_files()
    {
        using var f = new IpamFixture();
        Directory.CreateDirectory(f.StoreDir);
        for (int i = 0; i < 10_000; i++)
        {
            File.WriteAllText(Path.Combine(f.StoreDir, $"198.18.{2 + (i / 250)}.{1 + (i % 250)}"), $"ctr{i}\r\neth0");
        }
        var sw = Stopwatch.StartNew();
        using (var store = HostLocalStore.Open(f.DataDir, f.Network))
        {
            Assert.True(store.FindById("ctr9999", "eth0"));
            Assert.Equal(StoreIndex.State.Stale, store.IndexState);
        }
        var build = sw.Elapsed;
        Thread.Sleep(30);
        var times = new List<TimeSpan>();
        for (int round = 0; round < 5; round++)
        {
            sw.Restart();
            using var store = HostLocalStore.Open(f.DataDir, f.Network);
            Assert.Equal(["198.18.41.250"], store.GetById("ctr9999", "eth0").Select(i => i.ToString()));
            Assert.Equal(StoreIndex.State.Fresh, store.IndexState);
            times.Add(sw.Elapsed);
        }
        sw.Restart();
        using (var store = HostLocalStore.Open(f.DataDir, f.Network))
        {
            store.Scan();
        }
        var scan = sw.Elapsed;
        var best = times.Min();
        Console.Error.WriteLine($"10,000 reservations: first lookup (builds the index from every file) {build.TotalMilliseconds:0.0} ms; " +
                         $"lookup through the index {best.TotalMilliseconds:0.00} ms (median {times.Order().ElementAt(2).TotalMilliseconds:0.00}); " +
                         $"reading every file as Go does {scan.TotalMilliseconds:0.0} ms");
        Assert.True(best < scan, $"index lookup {best} should beat a full scan {scan}");
    }
}
