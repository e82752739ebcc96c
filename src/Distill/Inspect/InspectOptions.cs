using System.Runtime.InteropServices;
using Distill.Oci;

namespace Distill.Inspect;

/// <summary>Options for <see cref="ArtifactInspector"/>.</summary>
public sealed record InspectOptions
{
    /// <summary>The platform the image is for; native code built for another one gets a warning. Default: this machine's.</summary>
    public Platform Target { get; init; } = Host;

    /// <summary>The image's environment turns .NET's invariant globalization on (<c>DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1</c>): no ICU needed.</summary>
    public bool InvariantGlobalizationByEnvironment { get; init; }

    /// <summary>Largest file read whole (ELF files are parsed from memory).</summary>
    public long MaxFileBytes { get; init; } = 1L << 30;

    /// <summary>This machine's platform in OCI spelling.</summary>
    public static Platform Host { get; } = new("linux", RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        Architecture.Arm => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loong64",
        var a => a.ToString().ToLowerInvariant(),
    });
}
