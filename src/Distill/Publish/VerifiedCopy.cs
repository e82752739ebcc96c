using System.Buffers;
using System.Security.Cryptography;
using Distill.Oci;

namespace Distill.Publish;

/// <summary>Copies a blob while checking it against its descriptor: never more than size+1 bytes read (RELIABILITY B3-04).</summary>
public static class VerifiedCopy
{
    /// <exception cref="DistillException">The bytes are longer, shorter or hash differently than <paramref name="expected"/> says.</exception>
    public static async Task CopyAsync(Stream source, Stream destination, Descriptor expected, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(expected);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 17);
        try
        {
            long total = 0;
            while (true)
            {
                var want = (int)Math.Min(buffer.Length, expected.Size + 1 - total);
                if (want <= 0)
                {
                    throw Mismatch(what, expected, $"more than {expected.Size} bytes");
                }
                var n = await source.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                total += n;
                if (total > expected.Size)
                {
                    throw Mismatch(what, expected, $"more than {expected.Size} bytes");
                }
                hash.AppendData(buffer, 0, n);
                await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
            if (total != expected.Size)
            {
                throw Mismatch(what, expected, $"{total} bytes instead of {expected.Size}");
            }
            var actual = Digest.FromHash(hash.GetHashAndReset());
            if (actual != expected.Digest)
            {
                throw Mismatch(what, expected, $"digest {actual}");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DistillException Mismatch(string what, Descriptor expected, string detail) =>
        new(ErrorCode.DigestMismatch, $"blob {expected.Digest} from {what} does not match its descriptor: {detail}");
}
