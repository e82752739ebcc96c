namespace Distill.Detect;

/// <summary>.NET: one <c>*.csproj</c>/<c>*.fsproj</c> at the top; <c>TargetFramework</c> pins the SDK.</summary>
public sealed class DotNetDetector : IProjectDetector
{
    public ProjectInfo? TryDetect(string directory)
    {
        var projects = ProjectFiles.TopLevel(directory, "*.csproj").Concat(ProjectFiles.TopLevel(directory, "*.fsproj")).ToList();
        if (projects.Count == 0)
        {
            return null;
        }
        if (projects.Count > 1)
        {
            throw new DistillException(ErrorCode.NoProjectDetected,
                $"'{directory}' holds {projects.Count} .NET projects ({string.Join(", ", projects)}); point distill at the directory of one");
        }
        var file = projects[0];
        var text = ProjectFiles.Read(directory, file) ?? "";
        var tfm = ProjectFiles.Capture(text, @"<TargetFrameworks?>\s*net(\d+\.\d+)");
        var name = ProjectFiles.Capture(text, @"<AssemblyName>\s*([^<]+)</AssemblyName>") ?? Path.GetFileNameWithoutExtension(file);
        // A project that says PublishAot=false, or is a web project (ASP.NET is AOT-hostile by default), gets self-contained single-file.
        var aotDenied = ProjectFiles.Capture(text, @"<PublishAot>\s*(false)\s*</PublishAot>") is not null;
        var web = text.Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal);
        var invariantDenied = ProjectFiles.Capture(text, @"<InvariantGlobalization>\s*(false)\s*</InvariantGlobalization>") is not null;
        return new ProjectInfo
        {
            Language = Language.DotNet,
            Directory = directory,
            BuildSystem = "dotnet",
            Name = name,
            Reason = $"{file} (TargetFramework net{tfm ?? "?"})",
            MainFile = file,
            ToolchainVersion = tfm,
            ToolchainVersionSource = tfm is null ? null : $"{file} TargetFramework",
            Facts = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["aot"] = aotDenied || web ? "no" : "yes",
                ["aotReason"] = aotDenied ? "the project sets PublishAot=false" : web ? "ASP.NET projects need care under NativeAOT" : "a console project with no PublishAot=false",
                ["invariant"] = invariantDenied ? "no" : "yes",
            },
        };
    }
}
