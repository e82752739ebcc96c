namespace Distill.Base.Debian;

/// <summary>
/// A read-only view of <paramref name="length"/> bytes of an inner stream starting at its current
/// position, that fails once more than <c>limit</c> bytes have been read (decompression bombs,
/// tar padding blow-ups: RELIABILITY B2-13).
/// </summary>
internal sealed class BoundedStream(Stream inner, long? length, long limit, string what, bool leaveOpen = false) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var allowed = Allowed(buffer.Length);
        if (allowed == 0)
        {
            return 0;
        }
        var n = inner.Read(buffer[..allowed]);
        Count(n);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = Allowed(buffer.Length);
        if (allowed == 0)
        {
            return 0;
        }
        var n = await inner.ReadAsync(buffer[..allowed], cancellationToken).ConfigureAwait(false);
        Count(n);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // How much of a read of `wanted` bytes stays within the view's length.
    private int Allowed(int wanted) => length is { } l ? (int)Math.Min(wanted, Math.Max(0, l - _read)) : wanted;

    private void Count(int n)
    {
        _read += n;
        if (_read > limit)
        {
            throw new DistillException(ErrorCode.LimitExceeded, $"{what} is larger than the limit of {limit} bytes");
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
