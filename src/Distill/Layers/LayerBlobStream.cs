using System.Buffers;
using System.Security.Cryptography;
using Distill.Oci;

namespace Distill.Layers;

/// <summary>The three numbers a layer needs, computed in the one pass that wrote it.</summary>
public readonly record struct LayerDigests(Digest DiffId, Digest Digest, long Size, long UncompressedSize);

/// <summary>
/// The write side of a layer: tar bytes in; diffID (sha256 of the tar), compressed bytes to the
/// destination, and digest + size of those bytes out, in one streaming pass with bounded memory
/// (a few chunks in flight). Gzip chunks are compressed on all cores (see <see cref="ParallelGzip"/>).
/// </summary>
internal sealed class LayerBlobStream : Stream
{
    /// <summary>Uncompressed bytes per parallel chunk; part of the output format (changing it changes digests).</summary>
    internal const int ChunkSize = 1024 * 1024;

    private readonly HashingStream _output;
    private readonly IncrementalHash _diff = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ParallelGzip? _chunked;
    private readonly Stream? _streaming;
    private readonly int _maxInFlight;
    private readonly Queue<Task<PooledBuffer>> _inFlight = new();
    private byte[] _chunk = [];
    private int _chunkLength;
    private long _uncompressed;
    private bool _completed;

    public LayerBlobStream(Stream destination, Compression compression, int level, int parallelism)
    {
        _output = new HashingStream(destination);
        _maxInFlight = Math.Max(1, parallelism) * 2;
        switch (compression)
        {
            case Compression.Gzip:
                _chunked = new ParallelGzip(level);
                _output.Write(ParallelGzip.Header);
                _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
                break;
            case Compression.Zstd:
                _streaming = new ZstdSharp.CompressionStream(_output, level, leaveOpen: true);
                break;
            default:
                _streaming = _output;
                break;
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _uncompressed += buffer.Length;
        if (_chunked is null)
        {
            _diff.AppendData(buffer);
            _streaming!.Write(buffer);
            return;
        }
        while (!buffer.IsEmpty)
        {
            var n = Math.Min(buffer.Length, ChunkSize - _chunkLength);
            buffer[..n].CopyTo(_chunk.AsSpan(_chunkLength));
            _chunkLength += n;
            buffer = buffer[n..];
            if (_chunkLength == ChunkSize)
            {
                SubmitChunk();
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Finishes the blob and returns its digests; the destination is flushed, not closed.</summary>
    public LayerDigests Complete()
    {
        if (_chunked is not null)
        {
            if (_chunkLength > 0)
            {
                SubmitChunk();
            }
            while (_inFlight.Count > 0)
            {
                WriteOut(_inFlight.Dequeue());
            }
            _output.Write(_chunked.Trailer());
        }
        else if (!ReferenceEquals(_streaming, _output))
        {
            _streaming!.Dispose();
        }
        _output.Flush();
        _completed = true;
        return new LayerDigests(Digest.FromHash(_diff.GetHashAndReset()), _output.GetDigest(), _output.BytesWritten, _uncompressed);
    }

    private void SubmitChunk()
    {
        var chunk = _chunk;
        var memory = chunk.AsMemory(0, _chunkLength);
        _diff.AppendData(memory.Span);
        _chunked!.Observe(memory.Span);
        var compressor = _chunked;
        _inFlight.Enqueue(Task.Run(() =>
        {
            try
            {
                return compressor.Compress(memory);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }));
        _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _chunkLength = 0;
        while (_inFlight.Count >= _maxInFlight)
        {
            WriteOut(_inFlight.Dequeue());
        }
    }

    private void WriteOut(Task<PooledBuffer> task)
    {
        using var compressed = task.GetAwaiter().GetResult();
        _output.Write(compressed.Span);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // On failure, wait for in-flight chunks so their pooled buffers come back.
            while (_inFlight.Count > 0)
            {
                var t = _inFlight.Dequeue();
                try
                {
                    t.GetAwaiter().GetResult().Dispose();
                }
                catch (Exception) when (!_completed)
                {
                    // The first failure is already propagating.
                }
            }
            if (_chunk.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_chunk);
                _chunk = [];
            }
            if (!_completed && _streaming is not null && !ReferenceEquals(_streaming, _output))
            {
                _streaming.Dispose();
            }
            _diff.Dispose();
            _output.Dispose();
        }
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _uncompressed;
    public override long Position { get => _uncompressed; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
