namespace Cni.Linux.Tests.Support;

/// <summary>A namespace named <c>cnitest-&lt;8 hex&gt;</c> for one test, deleted on dispose even when the test failed.</summary>
internal sealed class TestNetNs : IDisposable
{
    private TestNetNs(string name, NetNs ns)
    {
        Name = name;
        Ns = ns;
    }

    public string Name { get; }

    public NetNs Ns { get; }

    public string Path => Ns.Path;

    public static TestNetNs Create()
    {
        Root.Require();
        var name = $"cnitest-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
        return new TestNetNs(name, NetNs.Create(name));
    }

    public void Dispose()
    {
        Ns.Dispose();
        NetNs.Delete(Name);
    }
}
