namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>A DHCP exchange that did not end in a lease: no answer in time, or a NAK.</summary>
internal sealed class DhcpException(string message, bool nak = false) : Exception(message)
{
    /// <summary>The server refused (DHCPNAK) rather than staying silent.</summary>
    public bool Nak { get; } = nak;
}
