using System.Net;
using System.Net.Http.Headers;
using Distill.Oci;

namespace Distill.Publish.Registry;

/// <summary>A manifest or index as the registry served it: the exact bytes, their media type and computed digest.</summary>
public sealed record RemoteManifest(ReadOnlyMemory<byte> Bytes, string? MediaType, Digest Digest)
{
    public Descriptor Descriptor(string fallbackMediaType) => new(MediaType ?? fallbackMediaType, Digest, Bytes.Length);
}

/// <summary>
/// The OCI distribution API for one registry: manifests (OCI and Docker, image and index) and blobs.
/// Nothing it returns is trusted: manifest digests are computed from the bytes (never from
/// <c>Docker-Content-Digest</c>, RELIABILITY B3-02) and blob streams are verified by their readers.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    /// <summary>Every manifest type Distill reads, sent as <c>Accept</c>.</summary>
    public static readonly IReadOnlyList<string> ManifestMediaTypes =
        [MediaTypes.OciManifest, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList];

    private readonly RegistryHttp _http;
    private readonly BlobUploader _uploader;

    /// <param name="registry">host[:port] as written in references (<c>docker.io</c> for Docker Hub).</param>
    public RegistryClient(string registry, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        var apiHost = registry == ImageReference.DockerHubDomain ? ImageReference.DockerHubApiHost : registry;
        _http = new RegistryHttp(registry, apiHost, options);
        _uploader = new BlobUploader(_http);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RegistryOptions, System.Collections.Concurrent.ConcurrentDictionary<string, RegistryClient>> SharedClients = [];

    /// <summary>
    /// The client for <paramref name="registry"/> shared by every source and sink created with the same
    /// options object, so connections and tokens are reused (a copy within one registry needs both
    /// repositories' scopes). It lives as long as the options; idle connections close on their own.
    /// </summary>
    public static RegistryClient Shared(string registry, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clients = SharedClients.GetValue(options, _ => new(StringComparer.OrdinalIgnoreCase));
        return clients.GetOrAdd(registry, r => new RegistryClient(r, options));
    }

    public string Registry => _http.Registry;

    public RegistryOptions Options => _http.Options;

    /// <summary>Pings the registry once (endpoint and auth scheme); later requests reuse the answer.</summary>
    public Task ConnectAsync(CancellationToken cancellationToken) => _http.BaseAsync(cancellationToken);

    /// <summary>True when the repository has the blob (HEAD).</summary>
    public async Task<bool> BlobExistsAsync(string repository, Digest digest, bool forPush, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest(HttpMethod.Head, await _http.UrlAsync($"v2/{repository}/blobs/{digest}", cancellationToken).ConfigureAwait(false))
        {
            Scopes = [forPush ? RegistryRequest.Push(repository) : RegistryRequest.Pull(repository)],
            What = $"blob {digest} in {Registry}/{repository}",
        };
        return await ExistsAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A HEAD request: 200 means present, 404 absent, anything else is the registry's error.</summary>
    private async Task<bool> ExistsAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw await RegistryErrors.FromResponseAsync(response, request.What, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// Opens a blob for reading. The stream resumes with <c>Range</c> after a dropped connection but does
    /// not verify; wrap it in <see cref="VerifyingReadStream"/> (the sources do).
    /// </summary>
    public async Task<Stream> OpenBlobAsync(string repository, Descriptor descriptor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var what = $"blob {descriptor.Digest} of {Registry}/{repository}";
        var url = await _http.UrlAsync($"v2/{repository}/blobs/{descriptor.Digest}", cancellationToken).ConfigureAwait(false);
        var stream = new ResumingBlobStream(_http, new RegistryRequest(HttpMethod.Get, url) { Scopes = [RegistryRequest.Pull(repository)], What = what }, descriptor.Size);
        await stream.StartAsync(cancellationToken).ConfigureAwait(false);
        return stream;
    }

    /// <summary>Reads a manifest or index by tag or digest, capped at <see cref="OciJson.MaxDocumentBytes"/> (RELIABILITY B3-05).</summary>
    /// <exception cref="DistillException">Not found, too large, or (when asked by digest) bytes that hash differently (B3-01).</exception>
    public async Task<RemoteManifest> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var what = $"manifest {Registry}/{repository}{(reference.Contains(':', StringComparison.Ordinal) ? "@" : ":")}{reference}";
        var url = await _http.UrlAsync($"v2/{repository}/manifests/{reference}", cancellationToken).ConfigureAwait(false);
        using var response = await _http.SendAsync(new RegistryRequest(HttpMethod.Get, url)
        {
            Scopes = [RegistryRequest.Pull(repository)],
            Accept = ManifestMediaTypes,
            What = what,
        }, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
        }
        byte[]? bytes;
        try
        {
            bytes = await RegistryErrors.ReadCappedAsync(response, OciJson.MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new DistillException(ErrorCode.Network, $"{what}: the connection failed while reading it: {Redact.Text(e.Message)}", e);
        }
        if (bytes is null)
        {
            throw new DistillException(ErrorCode.LimitExceeded, $"{what} is larger than the {OciJson.MaxDocumentBytes}-byte limit for manifests; refusing to read it");
        }
        var digest = Digest.Sha256(bytes);
        if (Digest.TryParse(reference, out var expected) && expected != digest)
        {
            throw new DistillException(ErrorCode.DigestMismatch, $"{what}: the registry served bytes with digest {digest}");
        }
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var header) && header.FirstOrDefault() is { } claimed && claimed != digest.ToString())
        {
            Options.Log?.Invoke($"warning: {what}: Docker-Content-Digest says {Redact.Text(claimed)} but the bytes hash to {digest}; using the bytes");
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        return new RemoteManifest(bytes, ManifestMediaTypes.Contains(mediaType) ? mediaType : null, digest);
    }

    /// <summary>True when the manifest exists (HEAD by digest).</summary>
    public async Task<bool> ManifestExistsAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest(HttpMethod.Head, await _http.UrlAsync($"v2/{repository}/manifests/{digest}", cancellationToken).ConfigureAwait(false))
        {
            Scopes = [RegistryRequest.Push(repository)],
            Accept = ManifestMediaTypes,
            What = $"manifest {Registry}/{repository}@{digest}",
        };
        return await ExistsAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads a manifest or index under a tag or its digest.</summary>
    public async Task PutManifestAsync(string repository, string reference, ReadOnlyMemory<byte> bytes, string mediaType, CancellationToken cancellationToken)
    {
        var digest = Digest.Sha256(bytes.Span);
        var what = $"pushing manifest {digest} to {Registry}/{repository}{(reference.Contains(':', StringComparison.Ordinal) ? "@" : ":")}{reference}";
        var url = await _http.UrlAsync($"v2/{repository}/manifests/{reference}", cancellationToken).ConfigureAwait(false);
        using var response = await _http.SendAsync(new RegistryRequest(HttpMethod.Put, url)
        {
            Scopes = [RegistryRequest.Push(repository)],
            What = what,
            Content = _ =>
            {
                var content = new ReadOnlyMemoryContent(bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                return content;
            },
        }, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
        }
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var header) && header.FirstOrDefault() is { } claimed && claimed != digest.ToString())
        {
            Options.Log?.Invoke($"warning: {what}: the registry reports digest {Redact.Text(claimed)}");
        }
    }

    /// <summary>
    /// Uploads a blob unless a cross-repository mount from <paramref name="mountFrom"/> succeeds; the
    /// registry checks the digest.
    /// </summary>
    public Task UploadBlobAsync(string repository, BlobSource blob, string? mountFrom, CancellationToken cancellationToken) =>
        _uploader.UploadAsync(repository, blob, mountFrom, cancellationToken);

    public void Dispose() => _http.Dispose();
}
