using System.Text;
using Distill.Base;

namespace Distill.Inspect;

/// <summary>The readable <c>distill analyze</c> report: a headline, aligned facts, then the base and warnings.</summary>
public static class ArtifactReportText
{
    public static string Write(ArtifactReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        var r = report.Requirements;
        if (r is null)
        {
            return $"{report.Path}: cannot analyse: {report.Problem}\n";
        }
        sb.Append(report.Path).Append(": ").Append(r.Subject);
        if (r.Platform is { } p)
        {
            sb.Append(", ").Append(p);
        }
        sb.Append('\n');
        Line(sb, "format", $"{report.Format.ToString().ToLowerInvariant()} ({report.Kind})");
        Line(sb, "entrypoint", report.EntryPoint);
        Line(sb, "linkage", r.Linkage switch { Linkage.Static => "static", Linkage.StaticPie => "static-pie", Linkage.Dynamic => "dynamic", _ => null });
        Line(sb, "interpreter", r.Interpreter);
        Line(sb, "needed", Join(r.Needed));
        Line(sb, "dlopen", Join(r.Dlopened));
        Line(sb, "runtime", r.Runtime is { } rt ? (rt.Version is null ? rt.Name : $"{rt.Name} {rt.Version}") : null);
        Line(sb, "data files", Join(r.DataFiles));
        foreach (var (key, value) in report.Details)
        {
            Line(sb, key, value);
        }
        Line(sb, "base", report.Base?.Tier);
        Line(sb, "why", report.Base?.Reason);
        foreach (var warning in report.Warnings)
        {
            sb.Append("  warning: ").Append(warning).Append('\n');
        }
        return sb.ToString();
    }

    private static string? Join(IReadOnlyList<string> items) => items.Count == 0 ? null : string.Join(", ", items);

    private static void Line(StringBuilder sb, string label, string? value)
    {
        if (value is not null)
        {
            sb.Append("  ").Append(label.PadRight(Math.Max(14, label.Length + 2))).Append(value).Append('\n');
        }
    }
}
