using System.Runtime.InteropServices;

namespace Cni.Linux;

/// <summary>
/// A failed kernel call. Keeps the errno and says what was being done, on what and where, e.g.
/// <c>adding address 198.18.0.5/24 to eth0 in /var/run/netns/x: File exists</c>.
/// </summary>
public class LinuxException : Exception
{
    /// <summary>Creates an exception for <paramref name="errno"/> raised while doing <paramref name="operation"/>.</summary>
    /// <param name="errno">The positive errno value.</param>
    /// <param name="operation">What was being done, e.g. <c>adding address 198.18.0.5/24 to eth0 in /var/run/netns/x</c>.</param>
    /// <param name="kernelMessage">The netlink extended-ACK text, if the kernel sent one.</param>
    public LinuxException(int errno, string operation, string? kernelMessage = null)
        : base(Format(errno, operation, kernelMessage))
    {
        Errno = errno;
        Operation = operation;
        KernelMessage = kernelMessage;
    }

    /// <summary>Creates an exception with a message fixed by a compatibility contract.</summary>
    protected LinuxException(int errno, string operation, string message, Exception? innerException)
        : base(message, innerException)
    {
        Errno = errno;
        Operation = operation;
    }

    /// <summary>The errno value (positive), e.g. 17 for <c>EEXIST</c>.</summary>
    public int Errno { get; }

    /// <summary>The symbolic errno name, e.g. <c>EEXIST</c>, or <c>errno N</c> for values without a known name.</summary>
    public string ErrnoName => Internal.ErrnoNames.Get(Errno);

    /// <summary>The C library's text for <see cref="Errno"/>, e.g. <c>File exists</c>.</summary>
    public string ErrorText => Marshal.GetPInvokeErrorMessage(Errno);

    /// <summary>What was being done when the call failed.</summary>
    public string Operation { get; }

    /// <summary>The kernel's extended-ACK message (<c>NLMSGERR_ATTR_MSG</c>), when it sent one.</summary>
    public string? KernelMessage { get; }

    /// <summary>Throws for the calling thread's last P/Invoke error.</summary>
    internal static LinuxException FromLastError(string operation) =>
        new(Marshal.GetLastPInvokeError(), operation);

    private static string Format(int errno, string operation, string? kernelMessage)
    {
        var text = Marshal.GetPInvokeErrorMessage(errno);
        return string.IsNullOrEmpty(kernelMessage) ? $"{operation}: {text}" : $"{operation}: {text} ({kernelMessage})";
    }
}
