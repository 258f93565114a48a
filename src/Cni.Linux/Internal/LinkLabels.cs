using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

/// <summary>
/// Runs a request on one link and, only if it fails, looks the link's name up so that the error reads
/// "adding address 198.18.0.5/24 to eth0 in /var/run/netns/x: File exists" rather than naming an index.
/// </summary>
internal static class LinkLabels
{
    public static void Execute(NetlinkSocket socket, Span<byte> request, int index, Func<string, string> describe)
    {
        try
        {
            socket.Execute(request, "");
        }
        catch (LinuxException e)
        {
            throw new LinuxException(e.Errno, socket.Where(describe(Label(socket, index))), e.KernelMessage);
        }
    }

    /// <summary>The link's name, or "link N" when it cannot be read (e.g. it does not exist).</summary>
    public static string Label(NetlinkSocket socket, int index)
    {
        try
        {
            var request = NetlinkWriter.GetLink(stackalloc byte[NetlinkWriter.DefaultCapacity], null, index);
            var links = socket.Query(request.Complete(), static (type, payload) => type == RTM_NEWLINK ? NetlinkReader.ReadLink(payload) : null, "", Interop.Libc.ENODEV);
            return links.Count > 0 ? links[0].Name : $"link {index}";
        }
        catch (LinuxException)
        {
            return $"link {index}";
        }
    }
}
