namespace Distill.Build;

/// <summary>
/// The Python runtime: the interpreter at /usr/bin/python3 (where distroless python3 has it), the
/// stdlib modules the interpreter loads at start-up plus those the app imports (found by
/// <c>modulefinder</c>, which reads the code without running it), relocated to /usr/lib/pythonX.Y.
/// </summary>
internal static class PythonRuntime
{
    // Runs inside the host interpreter. The start-up set comes from a fresh interpreter (-c), the app's from modulefinder.
    private const string Script = """
import json, os, subprocess, sys, sysconfig, modulefinder
main, app = sys.argv[1], sys.argv[2]
startup = subprocess.run([sys.executable, "-c", "import sys\nfor m in list(sys.modules.values()):\n print(getattr(m, '__file__', None) or '')"], capture_output=True, text=True).stdout.split()
finder = modulefinder.ModuleFinder(path=[app, os.path.join(app, "site-packages")] + sys.path[1:])
finder.run_script(main)
finder.import_hook("encodings", None, ["*"])  # codecs are looked up by name at run time (idna, latin-1...)
found = [m.__file__ for m in finder.modules.values() if m.__file__]
stdlib = sysconfig.get_paths()["stdlib"]
print(json.dumps({"executable": os.path.realpath(sys.executable), "version": sys.version.split()[0],
  "majorMinor": "%d.%d" % sys.version_info[:2], "stdlib": stdlib,
  "dynload": os.path.join(sysconfig.get_paths()["platstdlib"], "lib-dynload"),
  "files": sorted(set(f for f in startup + found if f)), "missing": sorted(finder.badmodules.keys())}))
""";

    public static async Task<(string, string)> CollectAsync(BuildResult build, IProcessRunner runner, HostFiles files, List<string> elfs,
        List<string> notes, CancellationToken cancellationToken)
    {
        // Debian's interpreter first: the same Python as distroless python3, with its stdlib where it expects it.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : HostRuntime.Require(runner, Tools.Python);
        var main = Path.Combine(build.BuildDirectory, build.Recipe.Entrypoint[^1]["/app/".Length..]);
        var json = HostRuntime.AskJson(await HostRuntime.Ask(runner, python, ["-I", "-c", Script, main, build.BuildDirectory], cancellationToken).ConfigureAwait(false), python);
        var executable = json.GetProperty("executable").GetString()!;
        var version = json.GetProperty("version").GetString()!;
        var stdlib = json.GetProperty("stdlib").GetString()!.TrimEnd('/');
        var dynload = json.GetProperty("dynload").GetString()!.TrimEnd('/');
        var imageLib = $"/usr/lib/python{json.GetProperty("majorMinor").GetString()}";
        files.AddFileAs(executable, "/usr/bin/python3");
        elfs.Add(executable);
        // os.py (the landmark that tells Python its prefix), lib-dynload and the encodings package must exist whatever the app imports.
        var wanted = json.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList();
        wanted.Add(Path.Combine(stdlib, "os.py"));
        wanted.AddRange(Directory.EnumerateFiles(Path.Combine(stdlib, "encodings"), "*.py"));
        // sysconfig imports its build-time data by a computed name, which modulefinder cannot see.
        wanted.AddRange(Directory.EnumerateFiles(stdlib, "_sysconfigdata*.py"));
        foreach (var file in wanted.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var image = Relocate(file, stdlib, dynload, imageLib);
            if (image is null)
            {
                continue;
            }
            files.AddFileAs(file, image);
            if (file.EndsWith(".so", StringComparison.Ordinal))
            {
                elfs.Add(file);
            }
        }
        if (!files.Contains($"{imageLib}/lib-dynload"))
        {
            // Python finds its exec prefix by this directory; it must exist even when no extension module is used.
            files.AddDirectoryAs($"{imageLib}/lib-dynload");
        }
        var missing = json.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!).Where(m => !m.Contains('.', StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            notes.Add($"modules the app may import but this host's Python lacks: {string.Join(", ", missing.Take(10))}");
        }
        return ("python", version);
    }

    /// <summary>stdlib and lib-dynload files move under /usr/lib/pythonX.Y; anything else (the app's own files) is not runtime.</summary>
    private static string? Relocate(string file, string stdlib, string dynload, string imageLib)
    {
        if (file.StartsWith(dynload + "/", StringComparison.Ordinal))
        {
            return $"{imageLib}/lib-dynload/{file[(dynload.Length + 1)..]}";
        }
        if (file.StartsWith(stdlib + "/", StringComparison.Ordinal) && !file.Contains("/site-packages/", StringComparison.Ordinal) && !file.Contains("/dist-packages/", StringComparison.Ordinal))
        {
            return $"{imageLib}/{file[(stdlib.Length + 1)..]}";
        }
        return null;
    }
}
