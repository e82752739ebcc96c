using Distill.Oci;

namespace Distill.Base;

/// <summary>
/// What an artifact needs at run time, as the inspector read it from its bytes: the input of
/// <see cref="BasePolicy.Choose"/>. Native code has a <see cref="Linkage"/>; code for a language runtime has a
/// <see cref="Runtime"/> (a framework-dependent .NET apphost has both; the runtime decides).
/// </summary>
public sealed record Requirements
{
    /// <summary>What the artifact is, for reasons: "Go executable", ".NET 10 single-file app", "Java 17 jar".</summary>
    public required string Subject { get; init; }

    public Linkage? Linkage { get; init; }
    public Libc Libc { get; init; }

    /// <summary>The ELF loader (PT_INTERP) or the script interpreter named by the shebang.</summary>
    public string? Interpreter { get; init; }

    /// <summary>Direct <c>DT_NEEDED</c> sonames.</summary>
    public IReadOnlyList<string> Needed { get; init; } = [];

    /// <summary>Libraries loaded with <c>dlopen</c> that the inspector knows of (invisible to DT_NEEDED).</summary>
    public IReadOnlyList<string> Dlopened { get; init; } = [];

    public RuntimeNeed? Runtime { get; init; }

    /// <summary>Names from <see cref="DataFile"/>, canonical order.</summary>
    public IReadOnlyList<string> DataFiles { get; init; } = [];

    /// <summary>The platform the code was built for; null for platform-neutral code (scripts, jars, IL).</summary>
    public Platform? Platform { get; init; }
}
