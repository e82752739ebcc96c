using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Distill.Base;

namespace Distill.Inspect;

/// <summary>
/// A managed .NET assembly (PE with CLI metadata): the runtime from its runtimeconfig.json, or, for a
/// library without one, from its TargetFrameworkAttribute. Self-contained apps are run by their apphost,
/// so a dll whose runtimeconfig lists <c>includedFrameworks</c> is reported through the apphost next to it.
/// </summary>
internal static class DotnetAssemblyAnalysis
{
    /// <summary>True when the head is a PE file ("MZ" and a PE header offset).</summary>
    public static bool LooksLikePe(ReadOnlySpan<byte> head) => head.Length >= 64 && head[0] == 'M' && head[1] == 'Z';

    public static ArtifactReport Analyze(string path, ArtifactRoot root, InspectOptions options)
    {
        var tfm = TargetFramework(path);
        var stem = Path.GetFileNameWithoutExtension(path);
        var warnings = new List<string>();
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Optional(details, "dotnet.targetFramework", tfm);
        var json = root.Read(stem + ".runtimeconfig.json", DotnetRuntimeConfig.MaxBytes);
        var config = json is null ? null : DotnetRuntimeConfig.Parse(json);
        if (config is { SelfContained: true } && root.File(stem) is { } apphost && ElfReader.IsElf(ArtifactRoot.ReadHead(apphost, 4)))
        {
            var report = ArtifactInspector.Inspect(apphost, options);
            return report with { Warnings = [$"self-contained app: analysed its apphost '{stem}', which is what runs", .. report.Warnings] };
        }
        string? version;
        if (config is null)
        {
            warnings.Add($"no readable {stem}.runtimeconfig.json: not a runnable app (a class library?)");
            version = tfm is null ? null : TfmVersion(tfm);
        }
        else
        {
            version = config.RuntimeVersion;
            details["dotnet.frameworks"] = string.Join(", ", config.Frameworks.Select(f => $"{f.Name} {f.Version}"));
            details["dotnet.invariantGlobalization"] = config.Invariant ? "true" : "false";
        }
        if (config is not { Invariant: true })
        {
            warnings.Add("globalization needs ICU (libicu) unless InvariantGlobalization=true; chiseled .NET images lack it");
        }
        var aspnet = config?.NeedsAspNet == true;
        var requirements = new Requirements
        {
            Subject = $".NET{(version is null ? "" : " " + version.Split('.')[0])} assembly{(aspnet ? " (ASP.NET Core)" : "")}",
            Runtime = new RuntimeNeed(aspnet ? "aspnetcore" : "dotnet", version),
            DataFiles = DataFile.Ordered([DataFile.CaCertificates, DataFile.Tzdata, DataFile.Hosts, DataFile.Nsswitch]),
        };
        return new ArtifactReport
        {
            Path = path,
            Format = ArtifactFormat.Dotnet,
            Kind = "dotnet-assembly",
            Requirements = requirements,
            Base = BasePolicy.Choose(requirements),
            Warnings = warnings,
            Details = details,
        };
    }

    /// <summary>The TargetFrameworkAttribute string (".NETCoreApp,Version=v10.0"), or null.</summary>
    /// <exception cref="DistillException">The PE file has no CLI metadata or is malformed (UnknownArtifact).</exception>
    private static string? TargetFramework(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                throw new DistillException(ErrorCode.UnknownArtifact, $"{path} is a PE file without .NET metadata (a Windows binary?), not something a Linux image can run");
            }
            var md = pe.GetMetadataReader();
            foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
            {
                var attr = md.GetCustomAttribute(handle);
                if (attr.Constructor.Kind != HandleKind.MemberReference)
                {
                    continue;
                }
                var ctor = md.GetMemberReference((MemberReferenceHandle)attr.Constructor);
                if (ctor.Parent.Kind != HandleKind.TypeReference || md.GetString(md.GetTypeReference((TypeReferenceHandle)ctor.Parent).Name) != "TargetFrameworkAttribute")
                {
                    continue;
                }
                // Blob: prolog 0x0001, then the first fixed argument as a SerString.
                var blob = md.GetBlobReader(attr.Value);
                return blob.Length >= 3 && blob.ReadUInt16() == 1 ? blob.ReadSerializedString() : null;
            }
            return null;
        }
        catch (BadImageFormatException e)
        {
            throw new DistillException(ErrorCode.UnknownArtifact, $"{path} is not a readable .NET assembly: {e.Message}");
        }
    }

    private static string? TfmVersion(string tfm) => tfm.LastIndexOf("Version=v", StringComparison.Ordinal) is >= 0 and var at ? tfm[(at + 9)..] : null;

    private static void Optional(SortedDictionary<string, string> details, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            details[key] = value;
        }
    }
}
