namespace Cni.Differential.Tests.Harness;

/// <summary>
/// Differences found in our plugins that are NOT deliberate. Broad cases accept them (so each still checks
/// everything else); each one has a dedicated test that fails until it is fixed (see IncompatibilityTests).
/// </summary>
internal static class Incompatibility
{
    public static readonly Known LockMode = new(@" disk data/[^ ]+/lock mode=0750 ", @" disk data/[^ ]+/lock mode=0640 ",
        "INCOMPATIBLE: host-local's lock file is 0640, Go creates it 0750", true);

    public static readonly Known Broadcast = new(@"addr_info\[[^\]]+\]\.broadcast = ""198\.", null,
        "INCOMPATIBLE: our IPv4 addresses have no broadcast address (Go's netlink sets brd, e.g. 198.18.10.255 for a /24)", true);

    public static readonly Known PtpAcceptDad = new(@"ctr/sysctl net\.ipv6\.conf\.eth0\.accept_dad = 1", @"ctr/sysctl net\.ipv6\.conf\.eth0\.accept_dad = 0",
        "NEEDS DECISION: our ptp turns IPv6 DAD off on the container interface (accept_dad=0), Go leaves it on", true);

    public static readonly Known PtpNodad = new(null, @"host/(addr\[<veth\d>\]\.addr_info\[inet6 [^\]]+ 128\]\.nodad = true|route6\[local local fd00:)",
        "NEEDS DECISION: our ptp adds the host-side IPv6 gateway /128 with nodad, Go does not (its address goes through DAD, so it is not yet usable when ADD returns)", true);

    public static readonly Known VethTxqlen = new(null, @"/(link|addr)\[[^\]]+\]\.txqlen = 1000$",
        "INCOMPATIBLE: our veth pairs keep the kernel's txqueuelen 1000; Go creates them with txqueuelen 0", true);
}
