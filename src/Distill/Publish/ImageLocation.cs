namespace Distill.Publish;

/// <summary>The transports of skopeo and podman that Distill reads and writes.</summary>
public enum Transport
{
    /// <summary><c>oci:DIR[:TAG]</c>, an OCI image layout directory.</summary>
    OciLayout,

    /// <summary><c>oci-archive:FILE[:TAG]</c>, a tar of an OCI image layout.</summary>
    OciArchive,

    /// <summary><c>docker-archive:FILE[:NAME:TAG]</c>, the <c>docker save</c> format.</summary>
    DockerArchive,

    /// <summary><c>docker://HOST/REPO[:TAG|@DIGEST]</c>, a registry.</summary>
    Registry,
}

/// <summary>A parsed image location such as <c>oci:out:latest</c> (containers-transports(5) syntax).</summary>
public sealed record ImageLocation(Transport Transport, string Path, string? Reference)
{
    /// <summary>The text as the user wrote it (for messages).</summary>
    public required string Text { get; init; }

    /// <summary>Parses a location.</summary>
    /// <exception cref="DistillException">Unknown transport or malformed reference (a usage error).</exception>
    public static ImageLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new DistillException(ErrorCode.BadTransport,
                $"'{text}' has no transport; write oci:{text}, oci-archive:{text}, docker-archive:{text} or docker://HOST/REPO");
        }
        var transport = text[..colon];
        var rest = text[(colon + 1)..];
        switch (transport)
        {
            case "oci":
            case "oci-archive":
            {
                var (path, tag) = SplitFirst(rest);
                RequirePath(text, path);
                if (tag is not null)
                {
                    ValidateTag(text, tag);
                }
                return new ImageLocation(transport == "oci" ? Transport.OciLayout : Transport.OciArchive, path, tag) { Text = text };
            }
            case "docker-archive":
            {
                var (path, reference) = SplitFirst(rest);
                RequirePath(text, path);
                if (reference is not null)
                {
                    ValidateNameAndTag(text, reference);
                }
                return new ImageLocation(Transport.DockerArchive, path, reference) { Text = text };
            }
            case "docker":
                if (!rest.StartsWith("//", StringComparison.Ordinal) || rest.Length == 2)
                {
                    throw new DistillException(ErrorCode.BadTransport, $"'{text}': a registry location is docker://HOST/REPO[:TAG|@DIGEST]");
                }
                return new ImageLocation(Transport.Registry, "", rest[2..]) { Text = text };
            default:
                throw new DistillException(ErrorCode.BadTransport,
                    $"'{text}': unknown transport '{transport}' (use oci:, oci-archive:, docker-archive: or docker://)");
        }
    }

    /// <summary>The tag an OCI layout or archive gets when none is given.</summary>
    public const string DefaultTag = "latest";

    public override string ToString() => Text;

    private static (string Path, string? Remainder) SplitFirst(string s)
    {
        // Like containers/image: the path ends at the first ':' (paths with ':' are not supported).
        var i = s.IndexOf(':', StringComparison.Ordinal);
        return i < 0 ? (s, null) : (s[..i], s[(i + 1)..]);
    }

    private static void RequirePath(string text, string path)
    {
        if (path.Length == 0)
        {
            throw new DistillException(ErrorCode.BadTransport, $"'{text}' names no path");
        }
    }

    /// <summary>Docker's tag grammar: <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>.</summary>
    public static bool IsValidTag(string tag) =>
        tag.Length is > 0 and <= 128
        && (char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_')
        && tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static void ValidateTag(string text, string tag)
    {
        if (!IsValidTag(tag))
        {
            throw new DistillException(ErrorCode.BadTransport, $"'{text}': '{tag}' is not a valid tag (letters, digits, '_', '.', '-'; at most 128)");
        }
    }

    private static void ValidateNameAndTag(string text, string reference)
    {
        var colon = reference.LastIndexOf(':');
        var slash = reference.LastIndexOf('/');
        var name = colon > slash ? reference[..colon] : reference;
        var tag = colon > slash ? reference[(colon + 1)..] : null;
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-' or '/' or ':')))
        {
            throw new DistillException(ErrorCode.BadTransport, $"'{text}': '{name}' is not a valid image name (lowercase letters, digits, '.', '_', '-', '/')");
        }
        if (tag is not null)
        {
            ValidateTag(text, tag);
        }
    }
}
