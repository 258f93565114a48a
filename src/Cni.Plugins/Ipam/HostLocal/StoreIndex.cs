using System.Text;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>
/// A cache of the store: reservation file name → owner (the file's trimmed content), so lookups by container
/// need not read every file. It lives in a subdirectory, so rewriting it leaves the store directory's mtime alone,
/// and it records that mtime: any file another tool creates or removes (Go's host-local never writes an
/// existing reservation) changes the mtime and the cache is rebuilt. Go walks into the subdirectory but
/// never matches or parses it: the content is not an owner string and the names are not addresses.
/// It is rewritten in place (see <see cref="StoreFiles.WriteInPlace"/>), so its third line carries the length and
/// an FNV-1a hash of the entries after it: a write a crash cut short, or old entries left past a shorter new
/// content, does not pass as an index.
/// </summary>
internal sealed class StoreIndex
{
    public const string DirectoryName = ".cni-index";
    private const string FileName = "index";
    private const string Header = "cni-dotnet host-local index 2";

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
            if (!Cni.Linux.Files.TryReadAllText(path, out text))
            {
                text = File.ReadAllText(path);
            }
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

    /// <summary>Writes the cache in place, stamped with the store directory's mtime as it is now.</summary>
    public static void Write(string storeDir, IReadOnlyDictionary<string, string> entries)
    {
        var path = PathIn(storeDir);
        // Made before the stamp is taken: creating it changes the store directory's mtime.
        StoreFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        long stamp = Directory.GetLastWriteTimeUtc(storeDir).Ticks;
        var body = new StringBuilder(entries.Count * 96);
        foreach (var (name, owner) in entries)
        {
            body.Append(name).Append('\t');
            Escape(body, owner);
            body.Append('\n');
        }
        var text = body.ToString();
        var head = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Header}\nmtime {stamp}\ncheck {text.Length} {Hash(text):x16}\n");
        var bytes = Encoding.UTF8.GetBytes(head + text);
        StoreFiles.WriteInPlace(path, bytes);
        // Written in the same clock tick as the store's last change, the next reader would take the index for racy
        // (a directory listing and a rewrite more). Once a file's time has been read, Linux (6.13+, multigrain
        // timestamps) stamps its next change with the fine clock: one rewrite then makes it newer than the stamp.
        if (File.GetLastWriteTimeUtc(path).Ticks <= stamp)
        {
            StoreFiles.WriteInPlace(path, bytes);
        }
    }

    internal static Dictionary<string, string>? Parse(string text, out long recorded)
    {
        recorded = 0;
        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[0] != Header || !lines[1].StartsWith("mtime ", StringComparison.Ordinal) ||
            !long.TryParse(lines[1].AsSpan(6), out recorded) || lines[^1].Length != 0 || !Checked(text, lines, 2))
        {
            return null;
        }
        var entries = new Dictionary<string, string>(lines.Length, StringComparer.Ordinal);
        for (int i = 3; i < lines.Length - 1; i++)
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

    /// <summary>Whether line <paramref name="at"/> is <c>check LENGTH HASH</c> and matches everything after it.</summary>
    private static bool Checked(string text, string[] lines, int at)
    {
        var line = lines[at].AsSpan();
        if (!line.StartsWith("check ", StringComparison.Ordinal))
        {
            return false;
        }
        line = line[6..];
        int space = line.IndexOf(' ');
        if (space <= 0 || !int.TryParse(line[..space], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int length) ||
            !ulong.TryParse(line[(space + 1)..], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out ulong hash))
        {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= at; i++)
        {
            start += lines[i].Length + 1;
        }
        var body = text.AsSpan(start);
        return body.Length == length && Hash(body) == hash;
    }

    /// <summary>64-bit FNV-1a over the UTF-16 code units.</summary>
    private static ulong Hash(ReadOnlySpan<char> s)
    {
        ulong h = 14695981039346656037;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211;
        }
        return h;
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
