namespace Distill.Base.Debian;

/// <summary>
/// A content-addressed directory of file bodies taken from packages. Files are named by their sha256,
/// so no name from an archive ever becomes a host path, and identical files are stored once.
/// </summary>
public sealed class DebContentStore : IDisposable
{
    private readonly bool _ownsDirectory;

    /// <summary>Uses <paramref name="directory"/> (created if needed); when null, a fresh temp directory removed on dispose.</summary>
    public DebContentStore(string? directory = null)
    {
        _ownsDirectory = directory is null;
        Directory = directory ?? Path.Combine(Path.GetTempPath(), "distill-deb-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The store's directory.</summary>
    public string Directory { get; }

    /// <summary>Copies <paramref name="source"/> to its end into the store.</summary>
    public async Task<DebContent> AddAsync(Stream source, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Directory, "tmp-" + Guid.NewGuid().ToString("N"));
        var (hex, size) = await DebianCache.CopyHashingAsync(source, temp, cancellationToken).ConfigureAwait(false);
        var final = Path.Combine(Directory, hex);
        if (File.Exists(final))
        {
            File.Delete(temp);
        }
        else
        {
            File.Move(temp, final, overwrite: true);
        }
        return new DebContent(final, hex, size);
    }

    /// <summary>Stores bytes held in memory (generated files).</summary>
    public Task<DebContent> AddAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        AddAsync(new MemoryStream(bytes.ToArray(), writable: false), cancellationToken);

    public void Dispose()
    {
        if (_ownsDirectory)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a temp directory left behind is harmless
            }
        }
    }
}
