using Distill.Oci;

namespace Distill.Base.Debian;

/// <summary>How <see cref="DebianBase.BuildAsync"/> finds packages and shapes the image.</summary>
public sealed record DebianBaseOptions
{
    /// <summary>Debian architecture (amd64, arm64, ...), which is also the OCI architecture.</summary>
    public string Architecture { get; init; } = "amd64";

    /// <summary>Run as 65532 with workdir /home/nonroot instead of 0 and /.</summary>
    public bool NonRoot { get; init; }

    /// <summary>Extra packages (<c>name</c> or <c>name=version</c>) added with their dependencies.</summary>
    public IReadOnlyList<string> Add { get; init; } = [];

    /// <summary>Rebuild exactly the set in this lock file (from the cache; downloads only what is missing unless <see cref="Offline"/>).</summary>
    public string? LockPath { get; init; }

    /// <summary>Explicit sources (<c>--mirror</c>); null reads apt's configuration under <see cref="AptRoot"/>.</summary>
    public IReadOnlyList<AptSource>? Sources { get; init; }

    /// <summary>apt's configuration directory.</summary>
    public string AptRoot { get; init; } = "/etc/apt";

    /// <summary>Keyrings that replace the sources' Signed-By and apt's trusted keyrings.</summary>
    public IReadOnlyList<string>? Keyrings { get; init; }

    /// <summary>A directory of .deb files to use instead of repositories.</summary>
    public string? DebDirectory { get; init; }

    /// <summary>Never touch the network.</summary>
    public bool Offline { get; init; }

    /// <summary>The cache root (DISTILL_CACHE by default).</summary>
    public string? CacheRoot { get; init; }

    /// <summary>SOURCE_DATE_EPOCH for every timestamp.</summary>
    public long SourceDateEpoch { get; init; }

    /// <summary>Layer compression.</summary>
    public Compression Compression { get; init; } = Compression.Gzip;

    /// <summary>Reuse a previously built identical tier image and its compressed layers.</summary>
    public bool UseImageCache { get; init; } = true;

    /// <summary>Progress and notes (excluded dependencies, skipped sources).</summary>
    public TextWriter? Log { get; init; }

    /// <summary>The HTTP client to download with; one is created when null.</summary>
    public HttpClient? Http { get; init; }
}
