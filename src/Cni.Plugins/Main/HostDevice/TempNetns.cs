using System.Globalization;
using Cni.Linux;

namespace Cni.Plugins.Main.HostDevice;

/// <summary>A named namespace that exists for one move and is removed afterwards.</summary>
internal sealed class TempNetns : IDisposable
{
    private readonly string _name = "cni-hostdev-" + Random.Shared.Next().ToString("x8", CultureInfo.InvariantCulture);

    public TempNetns()
    {
        Ns = NetNs.Create(_name);
        Rtnl = Rtnl.OpenIn(Ns);
    }

    public NetNs Ns { get; }

    public Rtnl Rtnl { get; }

    public void Dispose()
    {
        Rtnl.Dispose();
        Ns.Dispose();
        NetNs.Delete(_name);
    }
}
