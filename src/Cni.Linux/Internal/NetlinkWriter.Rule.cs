using System.Net;
using System.Net.Sockets;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkWriter
{
    /// <summary>
    /// RTM_NEWRULE / RTM_DELRULE as <c>ip rule add|del</c> sends it: fib_rule_hdr (action to-table only on
    /// add), then FRA_SRC, FRA_DST, FRA_IIFNAME, FRA_OIFNAME, FRA_PRIORITY, FRA_TABLE (tables above 255).
    /// </summary>
    public static NetlinkWriter ModifyRule(Span<byte> buffer, bool add, Rule rule)
    {
        var w = new NetlinkWriter(buffer, add ? RTM_NEWRULE : RTM_DELRULE, add ? (ushort)(NLM_F_CREATE | NLM_F_EXCL) : (ushort)0);
        var family = rule.Source?.BaseAddress ?? rule.Destination?.BaseAddress;
        var nativeFamily = family is not null ? FamilyOf(family) : AddressOps.ToNative(rule.Family);
        w.WriteRtMsg(nativeFamily, (byte)(rule.Destination?.PrefixLength ?? 0), (byte)(rule.Source?.PrefixLength ?? 0),
            rule.Table < 256 ? (byte)rule.Table : RT_TABLE_UNSPEC, 0, 0, add ? FR_ACT_TO_TBL : (byte)0, 0);
        if (rule.Source is { } source)
            w.WriteAddress(FRA_SRC, source.BaseAddress);
        if (rule.Destination is { } destination)
            w.WriteAddress(FRA_DST, destination.BaseAddress);
        if (rule.InputInterface is { } iif)
            w.WriteString(FRA_IIFNAME, iif);
        if (rule.OutputInterface is { } oif)
            w.WriteString(FRA_OIFNAME, oif);
        if (rule.Priority is { } priority)
            w.WriteU32(FRA_PRIORITY, priority);
        if (rule.Table >= 256)
            w.WriteU32(FRA_TABLE, rule.Table);
        return w;
    }

    /// <summary>RTM_GETRULE dump of one family.</summary>
    public static NetlinkWriter DumpRules(Span<byte> buffer, byte family)
    {
        var w = new NetlinkWriter(buffer, RTM_GETRULE, 0);
        w.WriteRtMsg(family, 0, 0, 0, 0, 0, 0, 0);
        return w;
    }
}
