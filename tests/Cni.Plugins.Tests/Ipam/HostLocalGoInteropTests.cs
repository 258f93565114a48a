using System.Diagnostics;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Ipam;

/// <summary>Ours and Go's host-local (Debian's containernetworking-plugins) on one store, both ways.</summary>
[Trait("Category", "Integration")]
public class HostLocalGoInteropTests
{
    private const string Ipam = "\"ranges\":[[{\"subnet\":\"198.18.0.0/24\"}],[{\"subnet\":\"fd00:40::/64\"}]]";

    [Fact]
    public void Go_then_ours_then_go_again()
    {
        Root.Require();
        using var f = new IpamFixture();
        var conf = f.Config(Ipam, "1.0.0");
        var go = IpamFixture.Json(IpamFixture.Go("ADD", conf, id: "go1").Ok().Stdout);
        Assert.Equal("198.18.0.2/24", go.GetProperty("ips")[0].GetProperty("address").GetString());
        Assert.Equal("ours\r\neth0", Encoding("ours"));
        var ours = IpamFixture.Ours("ADD", conf, id: "ours").Ok().Stdout;
        Assert.Equal("198.18.0.3/24", IpamFixture.FirstAddress(ours));              // round-robin continues from Go's last
        Assert.Equal("fd00:40::3/64", IpamFixture.Json(ours).GetProperty("ips")[1].GetProperty("address").GetString());
        Assert.Equal(CniErrorCode.Internal, IpamFixture.Ours("ADD", conf, id: "go1").Error().Code); // sees Go's reservation
        IpamFixture.Ours("DEL", conf, id: "go1").Ok();                                 // releases Go's files
        Assert.Equal(["198.18.0.3", "fd00:40::3"], f.ReservationFiles());
        Assert.Equal("198.18.0.4/24", IpamFixture.Json(IpamFixture.Go("ADD", conf, id: "go2").Ok().Stdout).GetProperty("ips")[0].GetProperty("address").GetString());
        IpamFixture.Go("CHECK", conf, id: "ours").Ok();                                // Go reads our files
        IpamFixture.Go("DEL", conf, id: "ours").Ok();                                  // and releases them
        Assert.Equal(["198.18.0.4", "fd00:40::4"], f.ReservationFiles());
        IpamFixture.Ours("CHECK", conf, id: "go2").Ok();
        IpamFixture.Ours("DEL", conf, id: "go2").Ok();
        Assert.Empty(f.ReservationFiles());

        static string Encoding(string id) => id + "\r\neth0";
    }

    [Fact]
    public void Go_releases_a_legacy_file_and_ours_too()
    {
        Root.Require();
        using var f = new IpamFixture();
        var conf = f.Config("\"subnet\":\"198.18.0.0/24\"", "1.0.0");
        IpamFixture.Ours("ADD", conf, id: "x").Ok();
        File.WriteAllText(Path.Combine(f.StoreDir, "198.18.0.50"), "legacy1");
        IpamFixture.Ours("DEL", conf, id: "legacy1").Ok();
        Assert.Equal(["198.18.0.2"], f.ReservationFiles());
        Assert.Equal("x\r\neth0"u8.ToArray(), File.ReadAllBytes(Path.Combine(f.StoreDir, "198.18.0.2")));
    }

    [Fact]
    public void Ten_thousand_reservations_del_ours_against_go()
    {
        Root.Require();
        using var f = new IpamFixture();
        Directory.CreateDirectory(f.StoreDir);
        for (int i = 0; i < 10_000; i++)
        {
            File.WriteAllText(Path.Combine(f.StoreDir, $"198.18.{2 + (i / 250)}.{1 + (i % 250)}"), $"ctr{i}\r\neth0");
        }
        var conf = f.Config("\"subnet\":\"198.18.0.0/16\"", "1.0.0");
        IpamFixture.Ours("CHECK", conf, id: "ctr1").Ok();   // builds our index once
        Thread.Sleep(30);
        var sw = Stopwatch.StartNew();
        IpamFixture.Ours("DEL", conf, id: "absent").Ok();
        var ours = sw.Elapsed;
        sw.Restart();
        IpamFixture.Ours("ADD", conf, id: "new1").Ok();
        var oursAdd = sw.Elapsed;
        sw.Restart();
        IpamFixture.Go("DEL", conf, id: "absent").Ok();
        var go = sw.Elapsed;
        sw.Restart();
        IpamFixture.Go("ADD", conf, id: "new2").Ok();
        var goAdd = sw.Elapsed;
        Console.Error.WriteLine($"10,000 reservations, whole process: DEL ours {ours.TotalMilliseconds:0} ms vs Go {go.TotalMilliseconds:0} ms; " +
                                $"ADD ours {oursAdd.TotalMilliseconds:0} ms vs Go {goAdd.TotalMilliseconds:0} ms");
        Assert.Equal(10_002, f.ReservationFiles().Count);
    }
}
