using System.Security.Cryptography;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>
/// A read-only stream that hashes what passes through and fails at the end when the bytes do not
/// match the descriptor, or as soon as they run past its size (never reads more than size+1,
/// RELIABILITY B3-04).
/// </summary>
public sealed class VerifyingReadStream : ReadOnlyWrapperStream
{
    private readonly Stream _source;
    private readonly Descriptor _expected;
    private readonly string _what;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;
    private bool _verified;

    /// <param name="inner">The bytes to check.</param>
    /// <param name="expected">The descriptor they must match.</param>
    /// <param name="what">Where they come from, for messages.</param>
    /// <param name="leaveOpen">Do not dispose <paramref name="inner"/> with this stream.</param>
    public VerifyingReadStream(Stream inner, Descriptor expected, string what, bool leaveOpen = false)
        : base(leaveOpen ? null : inner)
    {
        _source = inner;
        _expected = expected;
        _what = what;
    }

    public override int Read(Span<byte> buffer)
    {
        var limit = (int)Math.Min(buffer.Length, _expected.Size + 1 - _read);
        var n = limit <= 0 ? 0 : _source.Read(buffer[..limit]);
        return Account(buffer[..n]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var limit = (int)Math.Min(buffer.Length, _expected.Size + 1 - _read);
        var n = limit <= 0 ? 0 : await _source.ReadAsync(buffer[..limit], cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..n]);
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        _read += data.Length;
        if (_read > _expected.Size)
        {
            throw Mismatch($"more than {_expected.Size} bytes");
        }
        _hash.AppendData(data);
        if (data.Length == 0 && !_verified)
        {
            if (_read != _expected.Size)
            {
                throw Mismatch($"{_read} bytes instead of {_expected.Size}");
            }
            var actual = Digest.FromHash(_hash.GetHashAndReset());
            if (actual != _expected.Digest)
            {
                throw Mismatch($"digest {actual}");
            }
            _verified = true;
        }
        return data.Length;
    }

    private DistillException Mismatch(string detail) =>
        new(ErrorCode.DigestMismatch, $"blob {_expected.Digest} from {_what} does not match its descriptor: {detail}");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }

    public override long Length => _expected.Size;
    public override long Position { get => _read; set => throw new NotSupportedException(); }
}
