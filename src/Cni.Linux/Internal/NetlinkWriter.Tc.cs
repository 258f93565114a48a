using System.Buffers.Binary;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkWriter
{
    /// <summary>Writes the <c>tcmsg</c> family header.</summary>
    public void WriteTcMsg(int index, uint handle, uint parent, uint info)
    {
        var h = Reserve(TCMSG_LEN);
        BinaryPrimitives.WriteInt32LittleEndian(h[4..], index);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], handle);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], parent);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], info);
    }

    /// <summary>RTM_NEWQDISC tbf, handle 1:, parent root, as vishvananda/netlink's Tbf (TCA_TBF_PARMS, RATE64 when needed).</summary>
    public static NetlinkWriter AddTbf(Span<byte> buffer, int index, ulong rate, uint limit, uint bucketTicks)
    {
        var w = new NetlinkWriter(buffer, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL);
        w.WriteTcMsg(index, 0x0001_0000, TC_H_ROOT, 0);
        w.WriteString(TCA_KIND, "tbf");
        var options = w.BeginNested(TCA_OPTIONS);
        Span<byte> qopt = stackalloc byte[TC_TBF_QOPT_LEN];
        qopt.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(qopt[8..], (uint)Math.Min(rate, uint.MaxValue));
        BinaryPrimitives.WriteUInt32LittleEndian(qopt[24..], limit);
        BinaryPrimitives.WriteUInt32LittleEndian(qopt[28..], bucketTicks);
        w.WriteAttribute(TCA_TBF_PARMS, qopt);
        if (rate >= 1UL << 32)
            w.WriteU64(TCA_TBF_RATE64, rate);
        w.EndNested(options);
        return w;
    }

    /// <summary>RTM_NEWQDISC ingress (handle ffff:, parent ingress), as <c>tc qdisc add dev X ingress</c>.</summary>
    public static NetlinkWriter AddIngress(Span<byte> buffer, int index)
    {
        var w = new NetlinkWriter(buffer, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL);
        w.WriteTcMsg(index, 0xFFFF_0000, TC_H_INGRESS, 0);
        w.WriteString(TCA_KIND, "ingress");
        w.EndNested(w.BeginNested(TCA_OPTIONS));
        return w;
    }

    /// <summary>RTM_DELQDISC of the qdisc at <paramref name="parent"/>.</summary>
    public static NetlinkWriter DeleteQdisc(Span<byte> buffer, int index, uint parent)
    {
        var w = new NetlinkWriter(buffer, RTM_DELQDISC, 0);
        w.WriteTcMsg(index, 0, parent, 0);
        return w;
    }

    /// <summary>RTM_GETQDISC dump.</summary>
    public static NetlinkWriter DumpQdiscs(Span<byte> buffer)
    {
        var w = new NetlinkWriter(buffer, RTM_GETQDISC, 0);
        w.WriteTcMsg(0, 0, 0, 0);
        return w;
    }

    /// <summary>
    /// The bandwidth plugin's filter: u32 on parent ffff:, priority 1, protocol all, one match-all key,
    /// classid 1:1, action mirred egress redirect to <paramref name="targetIndex"/> (stolen).
    /// </summary>
    public static NetlinkWriter AddRedirectFilter(Span<byte> buffer, int index, int targetIndex)
    {
        var w = new NetlinkWriter(buffer, RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL);
        w.WriteTcMsg(index, 0, 0xFFFF_0000, (1u << 16) | BinaryPrimitives.ReverseEndianness(ETH_P_ALL));
        w.WriteString(TCA_KIND, "u32");
        var options = w.BeginNested(TCA_OPTIONS);
        w.WriteU32(TCA_U32_CLASSID, 0x0001_0001);
        Span<byte> sel = stackalloc byte[32];
        sel.Clear();
        sel[0] = TC_U32_TERMINAL;
        sel[2] = 1;
        w.WriteAttribute(TCA_U32_SEL, sel);
        var actions = w.BeginNested(TCA_U32_ACT);
        var first = w.BeginNested(1);
        w.WriteString(TCA_ACT_KIND, "mirred");
        var actionOptions = w.BeginNested(TCA_ACT_OPTIONS);
        Span<byte> mirred = stackalloc byte[28];
        mirred.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(mirred[8..], TC_ACT_STOLEN);
        BinaryPrimitives.WriteInt32LittleEndian(mirred[20..], TCA_EGRESS_REDIR);
        BinaryPrimitives.WriteInt32LittleEndian(mirred[24..], targetIndex);
        w.WriteAttribute(TCA_MIRRED_PARMS, mirred);
        w.EndNested(actionOptions);
        w.EndNested(first);
        w.EndNested(actions);
        w.EndNested(options);
        return w;
    }
}
