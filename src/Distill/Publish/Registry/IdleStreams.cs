using System.Net;

namespace Distill.Publish.Registry;

/// <summary>A cancellation source that fires when nothing moved for the idle timeout; every byte moved resets it.</summary>
internal sealed class IdleTimer : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly TimeSpan _idle;
    private readonly CancellationToken _outer;

    public IdleTimer(TimeSpan idle, CancellationToken outer)
    {
        _idle = idle;
        _outer = outer;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _cts.CancelAfter(idle);
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>True when the timer, not the caller, cancelled.</summary>
    public bool TimedOut => _cts.IsCancellationRequested && !_outer.IsCancellationRequested;

    public void Touch()
    {
        try
        {
            _cts.CancelAfter(_idle);
        }
        catch (ObjectDisposedException)
        {
            // The request finished while the body was still being counted.
        }
    }

    /// <summary>Headers arrived: the request phase is over, the timer must not fire later.</summary>
    public void Stop()
    {
        try
        {
            _cts.CancelAfter(Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _cts.Dispose();
}

/// <summary>A response body that fails with <see cref="TimeoutException"/> when a read waits longer than the idle timeout.</summary>
internal sealed class IdleReadStream(Stream inner, TimeSpan idle, string what) : ReadOnlyWrapperStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var timer = new IdleTimer(idle, cancellationToken);
        try
        {
            return await Inner!.ReadAsync(buffer, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (timer.TimedOut)
        {
            throw new TimeoutException($"{what}: no data for {idle.TotalSeconds:0.#} s", e);
        }
    }

}

/// <summary>
/// Opens a blob on demand and remembers where its stream stands, so sequential chunks share one
/// stream and a resend after a failure reopens it at the right offset.
/// </summary>
internal sealed class BlobCursor(Func<CancellationToken, ValueTask<Stream>> open) : IAsyncDisposable
{
    private Stream? _stream;
    private long _position = -1;

    public async ValueTask<Stream> AtAsync(long offset, CancellationToken cancellationToken)
    {
        if (_stream is not null && _position == offset)
        {
            _position = -1; // unknown until the caller reports success
            return _stream;
        }
        await DisposeAsync().ConfigureAwait(false);
        _stream = await open(cancellationToken).ConfigureAwait(false);
        if (offset > 0)
        {
            if (_stream.CanSeek)
            {
                _stream.Seek(offset, SeekOrigin.Begin);
            }
            else
            {
                var buffer = new byte[64 * 1024];
                for (var left = offset; left > 0;)
                {
                    var n = await _stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        throw new InvalidDataException($"the blob ended before byte {offset}");
                    }
                    left -= n;
                }
            }
        }
        return _stream;
    }

    /// <summary>The stream now stands at <paramref name="position"/>.</summary>
    public void Reached(long position) => _position = position;

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
        }
        _position = -1;
    }
}

/// <summary>
/// An upload body of bytes [offset, offset+length) of a blob, reporting every write (which resets the
/// idle timer). When <c>last</c>, it reads once more to confirm the blob ends there, which also lets a
/// verifying source check its digest before the final request completes.
/// </summary>
internal sealed class SliceContent(BlobCursor cursor, long offset, long length, bool last, Action<int> sent) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var source = await cursor.AtAsync(offset, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[(int)Math.Min(Math.Max(length, 1), 1 << 17)];
        var remaining = length;
        while (remaining > 0)
        {
            var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new InvalidDataException($"the blob ended {remaining} bytes early");
            }
            await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            remaining -= n;
            sent(n);
        }
        if (last && await source.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new InvalidDataException($"the blob is longer than {offset + length} bytes");
        }
        cursor.Reached(offset + length);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return true;
    }
}

/// <summary>A read-only pass-through that reports the bytes read so far (download progress).</summary>
internal sealed class CountingReadStream(Stream inner, Action<long> progress) : ReadOnlyWrapperStream(inner)
{
    private long _read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await Inner!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _read += n;
        progress(_read);
        return n;
    }

}
