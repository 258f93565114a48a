using System.Diagnostics;
using System.Text.Json;
using Cni.Plugins.Tests.Harness;
using Cni.Reliability.Tests.Support;
using Cni.Runtime;

namespace Cni.Reliability.Tests;

/// <summary>
/// Many pods attached and detached by 16 workers in random order through libcni and the real plugins (bridge with
/// ipMasq, host-local, portmap with one mapping per pod, bandwidth), mixed with GC calls whose valid attachments are
/// the pods attached at that moment. No address may be held twice at any moment, every call must succeed, and at
/// the end nothing may remain.
/// </summary>
[Trait("Category", "Integration")]
[Collection(NodeCollection.Name)]
public sealed class ChurnTests(ITestOutputHelper output)
{
    private const int Workers = 16;

    private sealed record Pod(int Index, string Id, string Path, RuntimeConf Rt);

    [Fact]
    public async Task Pods_attached_and_detached_in_random_order_with_gc_leave_nothing()
    {
        Root.Require();
        var pods = Settings.Long ? 1000 : 100;
        var seed = Settings.Seed();
        using var node = new Node("churn", "198.18.164.0/22");
        var ct = TestContext.Current.CancellationToken;

        var gate = new Lock();
        var attached = new Dictionary<string, Pod>();
        var addressOf = new Dictionary<string, List<string>>();
        var owner = new Dictionary<string, string>();
        var failures = new List<string>();
        int next = 0, busy = 0, gcs = 0, maxAttached = 0;
        // ADDs share the gate; a GC waits for the running ADDs and holds back new ones, as a runtime's sandbox lock does,
        // so that "valid" is exact. DELs are not held back: GC races them on purpose.
        var gcGate = new SemaphoreSlim(1);
        int adding = 0;
        var sw = Stopwatch.StartNew();

        async Task Add(Pod pod)
        {
            await gcGate.WaitAsync(ct);
            Interlocked.Increment(ref adding);
            gcGate.Release();
            try
            {
                var result = await node.Cni.AddNetworkListAsync(node.List, pod.Rt, ct);
                using var doc = JsonDocument.Parse(CniResults.ToJson(result!));
                var ips = doc.RootElement.GetProperty("ips").EnumerateArray().Select(i => i.GetProperty("address").GetString()!.Split('/')[0]).ToList();
                lock (gate)
                {
                    foreach (var ip in ips)
                    {
                        if (owner.TryGetValue(ip, out var other))
                        {
                            failures.Add($"duplicate IP {ip}: {pod.Id} got it while {other} holds it");
                        }
                        owner[ip] = pod.Id;
                    }
                    if (ips.Count == 0)
                    {
                        failures.Add($"ADD of {pod.Id} returned no address");
                    }
                    addressOf[pod.Id] = ips;
                    attached[pod.Id] = pod;
                    maxAttached = Math.Max(maxAttached, attached.Count);
                }
            }
            finally
            {
                Interlocked.Decrement(ref adding);
            }
        }

        async Task Del(Pod pod)
        {
            await node.Cni.DelNetworkListAsync(node.List, pod.Rt, ct);
            Node.RemovePod(pod.Path);
        }

        async Task Gc()
        {
            await gcGate.WaitAsync(ct);
            try
            {
                while (Volatile.Read(ref adding) > 0)
                {
                    await Task.Delay(1, ct);
                }
                List<Attachment> valid;
                lock (gate)
                {
                    valid = [.. attached.Values.Select(p => new Attachment(p.Id, "eth0"))];
                }
                await node.Cni.GCNetworkListAsync(node.List, new GCArgs(valid), ct);
                Interlocked.Increment(ref gcs);
            }
            finally
            {
                gcGate.Release();
            }
        }

        async Task Worker(int w)
        {
            var rng = new Random(seed + w);
            while (true)
            {
                Pod? toAdd = null, toDel = null;
                var gc = false;
                lock (gate)
                {
                    if ((next < pods || attached.Count > 0) && rng.Next(25) == 0)
                    {
                        gc = true;
                    }
                    else if (next < pods && (attached.Count == 0 || rng.Next(100) < 55))
                    {
                        var i = next++;
                        var id = $"{node.Name}-c{i}";
                        toAdd = new Pod(i, id, "", new RuntimeConf { ContainerId = id, IfName = "eth0", CapabilityArgs = Node.CapArgsElement(30000 + i) });
                    }
                    else if (attached.Count > 0)
                    {
                        var id = attached.Keys.ElementAt(rng.Next(attached.Count));
                        toDel = attached[id];
                        attached.Remove(id);
                        foreach (var ip in addressOf[id])
                        {
                            owner.Remove(ip);
                        }
                    }
                    else if (next >= pods && busy == 0)
                    {
                        return;
                    }
                    if (gc || toAdd is not null || toDel is not null)
                    {
                        busy++;
                    }
                }
                try
                {
                    if (gc)
                    {
                        await Gc();
                    }
                    else if (toAdd is not null)
                    {
                        var path = node.NewPod();
                        await Add(toAdd with { Path = path, Rt = toAdd.Rt with { NetNS = path } });
                    }
                    else if (toDel is not null)
                    {
                        await Del(toDel);
                    }
                    else
                    {
                        await Task.Delay(5, ct);
                    }
                }
                catch (Exception e) when (e is CniException or InvalidOperationException or IOException)
                {
                    lock (gate)
                    {
                        failures.Add($"{(gc ? "GC" : toAdd is not null ? "ADD " + toAdd.Id : "DEL " + toDel?.Id)}: {e.Message}");
                    }
                }
                finally
                {
                    if (gc || toAdd is not null || toDel is not null)
                    {
                        lock (gate)
                        {
                            busy--;
                        }
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => Worker(w), ct)));
        var elapsed = sw.Elapsed;

        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} failures:\n{string.Join('\n', failures.Take(30))}");
        var leaks = node.Leaks();
        Assert.True(leaks.Count == 0, $"seed {seed}: left behind after every pod was detached:\n{string.Join('\n', leaks.Take(50))}");
        output.WriteLine($"churn: pods {pods}, workers {Workers}, GC calls {gcs}, most attached at once {maxAttached}, " +
                         $"duration {elapsed.TotalSeconds:0.0} s, duplicate IPs 0, failed calls 0, leaks: 0 (seed {seed})");
    }
}
