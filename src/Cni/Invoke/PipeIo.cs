using System.IO.Pipes;
using System.Runtime.ExceptionServices;
using Microsoft.Win32.SafeHandles;

namespace Cni;

/// <summary>
/// Blocking I/O on a child's pipes without the socket engine: on Unix, <see cref="PipeStream"/> reads and writes through
/// a <c>Socket</c> wrapped around the pipe, whose first use starts the socket engine (an epoll thread); a
/// <see cref="FileStream"/> over the same descriptor is a plain <c>read(2)</c>/<c>write(2)</c>.
/// </summary>
internal static class PipeIo
{
    /// <summary>
    /// A stream over <paramref name="s"/>'s descriptor that does plain reads and writes (<paramref name="s"/> itself if it
    /// is no pipe). The descriptor stays <paramref name="s"/>'s, but is not closed before the returned stream is disposed
    /// (a reader still blocked in it when the process object goes never reads a reused descriptor number).
    /// </summary>
    public static Stream Raw(Stream s, FileAccess access)
    {
        if (s is not PipeStream pipe)
        {
            return new Unowned(s);
        }
        var handle = pipe.SafePipeHandle;
        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return new LeasedPipe(new FileStream(new SafeFileHandle(handle.DangerousGetHandle(), ownsHandle: false), access, bufferSize: 0), handle);
        }
        catch
        {
            handle.DangerousRelease();
            throw;
        }
    }

    /// <summary>Reads <paramref name="s"/> to its end.</summary>
    public static byte[] ReadAll(Stream s)
    {
        var buffer = new byte[16384];
        using var all = new MemoryStream();
        int n;
        while ((n = s.Read(buffer)) > 0)
        {
            all.Write(buffer, 0, n);
        }
        return all.ToArray();
    }

    /// <summary>Writes <paramref name="data"/> to the child's stdin and closes it; a child that exited without reading it is no error.</summary>
    public static void WriteAndClose(StreamWriter stdin, ReadOnlyMemory<byte> data)
    {
        try
        {
            using (var raw = Raw(stdin.BaseStream, FileAccess.Write))
            {
                raw.Write(data.Span);
            }
            stdin.Close();
        }
        catch (IOException)
        {
            // The plugin exited without reading stdin; its exit status tells the rest.
        }
    }

    /// <summary>Reads and writes of a stream whose disposal is left to its owner.</summary>
    private class Unowned(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;
        public override bool CanWrite => inner.CanWrite;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override void Flush() => inner.Flush();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>A plain stream over a pipe's descriptor that keeps the pipe's handle (and so the descriptor) open until disposed.</summary>
    private sealed class LeasedPipe(FileStream raw, SafePipeHandle owner) : Unowned(raw)
    {
        private int _released;

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                if (disposing)
                {
                    raw.Dispose(); // its SafeFileHandle does not own the descriptor
                }
                owner.DangerousRelease();
            }
            base.Dispose(disposing);
        }
    }
}
/// <summary>
/// Reads a stream to its end on a helper thread. Helper threads are kept for the next drain (a cnitool chain execs one
/// plugin after another: one thread serves them all, where a thread start per exec costs more than the exec's reads).
/// </summary>
internal sealed class PipeDrain
{
    private static readonly Lock s_idleGate = new();
    private static readonly Stack<PipeDrain> s_idle = new();

    private readonly object _gate = new();
    private Stream? _stream;
    private bool _done;
    private bool _abandoned;
    private bool _claimed;
    private byte[] _result = [];
    private ExceptionDispatchInfo? _failure;

    private PipeDrain()
    {
    }

    /// <summary>Starts reading <paramref name="stream"/> on an idle helper thread, or on a new one; the drain disposes it at its end.</summary>
    public static PipeDrain Start(Stream stream)
    {
        PipeDrain? drain;
        lock (s_idleGate)
        {
            s_idle.TryPop(out drain);
        }
        bool fresh = drain is null;
        drain ??= new PipeDrain();
        lock (drain._gate)
        {
            drain._stream = stream;
            drain._done = false;
            drain._abandoned = false;
            drain._claimed = true;
            drain._result = [];
            drain._failure = null;
            Monitor.Pulse(drain._gate);
        }
        if (fresh)
        {
            new Thread(drain.Serve) { IsBackground = true, Name = "pipe drain" }.UnsafeStart();
        }
        return drain;
    }

    /// <summary>Waits for the end of the stream and returns everything read (or rethrows the read's failure).</summary>
    public byte[] Finish()
    {
        byte[] result;
        ExceptionDispatchInfo? failure;
        lock (_gate)
        {
            while (!_done)
            {
                Monitor.Wait(_gate);
            }
            result = _result;
            failure = _failure;
            _result = [];
            _failure = null;
            _claimed = false;
        }
        Release(this);
        failure?.Throw();
        return result;
    }

    /// <summary>The caller no longer waits (nothing happens after <see cref="Finish"/>): the thread goes back to the idle ones when its read ends.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            if (!_claimed)
            {
                return;
            }
            _claimed = false;
            if (!_done)
            {
                _abandoned = true;
                return;
            }
            _result = [];
            _failure = null;
        }
        Release(this);
    }

    private static void Release(PipeDrain drain)
    {
        lock (s_idleGate)
        {
            s_idle.Push(drain);
        }
    }

    private void Serve()
    {
        while (true)
        {
            Stream stream;
            lock (_gate)
            {
                while (_stream is null)
                {
                    Monitor.Wait(_gate);
                }
                stream = _stream;
            }
            byte[] result = [];
            ExceptionDispatchInfo? failure = null;
            try
            {
                result = PipeIo.ReadAll(stream);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                stream.Dispose();
            }
            bool abandoned;
            lock (_gate)
            {
                _stream = null;
                _done = true;
                abandoned = _abandoned;
                _result = abandoned ? [] : result;
                _failure = abandoned ? null : failure;
                Monitor.PulseAll(_gate);
            }
            if (abandoned)
            {
                Release(this);
            }
        }
    }
}
