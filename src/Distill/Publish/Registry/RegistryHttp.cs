using System.Net;
using System.Security.Authentication;

namespace Distill.Publish.Registry;

/// <summary>
/// The request pipeline for one registry: endpoint discovery (HTTPS, or plain HTTP for loopback and
/// insecure hosts), auth, our own redirect handling (credentials only to the registry's origin;
/// .NET's automatic redirects drop them even on the same host, RELIABILITY B6-09), bounded retries
/// with backoff and <c>Retry-After</c>, and idle timeouts instead of <c>HttpClient.Timeout</c>.
/// </summary>
internal sealed class RegistryHttp : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly RegistryOptions _options;
    private readonly HttpMessageInvoker _invoker;
    private readonly TlsSettings? _tls;
    private readonly RegistryAuth _auth;
    private readonly SemaphoreSlim _pingLock = new(1, 1);
    private Uri? _base;

    public RegistryHttp(string registry, string apiHost, RegistryOptions options)
    {
        Registry = registry;
        ApiHost = apiHost;
        _options = options;
        HttpMessageHandler handler;
        if (options.Handler is not null)
        {
            handler = options.Handler;
        }
        else
        {
            _tls = new TlsSettings(registry, options.CertDirectory, options.IsInsecure(registry));
            handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = options.IdleTimeout,
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
                SslOptions = _tls.ClientOptions(),
            };
        }
        _invoker = new HttpMessageInvoker(handler, disposeHandler: options.Handler is null);
        _auth = new RegistryAuth(registry, options, _invoker, () => _base ?? new Uri($"https://{apiHost}/"));
    }

    public string Registry { get; }

    public string ApiHost { get; }

    public RegistryOptions Options => _options;

    /// <summary>The registry's base URL (<c>https://host:port/</c>), found by pinging <c>/v2/</c> once.</summary>
    public async Task<Uri> BaseAsync(CancellationToken cancellationToken)
    {
        if (_base is not null)
        {
            return _base;
        }
        await _pingLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _base ??= await PingAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pingLock.Release();
        }
    }

    private async Task<Uri> PingAsync(CancellationToken cancellationToken)
    {
        // Like ggcr, loopback registries are spoken to in plain HTTP first (no TLS handshake to pay for);
        // a TLS one answers that with 400 or drops it, and HTTPS (verified) follows. Hosts marked
        // insecure try HTTPS first, like Docker. Every other host gets HTTPS only.
        var schemes = _options.IsInsecure(Registry) ? ["https", "http"]
            : EndpointPolicy.IsLoopback(HostOf(ApiHost)) ? ["http", "https"]
            : new[] { "https" };
        for (var i = 0; ; i++)
        {
            var scheme = schemes[i];
            var last = i == schemes.Length - 1;
            var baseUrl = new Uri($"{scheme}://{ApiHost}/");
            try
            {
                var ping = new RegistryRequest(HttpMethod.Get, new Uri(baseUrl, "v2/")) { What = $"registry {Registry}", Retry = last };
                using var response = await SendWithRetriesAsync(ping, baseUrl, authorize: false, cancellationToken).ConfigureAwait(false);
                if (!last && scheme == "http" && response.StatusCode == HttpStatusCode.BadRequest)
                {
                    _options.Log?.Invoke($"registry {Registry}: {ApiHost} speaks TLS; using HTTPS");
                    continue;
                }
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    _auth.SetChallenge(AuthChallenge.Select(response.Headers.WwwAuthenticate.Select(h => h.ToString())));
                }
                else if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
                {
                    throw await RegistryErrors.FromResponseAsync(response, $"registry {Registry}", cancellationToken).ConfigureAwait(false);
                }
                _options.Log?.Invoke($"registry {Registry}: using {baseUrl}");
                return baseUrl;
            }
            catch (Exception e) when (!last && !cancellationToken.IsCancellationRequested
                && (e is HttpRequestException or IOException or TimeoutException || e is DistillException { Code: ErrorCode.Network })
                && (scheme == "http" || (_tls?.LastRejection is null && IsTlsFailure(e is DistillException ? e.InnerException : e))))
            {
                _options.Log?.Invoke($"registry {Registry}: {scheme.ToUpperInvariant()} failed on {ApiHost}; trying {schemes[i + 1].ToUpperInvariant()} (plain HTTP is allowed for loopback and --insecure-registry hosts)");
            }
        }
    }

    private static string HostOf(string authority) =>
        authority.StartsWith('[') ? authority[1..authority.IndexOf(']', StringComparison.Ordinal)] : authority.Split(':')[0];

    private static bool IsTlsFailure(Exception? e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } || e?.InnerException is AuthenticationException;

    /// <summary>Builds a URL under the registry's base.</summary>
    public async Task<Uri> UrlAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        new(await BaseAsync(cancellationToken).ConfigureAwait(false), pathAndQuery);

    /// <summary>Sends a request through auth, redirects and retries; the caller owns the response.</summary>
    /// <exception cref="DistillException">The network failed after every retry, or a limit or policy was hit.</exception>
    public async Task<HttpResponseMessage> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        var baseUrl = await BaseAsync(cancellationToken).ConfigureAwait(false);
        return await SendWithRetriesAsync(request, baseUrl, authorize: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(RegistryRequest request, Uri baseUrl, bool authorize, CancellationToken cancellationToken)
    {
        var retry = _options.Retry;
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendOnceAsync(request, baseUrl, authorize, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (!IsTransient(e, cancellationToken))
                {
                    throw NetworkError(request, e);
                }
                if (!request.Retry)
                {
                    throw; // the caller resumes (uploads)
                }
                if (attempt >= retry.MaxAttempts)
                {
                    throw NetworkError(request, e);
                }
                var backoff = retry.Backoff(attempt);
                _options.Log?.Invoke($"{request.What}: {Redact.Text(e.Message)}; retrying in {backoff.TotalSeconds:0.###} s");
                await retry.Delay(backoff, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (!request.Retry || !RetryPolicy.IsRetryable(response.StatusCode) || attempt >= retry.MaxAttempts)
            {
                return response;
            }
            var wait = WaitBefore(response, attempt, request.What);
            response.Dispose();
            await retry.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait before retrying a retryable status: <c>Retry-After</c> when given (capped), else backoff.</summary>
    internal TimeSpan WaitBefore(HttpResponseMessage response, int attempt, string what)
    {
        var retry = _options.Retry;
        var header = response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;
        var after = retry.ParseRetryAfter(header);
        if (after is { } a && a > retry.MaxRetryAfter)
        {
            response.Dispose();
            throw new DistillException(ErrorCode.Registry,
                $"{what}: the registry asks to wait {a.TotalSeconds:0} s (HTTP {(int)response.StatusCode}, Retry-After), longer than the {retry.MaxRetryAfter.TotalSeconds:0} s limit; try again later");
        }
        var wait = after ?? retry.Backoff(attempt);
        _options.Log?.Invoke($"{what}: HTTP {(int)response.StatusCode}; waiting {wait.TotalSeconds:0.###} s before retrying{(after is null ? "" : " (Retry-After)")}");
        return wait;
    }

    /// <summary>True for failures worth another try: connection resets, truncated bodies, idle timeouts.</summary>
    internal static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e switch
        {
            DistillException => false,
            HttpRequestException h => h.InnerException is not (DistillException or InvalidDataException) && h.HttpRequestError != HttpRequestError.SecureConnectionError,
            IOException or TimeoutException => true,
            OperationCanceledException => true,
            _ => false,
        };

    /// <summary>The error for a request that failed on the network; inner <see cref="DistillException"/>s surface as they are.</summary>
    internal DistillException NetworkError(RegistryRequest request, Exception e)
    {
        if (e is HttpRequestException { InnerException: DistillException inner })
        {
            return inner;
        }
        if (e is HttpRequestException { InnerException: InvalidDataException invalid })
        {
            return new DistillException(ErrorCode.InvalidImage, $"{request.What}: {invalid.Message}", e);
        }
        if (_tls?.LastRejection is { } rejection && IsTlsFailure(e))
        {
            return new DistillException(ErrorCode.Network,
                $"{request.What}: the TLS certificate of {ApiHost} is not trusted ({rejection}); pass --cert-dir with its CA, or --insecure-registry {Registry}", e);
        }
        var attempts = request.Retry ? $" after {_options.Retry.MaxAttempts} attempts" : "";
        return new DistillException(ErrorCode.Network, $"{request.What}: {Redact.Text(e.Message)}{attempts}", e);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(RegistryRequest request, Uri baseUrl, bool authorize, CancellationToken cancellationToken)
    {
        var url = request.Url;
        var method = request.Method;
        var withBody = request.Content is not null;
        var authTries = 0;
        for (var hops = 0; ; )
        {
            var message = new HttpRequestMessage(method, url);
            foreach (var accept in request.Accept ?? [])
            {
                message.Headers.Accept.ParseAdd(accept);
            }
            foreach (var (name, value) in request.Headers ?? [])
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
            using var timer = new IdleTimer(_options.IdleTimeout, cancellationToken);
            if (withBody)
            {
                message.Content = request.Content!(_ => timer.Touch());
            }
            var trusted = EndpointPolicy.SameOrigin(url, baseUrl);
            if (authorize && trusted)
            {
                await _auth.AuthorizeAsync(message, request.Scopes, cancellationToken).ConfigureAwait(false);
            }
            _options.Log?.Invoke($"→ {method} {Redact.Url(url)}");
            HttpResponseMessage response;
            try
            {
                response = await _invoker.SendAsync(message, timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (timer.TimedOut)
            {
                throw new TimeoutException($"no response from {url.Authority} for {_options.IdleTimeout.TotalSeconds:0.#} s", e);
            }
            finally
            {
                timer.Stop();
                message.Content?.Dispose();
            }
            _options.Log?.Invoke($"← {(int)response.StatusCode} {Redact.Url(url)}");
            if (response.StatusCode == HttpStatusCode.Unauthorized && authorize && trusted && authTries < 2)
            {
                var challenge = AuthChallenge.Select(response.Headers.WwwAuthenticate.Select(h => h.ToString()));
                if (await _auth.OnUnauthorizedAsync(challenge, request.Scopes, cancellationToken).ConfigureAwait(false))
                {
                    authTries++;
                    response.Dispose();
                    continue;
                }
                return response;
            }
            if ((int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                if (++hops > MaxRedirects)
                {
                    response.Dispose();
                    throw new DistillException(ErrorCode.Registry, $"{request.What}: more than {MaxRedirects} redirects (a redirect loop?)");
                }
                var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                EndpointPolicy.CheckTarget(baseUrl, next, "redirect");
                if (response.StatusCode == HttpStatusCode.SeeOther || ((int)response.StatusCode is 301 or 302 && method == HttpMethod.Post))
                {
                    method = HttpMethod.Get;
                    withBody = false;
                }
                _options.Log?.Invoke($"  redirected to {Redact.Url(next)}{(EndpointPolicy.SameOrigin(next, baseUrl) ? "" : " (no credentials sent)")}");
                response.Dispose();
                url = next;
                continue;
            }
            return response;
        }
    }

    /// <summary>A response body that fails on idle, for streaming reads.</summary>
    public async Task<Stream> BodyAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new IdleReadStream(stream, _options.IdleTimeout, what);
    }

    /// <summary>Resolves an upload <c>Location</c> against the URL that returned it and checks where it points (RELIABILITY B3-11).</summary>
    public Uri ResolveLocation(HttpResponseMessage response, Uri requestUrl, string what)
    {
        var location = response.Headers.Location
            ?? throw new DistillException(ErrorCode.Registry, $"{what}: the registry answered HTTP {(int)response.StatusCode} without a Location header");
        var resolved = location.IsAbsoluteUri ? location : new Uri(response.RequestMessage?.RequestUri ?? requestUrl, location);
        EndpointPolicy.CheckTarget(_base ?? requestUrl, resolved, "upload location");
        return resolved;
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _pingLock.Dispose();
        _auth.Dispose();
    }
}
