namespace Distill.Base.Debian;

/// <summary>The few apt settings Distill honours from <c>apt.conf</c> and <c>apt.conf.d</c>.</summary>
public static class AptConfig
{
    /// <summary>
    /// False when apt is told not to check Release files' <c>Valid-Until</c>
    /// (<c>Acquire::Check-Valid-Until "false";</c>), as some mirrors and snapshot setups need.
    /// </summary>
    public static bool ChecksValidUntil(string aptRoot)
    {
        var files = new List<string>();
        var main = Path.Combine(aptRoot, "apt.conf");
        if (File.Exists(main))
        {
            files.Add(main);
        }
        var parts = Path.Combine(aptRoot, "apt.conf.d");
        if (Directory.Exists(parts))
        {
            files.AddRange(Directory.GetFiles(parts).Order(StringComparer.Ordinal));
        }
        var enabled = true;
        foreach (var file in files)
        {
            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.Split("//")[0].Trim();
                if (line.StartsWith("Acquire::Check-Valid-Until", StringComparison.OrdinalIgnoreCase))
                {
                    // Later files win, as apt reads them in order.
                    var value = line["Acquire::Check-Valid-Until".Length..].Trim(' ', '\t', '"', ';');
                    enabled = value.Trim('"').ToLowerInvariant() is not ("false" or "0" or "no" or "off");
                }
            }
        }
        return enabled;
    }
}
