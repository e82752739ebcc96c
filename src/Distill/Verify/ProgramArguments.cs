namespace Distill.Verify;

/// <summary>
/// The file an interpreter in the entrypoint is told to run (<c>java -jar X</c>, <c>python3 X</c>,
/// <c>node X</c>, <c>dotnet X.dll</c>, <c>sh X</c>, ...). When it is missing the interpreter starts and
/// exits at once, so verify checks it like the entrypoint itself.
/// </summary>
internal static class ProgramArguments
{
    private sealed record Rules(string[] InlineCode, string[] TakeValue);

    // Per interpreter: options that run code given on the command line (no file to check), and options
    // whose value is the next argument (so it is not mistaken for the file).
    private static readonly Dictionary<string, Rules> ByInterpreter = new(StringComparer.Ordinal)
    {
        ["python"] = new(["-c", "-m"], ["-W", "-X", "--check-hash-based-pycs"]),
        ["node"] = new(["-e", "--eval", "-p", "--print"], ["-r", "--require", "--import", "--loader", "--conditions", "-C", "--env-file", "--title"]),
        ["ruby"] = new(["-e"], ["-r", "-I", "-C", "-E", "--encoding"]),
        ["perl"] = new(["-e", "-E"], ["-I", "-M", "-m"]),
        ["php"] = new(["-r", "-a", "-S"], ["-c", "-d", "-z", "-t"]),
        ["sh"] = new(["-c"], ["-o", "+o"]),
    };

    /// <summary>The file argument <paramref name="interpreter"/> (a file name) will open, or null when there is none to check.</summary>
    public static string? FileArgument(string interpreter, IReadOnlyList<string> args)
    {
        var name = Family(interpreter);
        if (name == "java")
        {
            var jar = IndexOf(args, "-jar");
            return jar >= 0 && jar + 1 < args.Count ? args[jar + 1] : null;
        }
        if (name == "dotnet")
        {
            // dotnet [exec] [host options] app.dll
            return args.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !a.StartsWith('-'));
        }
        if (name == "php" && IndexOf(args, "-f") is var f and >= 0)
        {
            return f + 1 < args.Count ? args[f + 1] : null;
        }
        if (!ByInterpreter.TryGetValue(name, out var rules))
        {
            return null;
        }
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (rules.InlineCode.Contains(arg) || arg == "-" || arg == "--")
            {
                return arg == "--" && i + 1 < args.Count ? args[i + 1] : null;
            }
            if (rules.TakeValue.Contains(arg))
            {
                i++;
            }
            else if (!arg.StartsWith('-') && !(name == "sh" && arg.StartsWith('+')))
            {
                return arg;
            }
        }
        return null;
    }

    /// <summary>The files through which an interpreter runs a directory (python3 DIR runs DIR/__main__.py), or none.</summary>
    public static IReadOnlyList<string> DirectoryEntry(string interpreter) => Family(interpreter) switch
    {
        "python" => ["__main__.py", "__main__.pyc"],
        "node" => ["package.json", "index.js", "index.cjs", "index.mjs"],
        _ => [],
    };

    /// <summary>python3.11 → python, nodejs → node, bash/dash/ash → sh, java/dotnet as they are.</summary>
    private static string Family(string interpreter)
    {
        var name = interpreter.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.');
        return name switch
        {
            "nodejs" => "node",
            "bash" or "dash" or "ash" or "busybox-sh" => "sh",
            _ => name,
        };
    }

    private static int IndexOf(IReadOnlyList<string> args, string option)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == option)
            {
                return i;
            }
        }
        return -1;
    }
}
