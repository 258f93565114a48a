using Cni.Linux.PacketFilter;

namespace Cni.Plugins.Common;

/// <summary>
/// Removes an attachment's iptables masquerade chain by its name alone. Go's teardown needs the container's
/// addresses and so leaks the chain once the namespace is gone; the chain name depends only on network and
/// container id, so the POSTROUTING jumps to it can be found and removed without them.
/// </summary>
internal static class IpMasqChains
{
    public static void Remove(string network, string containerId)
    {
        var chain = ChainNames.Chain(network, containerId);
        foreach (var ipt in new[] { Iptables.V4, Iptables.V6 })
        {
            try
            {
                if (!ipt.ChainExists("nat", chain))
                {
                    continue;
                }
                var batch = new System.Text.StringBuilder("*nat\n");
                foreach (var rule in ipt.List("nat", "POSTROUTING"))
                {
                    if (rule.StartsWith("-A POSTROUTING ", StringComparison.Ordinal) && rule.Contains($" -j {chain}", StringComparison.Ordinal))
                    {
                        batch.Append("-D").Append(rule.AsSpan(2)).Append('\n');
                    }
                }
                batch.Append($"-F {chain}\n-X {chain}\nCOMMIT\n");
                ipt.Restore(batch.ToString());
            }
            catch (PacketFilterException e) when (!ipt.IsUsable())
            {
                _ = e;
            }
        }
    }
}
