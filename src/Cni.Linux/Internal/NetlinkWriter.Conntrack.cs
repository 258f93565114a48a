using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkWriter
{
    /// <summary>A ctnetlink request: the header and <c>nfgenmsg</c> (family, NFNETLINK_V0, res_id 0).</summary>
    public static NetlinkWriter Conntrack(Span<byte> buffer, byte message, byte family) =>
        Nfnetlink(buffer, CtMessageType(message), family);

    /// <summary>NFT_MSG_GETTABLE of one table by name (nf_tables, the kernel side of <c>nft list table</c>).</summary>
    public static NetlinkWriter GetNftTable(Span<byte> buffer, byte family, string name)
    {
        var w = Nfnetlink(buffer, (ushort)((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETTABLE), family);
        w.WriteString(NFTA_TABLE_NAME, name);
        return w;
    }

    private static NetlinkWriter Nfnetlink(Span<byte> buffer, ushort type, byte family)
    {
        var w = new NetlinkWriter(buffer, type, 0);
        var header = w.Reserve(NFGENMSG_LEN);
        header[0] = family;
        header[1] = NFNETLINK_V0;
        return w;
    }
}
