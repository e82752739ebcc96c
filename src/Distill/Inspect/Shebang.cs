using System.Text;

namespace Distill.Inspect;

/// <summary>
/// A parsed <c>#!</c> line as the kernel reads it: at most 256 bytes (BINPRM_BUF_SIZE), the interpreter path
/// up to the first blank, and the rest as one argument. For <c>/usr/bin/env</c>, the command env runs:
/// options and <c>NAME=VALUE</c> are skipped, and <c>-S</c> splits the rest as env does.
/// </summary>
internal sealed record Shebang(string Line, string Interpreter, string? Argument, string Command, IReadOnlyList<string> Problems)
{
    public const int MaxLine = 256;

    /// <summary>Null when the bytes do not start with <c>#!</c> followed by a path.</summary>
    public static Shebang? Parse(ReadOnlySpan<byte> head)
    {
        if (head.Length < 3 || head[0] != '#' || head[1] != '!')
        {
            return null;
        }
        var problems = new List<string>();
        var limit = head[..Math.Min(head.Length, MaxLine)];
        var nl = limit.IndexOf((byte)'\n');
        if (nl < 0 && head.Length > MaxLine)
        {
            problems.Add($"the #! line is longer than the {MaxLine} bytes the kernel reads; it is cut there");
        }
        var line = Encoding.UTF8.GetString(nl < 0 ? limit : limit[..nl]);
        if (line.EndsWith('\r'))
        {
            problems.Add("the #! line ends in CR (a DOS line ending): the kernel looks for an interpreter whose name ends in \\r");
            line = line[..^1];
        }
        var text = line[2..].TrimStart(' ', '\t');
        var blank = text.IndexOfAny([' ', '\t']);
        var interpreter = blank < 0 ? text : text[..blank];
        if (interpreter.Length == 0)
        {
            return null;
        }
        var argument = blank < 0 ? null : text[blank..].Trim(' ', '\t') is { Length: > 0 } a ? a : null;
        var command = interpreter;
        if (Base(interpreter) == "env")
        {
            command = EnvCommand(argument, problems) ?? interpreter;
        }
        return new Shebang(line, interpreter, argument, command, problems);
    }

    /// <summary>The file name of a path.</summary>
    public static string Base(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string? EnvCommand(string? argument, List<string> problems)
    {
        if (argument is null)
        {
            problems.Add("#!/usr/bin/env without a command");
            return null;
        }
        var words = argument.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var split = false;
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            if (w is "-S" or "--split-string" || w.StartsWith("-S", StringComparison.Ordinal) && w.Length > 2 && !w.StartsWith("-S-", StringComparison.Ordinal))
            {
                split = true;
                if (w.Length > 2 && w.StartsWith("-S", StringComparison.Ordinal))
                {
                    return w[2..];
                }
                continue;
            }
            if (w is "-u" or "--unset" or "-C" or "--chdir")
            {
                i++;
                continue;
            }
            if (w.StartsWith('-') || w.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }
            if (!split && words.Length > 1)
            {
                problems.Add($"env receives '{argument}' as one argument (the kernel does not split it); use '#!/usr/bin/env -S {argument}'");
            }
            return w;
        }
        return null;
    }
}
