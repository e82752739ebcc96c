using System.Text;
using System.Text.Json;

namespace Distill.Publish.Registry;

/// <summary>
/// Finds credentials for a registry the way podman and docker do: <c>REGISTRY_AUTH_FILE</c>, then
/// <c>$XDG_RUNTIME_DIR/containers/auth.json</c>, then <c>$DOCKER_CONFIG/config.json</c> (default
/// <c>~/.docker/config.json</c>); in each file <c>credHelpers</c>, then <c>credsStore</c>, then
/// <c>auths</c>. A broken file or helper fails closed (RELIABILITY B6-04): it never falls back to
/// another registry's entry.
/// </summary>
public sealed class CredentialStore(IReadOnlyList<string> files, CredentialHelper helper)
{
    private const int MaxFileBytes = 1 << 20;

    /// <summary>The files searched, in order.</summary>
    public IReadOnlyList<string> Files { get; } = files;

    /// <summary>The store the environment describes.</summary>
    public static CredentialStore FromEnvironment()
    {
        var files = new List<string>();
        var authFile = Environment.GetEnvironmentVariable("REGISTRY_AUTH_FILE");
        if (!string.IsNullOrEmpty(authFile))
        {
            files.Add(authFile);
        }
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtime))
        {
            files.Add(Path.Combine(runtime, "containers", "auth.json"));
        }
        var dockerConfig = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        files.Add(!string.IsNullOrEmpty(dockerConfig)
            ? Path.Combine(dockerConfig, "config.json")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "config.json"));
        return new CredentialStore(files, new CredentialHelper());
    }

    /// <summary>The credentials for <paramref name="registry"/> (host[:port], docker.io for Docker Hub), or null.</summary>
    /// <exception cref="DistillException">A config file or credential helper is broken.</exception>
    public async Task<RegistryCredential?> FindAsync(string registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var file in Files)
        {
            if (!File.Exists(file))
            {
                continue;
            }
            var found = await FindInFileAsync(file, registry, cancellationToken).ConfigureAwait(false);
            if (found is not null)
            {
                return found;
            }
        }
        return null;
    }

    private async Task<RegistryCredential?> FindInFileAsync(string file, string registry, CancellationToken cancellationToken)
    {
        using var doc = ReadConfig(file);
        var root = doc.RootElement;
        var keys = KeysFor(registry);
        if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in helpers.EnumerateObject())
            {
                if (keys.Contains(NormalizeKey(p.Name)) && p.Value.ValueKind == JsonValueKind.String)
                {
                    return await helper.GetAsync(p.Value.GetString()!, ServerUrl(registry), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } storeName)
        {
            var fromStore = await helper.GetAsync(storeName, ServerUrl(registry), cancellationToken).ConfigureAwait(false);
            if (fromStore is not null)
            {
                return fromStore;
            }
        }
        if (root.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in auths.EnumerateObject())
            {
                if (keys.Contains(NormalizeKey(p.Name)) && p.Value.ValueKind == JsonValueKind.Object)
                {
                    return ReadEntry(p.Value, file, registry);
                }
            }
        }
        return null;
    }

    private static JsonDocument ReadConfig(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (info.Length > MaxFileBytes)
            {
                throw new DistillException(ErrorCode.RegistryAuth, $"credentials file '{file}' is larger than {MaxFileBytes} bytes");
            }
            return JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 16 });
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new DistillException(ErrorCode.RegistryAuth, $"cannot read credentials file '{file}': {e.GetType().Name}; fix or remove it", e);
        }
    }

    private static RegistryCredential? ReadEntry(JsonElement entry, string file, string registry)
    {
        string? Str(string name) => entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var origin = $"'{file}'";
        var user = Str("username");
        var password = Str("password");
        if (Str("auth") is { Length: > 0 } auth)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException e)
            {
                throw new DistillException(ErrorCode.RegistryAuth, $"the 'auth' entry for {registry} in '{file}' is not base64", e);
            }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new DistillException(ErrorCode.RegistryAuth, $"the 'auth' entry for {registry} in '{file}' is not user:password");
            }
            user = decoded[..colon];
            password = decoded[(colon + 1)..];
        }
        var identity = Str("identitytoken");
        var registryToken = Str("registrytoken");
        if (string.IsNullOrEmpty(user) && identity is null && registryToken is null)
        {
            return null;
        }
        return new RegistryCredential(user ?? "", password ?? "") { IdentityToken = identity, RegistryToken = registryToken, Origin = origin };
    }

    /// <summary>The config keys that name this registry (Docker Hub has several historical ones).</summary>
    private static HashSet<string> KeysFor(string registry) =>
        registry == ImageReference.DockerHubDomain
            ? new(StringComparer.OrdinalIgnoreCase) { "docker.io", "index.docker.io", ImageReference.DockerHubApiHost }
            : new(StringComparer.OrdinalIgnoreCase) { registry };

    /// <summary><c>https://host:port/v1/</c> → <c>host:port</c>.</summary>
    internal static string NormalizeKey(string key)
    {
        var k = key;
        var scheme = k.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            k = k[(scheme + 3)..];
        }
        var slash = k.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? k[..slash] : k;
    }

    /// <summary>The server URL credential helpers are asked about (Docker's key for Docker Hub).</summary>
    internal static string ServerUrl(string registry) =>
        registry == ImageReference.DockerHubDomain ? "https://index.docker.io/v1/" : registry;
}
