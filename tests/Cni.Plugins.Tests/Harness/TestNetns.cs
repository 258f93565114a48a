namespace Cni.Plugins.Tests.Harness;

/// <summary>A named network namespace made for one test (unique prefix) and removed when the test ends.</summary>
internal sealed class TestNetns : IDisposable
{
    public TestNetns(string purpose)
    {
        Name = $"cnit-{purpose}-{Guid.NewGuid().ToString("N")[..8]}";
        Shell.Ok("ip", "netns", "add", Name);
    }

    public string Name { get; }

    public string Path => "/var/run/netns/" + Name;

    public void Dispose()
    {
        if (File.Exists(Path))
        {
            Shell.Run("ip", "netns", "delete", Name);
        }
    }
}
