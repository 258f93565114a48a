using Cni.Linux.Tests.Support;

namespace Cni.Linux.Tests;

public sealed class NetNsTests
{
    [Fact]
    public void Open_missing_path_is_NetNsNotFound_with_the_Go_message()
    {
        var e = Assert.Throws<NetNsNotFoundException>(() => NetNs.Open("/nonexistent/cnitest"));
        Assert.Equal("failed to Statfs \"/nonexistent/cnitest\": no such file or directory", e.Message);
        Assert.Equal(2, e.Errno);
        Assert.Equal("ENOENT", e.ErrnoName);
    }

    [Fact]
    public void Open_regular_file_is_NotNetNs_with_the_fs_magic()
    {
        var file = Path.GetTempFileName();
        try
        {
            var e = Assert.Throws<NotNetNsException>(() => NetNs.Open(file));
            Assert.StartsWith($"unknown FS magic on \"{file}\": ", e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Create_Run_Delete_roundtrip()
    {
        string name;
        long inner, outer;
        using (var test = TestNetNs.Create())
        {
            name = test.Name;
            Assert.True(File.Exists(test.Path));
            outer = Inode("/proc/thread-self/ns/net");
            inner = test.Ns.Run(() => Inode("/proc/thread-self/ns/net"));
            Assert.NotEqual(outer, inner);
            Assert.Equal(inner, Inode(test.Path));
            Assert.Contains(name, Ip.Run("ip", "netns", "list"));

            using var reopened = NetNs.Open(test.Path);
            Assert.Equal(inner, reopened.Run(() => Inode("/proc/thread-self/ns/net")));
        }

        Assert.False(File.Exists($"/var/run/netns/{name}"));
        NetNs.Delete(name);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Run_rethrows_the_original_exception_and_the_caller_stays_put()
    {
        using var test = TestNetNs.Create();
        var before = Inode("/proc/thread-self/ns/net");
        var e = Assert.Throws<InvalidTimeZoneException>(() => test.Ns.Run(() => throw new InvalidTimeZoneException("inside")));
        Assert.Equal("inside", e.Message);
        Assert.Equal(before, Inode("/proc/thread-self/ns/net"));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void RunOnCallingThread_runs_inside_on_this_thread_and_comes_back()
    {
        using var test = TestNetNs.Create();
        var before = Inode("/proc/thread-self/ns/net");
        var thread = Environment.CurrentManagedThreadId;

        var (inner, innerThread) = test.Ns.RunOnCallingThread(() => (Inode("/proc/thread-self/ns/net"), Environment.CurrentManagedThreadId));

        Assert.Equal(Inode(test.Path), inner);
        Assert.NotEqual(before, inner);
        Assert.Equal(thread, innerThread);
        Assert.Equal(before, Inode("/proc/thread-self/ns/net"));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void RunOnCallingThread_rethrows_and_the_thread_is_back_in_its_namespace()
    {
        using var test = TestNetNs.Create();
        var before = Inode("/proc/thread-self/ns/net");
        var e = Assert.Throws<InvalidTimeZoneException>(() => test.Ns.RunOnCallingThread(() => throw new InvalidTimeZoneException("inside")));
        Assert.Equal("inside", e.Message);
        Assert.Equal(before, Inode("/proc/thread-self/ns/net"));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void A_sysctl_written_on_the_calling_thread_lands_in_the_namespace()
    {
        using var test = TestNetNs.Create();
        const string key = "net/ipv4/conf/lo/arp_notify";
        var host = Sysctl.Get(key);
        try
        {
            test.Ns.RunOnCallingThread(() => Sysctl.Set(key, "1"));

            Assert.Equal("1", Ip.Run("ip", "netns", "exec", test.Name, "cat", "/proc/sys/" + key).Trim());
            Assert.Equal(host, Sysctl.Get(key));
        }
        finally
        {
            if (Sysctl.Get(key) != host)
            {
                Sysctl.Set(key, host); // undo a write that went to the host
            }
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Create_existing_name_fails_with_EEXIST()
    {
        using var test = TestNetNs.Create();
        var e = Assert.Throws<LinuxException>(() => NetNs.Create(test.Name));
        Assert.Equal(17, e.Errno);
        Assert.Equal($"creating network namespace /var/run/netns/{test.Name}: File exists", e.Message);
    }

    /// <summary>The namespace inode: from the "net:[N]" link of /proc, or stat(1) for a bind mount.</summary>
    private static long Inode(string path)
    {
        var target = new FileInfo(path).LinkTarget;
        var text = target is not null ? target["net:[".Length..^1] : Ip.Run("stat", "-L", "-c", "%i", path).Trim();
        return long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
