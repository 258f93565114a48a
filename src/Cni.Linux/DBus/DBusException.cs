namespace Cni.Linux.DBus;

/// <summary>
/// A D-Bus failure: either an <c>ERROR</c> reply from the peer (<see cref="ErrorName"/> set, the message is the
/// error's text, as godbus shows it) or a local one (no bus, authentication refused, timeout, broken stream).
/// </summary>
public sealed class DBusException : Exception
{
    /// <summary>A local failure (connection, authentication, protocol or timeout).</summary>
    public DBusException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>An <c>ERROR</c> reply named <paramref name="errorName"/>.</summary>
    public DBusException(string errorName, string message)
        : base(message) => ErrorName = errorName;

    /// <summary>The error name of an <c>ERROR</c> reply, e.g. <c>org.freedesktop.DBus.Error.ServiceUnknown</c>; null for local failures.</summary>
    public string? ErrorName { get; }
}
