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
        // The caller owns the source; reading to the end makes the verifying stream check it.
        await using var verifying = new VerifyingReadStream(source, expected, what, leaveOpen: true);
        await verifying.CopyToAsync(destination, 1 << 17, cancellationToken).ConfigureAwait(false);
    }
}
