using System.Runtime.InteropServices;
using Distill.Inspect;
using Distill.Oci;

namespace Distill.Base;

/// <summary>The pure decisions of <c>pack</c>: which platform, which base, which entrypoint.</summary>
public static class BaseSelection
{
    /// <summary>The platform of the machine Distill runs on (what "foreign" is measured against).</summary>
    public static Platform HostPlatform => new("linux", RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.X86 => "386",
        Architecture.Arm => "arm",
        Architecture.RiscV64 => "riscv64",
        Architecture.Ppc64le => "ppc64le",
        Architecture.S390x => "s390x",
        var other => other.ToString().ToLowerInvariant(),
    });

    /// <summary>
    /// The image platform: the ELF's own, refusing a foreign-architecture artifact unless
    /// <paramref name="requested"/> names that platform, and a contradiction always.
    /// </summary>
    /// <exception cref="DistillException">The artifact's architecture differs from the request or, with no request, from the host.</exception>
    public static Platform ChoosePlatform(Platform? requested, Platform? artifact, string what)
    {
        if (requested is not null)
        {
            if (artifact is not null && !requested.Matches(artifact))
            {
                throw new DistillException(ErrorCode.ForeignArchitecture, $"'{what}' is a {artifact} binary, but --platform says {requested}");
            }
            return artifact is not null && requested.Variant is null ? requested with { Variant = artifact.Variant } : requested;
        }
        if (artifact is null)
        {
            return HostPlatform;
        }
        var host = HostPlatform;
        if (artifact.Os != host.Os || artifact.Architecture != host.Architecture)
        {
            throw new DistillException(ErrorCode.ForeignArchitecture,
                $"'{what}' is a {artifact} binary and this machine is {host}; pass --platform {artifact} to pack it for that platform");
        }
        return artifact;
    }

    /// <summary>Maps the analysis' tier to a base pack can build: distroless library tiers become the (smaller) exact closure.</summary>
    /// <exception cref="DistillException">The tier needs a runtime pack cannot provide.</exception>
    public static string PackableBase(ArtifactReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var tier = report.Base?.Tier ?? throw new DistillException(ErrorCode.UnknownArtifact,
            $"'{report.Path}' is not something Distill can analyse ({report.Problem}); pass --base and --entrypoint");
        return tier switch
        {
            BaseTier.Scratch or BaseTier.Static => tier,
            BaseTier.BaseNoSsl or BaseTier.Base or BaseTier.Cc or BaseTier.Closure => BaseTier.Closure,
            BaseTier.Java17 or BaseTier.NodeJs or BaseTier.Python3 => tier,
            BaseTier.Java21 or BaseTier.Java25 => throw new DistillException(ErrorCode.UnsupportedInput,
                $"'{report.Path}' needs {tier}, but Debian 12 packages only Java 17; build with --release 17 or pass --base IMAGE"),
            BaseTier.DotnetRuntime or BaseTier.AspNet => throw new DistillException(ErrorCode.UnsupportedInput,
                $"'{report.Path}' is a framework-dependent .NET app, which needs the shared runtime; publish it self-contained or NativeAOT (or use distill build), or pass --base IMAGE"),
            _ => throw new DistillException(ErrorCode.UnsupportedInput,
                $"'{report.Path}' needs {tier} ({report.Base.Reason}); pass --base IMAGE with that runtime, or use distill build"),
        };
    }

    /// <summary>True for the Debian-package tiers whose image sets the interpreter as entrypoint.</summary>
    public static bool IsRuntimeTier(string baseName) => baseName is BaseTier.Java17 or BaseTier.NodeJs or BaseTier.Python3;

    /// <summary>The tiers built from Debian packages (<c>distill base</c>).</summary>
    public static bool IsDebianTier(string baseName) => Debian.DebianTiers.Names.Contains(baseName);
}
