namespace Distill.Inspect;

/// <summary>
/// Finds the program in a directory (a publish folder, a node or python app), in this order: the .NET app
/// named by a <c>*.runtimeconfig.json</c>; the one ELF executable; package.json's main/bin/start; a Python
/// main module; the one jar; the one script with a #! line. Only top-level names (and package.json paths) are used.
/// </summary>
internal static class EntryPoint
{
    private static readonly string[] PythonMains = ["__main__.py", "main.py", "app.py", "manage.py"];
    private static readonly string[] NodeMains = ["index.js", "server.js", "app.js"];

    /// <summary>The entry point relative to the root and why it was chosen.</summary>
    /// <exception cref="DistillException">No entry point, or several equally good ones (UnknownArtifact).</exception>
    public static (string Entry, string Why) Find(ArtifactRoot root, InspectOptions options)
    {
        var files = root.Files();
        var dirName = Path.GetFileName(root.Directory);
        var configs = files.Where(f => f.EndsWith(".runtimeconfig.json", StringComparison.Ordinal)).ToList();
        if (configs.Count > 0)
        {
            var config = One(root, configs, c => c[..^".runtimeconfig.json".Length] == dirName, ".NET apps");
            var stem = config[..^".runtimeconfig.json".Length];
            var parsed = root.Read(config, DotnetRuntimeConfig.MaxBytes) is { } json ? DotnetRuntimeConfig.Parse(json) : null;
            if (parsed is { SelfContained: true } && files.Contains(stem))
            {
                return (stem, $"the self-contained .NET apphost named by {config}");
            }
            if (files.Contains(stem + ".dll"))
            {
                return (stem + ".dll", $"the .NET app named by {config}");
            }
        }
        var executables = files.Where(f => !IsDebugOrLibrary(f) && IsElfExecutable(root, f, options)).ToList();
        if (executables.Count > 0)
        {
            return (One(root, executables, e => e == dirName, "ELF executables"), "the only ELF executable");
        }
        if (files.Contains("package.json") && NodeMain(root) is { } main)
        {
            return main;
        }
        if (PythonMains.FirstOrDefault(files.Contains) is { } py)
        {
            return (py, "the Python main module");
        }
        var jars = files.Where(f => f.EndsWith(".jar", StringComparison.Ordinal)).ToList();
        if (jars.Count > 0)
        {
            return (One(root, jars, j => Path.GetFileNameWithoutExtension(j) == dirName, "jars"), "the only jar");
        }
        var scripts = files.Where(f => Shebang.Parse(ArtifactRoot.ReadHead(root.File(f)!, Shebang.MaxLine)) is not null).ToList();
        if (scripts.Count > 0)
        {
            return (One(root, scripts, s => s == dirName, "scripts"), "the only script with a #! line");
        }
        throw new DistillException(ErrorCode.UnknownArtifact,
            $"{root.Directory}: no entry point found (no *.runtimeconfig.json, ELF executable, package.json, Python main module, jar or #! script at the top level)");
    }

    private static string One(ArtifactRoot root, List<string> candidates, Func<string, bool> preferred, string what)
    {
        if (candidates.Count == 1)
        {
            return candidates[0];
        }
        return candidates.SingleOrDefault(preferred)
            ?? throw new DistillException(ErrorCode.UnknownArtifact,
                $"{root.Directory} holds several {what} ({string.Join(", ", candidates.Take(5))}); analyze the one to run");
    }

    private static bool IsDebugOrLibrary(string name) =>
        name.EndsWith(".dbg", StringComparison.Ordinal) || name.EndsWith(".debug", StringComparison.Ordinal)
        || name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal)
        || name.EndsWith(".o", StringComparison.Ordinal) || name.EndsWith(".a", StringComparison.Ordinal);

    private static bool IsElfExecutable(ArtifactRoot root, string name, InspectOptions options)
    {
        var path = root.File(name)!;
        if (!ElfReader.IsElf(ArtifactRoot.ReadHead(path, 4)) || ArtifactRoot.ReadFile(path, options.MaxFileBytes) is not { } data)
        {
            return false;
        }
        try
        {
            return ElfReader.Read(data, path).IsExecutable;
        }
        catch (ElfFormatException)
        {
            return false;
        }
    }

    /// <summary>package.json: "main", else the first "bin", else "node X" in scripts.start, else index.js/server.js/app.js.</summary>
    private static (string, string)? NodeMain(ArtifactRoot root)
    {
        using var doc = PackageJson.Read(root);
        var candidates = new List<(string, string)>();
        if (doc?.RootElement is { ValueKind: System.Text.Json.JsonValueKind.Object } pkg)
        {
            if (pkg.TryGetProperty("main", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                candidates.Add((m.GetString()!, "package.json main"));
            }
            if (pkg.TryGetProperty("bin", out var bin))
            {
                var first = bin.ValueKind == System.Text.Json.JsonValueKind.String ? bin.GetString()
                    : bin.ValueKind == System.Text.Json.JsonValueKind.Object ? bin.EnumerateObject().Select(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString() : null).FirstOrDefault() : null;
                if (first is not null)
                {
                    candidates.Add((first, "package.json bin"));
                }
            }
            if (pkg.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == System.Text.Json.JsonValueKind.Object
                && scripts.TryGetProperty("start", out var start) && start.ValueKind == System.Text.Json.JsonValueKind.String
                && start.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["node", var script, ..])
            {
                candidates.Add((script, "package.json scripts.start"));
            }
        }
        candidates.AddRange(NodeMains.Select(f => (f, "the conventional Node entry file")));
        foreach (var (file, why) in candidates)
        {
            var clean = file.StartsWith("./", StringComparison.Ordinal) ? file[2..] : file;
            if (root.File(clean) is not null)
            {
                return (clean, why);
            }
            if (root.File(clean + ".js") is not null)
            {
                return (clean + ".js", why);
            }
        }
        return null;
    }
}
