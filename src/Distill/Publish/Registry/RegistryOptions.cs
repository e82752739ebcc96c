using Distill.Layers;

namespace Distill.Publish.Registry;

/// <summary>How Distill talks to registries: trust, credentials, retries, timeouts and concurrency.</summary>
public sealed record RegistryOptions
{
    /// <summary>The defaults: HTTPS with system trust, credentials from the Docker/podman config files.</summary>
    public static readonly RegistryOptions Default = new();

    /// <summary>Hosts (host[:port]) that may be reached over plain HTTP or HTTPS without certificate checks.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    /// <summary>A directory of <c>*.crt</c> CA files and <c>*.cert</c>/<c>*.key</c> client pairs (skopeo's <c>--cert-dir</c>).</summary>
    public string? CertDirectory { get; init; }

    /// <summary>Explicit credentials (<c>--creds</c>); they go only to <see cref="CredentialRegistry"/>.</summary>
    public RegistryCredential? Credential { get; init; }

    /// <summary>The registry (host[:port]) <see cref="Credential"/> belongs to; null means the registry of the operation.</summary>
    public string? CredentialRegistry { get; init; }

    /// <summary>Where stored credentials are looked up; null uses <see cref="CredentialStore.FromEnvironment"/>.</summary>
    public CredentialStore? Credentials { get; init; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>
    /// A request fails when no byte moves for this long (waiting for headers, or reading or sending a
    /// body). It replaces <c>HttpClient.Timeout</c>, which would kill a long upload (RELIABILITY B4-03).
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Blobs uploaded or checked at once (RELIABILITY B4-10).</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>Upload in chunks of this many bytes (raised to the registry's <c>OCI-Chunk-Min-Length</c>); null uploads each blob in one PUT.</summary>
    public long? ChunkSize { get; init; }

    /// <summary>Pulled layers are kept here by digest and re-verified on every read; null disables caching.</summary>
    public BlobStore? Cache { get; init; }

    /// <summary>Trace lines (redacted) for <c>--verbose</c>.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Per-blob progress of uploads and downloads.</summary>
    public IProgress<BlobProgress>? Progress { get; init; }

    /// <summary>The innermost HTTP handler; tests put a fake registry here. Null uses a <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>True when <paramref name="registry"/> was marked insecure.</summary>
    public bool IsInsecure(string registry) => InsecureRegistries.Any(h => string.Equals(h, registry, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Bytes moved so far for one blob.</summary>
public sealed record BlobProgress(Oci.Digest Digest, long Done, long Total, bool Upload, bool Skipped = false);
