using Cni.Runtime;
using Xunit;

namespace Cni.Cli.Tests;

/// <summary><c>cni install</c>: dry run, up-to-date entries, --force, the default network config, exit statuses.</summary>
[Trait("Category", "Integration")]
public sealed class InstallCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cni-install-cmd-").FullName;

    private string Dir => Path.Combine(_root, "bin");
    private string ConfDir => Path.Combine(_root, "net.d");
    private string Entry(string name) => Path.Combine(Dir, name);

    [Fact]
    public void Dry_run_reports_every_entry_and_changes_nothing()
    {
        var fresh = CliBinary.Install(Dir, "--dry-run", "--conf", "bridge", "--conf-dir", ConfDir, "--subnet", "198.18.164.0/24");
        Assert.True(fresh.Exit == 0, fresh.ToString());
        Assert.Contains($"create {Entry("bridge")}\n", fresh.Stdout, StringComparison.Ordinal);
        Assert.Contains($"create {Path.Combine(ConfDir, "10-cni-bridge.conflist")}\n", fresh.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dir));
        Assert.False(Directory.Exists(ConfDir));

        Assert.Equal(0, CliBinary.Install(Dir, "--link=copy").Exit);
        File.Delete(Entry("loopback"));
        var before = Snapshot();
        var again = CliBinary.Install(Dir, "--dry-run", "--link=hard");
        Assert.Equal(0, again.Exit);
        Assert.Contains($"replace {Entry("bridge")}\n", again.Stdout, StringComparison.Ordinal);
        Assert.Contains($"create {Entry("loopback")}\n", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData("hard")]
    [InlineData("sym")]
    [InlineData("copy")]
    public void A_second_install_leaves_up_to_date_entries_alone(string mode)
    {
        Assert.Equal(0, CliBinary.Install(Dir, "--link=" + mode).Exit);
        var before = Snapshot();
        var again = CliBinary.Install(Dir, "--link=" + mode);
        Assert.True(again.Exit == 0, again.ToString());
        Assert.Equal("", again.Stdout);
        Assert.Equal(before, Snapshot());
        Assert.Contains($"unchanged {Entry("bridge")}\n", CliBinary.Install(Dir, "--link=" + mode, "--dry-run").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Foreign_files_are_refused_by_name_and_replaced_with_force()
    {
        Directory.CreateDirectory(Dir);
        File.WriteAllText(Entry("bridge"), "#!/bin/sh\necho someone else's bridge\n");
        File.WriteAllText(Entry("macvlan"), "not ours either");
        var refused = CliBinary.Install(Dir);
        Assert.True(refused.Exit == 3, refused.ToString());
        Assert.Contains(Entry("bridge"), refused.Stderr, StringComparison.Ordinal);
        Assert.Contains(Entry("macvlan"), refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Entry("loopback"), refused.Stderr, StringComparison.Ordinal);
        Assert.Equal([Entry("bridge"), Entry("macvlan")], Directory.GetFileSystemEntries(Dir).Order());
        Assert.Equal("not ours either", File.ReadAllText(Entry("macvlan")));

        var forced = CliBinary.Install(Dir, "--force");
        Assert.True(forced.Exit == 0, forced.ToString());
        Assert.Contains($"replace {Entry("bridge")}\n", forced.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("{\"cniVersion\"", CliBinary.Run([Entry("bridge")], new Dictionary<string, string> { ["CNI_COMMAND"] = "VERSION" }).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Entries_of_another_cni_build_and_dangling_links_are_replaced_without_force()
    {
        var other = Path.Combine(_root, "other-build");
        File.Copy(CliBinary.Path, other);
        File.AppendAllText(other, "another build");
        Directory.CreateDirectory(Dir);
        File.Copy(other, Entry("bridge"));
        File.CreateSymbolicLink(Entry("ptp"), Path.Combine(_root, "gone"));
        var outcome = CliBinary.Install(Dir);
        Assert.True(outcome.Exit == 0, outcome.ToString());
        Assert.Contains($"replace {Entry("bridge")}\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains($"replace {Entry("ptp")}\n", outcome.Stdout, StringComparison.Ordinal);
        Assert.Null(new FileInfo(Entry("ptp")).LinkTarget);
    }

    [Fact]
    public void Conf_writes_a_conflist_the_runtime_loads_and_keeps_it_unless_forced()
    {
        var file = Path.Combine(ConfDir, "10-cni-bridge.conflist");
        Assert.Equal(0, CliBinary.Install(Dir, "--conf", "bridge", "--conf-dir", ConfDir, "--subnet", "198.18.164.0/24", "--subnet", "fd00:164::/64").Exit);

        var list = ConfigFiles.LoadNetworkConfigFile(file);
        Assert.Equal("cni-bridge", list.Name);
        Assert.Equal(["bridge", "portmap"], list.Plugins.Select(p => p.Network.Type));
        var bridge = list.Plugins[0].Network;
        Assert.Equal("host-local", bridge.IpamType);
        var subnets = bridge.Ipam!.Value.GetProperty("ranges").EnumerateArray().Select(r => r[0].GetProperty("subnet").GetString());
        Assert.Equal(["198.18.164.0/24", "fd00:164::/64"], subnets);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(file));
        Assert.Equal([file], Directory.GetFiles(ConfDir));

        // Rerun without --subnet keeps the file's subnets; a different one is refused, then forced.
        Assert.Equal("", CliBinary.Install(Dir, "--conf", "bridge", "--conf-dir", ConfDir).Stdout);
        var text = File.ReadAllText(file);
        var refused = CliBinary.Install(Dir, "--conf", "bridge", "--conf-dir", ConfDir, "--subnet", "198.18.165.0/24");
        Assert.True(refused.Exit == 3, refused.ToString());
        Assert.Contains(file, refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(file));
        Assert.Equal(0, CliBinary.Install(Dir, "--conf", "bridge", "--conf-dir", ConfDir, "--subnet", "198.18.165.0/24", "--force").Exit);
        Assert.Contains("198.18.165.0/24", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public void Conf_ptp_without_subnet_picks_a_private_network()
    {
        Assert.Equal(0, CliBinary.Install(Dir, "--conf=ptp", "--conf-dir=" + ConfDir).Exit);
        var list = ConfigFiles.LoadNetworkConfigFile(Path.Combine(ConfDir, "10-cni-ptp.conflist"));
        Assert.Equal(["ptp", "portmap"], list.Plugins.Select(p => p.Network.Type));
        var subnet = System.Net.IPNetwork.Parse(list.Plugins[0].Network.Ipam!.Value.GetProperty("ranges")[0][0].GetProperty("subnet").GetString()!);
        Assert.True(System.Net.IPNetwork.Parse("10.0.0.0/8").Contains(subnet.BaseAddress) && subnet.PrefixLength == 16, subnet.ToString());
    }

    [Theory]
    [InlineData("--link=weird")]
    [InlineData("--subnet=198.18.164.0/24")]
    [InlineData("--conf=flannel")]
    [InlineData("--conf=bridge", "--subnet=198.18.164.7/24")]
    [InlineData("--conf")]
    [InlineData("--bogus")]
    public void Bad_command_lines_exit_2_and_change_nothing(params string[] args)
    {
        // --conf-dir keeps a command line wrongly accepted away from the host's /etc/cni/net.d.
        var outcome = CliBinary.Install([Dir, "--conf-dir", ConfDir, .. args]);
        Assert.True(outcome.Exit == 2, outcome.ToString());
        Assert.StartsWith("cni install: ", outcome.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dir));
        Assert.False(Directory.Exists(ConfDir));
    }

    [Fact]
    public void Help_describes_every_flag()
    {
        var help = CliBinary.Install("--help");
        Assert.Equal(0, help.Exit);
        foreach (var flag in new[] { "--link", "--with-test-plugins", "--force", "--dry-run", "--conf", "--conf-dir", "--subnet", "exit status" })
        {
            Assert.Contains(flag, help.Stdout, StringComparison.Ordinal);
        }
    }

    // Every entry's link target, modification time and inode: a replacement (a rename of a new file) changes the
    // inode. Not ctime: hard links to the binary made by tests running in parallel change it.
    private List<string> Snapshot() =>
        [.. Directory.GetFileSystemEntries(Dir).Order().Select(p => new FileInfo(p)).Select(f =>
            $"{f.Name} {f.LinkTarget} {File.GetLastWriteTimeUtc(f.FullName):O} {CliBinary.Run(["stat", "-c", "%i", f.FullName]).Stdout.Trim()}")];

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
