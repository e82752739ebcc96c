using System.Net;
using System.Security.Cryptography;
using Distill.Layers;

namespace Distill.Base.Debian;

/// <summary>
/// Downloads verified by SHA256 and kept by it under <c>DISTILL_CACHE/debian/sha256/&lt;hex&gt;</c>
/// (default <c>~/.cache/distill</c>). Every read re-hashes the file; a mismatch removes it. Writes go
/// to a temp file in the same directory and are renamed into place only once verified.
/// </summary>
public sealed class DebianCache
{
    private const int Attempts = 3;
    private readonly string _directory;

    public DebianCache(string? root = null)
    {
        Root = Path.GetFullPath(root ?? Path.Combine(BlobStore.DefaultRoot(), "debian"));
        _directory = Path.Combine(Root, "sha256");
    }

    /// <summary>The cache directory.</summary>
    public string Root { get; }

    /// <summary>Where a blob with this sha256 lives (it may not exist).</summary>
    public string PathOf(string sha256) => Path.Combine(_directory, CheckHex(sha256));

    /// <summary>The cached file for <paramref name="sha256"/>, verified now, or null.</summary>
    public async Task<string?> TryGetAsync(string sha256, long? size, CancellationToken ct)
    {
        var path = PathOf(sha256);
        if (await BlobStore.FileMatchesAsync(path, Oci.Digest.Parse("sha256:" + sha256), size, ct).ConfigureAwait(false))
        {
            return path;
        }
        BlobStore.DeleteIfPresent(path); // corrupted or tampered: forget it
        return null;
    }

    /// <summary>
    /// Returns the verified cached file, downloading it from <paramref name="url"/> first when needed
    /// (<c>http(s)://</c> or <c>file://</c>). With <paramref name="http"/> null the cache is read-only.
    /// </summary>
    /// <exception cref="DistillException">Offline and not cached, the download failed, or the bytes do not match.</exception>
    public async Task<string> GetAsync(string url, string sha256, long? size, HttpClient? http, string what, CancellationToken ct)
    {
        if (await TryGetAsync(sha256, size, ct).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }
        var isFile = url.StartsWith("file:", StringComparison.Ordinal);
        if (http is null && !isFile)
        {
            throw new DistillException(ErrorCode.Debian, $"{what} (sha256 {sha256}) is not in the cache '{Root}' and downloads are off");
        }
        Directory.CreateDirectory(_directory);
        for (var attempt = 1; ; attempt++)
        {
            var temp = Path.Combine(_directory, $".tmp-{Guid.NewGuid():N}");
            try
            {
                var (actual, length) = isFile
                    ? await CopyFileAsync(new Uri(url).LocalPath, temp, ct).ConfigureAwait(false)
                    : await DownloadAsync(http!, url, temp, ct).ConfigureAwait(false);
                if (actual != sha256 || (size is { } s && length != s))
                {
                    throw new DistillException(ErrorCode.DigestMismatch,
                        $"{what} from {url} does not match its checksum (expected sha256 {sha256}{(size is null ? "" : $", {size} bytes")}; got {actual}, {length} bytes)");
                }
                var final = PathOf(sha256);
                File.Move(temp, final, overwrite: true);
                return final;
            }
            catch (Exception e) when (attempt < Attempts && IsTransient(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                throw new DistillException(ErrorCode.Network, $"cannot download {what} from {url}: {e.Message}", e);
            }
            finally
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Downloads a file whose checksum is not known in advance (an <c>InRelease</c> file) to <paramref name="target"/>.</summary>
    public static async Task<bool> TryDownloadUncheckedAsync(HttpClient http, string url, string target, CancellationToken ct)
    {
        if (url.StartsWith("file:", StringComparison.Ordinal))
        {
            var local = new Uri(url).LocalPath;
            if (!File.Exists(local))
            {
                return false;
            }
            await CopyFileAsync(local, target, ct).ConfigureAwait(false);
            return true;
        }
        try
        {
            await DownloadAsync(http, url, target, ct).ConfigureAwait(false);
            return true;
        }
        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static bool IsTransient(Exception e) =>
        e is IOException || (e is HttpRequestException h && (h.StatusCode is null || (int)h.StatusCode >= 500 || h.StatusCode == HttpStatusCode.TooManyRequests));

    private static async Task<(string Sha256, long Length)> DownloadAsync(HttpClient http, string url, string target, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        return await CopyHashingAsync(body, target, timeout.Token).ConfigureAwait(false);
    }

    private static async Task<(string, long)> CopyFileAsync(string source, string target, CancellationToken ct)
    {
        await using var input = File.OpenRead(source);
        return await CopyHashingAsync(input, target, ct).ConfigureAwait(false);
    }

    /// <summary>Copies a stream to a new file, returning the lowercase hex sha256 and length of what was copied.</summary>
    internal static async Task<(string Sha256, long Length)> CopyHashingAsync(Stream input, string target, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                await output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                length += n;
            }
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }

    /// <summary>The lowercase hex sha256 of a file.</summary>
    public static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
    }

    private static string CheckHex(string sha256) =>
        sha256.Length == 64 && sha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            ? sha256
            : throw new DistillException(ErrorCode.Debian, $"'{sha256}' is not a lowercase sha256 hex digest");
}
