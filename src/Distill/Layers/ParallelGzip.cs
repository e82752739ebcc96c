using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Distill.Layers;

/// <summary>
/// Compresses fixed-size chunks of the tar stream in parallel into one gzip member, the way pigz
/// does: each chunk is raw deflate ended by a sync flush (byte-aligned, not final), the chunks are
/// concatenated in order, then an empty final block, the CRC-32 and the length. Chunk boundaries
/// depend only on the input, never on the thread count, so the bytes are the same on 1 or N cores.
/// </summary>
internal sealed class ParallelGzip
{
    private readonly int _level;
    private readonly Crc32 _crc = new();
    private long _length;

    public ParallelGzip(int level) => _level = level;

    public static ReadOnlySpan<byte> Header =>
        // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255 (unknown): no name, no time, same on every host.
        [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff];

    /// <summary>Feeds the running CRC; called in stream order on the producer thread.</summary>
    public void Observe(ReadOnlySpan<byte> chunk)
    {
        _crc.Append(chunk);
        _length += chunk.Length;
    }

    /// <summary>Compresses one chunk (any thread); the result is a non-final, byte-aligned deflate run.</summary>
    public PooledBuffer Compress(ReadOnlyMemory<byte> chunk)
    {
        var output = new PooledBufferStream(chunk.Length / 2 + 1024);
        using (var deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = _level }, leaveOpen: true))
        {
            deflate.Write(chunk.Span);
            // Flush = Z_SYNC_FLUSH: ends with an empty stored block and leaves the stream open.
            deflate.Flush();
            output.Freeze();
        }
        return output.Detach();
    }

    public byte[] Trailer()
    {
        var trailer = new byte[2 + 8];
        // An empty fixed-Huffman block with BFINAL set (pigz's ending): bits 1, 01, then EOB 0000000.
        trailer[0] = 0x03;
        trailer[1] = 0x00;
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(2), _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(6), unchecked((uint)_length));
        return trailer;
    }
}

/// <summary>A rented array and how much of it holds data; return it with <see cref="Dispose"/>.</summary>
internal readonly record struct PooledBuffer(byte[] Array, int Length) : IDisposable
{
    public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(Array);
}

/// <summary>A growable write-only stream over pooled arrays that can be frozen (later writes ignored).</summary>
internal sealed class PooledBufferStream : Stream
{
    private byte[] _buffer;
    private int _length;
    private bool _frozen;

    public PooledBufferStream(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    /// <summary>Ignores further writes (the final deflate block DeflateStream appends on dispose).</summary>
    public void Freeze() => _frozen = true;

    public PooledBuffer Detach()
    {
        var result = new PooledBuffer(_buffer, _length);
        _buffer = [];
        return result;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_frozen)
        {
            return;
        }
        if (_length + buffer.Length > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + buffer.Length));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        buffer.CopyTo(_buffer.AsSpan(_length));
        _length += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
