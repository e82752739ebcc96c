using Distill.Oci;

namespace Distill.Layers;

/// <summary>How layers are written.</summary>
public sealed record LayerOptions
{
    public Compression Compression { get; init; } = Compression.Gzip;

    /// <summary>The compression level (gzip 1-9, zstd 1-19); null picks the default for the compression.</summary>
    public int? Level { get; init; }

    /// <summary>Seconds since the epoch written as every entry's mtime (SOURCE_DATE_EPOCH; default 0).</summary>
    public long SourceDateEpoch { get; init; }

    /// <summary>Threads compressing gzip chunks; the output does not depend on it.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Reuse a previously written identical layer instead of compressing again.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>The effective level.</summary>
    public int EffectiveLevel => Level ?? Compression switch
    {
        // Level 2 (zlib-ng's deflate_fast): measured on 104 MiB of .NET runtime files, layers 1-2%
        // larger than umoci's (Go's default level) for 30% less CPU than level 3 and half of level 6.
        Compression.Gzip => 2,
        Compression.Zstd => 3,
        _ => 0,
    };
}
