using Distill.Layers;
using Distill.Oci;
using Distill.Publish;

namespace Distill;

/// <summary>Everything <c>distill pack</c> needs, resolved at the edge (no environment reads below this).</summary>
public sealed record PackRequest
{
    /// <summary>The artifact to pack: a file or a directory.</summary>
    public required string InputPath { get; init; }

    /// <summary>auto (from the analysis), scratch, static, closure, a Debian tier (java17, nodejs, ...), or an image location.</summary>
    public string Base { get; init; } = "auto";

    /// <summary>Where the app goes in the image.</summary>
    public string AppDirectory { get; init; } = "/app";

    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    /// <summary>The user; null keeps a base image's user, else numeric 65532 (distroless nonroot).</summary>
    public string? User { get; init; }

    /// <summary>The user when neither the request nor the base names one.</summary>
    public const string DefaultUser = "65532";

    public string? WorkingDirectory { get; init; }
    public IReadOnlyList<string> Ports { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The target platform; null means the default (linux/amd64).</summary>
    public Platform? Platform { get; init; }

    /// <summary>Where the static essentials' system files come from.</summary>
    public string EssentialsRoot { get; init; } = "/";

    /// <summary>Where <c>--base closure</c> takes libraries from (the loader's view of a root file system).</summary>
    public string Sysroot { get; init; } = "/";

    /// <summary>Libraries the app loads with dlopen, added to the closure with their own dependencies.</summary>
    public IReadOnlyList<Base.Closure.DlopenNeed> Dlopened { get; init; } = [];

    /// <summary>Compression, SOURCE_DATE_EPOCH and parallelism of the layers.</summary>
    public LayerOptions Layers { get; init; } = new();

    public required IReadOnlyList<ImageLocation> Destinations { get; init; }

    /// <summary>Registry trust and credentials for a <c>docker://</c> base or destination (null: defaults).</summary>
    public Publish.Registry.RegistryOptions? Registry { get; init; }

    /// <summary>Multi-arch: one artifact per platform; when set, an image index is written (InputPath and Platform are ignored).</summary>
    public IReadOnlyList<PlatformInput> PlatformInputs { get; init; } = [];

    /// <summary>Builds the image without writing it (one platform of a multi-arch pack).</summary>
    internal bool BuildOnly { get; init; }

    /// <summary>The app layer's entries when the caller planned them (distill build); null collects <see cref="InputPath"/>.</summary>
    public IReadOnlyList<LayerEntry>? AppEntries { get; init; }

    /// <summary>Layers between the base and the app (a language runtime, a library closure).</summary>
    public IReadOnlyList<ExtraLayer> ExtraLayers { get; init; } = [];
}

/// <summary>One platform's artifact of a multi-arch pack.</summary>
public sealed record PlatformInput(Platform Platform, string InputPath);

/// <summary>What <c>distill pack</c> produced.</summary>
public sealed record PackResult(
    Digest Digest,
    Platform Platform,
    string Base,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<LayerReport> Layers,
    long CompressedSize,
    IReadOnlyList<PublishResult> Outputs,
    IReadOnlyList<string> Notes)
{
    /// <summary>The serialized image (for a single platform).</summary>
    public Images.ImageArtifact? Artifact { get; init; }
}

/// <summary>One layer of a packed image: what it holds and its sizes.</summary>
public sealed record LayerReport(string Description, Digest Digest, long Size, long UncompressedSize, int Entries);
