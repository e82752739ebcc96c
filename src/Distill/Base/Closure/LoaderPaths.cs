namespace Distill.Base.Closure;

/// <summary>
/// The dynamic loader's search rules (ld.so(8)): DT_RPATH (only without DT_RUNPATH), DT_RUNPATH,
/// the ld.so.conf directories, then the default and Debian multiarch directories; with $ORIGIN,
/// $LIB and $PLATFORM expanded for the requesting object's machine.
/// </summary>
public static class LoaderPaths
{
    // e_machine values (elf.h).
    private const ushort EM_386 = 3, EM_ARM = 40, EM_X86_64 = 62, EM_AARCH64 = 183, EM_RISCV = 243, EM_PPC64 = 21, EM_S390 = 22;

    /// <summary>The Debian multiarch triplet of a machine, or null.</summary>
    public static string? Triplet(ushort machine, bool is64, bool bigEndian) => machine switch
    {
        EM_X86_64 => "x86_64-linux-gnu",
        EM_386 => "i386-linux-gnu",
        EM_AARCH64 => "aarch64-linux-gnu",
        EM_ARM => "arm-linux-gnueabihf",
        EM_RISCV => is64 ? "riscv64-linux-gnu" : null,
        EM_PPC64 => bigEndian ? "powerpc64-linux-gnu" : "powerpc64le-linux-gnu",
        EM_S390 => "s390x-linux-gnu",
        _ => null,
    };

    /// <summary>What $PLATFORM expands to.</summary>
    public static string Platform(ushort machine) => machine switch
    {
        EM_X86_64 => "x86_64",
        EM_386 => "i686",
        EM_AARCH64 => "aarch64",
        EM_ARM => "v7l",
        _ => "unknown",
    };

    /// <summary>The directories searched by default, after RPATH/RUNPATH, in order.</summary>
    public static IReadOnlyList<string> DefaultDirectories(Sysroot root, ushort machine, bool is64, bool bigEndian)
    {
        var dirs = new List<string>(LdSoConf.Directories(root));
        if (Triplet(machine, is64, bigEndian) is { } triplet)
        {
            dirs.AddRange([$"/lib/{triplet}", $"/usr/lib/{triplet}"]);
        }
        dirs.AddRange(is64 ? ["/lib64", "/usr/lib64"] : ["/lib32", "/usr/lib32"]);
        dirs.AddRange(["/lib", "/usr/lib", "/usr/local/lib"]);
        return dirs.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Expands $ORIGIN, $LIB and $PLATFORM (both ${X} and $X forms); $LIB may mean several directories.</summary>
    public static IEnumerable<string> Expand(string entry, string origin, ushort machine, bool is64, bool bigEndian)
    {
        var withOrigin = Replace(Replace(entry, "ORIGIN", origin), "PLATFORM", Platform(machine));
        if (!withOrigin.Contains("$LIB", StringComparison.Ordinal) && !withOrigin.Contains("${LIB}", StringComparison.Ordinal))
        {
            return [withOrigin];
        }
        var libs = new List<string>();
        if (Triplet(machine, is64, bigEndian) is { } triplet)
        {
            libs.Add("lib/" + triplet);
        }
        libs.Add(is64 ? "lib64" : "lib");
        return libs.Select(l => Replace(withOrigin, "LIB", l));
    }

    private static string Replace(string text, string name, string value) =>
        text.Replace("${" + name + "}", value, StringComparison.Ordinal).Replace("$" + name, value, StringComparison.Ordinal);
}
