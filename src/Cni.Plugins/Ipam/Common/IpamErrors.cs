namespace Cni.Plugins.Ipam.Common;

/// <summary>The IPAM plugins' error kinds: Go's messages, the spec's codes.</summary>
internal static class IpamErrors
{
    /// <summary>The config (or the request's args) cannot be served as written: code 7.</summary>
    public static CniException Config(string msg) => new(CniErrorCode.InvalidNetworkConfig, msg);

    /// <summary>A condition that may clear by itself (pool exhausted, requested address still held): code 11.</summary>
    public static CniException Busy(string msg) => new(CniErrorCode.TryAgainLater, msg);

    /// <summary>The store cannot be read or written: code 5.</summary>
    public static CniException Store(string msg, Exception? inner = null) => new(CniErrorCode.IOFailure, msg, inner: inner);

    /// <summary>Anything else, like Go's plugins: code 999.</summary>
    public static CniException Internal(string msg) => new(CniErrorCode.Internal, msg);

    /// <summary>Runs a parser of address text and turns its <see cref="FormatException"/> (Go's wording) into code 7.</summary>
    public static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw Config(e.Message);
        }
    }

    /// <summary>Re-raises <paramref name="e"/> with a prefix, keeping its code (Go's <c>fmt.Errorf("...: %v", err)</c>).</summary>
    public static CniException Wrap(string prefix, CniException e) => new(e.Code, prefix + e.Msg, e.Details.Length > 0 ? e.Details : null, e);
}
