namespace Distill.Base.Debian;

/// <summary>The bytes of one file, stored by their sha256 in a <see cref="DebContentStore"/>.</summary>
/// <param name="FilePath">The stored file (never a path taken from an archive).</param>
/// <param name="Sha256">Lowercase hex sha256 of the content.</param>
/// <param name="Size">Length in bytes.</param>
public sealed record DebContent(string FilePath, string Sha256, long Size)
{
    /// <summary>Opens the stored bytes for reading.</summary>
    public Stream Open() => new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
}
