namespace Distill.Inspect;

/// <summary>
/// What the Go linker records in the <c>\xff Go buildinf:</c> blob (what <c>go version -m</c> prints): the Go
/// version, the main package and module, dependencies, and since Go 1.18 the build settings
/// (<c>CGO_ENABLED</c>, <c>-tags</c>, <c>GOARCH</c>, <c>GOARM</c>, ...).
/// </summary>
public sealed record GoBuildInfo(string GoVersion)
{
    /// <summary>The main package path (<c>path</c> line), e.g. <c>example.com/app/cmd/app</c>.</summary>
    public string? Path { get; init; }

    /// <summary>The main module path (<c>mod</c> line).</summary>
    public string? Module { get; init; }

    /// <summary>The main module version, <c>(devel)</c> for local builds.</summary>
    public string? ModuleVersion { get; init; }

    /// <summary>Dependencies as <c>path@version</c>, in recorded order.</summary>
    public IReadOnlyList<string> Dependencies { get; init; } = [];

    /// <summary>Build settings (<c>build</c> lines), keys sorted ordinally.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>CGO_ENABLED</c> as recorded; null for Go before 1.18, which recorded no settings.</summary>
    public bool? CgoEnabled => Settings.TryGetValue("CGO_ENABLED", out var v) ? v == "1" : null;

    /// <summary>The <c>-tags</c> build tags.</summary>
    public IReadOnlyList<string> Tags =>
        Settings.TryGetValue("-tags", out var v) ? v.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
}
