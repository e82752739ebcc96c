using System.Globalization;

namespace Distill.Base.Debian;

/// <summary>One binary package version available from a repository (a <c>Packages</c> paragraph) or a local directory.</summary>
public sealed record PackageRecord
{
    public required string Name { get; init; }
    public required DebVersion Version { get; init; }
    public required string Architecture { get; init; }

    /// <summary><c>same</c>, <c>foreign</c>, <c>allowed</c> or <c>no</c>.</summary>
    public string MultiArch { get; init; } = "no";

    public IReadOnlyList<DependencyGroup> Depends { get; init; } = [];
    public IReadOnlyList<DependencyGroup> PreDepends { get; init; } = [];

    /// <summary>Provided virtual packages (each a single alternative, optionally versioned with <c>=</c>).</summary>
    public IReadOnlyList<DependencyAlternative> Provides { get; init; } = [];

    /// <summary><c>Conflicts</c> and <c>Breaks</c>: packages that must not be installed beside this one.</summary>
    public IReadOnlyList<DependencyAlternative> Conflicts { get; init; } = [];

    /// <summary>The pool path from <c>Filename:</c>, relative to the archive root.</summary>
    public required string Filename { get; init; }

    public long Size { get; init; }

    /// <summary>Lowercase hex SHA256 of the .deb file.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The full download URL (<c>http(s)://</c> or <c>file://</c>).</summary>
    public required string Url { get; init; }

    /// <summary>apt's pin priority of the suite it comes from (<see cref="ReleaseFile.PinPriority"/>).</summary>
    public int PinPriority { get; init; } = ReleaseFile.DefaultPinPriority;

    /// <summary>Fields kept from a <c>Packages</c> paragraph.</summary>
    internal static readonly HashSet<string> IndexFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "Package", "Version", "Architecture", "Multi-Arch", "Depends", "Pre-Depends", "Provides", "Filename", "Size", "SHA256",
    };

    /// <summary>Reads a <c>Packages</c> paragraph (or a control file with the file facts given separately).</summary>
    /// <exception cref="FormatException">A required field is missing or malformed.</exception>
    public static PackageRecord FromStanza(Deb822Stanza s, string baseUri, string? filename = null, string? sha256 = null, long? size = null)
    {
        var name = s.Required("Package", "a package paragraph");
        var file = filename ?? s.Required("Filename", $"package '{name}'");
        var hash = (sha256 ?? s.Required("SHA256", $"package '{name}'")).ToLowerInvariant();
        if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
        {
            throw new FormatException($"package '{name}' has a malformed SHA256");
        }
        if (file.Split('/').Any(p => p == ".."))
        {
            throw new FormatException($"package '{name}' has a Filename that leaves the archive ('{file}')");
        }
        return new PackageRecord
        {
            Name = name,
            Version = DebVersion.Parse(s.Required("Version", $"package '{name}'")),
            Architecture = s.Required("Architecture", $"package '{name}'"),
            MultiArch = s["Multi-Arch"] ?? "no",
            Depends = DependencyGroup.ParseField(s["Depends"]),
            PreDepends = DependencyGroup.ParseField(s["Pre-Depends"]),
            Provides = [.. DependencyGroup.ParseField(s["Provides"]).Select(g => g.Alternatives[0])],
            Conflicts = [.. DependencyGroup.ParseField(s["Conflicts"]).Concat(DependencyGroup.ParseField(s["Breaks"])).SelectMany(g => g.Alternatives)],
            Filename = file,
            Size = size ?? (long.TryParse(s["Size"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0),
            Sha256 = hash,
            Url = $"{baseUri.TrimEnd('/')}/{file.TrimStart('/')}",
        };
    }

    public override string ToString() => $"{Name} {Version} ({Architecture})";
}
