using Distill.Base;

namespace Distill.Inspect;

/// <summary>
/// The analysis of one artifact: what it is, what it needs (<see cref="Requirements"/>), the base chosen for it
/// and why, and warnings for the pitfalls of KNOWLEDGE.md. <see cref="Requirements"/> and <see cref="Base"/> are
/// null only for <see cref="ArtifactFormat.Unknown"/>.
/// </summary>
public sealed record ArtifactReport
{
    /// <summary>The path as given.</summary>
    public required string Path { get; init; }
    public required ArtifactFormat Format { get; init; }

    /// <summary>A finer kind: executable, shared-library, go, dotnet-apphost, dotnet-single-file, dotnet-nativeaot, dotnet-assembly, script, jar, unknown.</summary>
    public required string Kind { get; init; }

    /// <summary>For a directory, the entry point found in it (relative path); else null.</summary>
    public string? EntryPoint { get; init; }
    public Requirements? Requirements { get; init; }
    public BaseChoice? Base { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Extra facts (Go version, build-id, Main-Class, .NET frameworks, ...), keys sorted ordinally.</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Why the artifact could not be analysed (only for <see cref="ArtifactFormat.Unknown"/> results).</summary>
    public string? Problem { get; init; }

    /// <summary>The parsed ELF file, when the artifact (or its entry point) is one.</summary>
    public ElfInfo? Elf { get; init; }
}
