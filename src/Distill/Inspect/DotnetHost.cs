using Distill.Base;

namespace Distill.Inspect;

/// <summary>
/// What an ELF file says about .NET: an apphost (with or without a single-file bundle) and its
/// runtimeconfig.json (embedded, or next to it), or a NativeAOT executable.
/// </summary>
internal sealed record DotnetHost(string Kind, string Describe, bool Managed, RuntimeNeed? Runtime, bool Invariant, bool SslHint, bool IcuHint)
{
    // NativeAOT's object writer names these sections; __managed__Main survives only unstripped.
    private static readonly string[] NativeAotSections = ["__managedcode", ".dotnet_eh_table", "__modules"];

    /// <summary>Null when the file is not .NET.</summary>
    public static DotnetHost? Inspect(byte[] data, int mapped, ElfInfo info, string fileName, ArtifactRoot? root, IDictionary<string, string> details, List<string> warnings)
    {
        if (info.Sections.Any(NativeAotSections.Contains) || info.HasSymbol("__managed__Main"))
        {
            return new DotnetHost("dotnet-nativeaot", ".NET NativeAOT executable", false, null, false, false, false);
        }
        var bundle = DotnetBundle.Find(data, mapped);
        if (bundle is null)
        {
            return null;
        }
        var single = bundle.IsSingleFile;
        byte[]? json = single ? bundle.RuntimeConfig : root?.Read(fileName + ".runtimeconfig.json", DotnetRuntimeConfig.MaxBytes);
        var config = json is null ? null : DotnetRuntimeConfig.Parse(json);
        if (single)
        {
            details["dotnet.bundleFiles"] = bundle.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (config is null)
        {
            warnings.Add(single
                ? "the single-file bundle carries no readable runtimeconfig.json; assuming a framework-dependent app"
                : $"no readable {fileName}.runtimeconfig.json next to the .NET apphost; assuming a framework-dependent app");
        }
        var kind = single ? "dotnet-single-file" : "dotnet-apphost";
        var shape = single ? ".NET single-file app" : ".NET apphost";
        var version = config?.RuntimeVersion;
        if (config is not null)
        {
            details["dotnet.frameworks"] = string.Join(", ", config.Frameworks.Select(f => $"{f.Name} {f.Version}"));
            details["dotnet.selfContained"] = config.SelfContained ? "true" : "false";
            details["dotnet.invariantGlobalization"] = config.Invariant ? "true" : "false";
            if (config.Tfm is { } tfm)
            {
                details["dotnet.tfm"] = tfm;
            }
        }
        var describe = version is null ? shape : $"{shape.Replace(".NET", $".NET {version.Split('.')[0]}", StringComparison.Ordinal)}";
        if (config is { SelfContained: true })
        {
            // The runtime ships inside the app; its native shims dlopen OpenSSL and ICU from the system.
            var ssl = single ? bundle.Files.Contains("libSystem.Security.Cryptography.Native.OpenSsl.so") : root?.Exists("libSystem.Security.Cryptography.Native.OpenSsl.so") ?? false;
            var icu = single ? bundle.Files.Contains("libSystem.Globalization.Native.so") : root?.Exists("libSystem.Globalization.Native.so") ?? false;
            return new DotnetHost(kind, describe + ", self-contained", true, null, config.Invariant, ssl, icu);
        }
        var runtime = new RuntimeNeed(config?.NeedsAspNet == true ? "aspnetcore" : "dotnet", version);
        return new DotnetHost(kind, describe + ", framework-dependent", true, runtime, config?.Invariant ?? false, false, false);
    }
}
