namespace Distill.Detect;

/// <summary>
/// What a detector learned from a project directory, without running anything: the language, the
/// build system, the program's name, the toolchain version the project asks for, and why.
/// </summary>
public sealed record ProjectInfo
{
    /// <summary>The language of the project.</summary>
    public required Language Language { get; init; }

    /// <summary>The project directory (absolute).</summary>
    public required string Directory { get; init; }

    /// <summary>The build system or layout: go, cargo, cmake, make, sources, zig-build, nimble, dub, ldc2, shards, dotnet, maven, gradle, javac, npm, pip, bundler, composer.</summary>
    public required string BuildSystem { get; init; }

    /// <summary>The program's name (the executable, jar or app name).</summary>
    public required string Name { get; init; }

    /// <summary>Why the detector claimed the directory (the files it saw).</summary>
    public required string Reason { get; init; }

    /// <summary>The toolchain version the project asks for ("1.19", "17", "20"), or null when it says nothing.</summary>
    public string? ToolchainVersion { get; init; }

    /// <summary>Where <see cref="ToolchainVersion"/> came from (go.mod, rust-toolchain.toml, .nvmrc...).</summary>
    public string? ToolchainVersionSource { get; init; }

    /// <summary>The entry file relative to the project (main.py, index.js, src/main.cr, app.csproj), or null.</summary>
    public string? MainFile { get; init; }

    /// <summary>Source files relative to the project, sorted, for layouts without a build file (plain C, javac).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Language-specific facts (lock file present, dependency file, AOT allowed...).</summary>
    public IReadOnlyDictionary<string, string> Facts { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A fact's value, or null.</summary>
    public string? Fact(string key) => Facts.TryGetValue(key, out var v) ? v : null;
}
