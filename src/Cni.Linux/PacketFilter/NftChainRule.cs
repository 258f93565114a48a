namespace Cni.Linux.PacketFilter;

/// <summary>A listed nftables rule with the chain it is in.</summary>
public sealed record NftChainRule(string Chain, long Handle, string Comment);
