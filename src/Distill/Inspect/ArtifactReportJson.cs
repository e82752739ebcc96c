using Distill.Base;
using Distill.Oci;

namespace Distill.Inspect;

/// <summary>
/// The <c>distill analyze --json</c> object: fixed member order, compact, deterministic (Go-compatible escaping).
/// Members: path, format, kind, entrypoint, linkage, interpreter, needed, dlopen, platform {os, architecture,
/// variant}, runtime {name, version}, dataFiles, base, reason, warnings, details, and problem when unanalysable.
/// </summary>
public static class ArtifactReportJson
{
    public static byte[] Write(ArtifactReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var r = report.Requirements;
        var w = new GoJsonWriter();
        w.StartObject();
        w.Property("path", report.Path);
        w.Property("format", report.Format.ToString().ToLowerInvariant());
        w.Property("kind", report.Kind);
        NullableString(w, "entrypoint", report.EntryPoint);
        NullableString(w, "linkage", r?.Linkage switch { Linkage.Static => "static", Linkage.StaticPie => "static-pie", Linkage.Dynamic => "dynamic", _ => null });
        NullableString(w, "interpreter", r?.Interpreter);
        w.Name("needed").StringArray(r?.Needed ?? []);
        w.Name("dlopen").StringArray(r?.Dlopened ?? []);
        w.Name("platform");
        if (r?.Platform is { } p)
        {
            w.StartObject().Property("os", p.Os).Property("architecture", p.Architecture);
            NullableString(w, "variant", p.Variant);
            w.EndObject();
        }
        else
        {
            w.Null();
        }
        w.Name("runtime");
        if (r?.Runtime is { } rt)
        {
            w.StartObject().Property("name", rt.Name);
            NullableString(w, "version", rt.Version);
            w.EndObject();
        }
        else
        {
            w.Null();
        }
        w.Name("dataFiles").StringArray(r?.DataFiles ?? []);
        NullableString(w, "base", report.Base?.Tier);
        NullableString(w, "reason", report.Base?.Reason);
        w.Name("warnings").StringArray(report.Warnings);
        w.Name("details").StringMap(report.Details);
        if (report.Problem is { } problem)
        {
            w.Property("problem", problem);
        }
        w.EndObject();
        return w.ToArray();
    }

    private static void NullableString(GoJsonWriter w, string name, string? value)
    {
        w.Name(name);
        if (value is null)
        {
            w.Null();
        }
        else
        {
            w.String(value);
        }
    }
}
