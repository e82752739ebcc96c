using Distill.Oci;

namespace Distill.Inspect;

/// <summary>Maps <c>e_machine</c>, class and byte order to OCI platform names (GOARCH spelling, as OCI uses).</summary>
public static class ElfMachine
{
    /// <summary>The OCI architecture, or null for a machine the OCI platform list has no name for.</summary>
    public static string? Architecture(ushort machine, bool is64, bool bigEndian) => machine switch
    {
        3 => "386",
        62 => is64 ? "amd64" : "amd64p32",
        183 => is64 ? "arm64" : null,
        40 => bigEndian ? "armbe" : "arm",
        243 => is64 ? "riscv64" : "riscv32",
        21 => bigEndian ? "ppc64" : "ppc64le",
        20 => bigEndian ? "ppc" : null,
        22 => is64 ? "s390x" : "s390",
        8 => (is64, bigEndian) switch { (true, true) => "mips64", (true, false) => "mips64le", (false, true) => "mips", _ => "mipsle" },
        258 => is64 ? "loong64" : null,
        43 => "sparc64",
        2 => "sparc",
        50 => "ia64",
        _ => null,
    };

    /// <summary>The OS from <c>EI_OSABI</c> and the ABI tag; System V (0) and GNU (3) mean Linux here.</summary>
    public static string Os(byte osAbi, ElfAbiTag? tag) => osAbi switch
    {
        9 => "freebsd",
        12 => "openbsd",
        2 => "netbsd",
        6 => "solaris",
        _ when tag?.Os == "FreeBSD" => "freebsd",
        _ when tag?.Os == "Solaris" => "solaris",
        _ => "linux",
    };

    /// <summary>A human name for a machine number, for messages.</summary>
    public static string Describe(ushort machine, bool is64, bool bigEndian) =>
        Architecture(machine, is64, bigEndian) ?? $"e_machine {machine}";

    /// <summary>The ARM variant (v5, v6, v7, v8) from the <c>Tag_CPU_arch</c> build attribute value.</summary>
    internal static string? ArmVariant(ulong cpuArch) => cpuArch switch
    {
        >= 3 and <= 5 => "v5",
        >= 6 and <= 9 or 11 or 12 => "v6",
        10 or 13 => "v7",
        >= 14 and <= 30 => "v8",
        _ => null,
    };

    /// <summary>The platform of a parsed file; variant from ARM attributes or Go's <c>GOARM</c> setting.</summary>
    internal static Platform? Platform(string? arch, string os, string? armVariant, GoBuildInfo? go)
    {
        if (arch is null)
        {
            return null;
        }
        string? variant = null;
        if (arch == "arm")
        {
            variant = armVariant;
            if (go?.Settings.TryGetValue("GOARM", out var goarm) == true && goarm.Length > 0 && char.IsAsciiDigit(goarm[0]))
            {
                variant = "v" + goarm[0];
            }
        }
        return new Platform(os, arch, variant);
    }
}
