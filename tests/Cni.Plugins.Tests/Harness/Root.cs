using Xunit;

namespace Cni.Plugins.Tests.Harness;

/// <summary>Integration tests need root; they fail loudly without it rather than pass by skipping.</summary>
internal static class Root
{
    public static void Require()
    {
        if (Environment.UserName != "root")
        {
            Assert.Fail("this integration test needs root (network namespaces); run the suite as root");
        }
    }
}
