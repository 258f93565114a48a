using System.Diagnostics;

namespace Cni.Deploy.Tests;

/// <summary>Runs the <c>kubectl</c> on PATH against a <see cref="FakeApiServer"/>, with its own kubeconfig and cache.</summary>
internal sealed class Kubectl : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cni-deploy-kubectl-").FullName;
    private readonly string _kubeconfig;

    public Kubectl()
    {
        Server = new FakeApiServer();
        _kubeconfig = Path.Combine(_dir, "kubeconfig");
        File.WriteAllText(_kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster: {server: "http://127.0.0.1:{{Server.Port}}"}
            users:
            - name: nobody
              user: {}
            contexts:
            - name: fake
              context: {cluster: fake, user: nobody}
            current-context: fake
            """);
    }

    public FakeApiServer Server { get; }

    public string TempDir => _dir;

    /// <summary><c>kubectl apply --dry-run=client -f F...</c> (validation on, as by default).</summary>
    public Task<(int Code, string Stdout, string Stderr)> ApplyDryRunAsync(params string[] files) => ApplyDryRunAsync(files, []);

    /// <summary>The same, with more arguments (for instance <c>-o json</c>).</summary>
    public Task<(int Code, string Stdout, string Stderr)> ApplyDryRunAsync(IReadOnlyList<string> files, IReadOnlyList<string> extra)
    {
        var args = new List<string> { "--kubeconfig", _kubeconfig, "--cache-dir", Path.Combine(_dir, "cache"), "apply", "--dry-run=client", "--validate=true" };
        args.AddRange(extra);
        foreach (var f in files)
        {
            args.Add("-f");
            args.Add(f);
        }
        return RunAsync(args);
    }

    private static async Task<(int, string, string)> RunAsync(IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(FindKubectl())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("KUBECONFIG");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("kubectl did not finish in 120 s: " + string.Join(' ', args));
        }
        return (p.ExitCode, await stdout, await stderr);
    }

    private static string FindKubectl()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("kubectl is not on PATH: install it (scripts/install-deps.sh) to validate deploy/*.yaml");
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
