namespace Cni;

/// <summary>A CNI error: a spec code, a short message and optional details, as the spec's error object carries.</summary>
public class CniException : Exception
{
    /// <summary>Creates an error with a spec code (see <see cref="CniErrorCode"/>).</summary>
    public CniException(uint code, string msg, string? details = null, Exception? inner = null)
        : base(string.IsNullOrEmpty(details) ? msg : msg + "; " + details, inner)
    {
        Code = code;
        Msg = msg;
        Details = details ?? "";
    }

    /// <summary>The spec error code.</summary>
    public uint Code { get; }

    /// <summary>The short message (the error object's <c>msg</c>).</summary>
    public string Msg { get; }

    /// <summary>The longer explanation (the error object's <c>details</c>), empty when none.</summary>
    public string Details { get; }

    /// <summary>Wraps any exception: a <see cref="CniException"/> is returned as is, anything else becomes code 999 like Go's skeleton does.</summary>
    public static CniException From(Exception e) =>
        e as CniException ?? new CniException(CniErrorCode.Internal, e.Message, inner: e);
}
