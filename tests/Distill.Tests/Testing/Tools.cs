namespace Distill.Tests.Testing;

/// <summary>
/// External tools the end-to-end tests use. A missing tool skips the test on a developer machine,
/// and fails it in CI (CI=true): the test command installs everything, so absence there is a bug.
/// </summary>
public static class Tools
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the tool's full path, or skips/fails the test.</summary>
    public static string Require(string name)
    {
        var path = Find(name);
        if (path is not null)
        {
            return path;
        }
        var message = $"'{name}' is not installed (./test.sh installs it)";
        if (InCi)
        {
            Assert.Fail(message);
        }
        Assert.Skip(message);
        return null!;
    }

    /// <summary>Requires root (runc, mounts), failing in CI and skipping elsewhere.</summary>
    public static void RequireRoot()
    {
        if (Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || GetUid() == 0)
        {
            return;
        }
        if (InCi)
        {
            Assert.Fail("this test needs root (runc); run the tests as root in CI");
        }
        Assert.Skip("this test needs root (runc)");
    }

    public static string? Find(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? name : null;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                     .Concat(["/usr/sbin", "/sbin", "/usr/local/sbin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static int GetUid()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return -1;
    }
}
