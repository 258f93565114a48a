namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>The option codes the client reads or writes (RFC 2132, RFC 3442), named as in the RFCs.</summary>
internal static class DhcpOptionCode
{
    public const byte Pad = 0;
    public const byte SubnetMask = 1;
    public const byte Router = 3;
    public const byte HostName = 12;
    public const byte StaticRoutes = 33;
    public const byte RequestedIPAddress = 50;
    public const byte IPAddressLeaseTime = 51;
    public const byte MessageType = 53;
    public const byte ServerIdentifier = 54;
    public const byte ParameterRequestList = 55;
    public const byte Message = 56;
    public const byte MaximumMessageSize = 57;
    public const byte RenewalTime = 58;
    public const byte RebindingTime = 59;
    public const byte VendorClassIdentifier = 60;
    public const byte ClientIdentifier = 61;
    public const byte UserClass = 77;
    public const byte ClasslessStaticRoutes = 121;
    public const byte End = 255;
}
