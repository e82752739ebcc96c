using System.Text.Json.Nodes;

namespace Distill.Tests.Testing;

/// <summary>Unpacks an OCI layout image with umoci and runs it with runc, as root, from the default bundle.</summary>
public static class Runc
{
    /// <summary>Runs <paramref name="image"/> ("DIR:TAG") with optional extra arguments appended to its command.</summary>
    public static ProcessOutcome RunImage(string image, params string[] extraArgs)
    {
        var umoci = Tools.Require("umoci");
        var runc = Tools.Require("runc");
        Tools.RequireRoot();
        using var work = new TempDir("distill-bundle");
        var bundle = work["bundle"];
        Run.Process(umoci, ["unpack", "--image", image, bundle]).AssertSuccess("umoci unpack");
        var configPath = System.IO.Path.Combine(bundle, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        // No terminal in tests; append the extra arguments to the image's entrypoint + cmd.
        config["process"]!["terminal"] = false;
        var args = config["process"]!["args"]!.AsArray();
        foreach (var a in extraArgs)
        {
            args.Add(a);
        }
        File.WriteAllText(configPath, config.ToJsonString());
        var id = "distill-test-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            return Run.Process(runc, ["run", "--bundle", bundle, id], timeout: TimeSpan.FromMinutes(2));
        }
        finally
        {
            Run.Process(runc, ["delete", "--force", id]);
        }
    }
}
