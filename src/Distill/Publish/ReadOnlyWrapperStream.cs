namespace Distill.Publish;

/// <summary>
/// The boilerplate of a forward-only read stream wrapping another: subclasses implement
/// <see cref="ReadAsync(Memory{byte}, CancellationToken)"/> (and override <see cref="Read(Span{byte})"/>
/// when they are read synchronously); disposing disposes the inner stream.
/// </summary>
public abstract class ReadOnlyWrapperStream(Stream? inner) : Stream
{
    /// <summary>The wrapped stream (null for streams that manage their own).</summary>
    protected Stream? Inner { get; set; } = inner;

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Synchronous reads; the default waits for the asynchronous path.</summary>
    public override int Read(Span<byte> buffer)
    {
        var rented = new byte[buffer.Length];
        var n = ReadAsync(rented.AsMemory()).AsTask().GetAwaiter().GetResult();
        rented.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner?.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
