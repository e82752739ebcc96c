using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Distill.Publish.Registry;

/// <summary>
/// Authentication for one registry: anonymous, Basic, or Bearer tokens from the challenge's realm
/// (distribution token spec). Tokens are cached per scope set and refreshed on expiry or on a 401;
/// scopes are merged, the request's own first (RELIABILITY B6-05, B6-06). Credentials go only to the
/// registry's origin and its validated realm (B3-12, B6-03).
/// </summary>
internal sealed class RegistryAuth(string registry, RegistryOptions options, HttpMessageInvoker invoker, Func<Uri> registryBase) : IDisposable
{
    /// <summary>Token bodies are small; a larger one is hostile (ggcr caps at 64 KiB; RELIABILITY B3-06).</summary>
    internal const int MaxTokenBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, Token> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private AuthChallenge? _challenge;
    private Task<RegistryCredential?>? _credential;

    private sealed record Token(string Value, DateTimeOffset Expires);

    /// <summary>Remembers what the registry's ping asked for, so the first real request already carries auth.</summary>
    public void SetChallenge(AuthChallenge? challenge) => _challenge = challenge;

    /// <summary>Adds an <c>Authorization</c> header for the registry's own origin.</summary>
    public async Task AuthorizeAsync(HttpRequestMessage message, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var challenge = _challenge;
        if (challenge is null)
        {
            return;
        }
        if (challenge.IsBasic)
        {
            if (await CredentialAsync(cancellationToken).ConfigureAwait(false) is { } c && c.Username.Length > 0)
            {
                message.Headers.Authorization = BasicHeader(c);
            }
            return;
        }
        if (challenge.IsBearer)
        {
            var key = Key(scopes);
            if (!_tokens.TryGetValue(key, out var token) || token.Expires <= options.Retry.Time.GetUtcNow())
            {
                token = await FetchLockedAsync(challenge, scopes, key, stale: token, cancellationToken).ConfigureAwait(false);
            }
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        }
    }

    /// <summary>Reacts to a 401: true when new credentials were obtained and the request is worth sending again.</summary>
    public async Task<bool> OnUnauthorizedAsync(AuthChallenge? challenge, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        if (challenge is null)
        {
            return false;
        }
        var previous = _challenge;
        _challenge = challenge;
        if (challenge.IsBasic)
        {
            // Sending the same Basic credentials again cannot help.
            return previous is not { IsBasic: true } && await CredentialAsync(cancellationToken).ConfigureAwait(false) is { Username.Length: > 0 };
        }
        if (!challenge.IsBearer)
        {
            return false;
        }
        var merged = scopes.Concat(challenge.Scopes).Distinct(StringComparer.Ordinal).ToList();
        var key = Key(scopes);
        _tokens.TryGetValue(key, out var stale);
        var fresh = await FetchLockedAsync(challenge, merged, key, stale ?? new Token("", DateTimeOffset.MinValue), cancellationToken).ConfigureAwait(false);
        return fresh is not null;
    }

    private static string Key(IReadOnlyList<string> scopes) => string.Join(' ', scopes);

    private static AuthenticationHeaderValue BasicHeader(RegistryCredential c) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Username}:{c.Password}")));

    private Task<RegistryCredential?> CredentialAsync(CancellationToken cancellationToken)
    {
        return _credential ??= Load();

        async Task<RegistryCredential?> Load()
        {
            if (options.Credential is { } explicitCredential
                && (options.CredentialRegistry is null || string.Equals(options.CredentialRegistry, registry, StringComparison.OrdinalIgnoreCase)))
            {
                return explicitCredential;
            }
            var store = options.Credentials ?? CredentialStore.FromEnvironment();
            return await store.FindAsync(registry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fetches a token unless another request already refreshed the one we saw as stale.</summary>
    private async Task<Token> FetchLockedAsync(AuthChallenge challenge, IReadOnlyList<string> scopes, string key, Token? stale, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_tokens.TryGetValue(key, out var current) && current != stale && current.Expires > options.Retry.Time.GetUtcNow())
            {
                return current;
            }
            var token = await FetchAsync(challenge, scopes, cancellationToken).ConfigureAwait(false);
            _tokens[key] = token;
            return token;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<Token> FetchAsync(AuthChallenge challenge, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        if (challenge.Realm is null || !Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm))
        {
            throw new DistillException(ErrorCode.RegistryAuth, $"registry {registry} asked for a bearer token without a valid realm");
        }
        EndpointPolicy.CheckTarget(registryBase(), realm, "token realm");
        var credential = await CredentialAsync(cancellationToken).ConfigureAwait(false);
        if (credential?.RegistryToken is { Length: > 0 } ready)
        {
            return new Token(ready, DateTimeOffset.MaxValue);
        }
        var retry = options.Retry;
        for (var attempt = 1; ; attempt++)
        {
            using var request = TokenRequest(realm, challenge.Service, scopes, credential);
            options.Log?.Invoke($"auth: requesting a token from {Redact.Url(realm)} for {string.Join(' ', scopes)}");
            HttpResponseMessage? response = null;
            try
            {
                using var timer = new IdleTimer(options.IdleTimeout, cancellationToken);
                response = await invoker.SendAsync(request, timer.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= retry.MaxAttempts)
                {
                    throw new DistillException(ErrorCode.Network, $"cannot reach the token server {realm.Authority} for {registry}: {Redact.Text(e.Message)}", e);
                }
            }
            if (response is not null)
            {
                using (response)
                {
                    if (response.IsSuccessStatusCode)
                    {
                        return await ParseTokenAsync(response, realm, cancellationToken).ConfigureAwait(false);
                    }
                    if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    {
                        throw new DistillException(ErrorCode.RegistryAuth, credential is null
                            ? $"registry {registry} requires authentication and no credentials were found for it (use --creds, or log in so ~/.docker/config.json or REGISTRY_AUTH_FILE has them)"
                            : $"the token server {realm.Authority} rejected the {credential} for {registry} (HTTP {(int)response.StatusCode})");
                    }
                    if (!RetryPolicy.IsRetryable(response.StatusCode) || attempt >= retry.MaxAttempts)
                    {
                        throw new DistillException(ErrorCode.RegistryAuth, $"the token server {realm.Authority} for {registry} answered HTTP {(int)response.StatusCode}");
                    }
                }
            }
            await retry.Delay(retry.Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private static HttpRequestMessage TokenRequest(Uri realm, string? service, IReadOnlyList<string> scopes, RegistryCredential? credential)
    {
        if (credential?.IdentityToken is { Length: > 0 } refresh)
        {
            // OAuth2 refresh-token grant, as Docker does with an identity token.
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"), new("refresh_token", refresh), new("client_id", "distill"),
            };
            if (service is not null)
            {
                form.Add(new("service", service));
            }
            if (scopes.Count > 0)
            {
                form.Add(new("scope", string.Join(' ', scopes)));
            }
            return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }
        var query = new StringBuilder(realm.Query.TrimStart('?'));
        void Add(string k, string v) => query.Append(query.Length > 0 ? "&" : "").Append(k).Append('=').Append(Uri.EscapeDataString(v));
        if (service is not null)
        {
            Add("service", service);
        }
        foreach (var s in scopes)
        {
            Add("scope", s);
        }
        if (credential is { Username.Length: > 0 })
        {
            Add("account", credential.Username);
        }
        var url = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        if (credential is { Username.Length: > 0 })
        {
            message.Headers.Authorization = BasicHeader(credential);
        }
        return message;
    }

    private async Task<Token> ParseTokenAsync(HttpResponseMessage response, Uri realm, CancellationToken cancellationToken)
    {
        var body = await RegistryErrors.ReadCappedAsync(response, MaxTokenBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new DistillException(ErrorCode.RegistryAuth, $"the token server {realm.Authority} answered more than {MaxTokenBytes} bytes");
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            string? Str(string n) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var value = Str("token") ?? Str("access_token");
            if (string.IsNullOrEmpty(value))
            {
                throw new DistillException(ErrorCode.RegistryAuth, $"the token server {realm.Authority} answered without a token");
            }
            var seconds = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var s) && s > 0 ? s : 60;
            // Refresh a little early so a token does not expire between the check and the request.
            var lifetime = TimeSpan.FromSeconds(seconds * 0.9);
            return new Token(value, options.Retry.Time.GetUtcNow() + lifetime);
        }
        catch (JsonException ex)
        {
            throw new DistillException(ErrorCode.RegistryAuth, $"the token server {realm.Authority} answered malformed JSON", ex);
        }
    }

    public void Dispose() => _lock.Dispose();
}
