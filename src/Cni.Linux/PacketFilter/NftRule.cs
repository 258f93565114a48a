namespace Cni.Linux.PacketFilter;

/// <summary>A listed nftables rule: its handle and comment.</summary>
public sealed record NftRule(long Handle, string Comment);
