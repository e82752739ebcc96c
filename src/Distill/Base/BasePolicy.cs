using System.Globalization;

namespace Distill.Base;

/// <summary>
/// The pure decision from <see cref="Requirements"/> to the smallest base tier that serves them:
/// a runtime picks its runtime tier; native code with no loader and no libraries gets <c>scratch</c> (no data
/// files) or <c>static</c>; glibc code whose libraries all live in a distroless tier gets the lowest such tier
/// (<c>base-nossl</c> → <c>base</c> → <c>cc</c>); anything else (musl, libz, ICU, paths) gets the exact
/// <c>closure</c>. Every choice carries a one-line reason.
/// </summary>
public static partial class BasePolicy
{
    /// <summary>Chooses the base tier.</summary>
    /// <exception cref="ArgumentException">The requirements name neither native linkage nor a runtime.</exception>
    public static BaseChoice Choose(Requirements requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        var r = requirements;
        if (r.Runtime is { } runtime)
        {
            return ForRuntime(r.Subject, runtime);
        }
        if (r.Linkage is null)
        {
            throw new ArgumentException($"{r.Subject}: requirements name neither a linkage nor a runtime", nameof(requirements));
        }
        var libs = Libraries(r);
        if (libs.Count == 0)
        {
            return r.DataFiles.Count == 0
                ? new BaseChoice(BaseTier.Scratch, $"{r.Subject}: no loader, no shared libraries, no data files")
                : new BaseChoice(BaseTier.Static, $"{r.Subject}: no loader or shared libraries; needs {string.Join(", ", r.DataFiles)} (the static tier's essentials)");
        }
        if (r.Libc == Libc.Musl)
        {
            return new BaseChoice(BaseTier.Closure, $"{r.Subject}: needs the musl loader and {List(libs)}, which no glibc-based tier carries; ship the exact closure");
        }
        var outside = libs.Where(l => TierOf(l) is null).ToList();
        if (outside.Count > 0)
        {
            return new BaseChoice(BaseTier.Closure, $"{r.Subject}: needs {List(outside)}, which no distroless tier carries; ship the exact closure");
        }
        var tier = libs.Select(l => TierOf(l)!).MaxBy(Rank)!;
        var top = libs.Where(l => TierOf(l) == tier).ToList();
        return top.Count == libs.Count
            ? new BaseChoice(tier, $"{r.Subject}: needs {List(libs)}, all in {tier} ({PackageOf(tier)})")
            : new BaseChoice(tier, $"{r.Subject}: needs {List(libs)}; {List(top)} from {PackageOf(tier)} make it {tier}");
    }

    private static BaseChoice ForRuntime(string subject, RuntimeNeed runtime)
    {
        var version = runtime.Version is null ? "" : " " + runtime.Version;
        switch (runtime.Name)
        {
            case "java":
                var major = int.TryParse(runtime.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 17;
                var tier = major <= 17 ? BaseTier.Java17 : major <= 21 ? BaseTier.Java21 : major <= 25 ? BaseTier.Java25 : $"java{major}";
                return new BaseChoice(tier, $"{subject}: Java {major} bytecode runs on {tier}, the oldest Java runtime tier that accepts it");
            case "node":
                return new BaseChoice(BaseTier.NodeJs, $"{subject}: needs Node.js{version}");
            case "python":
                return new BaseChoice(BaseTier.Python3, $"{subject}: needs Python{version}");
            case "dotnet":
                return new BaseChoice(BaseTier.DotnetRuntime, $"{subject}: framework-dependent, needs the shared .NET{version} runtime (Microsoft.NETCore.App)");
            case "aspnetcore":
                return new BaseChoice(BaseTier.AspNet, $"{subject}: framework-dependent, needs the shared ASP.NET Core{version} runtime (Microsoft.AspNetCore.App)");
            case "sh":
                return new BaseChoice(BaseTier.Dash, $"{subject}: needs /bin/sh (dash) and every command it runs; no distroless tier has a shell");
            case "bash" or "ruby" or "php" or "perl":
                return new BaseChoice(runtime.Name, $"{subject}: needs {runtime.Name}{version}, which no distroless tier carries; the {runtime.Name} tier adds Debian's package");
            default:
                return new BaseChoice(BaseTier.Closure, $"{subject}: needs the interpreter '{runtime.Name}'; ship it with its exact closure");
        }
    }

    /// <summary>Loader, DT_NEEDED and dlopen'd libraries by file name, deduplicated in first-seen order.</summary>
    private static List<string> Libraries(Requirements r)
    {
        var all = new List<string>();
        if (r.Interpreter is { } interp)
        {
            all.Add(interp[(interp.LastIndexOf('/') + 1)..]);
        }
        all.AddRange(r.Needed);
        all.AddRange(r.Dlopened);
        return all.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string List(List<string> items) =>
        items.Count <= 4 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(4))} and {items.Count - 4} more";
}
