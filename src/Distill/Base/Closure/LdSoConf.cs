namespace Distill.Base.Closure;

/// <summary>
/// The library directories of <c>/etc/ld.so.conf</c> inside a sysroot, following <c>include</c>
/// globs (relative to the root) with a depth cap, as ldconfig does when it builds ld.so.cache.
/// </summary>
public static class LdSoConf
{
    private const int MaxDepth = 8;

    public static IReadOnlyList<string> Directories(Sysroot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var result = new List<string>();
        Read(root, "etc/ld.so.conf", result, 0, []);
        return result;
    }

    private static void Read(Sysroot root, string file, List<string> result, int depth, HashSet<string> seen)
    {
        if (depth > MaxDepth || root.Resolve(file) is not { } resolved || !seen.Add(resolved) || root.ReadFile(resolved, 1 << 20) is not { } bytes)
        {
            return;
        }
        foreach (var raw in System.Text.Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith("include", StringComparison.Ordinal) && line.Length > 7 && char.IsWhiteSpace(line[7]))
            {
                foreach (var pattern in line[8..].Split(' ', '\t').Where(p => p.Length > 0))
                {
                    var absolute = pattern.StartsWith('/') ? pattern : "/" + Path.GetDirectoryName(file) + "/" + pattern;
                    foreach (var match in Glob(root, absolute))
                    {
                        Read(root, match, result, depth + 1, seen);
                    }
                }
                continue;
            }
            // "dir=TYPE" (old hwcap syntax) keeps only the directory.
            var dir = line.Split('=')[0].Trim().TrimEnd('/');
            if (dir.StartsWith('/') && !result.Contains(dir))
            {
                result.Add(dir);
            }
        }
    }

    /// <summary>Expands a '*' glob in the last component only, the form ld.so.conf uses.</summary>
    private static IEnumerable<string> Glob(Sysroot root, string pattern)
    {
        var dir = Path.GetDirectoryName(pattern) ?? "/";
        var name = Path.GetFileName(pattern);
        if (!name.Contains('*', StringComparison.Ordinal))
        {
            return [pattern.TrimStart('/')];
        }
        var star = name.IndexOf('*', StringComparison.Ordinal);
        var prefix = name[..star];
        var suffix = name[(star + 1)..];
        return root.List(dir)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal) && n.Length >= prefix.Length + suffix.Length)
            .Select(n => (dir.TrimStart('/') + "/" + n).TrimStart('/'));
    }
}
