using Distill.Images;
using Distill.Layers;
using Distill.Oci;

namespace Distill.Base.Debian;

/// <summary>
/// <c>distill base TIER</c>: a distroless-equivalent base image built from verified Debian packages.
/// Packages are resolved (or taken from a lock file), downloaded into the checksum cache, unpacked
/// under the hostile-archive rules, and written as a small fixed set of layers: one per tier level
/// (static, base, cc, the runtime, <c>--add</c>), then one generated layer. The same lock file gives
/// the same bytes.
/// </summary>
public static class DebianBase
{
    /// <summary>Builds (or takes from the tier image cache) the image of <paramref name="tierName"/>.</summary>
    /// <exception cref="DistillException">Resolution, verification, download or unpacking failed.</exception>
    public static async Task<DebianBaseResult> BuildAsync(string tierName, DebianBaseOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tier = DebianTiers.Get(tierName);
        var cache = new DebianCache(options.CacheRoot is null ? null : Path.Combine(options.CacheRoot, "debian"));
        var blobs = options.CacheRoot is null ? BlobStore.Default() : new BlobStore(options.CacheRoot);
        var ownsHttp = options.Http is null && !options.Offline;
        var http = options.Offline ? null : options.Http ?? CreateHttpClient();
        try
        {
            var levels = Levels(tier, options.Add);
            var (index, excluded, lockFile) = await ResolveAsync(tier, levels, options, cache, http, cancellationToken).ConfigureAwait(false);
            var imageCache = new TierImageCache(cache.Root, blobs);
            var key = TierImageCache.Key(lockFile, options);
            if (options.UseImageCache && await imageCache.TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                options.Log?.WriteLine($"{tier.Name}: {lockFile.Packages.Count} packages, image from cache");
                return new DebianBaseResult(cached, lockFile, excluded) { FromCache = true };
            }
            var image = await AssembleAsync(tier, levels, index, lockFile, options, cache, blobs, http, cancellationToken).ConfigureAwait(false);
            if (options.UseImageCache)
            {
                imageCache.Put(key, image);
            }
            return new DebianBaseResult(image, lockFile, excluded);
        }
        finally
        {
            if (ownsHttp)
            {
                http?.Dispose();
            }
        }
    }

    /// <summary>A client for archive downloads: no overall timeout (each download has its own), redirects followed.</summary>
    public static HttpClient CreateHttpClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 5, UseCookies = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("distill");
        return client;
    }

    /// <summary>The root packages of each layer level: the tier chain, then --add.</summary>
    internal static List<(string Name, IReadOnlyList<string> Roots)> Levels(DebianTier tier, IReadOnlyList<string> add)
    {
        var levels = DebianTiers.Chain(tier.Name).Select(t => (t.Name, t.Packages)).ToList();
        // base-nossl and base share one layer: libssl3 alone is too small to be worth its own.
        var merged = new List<(string Name, IReadOnlyList<string> Roots)>();
        foreach (var (name, packages) in levels)
        {
            if (name == "base" && merged.Count > 0 && merged[^1].Name == "base-nossl")
            {
                merged[^1] = ("base", [.. merged[^1].Roots, .. packages]);
            }
            else
            {
                merged.Add((name, packages));
            }
        }
        if (add.Count > 0)
        {
            merged.Add(("add", add));
        }
        return merged;
    }

    private static async Task<(PackageIndex Index, IReadOnlyList<ExcludedDependency> Excluded, LockFile Lock)> ResolveAsync(
        DebianTier tier, List<(string Name, IReadOnlyList<string> Roots)> levels, DebianBaseOptions options, DebianCache cache, HttpClient? http, CancellationToken ct)
    {
        var roots = levels.SelectMany(l => l.Roots).ToList();
        var exclusions = DebianTiers.Exclusions(tier.Name, options.Add);
        if (options.LockPath is { } lockPath)
        {
            var locked = LockFile.Read(lockPath);
            if (locked.Tier != tier.Name || locked.Architecture != options.Architecture)
            {
                throw new DistillException(ErrorCode.Usage,
                    $"lock file '{lockPath}' is for {locked.Tier} on {locked.Architecture}, not {tier.Name} on {options.Architecture}");
            }
            var lockedIndex = await LockedIndexAsync(locked, options, cache, http, ct).ConfigureAwait(false);
            // The lock's own --add list counts, so `--lock` alone rebuilds the same image.
            var lockRoots = roots.Concat(locked.Added).Distinct(StringComparer.Ordinal).ToList();
            var check = Resolver.Resolve(lockedIndex, lockRoots, DebianTiers.Exclusions(tier.Name, locked.Added), DebianTiers.Processed);
            var missing = locked.Packages.Select(p => p.Name).Except(check.Packages.Select(p => p.Record.Name), StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                throw new DistillException(ErrorCode.DebianResolve, $"lock file '{lockPath}' lists packages the tier does not need: {string.Join(", ", missing)}");
            }
            if (locked.Added.Count > 0)
            {
                levels.RemoveAll(l => l.Name == "add");
                levels.Add(("add", locked.Added));
            }
            return (lockedIndex, check.Excluded, locked);
        }
        PackageIndex index;
        if (options.DebDirectory is { } dir)
        {
            index = await DebianRepository.LoadDirectoryAsync(dir, options.Architecture, ct).ConfigureAwait(false);
        }
        else
        {
            var sources = options.Sources ?? AptSources.Load(options.AptRoot);
            if (http is null)
            {
                throw new DistillException(ErrorCode.Usage, "--offline needs --lock or --deb-dir: package indexes cannot be verified without the network");
            }
            index = await DebianRepository.LoadAsync(sources, options.Architecture, options.Keyrings, options.AptRoot, cache, http, options.Log, ct).ConfigureAwait(false);
        }
        var resolution = Resolver.Resolve(index, roots, exclusions, DebianTiers.Processed);
        return (index, resolution.Excluded, LockFile.From(tier.Name, options.Architecture, resolution, options.Add));
    }

    /// <summary>An index made only of the locked package files (each fetched from the cache and verified).</summary>
    private static async Task<PackageIndex> LockedIndexAsync(LockFile locked, DebianBaseOptions options, DebianCache cache, HttpClient? http, CancellationToken ct)
    {
        var index = new PackageIndex(locked.Architecture);
        foreach (var p in locked.Packages)
        {
            var path = await cache.GetAsync(p.Url, p.Sha256, p.Size, http, $"{p.Name} {p.Version}", ct).ConfigureAwait(false);
            var control = await DebArchive.ReadControlAsync(path, ct).ConfigureAwait(false);
            var record = PackageRecord.FromStanza(control, "file:///", p.Filename, p.Sha256, p.Size) with { Url = p.Url };
            if (record.Name != p.Name || record.Version.ToString() != p.Version || record.Architecture != p.Architecture)
            {
                throw new DistillException(ErrorCode.Debian, $"the file locked as {p.Name} {p.Version} is {record}");
            }
            index.Add(record);
        }
        return index;
    }

    private static async Task<IImage> AssembleAsync(
        DebianTier tier, List<(string Name, IReadOnlyList<string> Roots)> levels, PackageIndex index, LockFile lockFile,
        DebianBaseOptions options, DebianCache cache, BlobStore blobs, HttpClient? http, CancellationToken ct)
    {
        // Each package goes to the first level whose roots already need it, so lower layers are
        // shared between tiers (cc's layers are java17's first layers).
        var levelOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var exclusions = DebianTiers.Exclusions(tier.Name, lockFile.Added);
        var prefix = new List<string>();
        for (var i = 0; i < levels.Count; i++)
        {
            prefix.AddRange(levels[i].Roots);
            foreach (var p in Resolver.Resolve(index, prefix, exclusions, DebianTiers.Processed).Packages)
            {
                levelOf.TryAdd(p.Record.Name, i);
            }
        }
        // A persistent content store keeps source paths stable, so the layer cache recognizes unchanged layers.
        using var store = new DebContentStore(Path.Combine(cache.Root, "files"));
        var contents = new Dictionary<string, DebPackageContents>(StringComparer.Ordinal);
        foreach (var p in lockFile.Packages)
        {
            var path = await cache.GetAsync(p.Url, p.Sha256, p.Size, http, $"{p.Name} {p.Version}", ct).ConfigureAwait(false);
            contents[p.Name] = await DebArchive.ReadAsync(path, store, null, ct).ConfigureAwait(false);
        }
        var layerOptions = new LayerOptions { Compression = options.Compression, SourceDateEpoch = options.SourceDateEpoch, UseCache = options.UseImageCache };
        var created = DateTimeOffset.FromUnixTimeSeconds(options.SourceDateEpoch);
        IImage image = ImageAssembler.Scratch(new Platform("linux", options.Architecture), created);
        var planner = new DebianLayers();
        for (var i = 0; i < levels.Count; i++)
        {
            var packages = contents.Values.Where(c => levelOf.GetValueOrDefault(c.Name, levels.Count - 1) == i)
                .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
            if (packages.Count == 0)
            {
                continue;
            }
            var layer = await LayerWriter.WriteAsync(planner.PlanPackages(packages), layerOptions, blobs, ct).ConfigureAwait(false);
            image = ImageAssembler.Append(image, layer, History(created, $"distill base {levels[i].Name}: " + string.Join(", ", packages.Select(c => $"{c.Name} {c.Version}"))));
        }
        var generated = DebianLayers.PlanGenerated(tier, contents, options.Architecture, options.SourceDateEpoch);
        var last = await LayerWriter.WriteAsync(generated, layerOptions, blobs, ct).ConfigureAwait(false);
        image = ImageAssembler.Append(image, last, History(created, "distill base: users, os-release, CA certificates"));
        return ImageAssembler.WithConfig(image, c => Config(tier, contents, options, c));
    }

    private static HistoryEntry History(DateTimeOffset created, string what) =>
        new() { Created = ImageConfig.FormatTime(created), CreatedBy = what, Comment = "distill" };

    private static ContainerConfig Config(DebianTier tier, Dictionary<string, DebPackageContents> contents, DebianBaseOptions options, ContainerConfig config)
    {
        var env = Essentials.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList();
        env.AddRange(DebianTiers.Chain(tier.Name).SelectMany(t => t.Env));
        if (tier.Name == "java17" && contents.TryGetValue("openjdk-17-jre-headless", out var jre))
        {
            env.Add($"JAVA_VERSION={DebVersion.Parse(jre.Version).Upstream}");
        }
        return config with
        {
            Env = env,
            User = options.NonRoot ? Essentials.NonRootUid.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0",
            WorkingDir = options.NonRoot ? "/home/nonroot" : "/",
            Entrypoint = tier.Entrypoint,
        };
    }
}
