using System.Text;

namespace Cni.Plugin;

/// <summary>
/// A writer made on its first use: a plugin's stderr is written only on failures and for diagnostics, and
/// setting up <c>Console.Error</c> or a stream writer (encoder, buffers, a duplicated descriptor) costs every call.
/// </summary>
public sealed class DeferredWriter(Func<TextWriter> create) : TextWriter
{
    private TextWriter? _inner;

    private TextWriter Inner => _inner ??= create();

    /// <inheritdoc/>
    public override Encoding Encoding => Inner.Encoding;

    /// <inheritdoc/>
    public override void Write(char value) => Inner.Write(value);

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count) => Inner.Write(buffer, index, count);

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<char> buffer) => Inner.Write(buffer);

    /// <inheritdoc/>
    public override void Write(string? value) => Inner.Write(value);

    /// <inheritdoc/>
    public override void WriteLine() => Inner.WriteLine();

    /// <inheritdoc/>
    public override void WriteLine(string? value) => Inner.WriteLine(value);

    /// <inheritdoc/>
    public override void WriteLine(ReadOnlySpan<char> buffer) => Inner.WriteLine(buffer);

    /// <inheritdoc/>
    public override void Flush() => _inner?.Flush();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner?.Dispose();
        }
        base.Dispose(disposing);
    }
}
