using System.Text.Json.Nodes;

namespace Cni.Tool.Tests.Integration;

/// <summary>
/// A runc container from a busybox-static rootfs (no image registry needed), with its own runc state root; Dispose
/// kills and deletes it. Debian's <c>runc</c> and <c>busybox-static</c> are installed when missing.
/// </summary>
internal sealed class RuncBundle : IDisposable
{
    public RuncBundle(string root, string id)
    {
        EnsureInstalled();
        Id = id;
        Bundle = Path.Join(root, "bundle");
        StateRoot = Path.Join(root, "runc");
        var bin = Path.Join(Bundle, "rootfs", "bin");
        Directory.CreateDirectory(bin);
        foreach (var dir in new[] { "proc", "sys", "dev", "tmp" })
        {
            Directory.CreateDirectory(Path.Join(Bundle, "rootfs", dir));
        }
        File.Copy("/bin/busybox", Path.Join(bin, "busybox"));
        foreach (var applet in new[] { "sh", "ip", "sleep", "cat" })
        {
            File.CreateSymbolicLink(Path.Join(bin, applet), "busybox");
        }
        Sh.Ok("sh", "-c", $"cd '{Bundle}' && runc spec");
    }

    public string Id { get; }
    public string Bundle { get; }
    public string StateRoot { get; }
    public string Log => Path.Join(Bundle, "..", "runc.log");

    /// <summary>Edits config.json: a sleeping process, no rlimits (root cannot raise hard limits here), the given hooks.</summary>
    public void Configure(JsonObject hooks)
    {
        var path = Path.Join(Bundle, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var process = config["process"]!.AsObject();
        process["terminal"] = false;
        process["args"] = new JsonArray("/bin/sleep", "3600");
        process.Remove("rlimits");
        config["hooks"] = hooks;
        File.WriteAllText(path, config.ToJsonString());
    }

    /// <summary>
    /// runc with stdin and stderr away from our pipes, and for <c>create</c> stdout too: the container inherits them
    /// and would hold them open.
    /// </summary>
    public Sh.Outcome Runc(params string[] args)
    {
        var quoted = string.Join(' ', args.Select(a => $"'{a}'"));
        var stdout = args[0] == "create" ? $" >>'{Log}'" : "";
        return Sh.Run("sh", ["-c", $"exec runc --root '{StateRoot}' {quoted} </dev/null 2>>'{Log}'{stdout}"]);
    }

    public string LogText => File.Exists(Log) ? File.ReadAllText(Log) : "";

    public void Dispose()
    {
        Runc("kill", Id, "KILL");
        Runc("delete", "--force", Id);
    }

    private static void EnsureInstalled()
    {
        if (File.Exists("/usr/sbin/runc") && File.Exists("/bin/busybox"))
        {
            return;
        }
        lock (typeof(RuncBundle))
        {
            var install = Sh.Run("apt-get", ["install", "-y", "--no-install-recommends", "runc", "busybox-static"],
                new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
            Assert.True(install.Exit == 0, "installing runc and busybox-static failed: " + install);
        }
    }
}
