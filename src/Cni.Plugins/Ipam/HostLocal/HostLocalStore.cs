using System.Net;
using Cni.Linux;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>
/// Go's disk store, byte for byte: <c>&lt;dataDir&gt;/&lt;network&gt;/&lt;ip&gt;</c> holding <c>id\r\nifname</c> (mode 0600),
/// <c>last_reserved_ip.&lt;set&gt;</c>, and <c>lock</c>, flocked for the whole life of this object. New files appear
/// whole (written aside, then linked in under their final name, which fails if the name is taken — Go's O_EXCL);
/// lookups by container go through <see cref="StoreIndex"/>.
/// </summary>
internal sealed partial class HostLocalStore : IDisposable
{
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);
    private const int EEXIST = 17;
    private const int ETIMEDOUT = 110;

    private readonly FileLock _lock;
    private Dictionary<string, string>? _entries;
    private bool _dirty;
    private string? _pendingFile;
    private string? _pendingOwner;

    private HostLocalStore(string dir, FileLock fileLock)
    {
        Dir = dir;
        _lock = fileLock;
        WorkDir = Path.Combine(dir, StoreIndex.DirectoryName);
    }

    /// <summary>The network's directory.</summary>
    public string Dir { get; }

    /// <summary>Where files are written before they are moved or linked into <see cref="Dir"/>.</summary>
    private string WorkDir { get; }

    /// <summary>The network's directory under <paramref name="dataDir"/>, its name checked first.</summary>
    public static string DirFor(string dataDir, string network)
    {
        if (string.IsNullOrEmpty(network) || network.Contains('/') || network is "." or "..")
        {
            throw IpamErrors.Config($"invalid network name \"{network}\": must be a plain file name");
        }
        Validation.NetworkName(network);
        return Path.Combine(dataDir, network);
    }

    /// <summary>Whether the network's store directory exists (without creating it).</summary>
    public static bool Exists(string dataDir, string network) => Directory.Exists(DirFor(dataDir, network));

    /// <summary>Creates the directory if needed and takes the lock.</summary>
    /// <exception cref="CniException">Code 5 when the directory or lock cannot be made, 11 when the lock is not granted in time.</exception>
    public static HostLocalStore Open(string dataDir, string network, TimeSpan? lockTimeout = null)
    {
        var dir = DirFor(dataDir, network);
        try
        {
            StoreFiles.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw IpamErrors.Store($"failed to create store directory {dir}: {e.Message}", e);
        }
        FileLock fileLock;
        try
        {
            fileLock = FileLock.Acquire(Path.Combine(dir, StoreFiles.LockFileName), lockTimeout ?? LockTimeout);
        }
        catch (LinuxException e)
        {
            throw e.Errno == ETIMEDOUT ? IpamErrors.Busy(e.Message) : IpamErrors.Store(e.Message, e);
        }
        return new HostLocalStore(dir, fileLock);
    }

    /// <summary>Go's <c>Reserve</c>: claims <paramref name="ip"/> unless some file already has its name, then records it as the set's last.</summary>
    public bool Reserve(string containerId, string ifName, IPAddress ip, int rangeSet)
    {
        var name = StoreFiles.NameOf(ip);
        var owner = StoreFiles.OwnerKey(containerId, ifName);
        try
        {
            StoreFiles.CreateDirectory(WorkDir);
            if (_pendingOwner != owner)
            {
                _pendingFile = Path.Combine(WorkDir, "reserve.tmp." + Environment.ProcessId);
                File.Delete(_pendingFile);
                StoreFiles.WriteNew(_pendingFile, StoreFiles.Content(containerId, ifName));
                _pendingOwner = owner;
            }
            if (!LinkIn(_pendingFile!, Path.Combine(Dir, name)))
            {
                return false;
            }
            File.Delete(_pendingFile!);
            _pendingFile = null;
            _pendingOwner = null;
            Entries()[name] = owner;
            _dirty = true;
            StoreFiles.WriteInPlace(Path.Combine(Dir, StoreFiles.LastReservedPrefix + rangeSet), System.Text.Encoding.UTF8.GetBytes(name));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw IpamErrors.Store($"failed to reserve {name} in {Dir}: {e.Message}", e);
        }
    }

    /// <summary>Go's <c>LastReservedIP</c>: the content parsed as an address (not trimmed), null when absent or garbage.</summary>
    public IPAddress? LastReservedIP(int rangeSet)
    {
        var path = Path.Combine(Dir, StoreFiles.LastReservedPrefix + rangeSet);
        try
        {
            return StoreFiles.AddressOf(Files.TryReadAllText(path, out var text) ? text : File.ReadAllText(path));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Error retrieving last reserved ip: {e.Message}");
            return null;
        }
    }

    /// <summary>Go's <c>GetByID</c>: addresses whose file holds this attachment, in either format.</summary>
    public List<IPAddress> GetById(string containerId, string ifName)
    {
        var key = StoreFiles.OwnerKey(containerId, ifName);
        var legacy = StoreFiles.LegacyKey(containerId);
        return [.. Verified(o => o == key || o == legacy).Select(n => StoreFiles.AddressOf(n)!)];
    }

    /// <summary>Go's <c>FindByID</c>: any file in the new format, else any legacy file of the container.</summary>
    public bool FindById(string containerId, string ifName) =>
        Verified(o => o == StoreFiles.OwnerKey(containerId, ifName)).Count > 0 ||
        Verified(o => o == StoreFiles.LegacyKey(containerId)).Count > 0;

    /// <summary>Go's <c>ReleaseByID</c>: every file in the new format, or if there are none, every legacy file of the container.</summary>
    public int ReleaseById(string containerId, string ifName)
    {
        var key = StoreFiles.OwnerKey(containerId, ifName);
        var names = Verified(o => o == key);
        if (names.Count == 0)
        {
            key = StoreFiles.LegacyKey(containerId);
            names = Verified(o => o == key);
        }
        foreach (var name in names)
        {
            Remove(name);
        }
        return names.Count;
    }

    /// <summary>Releases one address if it still belongs to this attachment (undoing a partial ADD).</summary>
    public void Release(IPAddress ip, string containerId, string ifName)
    {
        var name = StoreFiles.NameOf(ip);
        if (StoreFiles.ReadOwner(Path.Combine(Dir, name)) == StoreFiles.OwnerKey(containerId, ifName))
        {
            Remove(name);
        }
    }

    /// <summary>Saves the index if it changed, removes leftovers and drops the lock.</summary>
    public void Dispose()
    {
        try
        {
            if (_pendingFile is not null)
            {
                File.Delete(_pendingFile);
            }
            if (_dirty && _entries is not null)
            {
                StoreIndex.Write(Dir, _entries);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The index is a cache: a stale one is rebuilt by the next caller.
            Console.Error.WriteLine($"host-local: could not save the store index in {Dir}: {e.Message}");
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private void Remove(string name)
    {
        try
        {
            File.Delete(Path.Combine(Dir, name));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw IpamErrors.Store($"failed to release {name} in {Dir}: {e.Message}", e);
        }
        Entries().Remove(name);
        _dirty = true;
    }

    private static bool LinkIn(string source, string target)
    {
        try
        {
            if (Files.HardLink(source, target))
            {
                return true;
            }
        }
        catch (LinuxException e) when (e.Errno == EEXIST)
        {
            return false;
        }
        catch (LinuxException e)
        {
            throw new IOException(e.Message, e);
        }
        // Another file system mounted over the work directory: fall back to Go's exclusive create.
        try
        {
            StoreFiles.WriteNew(target, File.ReadAllBytes(source));
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
    }
}
