using System.Text.Json;

namespace Cni.Linux.VmTests;

/// <summary>
/// A fresh named namespace <c>vmt-&lt;check&gt;</c> with an rtnetlink socket in it, removed afterwards; more
/// namespaces on demand (<see cref="AnotherNamespace"/>). State is read back with <see cref="Ip"/>.
/// </summary>
internal sealed class Scratch : IDisposable
{
    private readonly List<(string Name, NetNs Ns)> _namespaces = [];

    private Scratch(string name)
    {
        Name = name;
        Ns = Add(name);
        Rtnl = Rtnl.OpenIn(Ns);
    }

    public string Name { get; }

    public NetNs Ns { get; }

    public Rtnl Rtnl { get; }

    public LinkOps Links => Rtnl.Links;

    public static Scratch Create(string check) => new($"vmt-{check}");

    public NetNs AnotherNamespace(string suffix) => Add($"{Name}-{suffix}");

    /// <summary>The <c>ip -j -d link show</c> object of <paramref name="ifname"/> in this namespace.</summary>
    public JsonElement IpLink(string ifname) => Ip.Link(Name, ifname);

    /// <summary>A dummy link, up, as the parent of ipvlans and vlans.</summary>
    public Link Dummy(string name)
    {
        var link = Expect.NotNull(Links.Create(new SimpleLinkSpec { Name = name, Kind = "dummy" }), $"creating dummy {name}");
        Links.SetUp(link.Index);
        return link;
    }

    public void Dispose()
    {
        Rtnl.Dispose();
        foreach (var (name, ns) in _namespaces)
        {
            ns.Dispose();
            NetNs.Delete(name);
        }
    }

    private NetNs Add(string name)
    {
        NetNs.Delete(name);
        var ns = NetNs.Create(name);
        _namespaces.Add((name, ns));
        return ns;
    }
}
