using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Distill.Oci;

namespace Distill.Tests.Publish.Registry;

/// <summary>
/// An in-memory OCI registry (and token server) as an <see cref="HttpMessageHandler"/>, for hostile and
/// faulty behaviour the real registry cannot be made to show. <see cref="Intercept"/> replaces any
/// response; every request is recorded with its Authorization header.
/// </summary>
internal sealed class FakeRegistry : HttpMessageHandler
{
    public const string Host = "registry.invalid";
    public const string AuthHost = "auth.invalid";

    private readonly ConcurrentDictionary<Digest, byte[]> _blobs = new();
    private readonly ConcurrentDictionary<string, HashSet<Digest>> _links = new();
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string MediaType)> _manifests = new();
    private readonly ConcurrentDictionary<string, MemoryStream> _uploads = new();
    private readonly ConcurrentDictionary<string, bool> _tokens = new();
    private int _next;

    public sealed record Seen(HttpMethod Method, Uri Url, string? Authorization, long BodyLength, string? Range, string? Cookie);

    public ConcurrentQueue<Seen> Requests { get; } = new();

    /// <summary>Return a response to override the registry; null lets it answer.</summary>
    public Func<HttpRequestMessage, byte[]?, HttpResponseMessage?>? Intercept { get; set; }

    public (string User, string Password)? Basic { get; set; }

    public bool Bearer { get; set; }

    /// <summary>Credentials the token server demands (null: anonymous tokens).</summary>
    public (string User, string Password)? TokenCredentials { get; set; }

    public int TokenExpiresIn { get; set; } = 300;

    public List<string> TokenScopes { get; } = [];

    public long ChunkMinLength { get; set; }

    /// <summary>Answer PATCH with a <c>Range</c> of the chunk alone (a quirk seen in the wild).</summary>
    public bool ChunkRelativeRanges { get; set; }

    /// <summary>Invalidates every issued token, as an expiry would.</summary>
    public void ExpireTokens() => _tokens.Clear();

    public bool HasBlob(string repo, Digest d) => _links.TryGetValue(repo, out var set) && set.Contains(d);

    public void PutBlob(string repo, byte[] bytes) => Link(repo, Store(bytes));

    public void PutManifest(string repo, string reference, byte[] bytes, string mediaType) => _manifests[$"{repo}|{reference}"] = (bytes, mediaType);

    /// <summary>Seeds an image (blobs and manifest under the tag and its digest).</summary>
    public async Task SeedAsync(Distill.Images.ImageArtifact image, string repo, string tag)
    {
        foreach (var layer in image.Layers)
        {
            await using var s = await layer.OpenBlobAsync(CancellationToken.None);
            var buffer = new MemoryStream();
            await s.CopyToAsync(buffer);
            PutBlob(repo, buffer.ToArray());
        }
        PutBlob(repo, image.ConfigJson.ToArray());
        PutManifest(repo, tag, image.ManifestJson.ToArray(), image.Manifest.MediaType);
        PutManifest(repo, image.Manifest.Digest.ToString(), image.ManifestJson.ToArray(), image.Manifest.MediaType);
    }

    public int Count(HttpMethod method, string pathPart) => Requests.Count(r => r.Method == method && r.Url.AbsolutePath.Contains(pathPart, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        lock (Requests)
        {
            MaxInFlight = Math.Max(MaxInFlight, inFlight);
        }
        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }
            byte[]? body = null;
            if (request.Content is not null)
            {
                var buffer = new MemoryStream();
                await request.Content.CopyToAsync(SlowWrite > TimeSpan.Zero ? new SlowStream(buffer, SlowWrite) : buffer, cancellationToken);
                body = buffer.ToArray();
            }
            Requests.Enqueue(new Seen(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body?.Length ?? 0,
                request.Headers.Range?.ToString(), request.Headers.TryGetValues("Cookie", out var cookie) ? string.Join(";", cookie) : null));
            if (Hang?.Invoke(request) == true)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            if (Intercept?.Invoke(request, body) is { } overridden)
            {
                overridden.RequestMessage ??= request;
                return overridden;
            }
            var response = Serve(request, body);
            response.RequestMessage = request;
            if (FailAfterServe?.Invoke(request) == true)
            {
                throw new HttpRequestException("connection reset by peer (after the server handled the request)", new IOException("reset"));
            }
            return response;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private int _inFlight;

    /// <summary>The most requests handled at once.</summary>
    public int MaxInFlight { get; private set; }

    /// <summary>Waits this long before handling each request.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Receives request bodies slowly: this long per write.</summary>
    public TimeSpan SlowWrite { get; set; }

    /// <summary>Never answers the requests it matches (until cancelled).</summary>
    public Func<HttpRequestMessage, bool>? Hang { get; set; }

    /// <summary>Handles the matching requests, then loses the response as a connection reset would.</summary>
    public Func<HttpRequestMessage, bool>? FailAfterServe { get; set; }

    /// <summary>The status a successful PATCH answers (202 by the spec; some registries send 201).</summary>
    public HttpStatusCode PatchStatus { get; set; } = HttpStatusCode.Accepted;

    /// <summary>A stream that takes its time to accept each write.</summary>
    private sealed class SlowStream(Stream inner, TimeSpan delay) : Stream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(delay, cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private Digest Store(byte[] bytes)
    {
        var d = Digest.Sha256(bytes);
        _blobs[d] = bytes;
        return d;
    }

    private void Link(string repo, Digest d)
    {
        var set = _links.GetOrAdd(repo, _ => []);
        lock (set)
        {
            set.Add(d);
        }
    }

    private HttpResponseMessage Serve(HttpRequestMessage request, byte[]? body)
    {
        var url = request.RequestUri!;
        if (url.Host == AuthHost)
        {
            return ServeToken(request);
        }
        if (!Authorized(request))
        {
            var r = Status(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            r.Headers.WwwAuthenticate.ParseAdd(Bearer
                ? $"Bearer realm=\"https://{AuthHost}/token\",service=\"fake\",scope=\"{ScopeOf(url)}\""
                : "Basic realm=\"fake\"");
            return r;
        }
        var path = url.AbsolutePath;
        if (path == "/v2/")
        {
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        }
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var uploads = path.IndexOf("/blobs/uploads/", StringComparison.Ordinal);
        if (uploads > 0)
        {
            return ServeUpload(request, path[4..uploads], path[(uploads + "/blobs/uploads/".Length)..], query, body);
        }
        var blobs = path.LastIndexOf("/blobs/", StringComparison.Ordinal);
        if (blobs > 0)
        {
            var repo = path[4..blobs];
            var d = Digest.Parse(path.AsSpan(blobs + 7));
            if (!HasBlob(repo, d))
            {
                return Status(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
            }
            return BlobResponse(request, _blobs[d], d);
        }
        var manifests = path.LastIndexOf("/manifests/", StringComparison.Ordinal);
        if (manifests > 0)
        {
            var repo = path[4..manifests];
            var reference = path[(manifests + 11)..];
            if (request.Method == HttpMethod.Put)
            {
                return StoreManifest(repo, reference, body!, request.Content!.Headers.ContentType!.MediaType!);
            }
            if (!_manifests.TryGetValue($"{repo}|{reference}", out var m))
            {
                return Status(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
            }
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(request.Method == HttpMethod.Head ? [] : m.Bytes) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(m.MediaType);
            response.Content.Headers.ContentLength = m.Bytes.Length;
            response.Headers.TryAddWithoutValidation("Docker-Content-Digest", Digest.Sha256(m.Bytes).ToString());
            return response;
        }
        return Status(HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    internal static HttpResponseMessage BlobResponse(HttpRequestMessage request, byte[] bytes, Digest d)
    {
        var from = 0;
        var status = HttpStatusCode.OK;
        if (request.Headers.Range?.Ranges.FirstOrDefault() is { From: { } start })
        {
            from = (int)start;
            status = HttpStatusCode.PartialContent;
        }
        var slice = request.Method == HttpMethod.Head ? [] : bytes[from..];
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(slice) };
        response.Content.Headers.ContentLength = bytes.Length - from;
        response.Headers.TryAddWithoutValidation("Docker-Content-Digest", d.ToString());
        return response;
    }

    private HttpResponseMessage StoreManifest(string repo, string reference, byte[] bytes, string mediaType)
    {
        var text = Encoding.UTF8.GetString(bytes);
        foreach (var part in text.Split("\"digest\":\"").Skip(1))
        {
            var d = Digest.Parse(part.AsSpan(0, 71));
            if (!HasBlob(repo, d) && !_manifests.ContainsKey($"{repo}|{d}"))
            {
                return Status(HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
            }
        }
        var digest = Digest.Sha256(bytes);
        _manifests[$"{repo}|{reference}"] = (bytes, mediaType);
        _manifests[$"{repo}|{digest}"] = (bytes, mediaType);
        var r = new HttpResponseMessage(HttpStatusCode.Created);
        r.Headers.TryAddWithoutValidation("Docker-Content-Digest", digest.ToString());
        return r;
    }

    private HttpResponseMessage ServeUpload(HttpRequestMessage request, string repo, string id, System.Collections.Specialized.NameValueCollection query, byte[]? body)
    {
        if (request.Method == HttpMethod.Post)
        {
            if (query["mount"] is { } mount && query["from"] is { } from)
            {
                var d = Digest.Parse(mount);
                if (HasBlob(from, d))
                {
                    Link(repo, d);
                    return new HttpResponseMessage(HttpStatusCode.Created);
                }
            }
            var newId = $"u{Interlocked.Increment(ref _next)}";
            _uploads[newId] = new MemoryStream();
            var r = new HttpResponseMessage(HttpStatusCode.Accepted);
            r.Headers.Location = new Uri($"/v2/{repo}/blobs/uploads/{newId}?_state=secret-state", UriKind.Relative);
            if (ChunkMinLength > 0)
            {
                r.Headers.TryAddWithoutValidation("OCI-Chunk-Min-Length", ChunkMinLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return r;
        }
        if (!_uploads.TryGetValue(id, out var upload))
        {
            return Status(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        }
        if (request.Method == HttpMethod.Delete)
        {
            _uploads.TryRemove(id, out _);
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }
        if (request.Method == HttpMethod.Get)
        {
            return Progress(HttpStatusCode.NoContent, repo, id, upload.Length, upload.Length);
        }
        if (request.Method == HttpMethod.Patch)
        {
            var range = request.Headers.TryGetValues("Content-Range", out var v) ? v.First() : null;
            if (range is not null && long.Parse(range.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture) != upload.Length)
            {
                return Status(HttpStatusCode.RequestedRangeNotSatisfiable, "BLOB_UPLOAD_INVALID");
            }
            if (ChunkMinLength > 0 && body!.Length < ChunkMinLength && range is not null)
            {
                // Only the last chunk may be short; we cannot know which is last, so accept but remember.
                ShortChunks++;
            }
            upload.Write(body!);
            return Progress(PatchStatus, repo, id, upload.Length, ChunkRelativeRanges ? body!.Length : upload.Length);
        }
        if (request.Method == HttpMethod.Put)
        {
            upload.Write(body ?? []);
            var bytes = upload.ToArray();
            var d = Digest.Parse(query["digest"]!);
            if (Digest.Sha256(bytes) != d)
            {
                return Status(HttpStatusCode.BadRequest, "DIGEST_INVALID");
            }
            _uploads.TryRemove(id, out _);
            Link(repo, Store(bytes));
            return new HttpResponseMessage(HttpStatusCode.Created);
        }
        return Status(HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
    }

    /// <summary>PATCH chunks shorter than the advertised minimum (the last one is allowed).</summary>
    public int ShortChunks { get; private set; }

    private static HttpResponseMessage Progress(HttpStatusCode status, string repo, string id, long length, long reported)
    {
        var r = new HttpResponseMessage(status);
        r.Headers.Location = new Uri($"/v2/{repo}/blobs/uploads/{id}?_state=secret-state", UriKind.Relative);
        r.Headers.TryAddWithoutValidation("Range", $"0-{Math.Max(0, reported - 1)}");
        _ = length;
        return r;
    }

    private bool Authorized(HttpRequestMessage request)
    {
        var auth = request.Headers.Authorization;
        if (Basic is { } b)
        {
            return auth?.Scheme == "Basic" && auth.Parameter == Convert.ToBase64String(Encoding.UTF8.GetBytes($"{b.User}:{b.Password}"));
        }
        if (Bearer)
        {
            return auth?.Scheme == "Bearer" && auth.Parameter is { } t && _tokens.ContainsKey(t);
        }
        return true;
    }

    private static string ScopeOf(Uri url)
    {
        var path = url.AbsolutePath;
        var i = new[] { path.IndexOf("/blobs/", StringComparison.Ordinal), path.IndexOf("/manifests/", StringComparison.Ordinal) }.Where(x => x > 0).DefaultIfEmpty(-1).Min();
        return i > 0 ? $"repository:{path[4..i]}:pull,push" : "";
    }

    private HttpResponseMessage ServeToken(HttpRequestMessage request)
    {
        if (TokenCredentials is { } c)
        {
            var auth = request.Headers.Authorization;
            if (auth?.Scheme != "Basic" || auth.Parameter != Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.User}:{c.Password}")))
            {
                return Status(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            }
        }
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
        lock (TokenScopes)
        {
            TokenScopes.Add(string.Join(' ', query.GetValues("scope") ?? []));
        }
        var token = $"token-{Interlocked.Increment(ref _next)}-SECRET";
        _tokens[token] = true;
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($"{{\"token\":\"{token}\",\"expires_in\":{TokenExpiresIn}}}", Encoding.UTF8, "application/json"),
        };
    }

    internal static HttpResponseMessage Status(HttpStatusCode status, string code) => new(status)
    {
        Content = new StringContent($"{{\"errors\":[{{\"code\":\"{code}\",\"message\":\"{code.ToLowerInvariant()}\"}}]}}", Encoding.UTF8, "application/json"),
    };
}
