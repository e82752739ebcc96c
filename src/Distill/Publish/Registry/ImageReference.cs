using System.Net;
using Distill.Oci;

namespace Distill.Publish.Registry;

/// <summary>
/// A registry image reference parsed as Docker does (distribution/reference <c>ParseNormalizedNamed</c>):
/// a bare name gets the <c>docker.io</c> domain, a one-component Docker Hub name gets <c>library/</c>,
/// the tag defaults to <c>latest</c>, and <c>@sha256:</c> pins a digest.
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, Digest? Digest)
{
    /// <summary>Docker Hub's canonical domain, used for names without one.</summary>
    public const string DockerHubDomain = "docker.io";

    /// <summary>The host that serves Docker Hub's distribution API (Docker's own mapping).</summary>
    internal const string DockerHubApiHost = "registry-1.docker.io";

    private const int MaxNameLength = 255;

    /// <summary>The tag or digest to ask the registry for: the digest when pinned, else the tag (default <c>latest</c>).</summary>
    public string Identifier => Digest?.ToString() ?? Tag ?? ImageLocation.DefaultTag;

    /// <summary>The host[:port] the distribution API is served on.</summary>
    public string ApiHost => Registry == DockerHubDomain ? DockerHubApiHost : Registry;

    /// <summary><c>registry/repository</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>The same repository pinned to <paramref name="digest"/> (<c>REF@sha256:...</c>).</summary>
    public string Pinned(Digest digest) => $"{Name}@{digest}";

    public override string ToString() =>
        Name + (Tag is not null || Digest is null ? $":{Tag ?? ImageLocation.DefaultTag}" : "") + (Digest is { } d ? $"@{d}" : "");

    /// <summary>Parses <c>[HOST[:PORT]/]PATH[:TAG][@DIGEST]</c>.</summary>
    /// <exception cref="DistillException">The reference is malformed (a usage error naming it).</exception>
    public static ImageReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = text;
        Digest? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digestText = rest[(at + 1)..];
            if (!Oci.Digest.TryParse(digestText, out var d))
            {
                throw Invalid(text, digestText.Contains(':', StringComparison.Ordinal) && !digestText.StartsWith("sha256:", StringComparison.Ordinal)
                    ? $"unsupported digest algorithm in '{digestText}' (only sha256)"
                    : $"'{digestText}' is not a sha256 digest");
            }
            digest = d;
            rest = rest[..at];
        }
        string? tag = null;
        var lastColon = rest.LastIndexOf(':');
        if (lastColon > rest.LastIndexOf('/') && !rest[(lastColon + 1)..].Contains(']', StringComparison.Ordinal))
        {
            tag = rest[(lastColon + 1)..];
            rest = rest[..lastColon];
            if (!ImageLocation.IsValidTag(tag))
            {
                throw Invalid(text, $"'{tag}' is not a valid tag (letters, digits, '_', '.', '-'; at most 128)");
            }
        }
        if (rest.Length == 0)
        {
            throw Invalid(text, "it names no repository");
        }
        var (domain, path) = SplitDomain(rest);
        ValidateDomain(text, domain);
        if (domain == DockerHubDomain && !path.Contains('/', StringComparison.Ordinal))
        {
            path = "library/" + path;
        }
        ValidatePath(text, path);
        if (domain.Length + 1 + path.Length > MaxNameLength)
        {
            throw Invalid(text, $"the name is longer than {MaxNameLength} characters");
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /// <summary>Docker's rule: the first component is a domain only if it has '.' or ':', or is <c>localhost</c>, or has uppercase.</summary>
    private static (string Domain, string Path) SplitDomain(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (DockerHubDomain, name);
        }
        var first = name[..slash];
        var isDomain = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost" || first.Any(char.IsAsciiLetterUpper);
        if (!isDomain)
        {
            return (DockerHubDomain, name);
        }
        return (first == "index.docker.io" ? DockerHubDomain : first, name[(slash + 1)..]);
    }

    private static void ValidateDomain(string text, string domain)
    {
        string host = domain;
        string? port = null;
        if (domain.StartsWith('['))
        {
            var close = domain.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(domain[1..close], out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                throw Invalid(text, $"'{domain}' is not a valid [IPv6] host");
            }
            host = domain[..(close + 1)];
            var after = domain[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    throw Invalid(text, $"'{domain}' is not a valid host");
                }
                port = after[1..];
            }
        }
        else
        {
            var colon = domain.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                host = domain[..colon];
                port = domain[(colon + 1)..];
            }
            var labels = host.Split('.');
            if (host.Length == 0 || labels.Any(l => l.Length == 0 || l[0] == '-' || l[^1] == '-' || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
            {
                throw Invalid(text, $"'{host}' is not a valid registry host");
            }
        }
        if (port is not null && (port.Length == 0 || !port.All(char.IsAsciiDigit) || !int.TryParse(port, out var p) || p is < 1 or > 65535))
        {
            throw Invalid(text, $"'{port}' is not a valid port");
        }
    }

    /// <summary>path-component := [a-z0-9]+ ((\.|_|__|-+)[a-z0-9]+)*, joined by '/'.</summary>
    private static void ValidatePath(string text, string path)
    {
        if (path.Any(char.IsAsciiLetterUpper))
        {
            throw Invalid(text, "the repository name must be lowercase");
        }
        foreach (var component in path.Split('/'))
        {
            if (!IsPathComponent(component))
            {
                throw Invalid(text, $"'{component}' is not a valid repository path component (lowercase letters and digits, separated by '.', '_', '__' or '-')");
            }
        }
    }

    private static bool IsPathComponent(string c)
    {
        if (c.Length == 0 || !IsAlnum(c[0]) || !IsAlnum(c[^1]))
        {
            return false;
        }
        for (var i = 0; i < c.Length; i++)
        {
            if (IsAlnum(c[i]))
            {
                continue;
            }
            var start = i;
            while (i < c.Length && !IsAlnum(c[i]))
            {
                i++;
            }
            var sep = c[start..i];
            if (sep is not ("." or "_" or "__") && !sep.All(ch => ch == '-'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsAlnum(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static DistillException Invalid(string text, string why) =>
        new(ErrorCode.BadTransport, $"'docker://{text}' is not a valid image reference: {why}");
}
