using System.Text.Json;

namespace Distill.Oci;

/// <summary>An OCI platform: <c>os/architecture[/variant]</c>.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>Linux on amd64, the default target.</summary>
    public static readonly Platform LinuxAmd64 = new("linux", "amd64");

    /// <summary>The optional <c>os.version</c>.</summary>
    public string? OsVersion { get; init; }

    /// <summary>Parses <c>os/arch[/variant]</c> as docker and podman accept it.</summary>
    /// <exception cref="DistillException">The text is not a platform.</exception>
    public static Platform Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0 || p.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))))
        {
            throw new DistillException(ErrorCode.Usage, $"invalid platform '{text}': expected os/architecture[/variant], e.g. linux/amd64");
        }
        var arch = parts[1] switch
        {
            "x86_64" or "x86-64" => "amd64",
            "aarch64" => "arm64",
            "i386" or "i686" => "386",
            var a => a,
        };
        var variant = parts.Length == 3 ? parts[2] : null;
        // arm64's only variant is v8, which is the default; normalize like containerd does.
        if (arch == "arm64" && variant == "v8")
        {
            variant = null;
        }
        return new Platform(parts[0], arch, variant);
    }

    /// <summary>True when an index entry's platform satisfies this requested platform.</summary>
    public bool Matches(Platform other) =>
        Os == other.Os && Architecture == other.Architecture
        && (Variant is null || other.Variant is null || Variant == other.Variant);

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    internal void WriteTo(GoJsonWriter w)
    {
        w.StartObject().Property("architecture", Architecture).Property("os", Os);
        w.OptionalProperty("os.version", OsVersion);
        w.OptionalProperty("variant", Variant);
        w.EndObject();
    }

    internal static Platform Read(JsonElement e) =>
        new(OciJson.RequiredString(e, "os"), OciJson.RequiredString(e, "architecture"), OciJson.OptionalString(e, "variant"))
        {
            OsVersion = OciJson.OptionalString(e, "os.version"),
        };
}
