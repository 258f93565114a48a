namespace Cni;

/// <summary>An interface in a result (1.x fields; 0.3/0.4 keep name, mac and sandbox).</summary>
public sealed record Interface
{
    /// <summary>Interface name.</summary>
    public required string Name { get; init; }
    /// <summary>Hardware address, <c>aa:bb:cc:dd:ee:ff</c>.</summary>
    public string? Mac { get; init; }
    /// <summary>MTU (1.1.0); 0 when unset.</summary>
    public int Mtu { get; init; }
    /// <summary>The sandbox (netns path) holding the interface; empty for host interfaces.</summary>
    public string? Sandbox { get; init; }
    /// <summary>Socket path of a vhost-user or similar interface (1.1.0).</summary>
    public string? SocketPath { get; init; }
    /// <summary>PCI address of the device (1.1.0).</summary>
    public string? PciId { get; init; }
}
