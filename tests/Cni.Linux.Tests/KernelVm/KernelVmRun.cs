using System.Diagnostics;

namespace Cni.Linux.Tests.KernelVm;

/// <summary>
/// One boot of the kernel VM (tests/kernelvm/vm.sh) running the Cni.Linux.VmTests binary, shared by the tests of
/// <see cref="KernelVmTests"/>. It never throws: a run that could not happen is recorded in <see cref="Error"/>
/// and fails every test (a missing VM must not look like a pass or a skip).
/// </summary>
public sealed class KernelVmRun : IAsyncLifetime
{
    private const string BinaryName = "Cni.Linux.VmTests";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(12);

    /// <summary>Why the VM did not run the checks, or null when it did.</summary>
    public string? Error { get; private set; }

    public int ExitCode { get; private set; }

    public string Stdout { get; private set; } = "";

    public string Stderr { get; private set; } = "";

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Check name → null for PASS, the reason for FAIL.</summary>
    public Dictionary<string, string?> Results { get; } = [];

    public async ValueTask InitializeAsync()
    {
        var root = RepositoryRoot();
        var binary = Environment.GetEnvironmentVariable("CNI_VMTESTS_BINARY") is { Length: > 0 } fromEnv
            ? fromEnv
            : Path.Combine(root, "artifacts", "vmtests", BinaryName);
        if (!File.Exists(binary))
        {
            Error = $"{binary} not found: publish it first with `dotnet publish tests/Cni.Linux.VmTests -c Release -o artifacts/vmtests` "
                + "(scripts/build.sh does), or point CNI_VMTESTS_BINARY at it";
            return;
        }

        // Only the binary goes into the VM, not the publish directory's debug symbols.
        var stage = Directory.CreateTempSubdirectory("cni-vmtests-");
        try
        {
            File.Copy(binary, Path.Combine(stage.FullName, BinaryName));
            await Boot(Path.Combine(root, "tests", "kernelvm", "vm.sh"), stage.FullName);
        }
        finally
        {
            stage.Delete(recursive: true);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Stdout and the end of stderr, for failure messages.</summary>
    public string Transcript() => Elapsed == TimeSpan.Zero ? "" :
        $"vm.sh exit {ExitCode} after {Elapsed.TotalSeconds:F1} s\n--- stdout:\n{Stdout}--- stderr (end):\n{Tail(Stderr, 3000)}";

    private async Task Boot(string vmScript, string stage)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { vmScript, stage, $"./{BinaryName}" })
            start.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Elapsed = clock.Elapsed;
        ExitCode = process.ExitCode;
        Stdout = await stdout;
        Stderr = await stderr;
        if (timeout.IsCancellationRequested)
            Error = $"the VM run took longer than {Limit.TotalMinutes} minutes and was killed";
        else if (ExitCode is not (0 or 1))
            Error = $"the VM harness failed (vm.sh exit {ExitCode}; 124 timeout, 125 setup/boot failure)";
        ParseResults();
        if (Error is null && Results.Count == 0)
            Error = "the VM ran but the binary printed no PASS/FAIL line";
    }

    private void ParseResults()
    {
        foreach (var line in Stdout.Split('\n'))
        {
            if (line.StartsWith("PASS ", StringComparison.Ordinal))
                Results[line[5..].Trim()] = null;
            else if (line.StartsWith("FAIL ", StringComparison.Ordinal) && line.IndexOf(": ", 5, StringComparison.Ordinal) is var colon and > 0)
                Results[line[5..colon]] = line[(colon + 2)..];
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cni.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no Cni.sln above {AppContext.BaseDirectory}");
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "..." + text[^length..];
}
