using Distill.Oci;

namespace Distill.Layers;

/// <summary>
/// A content-addressed directory of blobs (<c>sha256/&lt;hex&gt;</c>), written through temp files in
/// the same directory and renamed into place only once their digest is known, so a name always
/// holds exactly its content. The default lives in the user's cache (<c>DISTILL_CACHE</c>, else
/// <c>$XDG_CACHE_HOME/distill</c>, else <c>~/.cache/distill</c>).
/// </summary>
public sealed class BlobStore
{
    public BlobStore(string root)
    {
        Root = Path.GetFullPath(root);
        BlobDirectory = Path.Combine(Root, "blobs", "sha256");
    }

    /// <summary>The store's root directory.</summary>
    public string Root { get; }

    private string BlobDirectory { get; }

    /// <summary>The store at the default cache location.</summary>
    public static BlobStore Default() => new(DefaultRoot());

    /// <summary>DISTILL_CACHE, else $XDG_CACHE_HOME/distill, else ~/.cache/distill.</summary>
    public static string DefaultRoot()
    {
        var explicitRoot = Environment.GetEnvironmentVariable("DISTILL_CACHE");
        if (!string.IsNullOrEmpty(explicitRoot)) return explicitRoot;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "distill");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "distill");
    }

    /// <summary>The file a blob lives in (which may not exist).</summary>
    public string PathOf(Digest digest) => Path.Combine(BlobDirectory, digest.Hex);

    /// <summary>True when the blob is present.</summary>
    public bool Contains(Digest digest) => File.Exists(PathOf(digest));

    /// <summary>Creates a temp file next to the blobs; pass it to <see cref="Commit"/> or delete it.</summary>
    /// <exception cref="DistillException">The cache directory is not writable.</exception>
    public (string Path, FileStream Stream) CreateTemp()
    {
        try
        {
            Directory.CreateDirectory(BlobDirectory);
            var path = Path.Combine(BlobDirectory, $".tmp-{Guid.NewGuid():N}");
            var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            return (path, stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DistillException(ErrorCode.OutputNotWritable, $"cannot write to the blob cache '{Root}' ({e.Message}); set DISTILL_CACHE to a writable directory", e);
        }
    }

    /// <summary>Moves a completed temp file to its content address.</summary>
    public string Commit(string tempPath, Digest digest)
    {
        var target = PathOf(digest);
        File.Move(tempPath, target, overwrite: true);
        return target;
    }

    /// <summary>Re-hashes a stored blob; false (and the file removed) when it does not match its name.</summary>
    public async Task<bool> VerifyAsync(Digest digest, long size, CancellationToken cancellationToken)
    {
        var path = PathOf(digest);
        if (await FileMatchesAsync(path, digest, size, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }
        DeleteIfPresent(path);
        return false;
    }

    /// <summary>
    /// True when <paramref name="path"/> is a regular file (not a symlink that could point at host
    /// files, RELIABILITY B5-05) whose size and sha256 match; a size match alone is not enough (B5-03).
    /// </summary>
    public static async Task<bool> FileMatchesAsync(string path, Digest digest, long? size, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || (size is { } expected && info.Length != expected))
            {
                return false;
            }
            await using var stream = OpenRead(path);
            return await Digest.Sha256Async(stream, cancellationToken).ConfigureAwait(false) == digest;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Removes a regular file that failed verification (a partial or tampered copy), so it is fetched or written again.</summary>
    public static void DeleteIfPresent(string path)
    {
        try
        {
            if (new FileInfo(path) is { Exists: true, LinkTarget: null })
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // Gone already, or in use: the next verification rejects it again.
        }
    }

    internal static FileStream OpenRead(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read,
        Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
        BufferSize = 1 << 16,
    });
}
