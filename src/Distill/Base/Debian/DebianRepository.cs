using System.IO.Compression;
using SharpCompress.Compressors.Xz;

namespace Distill.Base.Debian;

/// <summary>
/// Builds a <see cref="PackageIndex"/> the way apt does, trusting nothing unverified: the
/// <c>InRelease</c> (or <c>Release</c> + <c>Release.gpg</c>) signature is checked with gpgv against
/// the source's keyring, each <c>Packages</c> file against the SHA256 the signed Release lists, and
/// later each <c>.deb</c> against the SHA256 its verified <c>Packages</c> paragraph lists.
/// </summary>
public static class DebianRepository
{
    // Smallest download first; every candidate must be listed in the signed Release.
    private static readonly string[] IndexSuffixes = [".xz", ".gz", ""];

    /// <summary>Indexes every source that serves <paramref name="architecture"/>.</summary>
    /// <param name="keyrings">Keyrings to use instead of each source's Signed-By / apt's trusted keyrings.</param>
    /// <param name="aptRoot">apt's configuration directory, for its trusted keyrings.</param>
    /// <exception cref="DistillException">A signature or checksum does not verify, or no source has packages.</exception>
    public static async Task<PackageIndex> LoadAsync(
        IReadOnlyList<AptSource> sources, string architecture, IReadOnlyList<string>? keyrings, string aptRoot,
        DebianCache cache, HttpClient http, TextWriter? log, CancellationToken ct)
    {
        var index = new PackageIndex(architecture);
        var used = 0;
        var checkValidUntil = AptConfig.ChecksValidUntil(aptRoot);
        foreach (var source in sources.Where(s => s.Serves(architecture)))
        {
            var release = await FetchReleaseAsync(source, keyrings is { Count: > 0 } ? keyrings : TrustedKeyrings(source, aptRoot), http, ct).ConfigureAwait(false);
            if (checkValidUntil && release.ValidUntil is { } until && until < DateTimeOffset.UtcNow)
            {
                // A correctly signed but expired index can be a replay that hides security updates.
                throw new DistillException(ErrorCode.DebianSignature,
                    $"{source.DistUrl("InRelease")}: the Release file expired on {until:yyyy-MM-dd HH:mm} UTC (Valid-Until); the mirror may be serving stale packages (apt's Acquire::Check-Valid-Until \"false\" turns this check off)");
            }
            foreach (var component in source.Components)
            {
                var path = await FetchPackagesAsync(source, release, component, architecture, cache, http, ct).ConfigureAwait(false);
                if (path is null)
                {
                    log?.WriteLine($"note: {source.Origin}: {source.Suite}/{component} has no packages for {architecture}");
                    continue;
                }
                await ReadPackagesAsync(path, source, release.PinPriority, index, ct).ConfigureAwait(false);
                used++;
            }
        }
        if (used == 0)
        {
            throw new DistillException(ErrorCode.Debian, $"no configured apt source offers packages for {architecture}");
        }
        return index;
    }

    /// <summary>The keyrings apt would use for <paramref name="source"/>: its Signed-By, else trusted.gpg and trusted.gpg.d/*.</summary>
    public static IReadOnlyList<string> TrustedKeyrings(AptSource source, string aptRoot)
    {
        if (source.InlineKey is not null)
        {
            return [source.InlineKey];
        }
        if (source.SignedBy.Count > 0)
        {
            return source.SignedBy;
        }
        var keyrings = new List<string>();
        var main = Path.Combine(aptRoot, "trusted.gpg");
        if (File.Exists(main))
        {
            keyrings.Add(main);
        }
        var parts = Path.Combine(aptRoot, "trusted.gpg.d");
        if (Directory.Exists(parts))
        {
            keyrings.AddRange(Directory.GetFiles(parts)
                .Where(f => f.EndsWith(".gpg", StringComparison.Ordinal) || f.EndsWith(".asc", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal));
        }
        return keyrings;
    }

    private static async Task<ReleaseFile> FetchReleaseAsync(AptSource source, IReadOnlyList<string> keyrings, HttpClient http, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"distill-release-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var inRelease = Path.Combine(temp, "InRelease");
            string text;
            string what;
            if (await TryDownloadAsync(http, source.DistUrl("InRelease"), inRelease, ct).ConfigureAwait(false))
            {
                what = source.DistUrl("InRelease");
                text = await Gpgv.VerifyClearsignedAsync(inRelease, keyrings, what, ct).ConfigureAwait(false);
            }
            else
            {
                var release = Path.Combine(temp, "Release");
                var signature = Path.Combine(temp, "Release.gpg");
                what = source.DistUrl("Release");
                if (!await TryDownloadAsync(http, what, release, ct).ConfigureAwait(false))
                {
                    throw new DistillException(ErrorCode.Debian, $"{source.Origin}: neither InRelease nor Release exists under {source.DistUrl("")}");
                }
                if (!await TryDownloadAsync(http, source.DistUrl("Release.gpg"), signature, ct).ConfigureAwait(false))
                {
                    throw new DistillException(ErrorCode.DebianSignature, $"{what} is not signed (no InRelease, no Release.gpg)");
                }
                await Gpgv.VerifyDetachedAsync(release, signature, keyrings, what, ct).ConfigureAwait(false);
                text = await File.ReadAllTextAsync(release, ct).ConfigureAwait(false);
            }
            return ReleaseFile.Parse(text, what);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private static async Task<bool> TryDownloadAsync(HttpClient http, string url, string target, CancellationToken ct)
    {
        try
        {
            return await DebianCache.TryDownloadUncheckedAsync(http, url, target, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new DistillException(ErrorCode.Network, $"cannot download {url}: {e.Message}", e);
        }
    }

    /// <summary>Returns the verified, decompressed Packages file (cached by its own SHA256), or null when the Release lists none.</summary>
    private static async Task<string?> FetchPackagesAsync(AptSource source, ReleaseFile release, string component, string arch, DebianCache cache, HttpClient http, CancellationToken ct)
    {
        var basePath = $"{component}/binary-{arch}/Packages";
        release.Sha256.TryGetValue(basePath, out var plain);
        if (plain is not null && await cache.TryGetAsync(plain.Sha256, plain.Size, ct).ConfigureAwait(false) is { } cachedPlain)
        {
            return cachedPlain;
        }
        foreach (var suffix in IndexSuffixes)
        {
            if (!release.Sha256.TryGetValue(basePath + suffix, out var entry))
            {
                continue;
            }
            var url = release.AcquireByHash
                ? source.DistUrl($"{component}/binary-{arch}/by-hash/SHA256/{entry.Sha256}")
                : source.DistUrl(entry.Path);
            var what = source.DistUrl(entry.Path);
            string downloaded;
            try
            {
                downloaded = await cache.GetAsync(url, entry.Sha256, entry.Size, http, what, ct).ConfigureAwait(false);
            }
            catch (DistillException e) when (e.Code == ErrorCode.Network && release.AcquireByHash)
            {
                downloaded = await cache.GetAsync(what, entry.Sha256, entry.Size, http, what, ct).ConfigureAwait(false);
            }
            if (suffix.Length == 0)
            {
                return downloaded;
            }
            return await DecompressIntoCacheAsync(downloaded, suffix, plain, cache, what, ct).ConfigureAwait(false);
        }
        return null;
    }

    private static async Task<string> DecompressIntoCacheAsync(string compressed, string suffix, ReleaseEntry? plain, DebianCache cache, string what, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetDirectoryName(compressed)!, $".tmp-{Guid.NewGuid():N}");
        try
        {
            await using (var input = File.OpenRead(compressed))
            await using (Stream decompressed = suffix == ".xz" ? new XZStream(input) : new GZipStream(input, CompressionMode.Decompress))
            await using (var output = File.Create(temp))
            {
                await decompressed.CopyToAsync(output, ct).ConfigureAwait(false);
            }
            var sha = await DebianCache.HashFileAsync(temp, ct).ConfigureAwait(false);
            if (plain is not null && (sha != plain.Sha256 || new FileInfo(temp).Length != plain.Size))
            {
                throw new DistillException(ErrorCode.DigestMismatch, $"{what} decompresses to content whose SHA256 is not the one the Release lists");
            }
            var final = cache.PathOf(sha);
            File.Move(temp, final, overwrite: true);
            return final;
        }
        catch (Exception e) when (e is not DistillException and not OperationCanceledException)
        {
            throw new DistillException(ErrorCode.Debian, $"{what} cannot be decompressed: {e.Message}", e);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    // Parsed indexes by the SHA256 of the verified Packages file (its cache name) and archive root: a
    // process that builds several tiers parses each index once. Small, because one index is ~60k records.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PackageRecord[]> Parsed = new(StringComparer.Ordinal);

    private static async Task ReadPackagesAsync(string path, AptSource source, int pinPriority, PackageIndex index, CancellationToken ct)
    {
        var key = Path.GetFileName(path) + " " + source.BaseUri;
        if (!Parsed.TryGetValue(key, out var records))
        {
            records = await Task.Run(() => Parse(path, source, ct), ct).ConfigureAwait(false);
            if (Parsed.Count >= 4)
            {
                Parsed.Clear();
            }
            Parsed[key] = records;
        }
        foreach (var record in records)
        {
            index.Add(pinPriority == ReleaseFile.DefaultPinPriority ? record : record with { PinPriority = pinPriority });
        }
    }

    private static PackageRecord[] Parse(string path, AptSource source, CancellationToken ct)
    {
        using var reader = new StreamReader(path);
        var what = $"Packages of {source}";
        var records = new List<PackageRecord>();
        try
        {
            foreach (var stanza in Deb822.Parse(reader, what, PackageRecord.IndexFields))
            {
                ct.ThrowIfCancellationRequested();
                records.Add(PackageRecord.FromStanza(stanza, source.BaseUri));
            }
        }
        catch (FormatException e)
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: {e.Message}", e);
        }
        return [.. records];
    }

    /// <summary>Indexes the <c>.deb</c> files of a local directory (offline use, <c>--deb-dir</c>); their hashes are computed, not trusted.</summary>
    public static async Task<PackageIndex> LoadDirectoryAsync(string directory, string architecture, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
        {
            throw new DistillException(ErrorCode.InputNotFound, $"--deb-dir '{directory}' is not a directory");
        }
        var index = new PackageIndex(architecture);
        foreach (var file in Directory.GetFiles(directory, "*.deb").Order(StringComparer.Ordinal))
        {
            var control = await DebArchive.ReadControlAsync(file, ct).ConfigureAwait(false);
            var sha = await DebianCache.HashFileAsync(file, ct).ConfigureAwait(false);
            try
            {
                index.Add(PackageRecord.FromStanza(control, new Uri(Path.GetFullPath(directory) + "/").AbsoluteUri,
                    Path.GetFileName(file), sha, new FileInfo(file).Length));
            }
            catch (FormatException e)
            {
                throw new DistillException(ErrorCode.Debian, $"{file}: {e.Message}", e);
            }
        }
        if (index.Count == 0)
        {
            throw new DistillException(ErrorCode.InputNotFound, $"--deb-dir '{directory}' holds no .deb files for {architecture}");
        }
        return index;
    }
}
