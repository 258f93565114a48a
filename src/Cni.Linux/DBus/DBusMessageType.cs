namespace Cni.Linux.DBus;

/// <summary>The message types of the wire protocol.</summary>
internal enum DBusMessageType : byte
{
    MethodCall = 1,
    MethodReturn = 2,
    Error = 3,
    Signal = 4,
}
