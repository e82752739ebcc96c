using Distill.Tests.Testing;
using Distill.Verify;

namespace Distill.Tests.Verify;

/// <summary>verify checks the program file an interpreter in the entrypoint is told to run.</summary>
public sealed class ProgramArgumentsTests
{
    [Theory]
    [InlineData("python3", "/app/main.py", "/app/main.py")]
    [InlineData("python3.11", "-u -W ignore /app/main.py arg", "/app/main.py")]
    [InlineData("python3", "-m http.server", null)]
    [InlineData("python3", "-c print(1)", null)]
    [InlineData("node", "--max-old-space-size=512 -r dotenv/config index.js", "index.js")]
    [InlineData("nodejs", "-e 1", null)]
    [InlineData("java", "-Xmx1g -jar /app/app.jar --port 8080", "/app/app.jar")]
    [InlineData("java", "-cp /app/lib/* com.example.Main", null)]
    [InlineData("dotnet", "exec --roll-forward Major /app/app.dll", "/app/app.dll")]
    [InlineData("ruby3.1", "-I lib app.rb", "app.rb")]
    [InlineData("php", "-d memory_limit=1G -f /app/index.php", "/app/index.php")]
    [InlineData("php", "-S 0.0.0.0:8080", null)]
    [InlineData("perl", "-e 1", null)]
    [InlineData("bash", "-o pipefail /app/run.sh", "/app/run.sh")]
    [InlineData("sh", "-c exec /app/x", null)]
    [InlineData("sh", "-- /app/run.sh", "/app/run.sh")]
    [InlineData("hello", "/app/main.py", null)]
    public void Finds_the_file_an_interpreter_runs(string interpreter, string args, string? file) =>
        Assert.Equal(file, ProgramArguments.FileArgument(interpreter, args.Split(' ')));

    [Fact]
    public async Task A_python_app_whose_script_a_later_layer_deletes_fails_verify_and_really_does_not_start()
    {
        using var dir = new TempDir();
        Run.Distill(["build", Repo.Path("examples/hello-python"), "-o", $"oci:{dir["layout"]}:good"]).AssertSuccess("build");
        var good = Run.Distill(["verify", $"oci:{dir["layout"]}:good"]);
        Assert.Equal(0, good.ExitCode);
        Assert.Contains("runs /app/main.py, which is in the image", good.Stdout, StringComparison.Ordinal);

        await LayoutEdits.AppendLayerAsync(dir["layout"], "good", "broken", LayoutEdits.Whiteouts(["app/main.py"]), dir["cache"]);
        var verify = Run.Distill(["verify", $"oci:{dir["layout"]}:broken"]);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("is told to run /app/main.py, which is not a file in the image", verify.Stdout, StringComparison.Ordinal);
        var run = Runc.RunImage($"{dir["layout"]}:broken");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("main.py", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_python_package_directory_is_run_through_its_main_and_one_without_is_refused()
    {
        using var dir = new TempDir();
        Run.Distill(["build", Repo.Path("examples/hello-python"), "-o", $"oci:{dir["layout"]}:python"]).AssertSuccess("build");
        dir.Write("app/pkg/__main__.py", "print('hello from a package')\n");
        dir.Write("app/empty/readme.txt", "no __main__ here\n");
        Run.Distill(["pack", dir["app"], "--base", $"oci:{dir["layout"]}:python", "--entrypoint", "[\"/usr/bin/python3\",\"/app/pkg\"]", "-o", $"oci:{dir["layout"]}:pkg"]).AssertSuccess("pack pkg");
        Run.Distill(["pack", dir["app"], "--base", $"oci:{dir["layout"]}:python", "--entrypoint", "[\"/usr/bin/python3\",\"/app/empty\"]", "-o", $"oci:{dir["layout"]}:empty"]).AssertSuccess("pack empty");

        var good = Run.Distill(["verify", $"oci:{dir["layout"]}:pkg"]);
        Assert.True(good.ExitCode == 0, good.Output);
        Assert.Contains("runs the directory /app/pkg, through its __main__.py", good.Stdout, StringComparison.Ordinal);
        var run = Runc.RunImage($"{dir["layout"]}:pkg");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("hello from a package", run.Stdout, StringComparison.Ordinal);

        var bad = Run.Distill(["verify", $"oci:{dir["layout"]}:empty"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("is told to run /app/empty, which is not a file in the image", bad.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, Runc.RunImage($"{dir["layout"]}:empty").ExitCode);
    }
}
