using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static Cni.Linux.Interop.Libc;

namespace Cni.Linux;

/// <summary>
/// File descriptor 1 as a write-only stream of plain <c>write(2)</c> calls (the shared file offset advances, as with
/// any other writer of the descriptor). Unlike <c>Console.OpenStandardOutput()</c>, the first write does not start
/// the console's terminal and signal-handling machinery (a thread, a pipe, <c>Console.Out</c>), which a plugin
/// process pays for at every start. Like Console's stream, a reader that went away (<c>EPIPE</c>) is ignored.
/// </summary>
public sealed class StandardOutputStream : Stream
{
    private const int EINTR = 4;
    private const int EPIPE = 32;
    private readonly SafeFileHandle _fd = new(1, ownsHandle: false);

    /// <inheritdoc/>
    public override bool CanRead => false;
    /// <inheritdoc/>
    public override bool CanSeek => false;
    /// <inheritdoc/>
    public override bool CanWrite => true;
    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc/>
    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                var n = write(_fd, p + done, (nuint)(buffer.Length - done));
                if (n >= 0)
                {
                    done += (int)n;
                    continue;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }
                if (errno == EPIPE)
                {
                    return;
                }
                var e = new LinuxException(errno, "writing to standard output");
                throw new IOException(e.Message, e);
            }
        }
    }
}
