using System.Diagnostics;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.KernelVm;

/// <summary>
/// One boot of the kernel VM (tests/kernelvm/vm.sh) with the published binary installed under every plugin
/// name and the scripts of tests/vm-plugins: the plugins whose link types this host's kernel lacks (dummy,
/// ipvlan, vlan) driven through the real protocol. Never throws: a VM that did not run fails every test.
/// </summary>
public sealed class VmPluginRun : IAsyncLifetime
{
    public string? Error { get; private set; }

    public string Output { get; private set; } = "";

    /// <summary>"script/check" → null for PASS, the reason for FAIL.</summary>
    public Dictionary<string, string?> Results { get; } = [];

    public async ValueTask InitializeAsync()
    {
        var stage = Directory.CreateTempSubdirectory("cni-vmplugins-");
        try
        {
            var root = CniBinary.RepoRoot();
            File.Copy(CniBinary.Path, Path.Combine(stage.FullName, "cni"));
            var bin = Directory.CreateDirectory(Path.Combine(stage.FullName, "bin"));
            foreach (var name in Cni.Plugins.PluginTable.All.Select(e => e.Name))
            {
                File.CreateSymbolicLink(Path.Combine(bin.FullName, name), "../cni");
            }
            foreach (var script in Directory.GetFiles(Path.Combine(root, "tests", "vm-plugins"), "*.sh"))
            {
                File.Copy(script, Path.Combine(stage.FullName, Path.GetFileName(script)));
            }
            var info = new ProcessStartInfo(Path.Combine(root, "tests", "kernelvm", "vm.sh"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "--timeout", "600", "--env", "CNI_BIN_DIR=/in/bin", stage.FullName, "./run-all.sh" })
            {
                info.ArgumentList.Add(a);
            }
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            Output = await stdout + "\n--- stderr:\n" + stderr;
            foreach (var line in (await stdout).Split('\n'))
            {
                if (line.StartsWith("PASS ", StringComparison.Ordinal)) Results[line[5..].Trim()] = null;
                else if (line.StartsWith("FAIL ", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 5)
                    Results[line[5..colon]] = line[(colon + 1)..].Trim();
            }
            if (p.ExitCode is 124 or 125 || Results.Count == 0)
            {
                Error = $"the VM did not run the plugin scripts (vm.sh exit {p.ExitCode}):\n{Output}";
            }
        }
        catch (Exception e)
        {
            Error = "could not run the VM: " + e;
        }
        finally
        {
            stage.Delete(recursive: true);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
