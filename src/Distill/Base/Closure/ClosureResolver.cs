using Distill.Inspect;
using Distill.Layers;

namespace Distill.Base.Closure;

/// <summary>An ELF to start a closure from: where it will be in the image, and where its bytes are now.</summary>
public sealed record ClosureRoot(string ImagePath, string HostPath);

/// <summary>A library loaded with dlopen (invisible to DT_NEEDED): a soname or a pattern like <c>libicuuc.so.*</c>.</summary>
public sealed record DlopenNeed(string Name, string Reason);

/// <summary>
/// Computes the exact set of files the dynamic loader will open for some programs, without running
/// anything: the PT_INTERP loader, DT_NEEDED transitively (cycles terminate), the libraries known to
/// be dlopen'ed, each found by the loader's own search rules in a <see cref="RootView"/>, symlink
/// chains kept as symlinks, and each file with the reason it is there.
/// </summary>
public sealed class ClosureResolver
{
    private const long MaxElfBytes = 1L << 30;
    private const int MaxFiles = 10_000;

    private readonly RootView _view;
    private readonly SortedDictionary<string, ClosureFile> _files = new(StringComparer.Ordinal);
    private readonly List<MissingLibrary> _missing = [];
    private readonly List<string> _warnings = [];
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly Queue<(string ImagePath, string HostPath, ElfInfo Elf)> _queue = new();

    private ClosureResolver(RootView view) => _view = view;

    /// <summary>Resolves the closure of <paramref name="roots"/> plus <paramref name="dlopened"/> libraries.</summary>
    /// <param name="view">Where the loader looks.</param>
    /// <param name="roots">The ELF files to start from; the first one's search path serves the dlopen'ed libraries.</param>
    /// <param name="dlopened">Libraries loaded at run time.</param>
    /// <param name="requiredRoots">
    /// How many of the first roots must start (their misses are <see cref="ClosureResult.RequiredMissing"/>);
    /// they are resolved before the others, so what they need is attributed to them. Default: all.
    /// </param>
    public static ClosureResult Resolve(RootView view, IReadOnlyList<ClosureRoot> roots, IReadOnlyList<DlopenNeed>? dlopened = null, int? requiredRoots = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(roots);
        var resolver = new ClosureResolver(view);
        var required = Math.Min(requiredRoots ?? roots.Count, roots.Count);
        ElfInfo? first = null;
        string? firstPath = null;
        var requiredMissing = 0;
        for (var i = 0; i < roots.Count; i++)
        {
            if (i == required)
            {
                resolver.Drain();
                requiredMissing = resolver._missing.Count;
            }
            var root = roots[i];
            var elf = resolver.ReadElf(root.HostPath, root.ImagePath);
            if (elf is null)
            {
                continue;
            }
            first ??= elf;
            firstPath ??= root.ImagePath;
            resolver.Enqueue(root.ImagePath, root.HostPath, elf);
        }
        resolver.Drain();
        if (required == roots.Count)
        {
            requiredMissing = resolver._missing.Count;
        }
        if (first is not null)
        {
            foreach (var need in dlopened ?? [])
            {
                resolver.AddDlopened(need, firstPath!, first);
            }
            resolver.Drain();
        }
        return new ClosureResult(resolver._files.Values.ToList(), resolver._missing, resolver._warnings)
        {
            RequiredMissing = resolver._missing.Take(requiredMissing).ToList(),
        };
    }

    private void Enqueue(string imagePath, string hostPath, ElfInfo elf)
    {
        if (_visited.Add(imagePath))
        {
            _queue.Enqueue((imagePath, hostPath, elf));
        }
    }

    private void Drain()
    {
        while (_queue.Count > 0)
        {
            if (_files.Count > MaxFiles)
            {
                throw new DistillException(ErrorCode.LimitExceeded, $"the library closure exceeds {MaxFiles} files");
            }
            var (path, _, elf) = _queue.Dequeue();
            var who = "/" + path;
            if (elf.Interpreter is { } interp)
            {
                var links = new List<(string Path, string Target)>();
                var found = _view.ResolveFile(interp, links);
                if (found is { } f)
                {
                    AddLinks(links, $"on the path to the loader of {who}");
                    AddFile(f.Path, f.HostPath, f.FromApp, $"loader (PT_INTERP of {who})");
                }
                else
                {
                    _missing.Add(new MissingLibrary(interp, who, "the loader named by PT_INTERP is not there"));
                }
            }
            var musl = elf.Interpreter?.Contains("ld-musl", StringComparison.Ordinal) == true;
            foreach (var needed in elf.Needed)
            {
                // musl's loader is also its libc: "libc.so" is satisfied by PT_INTERP itself.
                if (musl && needed == "libc.so")
                {
                    continue;
                }
                FindAndAdd(needed, path, elf, $"DT_NEEDED of {who}");
            }
        }
    }

    private void AddDlopened(DlopenNeed need, string requesterPath, ElfInfo requester)
    {
        if (!need.Name.Contains('*', StringComparison.Ordinal))
        {
            FindAndAdd(need.Name, requesterPath, requester, $"dlopen: {need.Reason}");
            return;
        }
        // A pattern (ICU's soname carries its version): take the newest match in the first directory that has one.
        var star = need.Name.IndexOf('*', StringComparison.Ordinal);
        var prefix = need.Name[..star];
        foreach (var dir in SearchDirectories(requesterPath, requester))
        {
            var match = _view.Sysroot.List(dir)
                .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.Length > prefix.Length && char.IsAsciiDigit(n[prefix.Length]))
                .OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)
                .LastOrDefault(n => !n[prefix.Length..].Contains('.', StringComparison.Ordinal));
            if (match is not null && TryAdd(dir + "/" + match, requester, $"dlopen: {need.Reason}"))
            {
                return;
            }
        }
        _missing.Add(new MissingLibrary(need.Name, "/" + requesterPath, $"dlopen: {need.Reason}"));
    }

    private void FindAndAdd(string soname, string requesterPath, ElfInfo requester, string reason)
    {
        if (soname.Contains('/', StringComparison.Ordinal))
        {
            // The loader would open this relative to the process's working directory; copying whatever it
            // names (e.g. ../../etc/shadow) from the build host would be a leak (RELIABILITY B1-18).
            _missing.Add(new MissingLibrary(soname, "/" + requesterPath, $"{reason} is a path, not a soname; refusing to look for it"));
            return;
        }
        foreach (var dir in SearchDirectories(requesterPath, requester))
        {
            if (TryAdd(dir.TrimEnd('/') + "/" + soname, requester, reason))
            {
                return;
            }
        }
        _missing.Add(new MissingLibrary(soname, "/" + requesterPath, $"{reason}: not found in the library search path"));
    }

    private bool TryAdd(string candidate, ElfInfo requester, string reason)
    {
        var links = new List<(string Path, string Target)>();
        var found = _view.ResolveFile(candidate, links);
        if (found is not { } f || !SameClassAndMachine(f.HostPath, requester))
        {
            return false;
        }
        AddLinks(links, reason);
        AddFile(f.Path, f.HostPath, f.FromApp, reason);
        if (ReadElf(f.HostPath, f.Path) is { } elf)
        {
            Enqueue(f.Path, f.HostPath, elf);
        }
        return true;
    }

    private IEnumerable<string> SearchDirectories(string requesterPath, ElfInfo requester)
    {
        var origin = "/" + ImagePath.Parent(requesterPath);
        var dirs = new List<string>();
        // DT_RPATH counts only when DT_RUNPATH is absent (ld.so(8)).
        if (requester.RunPath.Count == 0)
        {
            dirs.AddRange(requester.RPath);
        }
        dirs.AddRange(requester.RunPath);
        var expanded = dirs.SelectMany(d => LoaderPaths.Expand(d, origin, requester.Machine, requester.Is64, requester.BigEndian));
        return expanded.Concat(LoaderPaths.DefaultDirectories(_view.Sysroot, requester.Machine, requester.Is64, requester.BigEndian))
            .Where(d => d.StartsWith('/'))
            .Distinct(StringComparer.Ordinal);
    }

    private void AddFile(string path, string hostPath, bool fromApp, string reason)
    {
        if (fromApp || _files.ContainsKey(path))
        {
            return; // the app's own files are already in the app layer
        }
        _files[path] = new ClosureFile(path, LayerEntryKind.File, hostPath, null, reason);
    }

    private void AddLinks(List<(string Path, string Target)> links, string reason)
    {
        foreach (var (path, target) in links)
        {
            _files.TryAdd(path, new ClosureFile(path, LayerEntryKind.Symlink, null, target, $"symlink {reason}"));
        }
    }

    private ElfInfo? ReadElf(string hostPath, string imagePath)
    {
        try
        {
            var info = new FileInfo(hostPath);
            if (!info.Exists || info.Length < 4)
            {
                return null;
            }
            if (info.Length > MaxElfBytes)
            {
                _warnings.Add($"/{imagePath} is larger than {MaxElfBytes >> 20} MiB; its dependencies were not read");
                return null;
            }
            var bytes = File.ReadAllBytes(hostPath);
            return ElfReader.IsElf(bytes) ? ElfReader.Read(bytes, "/" + imagePath) : null;
        }
        catch (ElfFormatException e)
        {
            _warnings.Add(e.Message);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _warnings.Add($"cannot read /{imagePath}: {e.Message}");
            return null;
        }
    }

    private static bool SameClassAndMachine(string hostPath, ElfInfo requester)
    {
        try
        {
            Span<byte> header = stackalloc byte[64];
            using var stream = File.OpenRead(hostPath);
            var h = ElfHeader.Parse(header[..stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false)], hostPath);
            return h.Is64 == requester.Is64 && h.BigEndian == requester.BigEndian && h.Machine == requester.Machine;
        }
        catch (Exception e) when (e is IOException or ElfFormatException)
        {
            return false;
        }
    }
}
