namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>What a client sends and how patiently it waits.</summary>
internal sealed record DhcpClientSettings
{
    /// <summary>Option 61, type byte included.</summary>
    public required byte[] ClientId { get; init; }

    /// <summary>Options from the config's <c>provide</c> list.</summary>
    public DhcpOptions Provide { get; init; } = new();

    /// <summary>Option 55.</summary>
    public byte[] RequestList { get; init; } = [DhcpOptionCode.Router, DhcpOptionCode.SubnetMask];

    /// <summary>How long to wait for a reply before retransmitting (plus the backoff delay).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest backoff delay between retransmissions.</summary>
    public TimeSpan ResendMax { get; init; } = TimeSpan.FromSeconds(62);

    /// <summary>The whole budget of one acquisition.</summary>
    public TimeSpan ResendTimeout { get; init; } = TimeSpan.FromSeconds(208);

    /// <summary>Ask servers to broadcast replies while the client has no address (the BOOTP broadcast flag).</summary>
    public bool Broadcast { get; init; }

    /// <summary>Go's client ID: <c>&lt;container id&gt;/&lt;network&gt;/&lt;ifname&gt;</c>, cut to 254 bytes, type 0 prepended.</summary>
    public static byte[] ClientIdFor(string key)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(key);
        return [0, .. bytes.AsSpan(0, Math.Min(bytes.Length, 254))];
    }
}
