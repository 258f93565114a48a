using System.Text;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>
/// A cache of the store: reservation file name → owner (the file's trimmed content), so lookups by container
/// need not read every file. It lives in a subdirectory, so rewriting it leaves the store directory's mtime alone,
/// and it records that mtime: any file another tool creates or removes (Go's host-local never writes an
/// existing reservation) changes the mtime and the cache is rebuilt. Go walks into the subdirectory but
/// never matches or parses it: the content is not an owner string and the names are not addresses.
/// </summary>
internal sealed class StoreIndex
{
    public const string DirectoryName = ".cni-index";
    private const string FileName = "index";
    private const string Header = "cni-dotnet host-local index 1";

    public enum State
    {
        /// <summary>Recorded after the store's last change: trust it.</summary>
        Fresh,
        /// <summary>Written in the same clock tick as the store's last change: a later change in that tick would not show, so check the names.</summary>
        Racy,
        /// <summary>Missing, unreadable, or the store changed since: rebuild from the files.</summary>
        Stale,
    }

    public static string PathIn(string storeDir) => Path.Combine(storeDir, DirectoryName, FileName);

    /// <summary>Reads the cache and judges it against the store directory's current mtime.</summary>
    public static (Dictionary<string, string>? Entries, State State) Read(string storeDir, long storeMtimeTicks)
    {
        var path = PathIn(storeDir);
        string text;
        long fileTicks;
        try
        {
            text = File.ReadAllText(path);
            fileTicks = File.GetLastWriteTimeUtc(path).Ticks;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, State.Stale);
        }
        var entries = Parse(text, out long recorded);
        if (entries is null || recorded != storeMtimeTicks)
        {
            return (null, State.Stale);
        }
        return (entries, fileTicks > recorded ? State.Fresh : State.Racy);
    }

    /// <summary>Writes the cache atomically, stamped with the store directory's mtime as it is now.</summary>
    public static void Write(string storeDir, IReadOnlyDictionary<string, string> entries)
    {
        var path = PathIn(storeDir);
        // Made before the stamp is taken: creating it changes the store directory's mtime.
        StoreFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        long stamp = Directory.GetLastWriteTimeUtc(storeDir).Ticks;
        var sb = new StringBuilder(64 + (entries.Count * 96));
        sb.Append(Header).Append('\n').Append("mtime ").Append(stamp).Append('\n');
        foreach (var (name, owner) in entries)
        {
            sb.Append(name).Append('\t');
            Escape(sb, owner);
            sb.Append('\n');
        }
        StoreFiles.WriteAtomic(path, Path.GetDirectoryName(path)!, Encoding.UTF8.GetBytes(sb.ToString()));
    }

    internal static Dictionary<string, string>? Parse(string text, out long recorded)
    {
        recorded = 0;
        var lines = text.Split('\n');
        if (lines.Length < 3 || lines[0] != Header || !lines[1].StartsWith("mtime ", StringComparison.Ordinal) ||
            !long.TryParse(lines[1].AsSpan(6), out recorded) || lines[^1].Length != 0)
        {
            return null;
        }
        var entries = new Dictionary<string, string>(lines.Length, StringComparer.Ordinal);
        for (int i = 2; i < lines.Length - 1; i++)
        {
            int tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || Unescape(lines[i].AsSpan(tab + 1)) is not { } owner)
            {
                return null;
            }
            entries[lines[i][..tab]] = owner;
        }
        return entries;
    }

    private static void Escape(StringBuilder sb, string owner)
    {
        foreach (var c in owner)
        {
            _ = c switch
            {
                '\\' => sb.Append("\\\\"),
                '\t' => sb.Append("\\t"),
                '\r' => sb.Append("\\r"),
                '\n' => sb.Append("\\n"),
                _ => sb.Append(c),
            };
        }
    }

    private static string? Unescape(ReadOnlySpan<char> s)
    {
        if (!s.Contains('\\'))
        {
            return new string(s);
        }
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\')
            {
                sb.Append(s[i]);
                continue;
            }
            if (++i == s.Length)
            {
                return null;
            }
            sb.Append(s[i] switch { '\\' => '\\', 't' => '\t', 'r' => '\r', 'n' => '\n', _ => '\0' });
        }
        return sb.ToString();
    }
}
