using Distill.Base;

namespace Distill.Inspect;

/// <summary>
/// Turns the bytes of one ELF file into an <see cref="ArtifactReport"/>: kind (plain, Go, .NET apphost,
/// single-file bundle, NativeAOT), linkage, loader, libraries, runtime, data files, base and warnings.
/// File access goes only through <see cref="ArtifactRoot"/> (null: the bytes alone, as the fuzzer runs it).
/// </summary>
internal static class ElfAnalysis
{
    /// <exception cref="ElfFormatException">The file is malformed.</exception>
    /// <exception cref="DistillException">The file is an object file or core dump (UnknownArtifact).</exception>
    public static ArtifactReport Analyze(string path, byte[] data, ArtifactRoot? root, InspectOptions options)
    {
        var info = ElfReader.Read(data, path);
        if (info.Type is not (ElfFileType.Executable or ElfFileType.SharedObject))
        {
            throw new DistillException(ErrorCode.UnknownArtifact, $"{path} is an ELF {info.Type.ToString().ToLowerInvariant()} file, not a program or shared library");
        }
        var warnings = info.Warnings.Select(w => "ELF: " + w).ToList();
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["elf.type"] = info.Type == ElfFileType.Executable ? "EXEC" : "DYN",
            ["elf.stripped"] = info.IsStripped ? "true" : "false",
        };
        Optional(details, "elf.buildId", info.BuildId);
        Optional(details, "elf.soname", info.SoName);
        Optional(details, "elf.runpath", info.RunPath.Count > 0 ? string.Join(':', info.RunPath) : null);
        Optional(details, "elf.rpath", info.RPath.Count > 0 ? string.Join(':', info.RPath) : null);
        var mapped = info.LoadedEnd is > 0 and var end && end < (ulong)data.Length ? (int)end : data.Length;
        var libc = ElfNeeds.LibcOf(info);
        var name = Path.GetFileName(path);
        var dotnet = DotnetHost.Inspect(data, mapped, info, name, root, details, warnings);
        if (dotnet is { Invariant: false } && options.InvariantGlobalizationByEnvironment)
        {
            dotnet = dotnet with { Invariant = true };
            details["dotnet.invariantGlobalization"] = $"true ({DotnetRuntimeConfig.InvariantVariable})";
        }
        var strings = new ElfStrings(data, mapped, utf16: dotnet?.Kind == "dotnet-nativeaot");
        var kind = dotnet?.Kind ?? (info.Go is not null ? "go" : info.IsExecutable ? "executable" : "shared-library");
        if (info.Go is { } go)
        {
            details["go.version"] = go.GoVersion;
            Optional(details, "go.module", go.Module);
            Optional(details, "go.path", go.Path);
            Optional(details, "go.cgo", go.CgoEnabled switch { true => "1", false => "0", null => null });
            Optional(details, "go.tags", go.Tags.Count > 0 ? string.Join(',', go.Tags) : null);
        }
        var dataFiles = ElfNeeds.DataFiles(info, strings, details);
        if (dotnet is { Managed: true })
        {
            dataFiles.AddRange([DataFile.CaCertificates, DataFile.Tzdata, DataFile.Hosts, DataFile.Nsswitch]);
        }
        var dlopened = dotnet is { Runtime: not null }
            ? [] // the shared runtime brings its own OpenSSL/ICU use; the runtime tier carries both
            : ElfNeeds.Dlopened(info, libc, strings, dotnet?.SslHint ?? false, dotnet?.IcuHint ?? false, !(dotnet?.Invariant ?? false), warnings);
        if (dlopened.Contains("libssl.so.3"))
        {
            dataFiles.Add(DataFile.CaCertificates);
        }
        Warn(info, libc, strings, options, warnings);
        var requirements = new Requirements
        {
            Subject = Subject(kind, info, libc, dotnet),
            Linkage = info.Linkage,
            Libc = libc,
            Interpreter = info.Interpreter,
            Needed = info.Needed,
            Dlopened = dlopened,
            Runtime = dotnet?.Runtime,
            DataFiles = DataFile.Ordered(dataFiles),
            Platform = info.Platform,
        };
        return new ArtifactReport
        {
            Path = path,
            Format = ArtifactFormat.Elf,
            Kind = kind,
            Requirements = requirements,
            Base = BasePolicy.Choose(requirements),
            Warnings = warnings,
            Details = details,
            Elf = info,
        };
    }

    private static void Warn(ElfInfo info, Libc libc, ElfStrings strings, InspectOptions options, List<string> warnings)
    {
        if (info.Platform is not { } p)
        {
            warnings.Add($"built for {ElfMachine.Describe(info.Machine, info.Is64, info.BigEndian)}, which has no OCI platform name");
        }
        else if (p.Os != options.Target.Os || p.Architecture != options.Target.Architecture
            || (p.Variant is not null && options.Target.Variant is not null && p.Variant != options.Target.Variant))
        {
            warnings.Add($"foreign architecture: built for {p}, the target is {options.Target}; pack refuses it unless --platform {p} is given");
        }
        if (libc == Libc.Glibc && info.Linkage is Linkage.Static or Linkage.StaticPie && ElfNeeds.StaticNss(info, strings))
        {
            warnings.Add("static glibc with NSS lookups (getaddrinfo/getpwnam): only the built-in files and dns services work, and /etc/nsswitch.conf must name no others; any other module would be dlopen'd from the build machine's glibc (musl or Go's netgo avoid this)");
        }
        foreach (var needed in info.Needed.Where(n => n.Contains('/', StringComparison.Ordinal)))
        {
            warnings.Add($"DT_NEEDED '{needed}' is a path, not a soname: libraries are looked up only inside the sysroot, never on the host");
        }
        if (info.Interpreter is { } interp && !(interp.StartsWith("/lib/", StringComparison.Ordinal) || interp.StartsWith("/lib64/", StringComparison.Ordinal) || interp.StartsWith("/usr/lib", StringComparison.Ordinal)))
        {
            warnings.Add($"the loader '{interp}' is not where Debian puts loaders; the image must provide it at exactly that path");
        }
    }

    private static string Subject(string kind, ElfInfo info, Libc libc, DotnetHost? dotnet)
    {
        var what = kind switch
        {
            "go" => "Go executable",
            "shared-library" => "shared library",
            "executable" => "executable",
            _ => dotnet!.Describe,
        };
        var link = info.Linkage switch
        {
            Linkage.Static => "static",
            Linkage.StaticPie => "static-pie",
            _ => libc switch { Libc.Glibc => "dynamic, glibc", Libc.Musl => "dynamic, musl", _ => "dynamic" },
        };
        var cgo = info.Go?.CgoEnabled switch { true => ", CGO_ENABLED=1", false => ", CGO_ENABLED=0", null => "" };
        return $"{what} ({link}{cgo})";
    }

    private static void Optional(SortedDictionary<string, string> details, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            details[key] = value;
        }
    }
}
