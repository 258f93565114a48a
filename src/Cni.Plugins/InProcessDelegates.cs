using System.Text;
using Cni.Linux;
using Cni.Plugin;

namespace Cni.Plugins;

/// <summary>
/// Delegation without a process start: when the delegate found in <c>CNI_PATH</c> is this very binary (same
/// device and inode, under any name), its plugin runs here through the same skeleton, with the delegate's own
/// environment and stdin. Anything else is exec'd as usual.
/// </summary>
internal static class InProcessDelegates
{
    private const string Self = "/proc/self/exe";

    public static void Enable() => Delegation.InProcess = Run;

    private static byte[]? Run(string path, IReadOnlyDictionary<string, string> env, ReadOnlyMemory<byte> stdin)
    {
        if (PluginTable.Find(Path.GetFileName(path)) is not { } entry || !Files.SameFile(path, Self))
        {
            return null;
        }
        var stdout = new StringWriter();
        int exit = Skeleton.Run(entry.Create(), new PluginIO
        {
            Environment = env,
            Stdin = new MemoryStream(stdin.ToArray(), writable: false),
            Stdout = stdout,
            Stderr = new DeferredWriter(static () => Console.Error),
        });
        var bytes = Encoding.UTF8.GetBytes(stdout.ToString());
        if (exit == 0)
        {
            return bytes;
        }
        throw CniError.Parse(bytes) ?? new CniException(CniErrorCode.Internal, $"netplugin failed with no error message: exit status {exit}");
    }
}
