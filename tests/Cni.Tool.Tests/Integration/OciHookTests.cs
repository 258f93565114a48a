using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Cni.Tool.Tests.Integration;

/// <summary><c>cnitool oci-hook</c> driven by a real runc container, with our bridge and host-local plugins.</summary>
[Trait("Category", "Integration")]
public sealed class OciHookTests
{
    [Fact]
    public void A_runc_container_is_attached_on_createRuntime_and_detached_on_poststop()
    {
        Sh.RequireRoot();
        using var world = new NetworkWorld("oci");
        var id = "cnit-oci-" + Guid.NewGuid().ToString("N")[..8];
        using var container = new RuncBundle(world.Root, id);
        JsonObject Hook(params string[] verb) => new()
        {
            ["path"] = ToolBinary.Cnitool,
            ["args"] = new JsonArray([.. new[] { "cnitool", "oci-hook" }.Concat(verb).Concat([world.Name, "--cache-dir", world.CacheDir]).Select(a => JsonValue.Create(a))]),
            ["env"] = new JsonArray([.. world.Env.Select(kv => JsonValue.Create($"{kv.Key}={kv.Value}"))]),
        };
        // createRuntime decides from the state's status ("creating"); poststop says "del" explicitly: both forms run.
        container.Configure(new JsonObject
        {
            ["createRuntime"] = new JsonArray(Hook()),
            ["poststop"] = new JsonArray(Hook("del")),
        });

        var create = container.Runc("create", "--bundle", container.Bundle, id);
        Assert.True(create.Exit == 0, $"runc create: {create} {container.LogText}");
        Assert.Equal(0, container.Runc("start", id).Exit);

        var inside = container.Runc("exec", id, "ip", "-4", "-o", "addr", "show", "eth0");
        Assert.True(inside.Exit == 0, $"runc exec: {inside} {container.LogText}");
        var ip = world.Subnet[..^4] + "2";
        Assert.Contains($"inet {ip}/24", inside.Stdout);
        Assert.Equal([ip], world.Reservations());
        Assert.Equal([$"{world.Name}-{id}-eth0"], world.CacheEntries().Select(Path.GetFileName));
        Assert.Contains(id, File.ReadAllText(Path.Join(world.ReservationDir, ip)));
        Assert.Contains("veth", world.BridgePorts());

        Assert.Equal(0, container.Runc("kill", id, "KILL").Exit);
        var watch = Stopwatch.StartNew();
        while (!container.Runc("state", id).Stdout.Contains("\"stopped\"", StringComparison.Ordinal))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "the container did not stop");
            Thread.Sleep(50);
        }
        var delete = container.Runc("delete", id);
        Assert.True(delete.Exit == 0, $"runc delete: {delete} {container.LogText}");

        Assert.Empty(world.Reservations());
        Assert.Empty(world.CacheEntries());
        // The kernel destroys the namespace, and the veth pair with it, asynchronously after its last process exits.
        watch.Restart();
        while (world.BridgePorts() is { Length: > 0 } ports)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "the container's veth stayed: " + ports);
            Thread.Sleep(50);
        }
    }

    [Fact]
    public void A_failing_hook_fails_runc_create_with_the_plugin_error()
    {
        Sh.RequireRoot();
        using var world = new NetworkWorld("oci");
        world.WriteConfig(world.Bridge, pluginType: "no-such-plugin");
        var id = "cnit-oci-" + Guid.NewGuid().ToString("N")[..8];
        using var container = new RuncBundle(world.Root, id);
        container.Configure(new JsonObject
        {
            ["createRuntime"] = new JsonArray(new JsonObject
            {
                ["path"] = ToolBinary.Cnitool,
                ["args"] = new JsonArray("cnitool", "oci-hook", "add", world.Name, "--cache-dir", world.CacheDir),
                ["env"] = new JsonArray([.. world.Env.Select(kv => JsonValue.Create($"{kv.Key}={kv.Value}"))]),
            }),
        });

        Assert.NotEqual(0, container.Runc("create", "--bundle", container.Bundle, id).Exit);
        Assert.Contains("no-such-plugin", container.LogText);
        Assert.Empty(world.CacheEntries());
    }
}
