using System.Runtime.InteropServices;

namespace Cni.Linux.Tests.Support;

/// <summary>Integration tests need root; without it they fail loudly unless CNI_SKIP_ROOT_TESTS=1 says to skip.</summary>
internal static partial class Root
{
    public static void Require()
    {
        if (geteuid() == 0)
            return;
        if (Environment.GetEnvironmentVariable("CNI_SKIP_ROOT_TESTS") == "1")
            Assert.Skip("needs root; skipped because CNI_SKIP_ROOT_TESTS=1");
        Assert.Fail("this integration test needs root (euid 0); run as root or set CNI_SKIP_ROOT_TESTS=1 to skip it");
    }

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
