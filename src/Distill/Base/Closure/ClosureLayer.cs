using Distill.Inspect;
using Distill.Layers;

namespace Distill.Base.Closure;

/// <summary>The closure layer of an app: the libraries its ELF files need, from a sysroot, with scanner metadata.</summary>
public sealed record ClosurePlan(LayerPlan Plan, ClosureResult Result);

/// <summary>Plans the <c>--base closure</c> layer.</summary>
public static class ClosureLayer
{
    private const int MaxRoots = 2000;

    /// <summary>The app's ELF files (programs, libraries, native extensions) as closure roots.</summary>
    /// <exception cref="DistillException">More than a sane number of ELF files.</exception>
    public static List<ClosureRoot> ElfRoots(IEnumerable<LayerEntry> appEntries)
    {
        var roots = appEntries.Where(e => e.Kind == LayerEntryKind.File && e.SourceFile is not null && IsElfFile(e.SourceFile))
            .Take(MaxRoots + 1).Select(e => new ClosureRoot(e.Path, e.SourceFile!)).ToList();
        return roots.Count <= MaxRoots ? roots
            : throw new DistillException(ErrorCode.LimitExceeded, $"the app holds more than {MaxRoots} ELF files");
    }

    private static bool IsElfFile(string path)
    {
        try
        {
            return ElfReader.IsElf(ArtifactRoot.ReadHead(path, 4));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Resolves every ELF file of the app against <paramref name="sysrootPath"/> and returns the
    /// libraries (symlink chains kept) plus <c>/var/lib/dpkg/status.d</c> entries for their packages.
    /// </summary>
    /// <remarks>
    /// The program that runs (<paramref name="entrypoint"/>, an image path) must have a complete closure; other
    /// ELF files of the app are libraries it may never load (.NET's LTTng trace provider needs liblttng-ust,
    /// which is optional), so their missing dependencies are notes, not errors.
    /// </remarks>
    /// <exception cref="DistillException">A library the entrypoint needs, or its loader, is not in the sysroot.</exception>
    public static ClosurePlan Plan(IReadOnlyList<LayerEntry> appEntries, string sysrootPath, IReadOnlyList<DlopenNeed> dlopened, string? entrypoint = null)
    {
        ArgumentNullException.ThrowIfNull(appEntries);
        var sysroot = new Sysroot(sysrootPath);
        if (!Directory.Exists(sysroot.Root))
        {
            throw new DistillException(ErrorCode.InputNotFound, $"sysroot '{sysrootPath}' is not a directory");
        }
        var roots = ElfRoots(appEntries);
        var view = new RootView(sysroot, appEntries);
        var main = roots.Where(r => entrypoint is not null && ImagePath.Absolute(r.ImagePath) == entrypoint).ToList();
        var result = ClosureResolver.Resolve(view, [.. main, .. roots.Except(main)], dlopened, main.Count > 0 ? main.Count : roots.Count);
        var missing = result.RequiredMissing.Count > 0 ? result.RequiredMissing[0] : null;
        if (missing is not null)
        {
            throw new DistillException(ErrorCode.LibraryNotFound,
                $"'{missing.Name}' ({missing.Reason}, needed by {missing.NeededBy}) is not in the sysroot '{sysroot.Root}'");
        }
        var plan = new LayerPlan().AddRange(result.ToLayerEntries());
        var dpkg = DpkgStatus.Read(sysroot);
        plan.AddRange(dpkg.StatusEntries(result.Files.Where(f => f.Kind == LayerEntryKind.File).Select(f => f.Path)));
        return new ClosurePlan(plan, result);
    }
}
