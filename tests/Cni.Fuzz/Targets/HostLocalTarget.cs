using System.Text;
using Cni.Plugins.Ipam.HostLocal;

namespace Cni.Fuzz.Targets;

/// <summary>
/// The host-local store reader: what it makes of file names, reservation files, <c>last_reserved_ip.N</c>, the
/// index cache and <c>resolv.conf</c> written by anyone (Go, an operator, a crash half-way). None of these may
/// throw: unreadable content counts as garbage, never as an error.
/// </summary>
internal static class HostLocalTarget
{
    public static bool Allowed(Exception e) => false;

    public static void Text(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        _ = StoreFiles.AddressOf(text);
        foreach (var line in text.Split('\n'))
        {
            if (StoreFiles.AddressOf(line) is { } ip && StoreFiles.AddressOf(StoreFiles.NameOf(ip)) is not { } back)
            {
                throw new InvariantException($"reservation name {StoreFiles.NameOf(ip)} (from {line}) does not read back");
            }
        }
        _ = ResolvConf.Parse(text);
        if (StoreIndex.Parse(text, out _) is { } entries)
        {
            foreach (var (name, owner) in entries)
            {
                if (name.Contains('\n') || name.Contains('\t'))
                {
                    throw new InvariantException($"index entry name holds a separator: {name}");
                }
                _ = StoreFiles.AddressOf(name);
                _ = owner.Length;
            }
        }
    }

    /// <summary>The same bytes as files of a real store directory, read through the store's own API.</summary>
    public static void Directory(byte[] input)
    {
        var data = Path.Combine(Path.GetTempPath(), "cni-fuzz-store-" + Environment.CurrentManagedThreadId + "-" + Environment.ProcessId);
        var dir = Path.Combine(data, "net");
        System.IO.Directory.CreateDirectory(Path.Combine(dir, StoreIndex.DirectoryName));
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "198.18.0.2"), input);
            File.WriteAllBytes(Path.Combine(dir, StoreFiles.LastReservedPrefix + "0"), input);
            File.WriteAllBytes(StoreIndex.PathIn(dir), input);
            using var store = HostLocalStore.Open(data, "net", TimeSpan.FromSeconds(5));
            _ = store.LastReservedIP(0);
            _ = store.GetById("ctr", "eth0");
            _ = store.FindById(Encoding.UTF8.GetString(input).Trim(), "eth0");
            _ = store.Entries();
        }
        finally
        {
            System.IO.Directory.Delete(data, recursive: true);
        }
    }
}
