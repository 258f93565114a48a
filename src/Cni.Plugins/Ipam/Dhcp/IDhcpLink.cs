namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>The interface a lease belongs to: its hardware address, a way to talk on it, and what the lease may do to it.</summary>
internal interface IDhcpLink : IDisposable
{
    /// <summary>The interface name, for messages.</summary>
    string Name { get; }

    /// <summary>The MAC address sent as <c>chaddr</c>.</summary>
    byte[] HardwareAddress { get; }

    /// <summary>Opens a transport for one exchange; closed right after, so no idle socket copies the container's traffic.</summary>
    IDhcpTransport OpenTransport();

    /// <summary>Whether the interface still exists (the container may be gone without a DEL).</summary>
    bool Exists();

    /// <summary>Sets the interface down: the lease is lost and the address must not be used any more.</summary>
    void SetDown();
}
