using System.Net;
using System.Text;
using CsCheck;
using Xunit;

namespace Cni.Fuzz;

/// <summary>
/// Generated (well-formed) results rather than mutated ones: printing then parsing gives the same result in every
/// version, and converting down then back up keeps the addresses (0.2.0 keeps the first IPv4 and the first IPv6).
/// </summary>
public class ResultPropertyTests
{
    private static readonly Gen<IPAddress> V4 = Gen.Byte.Array[4].Select(b => new IPAddress(b));
    private static readonly Gen<IPAddress> V6 = Gen.Byte.Array[16].Select(b => new IPAddress(b));
    private static readonly Gen<IPAddress> Any = Gen.OneOf(V4, V6);

    private static readonly Gen<IPConfig> Ip =
        Gen.Select(Any, Gen.Int[0, 128], Gen.Int[-1, 3], Gen.Bool, (a, p, i, gw) => new IPConfig
        {
            Address = new CidrAddress(a, Math.Min(p, a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)),
            Interface = i < 0 ? null : i,
            Gateway = gw ? a : null,
        });

    private static readonly Gen<Route> RouteGen = Gen.Select(V4, Gen.Int[0, 32], Gen.Int[0, 9000], (a, p, mtu) =>
        new Route { Dst = new CidrAddress(a, p).Network(), Gw = a, Mtu = mtu });

    private static readonly Gen<Result> ResultGen =
        Gen.Select(Ip.List[0, 4], RouteGen.List[0, 3], Gen.String[Gen.Char.AlphaNumeric, 1, 15].List[0, 3], Gen.OneOf(Gen.Const("1.0.0"), Gen.Const("1.1.0")),
            (ips, routes, names, version) => new Result
            {
                CniVersion = version,
                Interfaces = [.. names.Select(n => new Interface { Name = n, Mac = "02:00:00:00:00:01" })],
                Ips = ips,
                Routes = routes,
                Dns = new Dns { Nameservers = ["198.18.0.1"] },
            });

    [Fact]
    public void Print_then_parse_is_the_identity_and_conversions_keep_addresses()
    {
        ResultGen.Sample(result =>
        {
            foreach (var v in SpecVersions.All)
            {
                ICniResult down;
                try
                {
                    down = result.ConvertTo(v);
                }
                catch (CniException e) when (e.Code == CniErrorCode.IncompatibleCniVersion && v is "0.1.0" or "0.2.0")
                {
                    Assert.Empty(result.Ips);   // the only reason 0.x may refuse
                    continue;
                }
                var printed = CniResults.ToJson(down);
                Assert.Equal(printed, CniResults.ToJson(CniResults.Parse(Encoding.UTF8.GetBytes(printed))));
                var up = ResultConverters.ToCurrent(down);
                var expected = v is "0.1.0" or "0.2.0"
                    ? new[] { result.Ips.FirstOrDefault(i => i.Address.IsIPv4), result.Ips.FirstOrDefault(i => !i.Address.IsIPv4) }.OfType<IPConfig>()
                    : result.Ips;
                Assert.Equal(expected.Select(i => (i.Address, i.Gateway)), up.Ips.Select(i => (i.Address, i.Gateway)));
            }
        }, iter: 1000);
    }
}
