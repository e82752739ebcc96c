namespace Distill.Tests.Publish.Registry;

/// <summary>Skips a test when a tool is missing, or fails it when CI=true (the CI must have every tool).</summary>
internal static class RegistryTools
{
    public static string Require(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin").Append("/usr/bin"))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        var message = $"'{name}' is not installed (apt-get install the package that ships it)";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(message);
        }
        Assert.Skip(message);
        return name;
    }
}
