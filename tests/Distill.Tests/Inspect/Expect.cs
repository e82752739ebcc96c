using Distill.Base;
using Distill.Inspect;

namespace Distill.Tests.Inspect;

/// <summary>One assertion per analysed artifact: kind, linkage, interpreter, needed, platform, runtime and base.</summary>
internal static class Expect
{
    public static ArtifactReport Analysis(
        string path, string kind, Linkage? linkage, string? interpreter, string[] needed, string? platform, string? runtime, string tier,
        InspectOptions? options = null)
    {
        var report = ArtifactInspector.Inspect(path, options);
        var r = report.Requirements;
        Assert.True(r is not null, $"{path} was not analysed: {report.Problem}");
        var actual = new
        {
            report.Kind,
            r.Linkage,
            r.Interpreter,
            Needed = string.Join(",", r.Needed),
            Platform = r.Platform?.ToString(),
            Runtime = r.Runtime is { } rt ? $"{rt.Name} {rt.Version}".TrimEnd() : null,
            Tier = report.Base?.Tier,
        };
        var expected = new { Kind = kind, Linkage = linkage, Interpreter = interpreter, Needed = string.Join(",", needed), Platform = platform, Runtime = runtime, Tier = (string?)tier };
        Assert.True(expected.Equals(actual), $"{path}\nexpected {expected}\nactual   {actual}\nreason: {report.Base?.Reason}\nwarnings: {string.Join(" | ", report.Warnings)}");
        return report;
    }
}
