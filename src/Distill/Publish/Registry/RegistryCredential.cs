namespace Distill.Publish.Registry;

/// <summary>
/// Credentials for one registry: a user and password, or an identity (refresh) token, or a ready
/// registry token. <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed record RegistryCredential(string Username, string Password)
{
    /// <summary>An OAuth2 refresh token (<c>identitytoken</c> in Docker's config).</summary>
    public string? IdentityToken { get; init; }

    /// <summary>A bearer token to send as is (<c>registrytoken</c> in Docker's config).</summary>
    public string? RegistryToken { get; init; }

    /// <summary>Where these came from, for messages (a file, a helper, the command line).</summary>
    public string Origin { get; init; } = "";

    public override string ToString() => $"credentials for user '{Username}' from {Origin}";
}
