using Distill.Base;
using Distill.Inspect;

namespace Distill.Tests.Inspect;

/// <summary>Code for a language runtime: a jar, node, python and sh scripts, app directories, and things that are none of these.</summary>
public sealed class RuntimeArtifactTests
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;

    [Fact]
    public void Jar_needs_the_java_tier_of_its_class_version()
    {
        var path = InspectArtifacts.Jar("hello17", 17);
        var report = Expect.Analysis(path, "jar", null, null, [], null, "java 17", BaseTier.Java17);
        Assert.Equal("Main", report.Details["java.mainClass"]);
        Assert.Equal("61", report.Details["java.classMajor"]);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Java_8_bytecode_runs_on_java17()
    {
        var path = InspectArtifacts.Jar("hello8", 8);
        Expect.Analysis(path, "jar", null, null, [], null, "java 8", BaseTier.Java17);
    }

    [Fact]
    public void Node_script_with_env_S()
    {
        var path = InspectArtifacts.Text("node-script", "server.js", "#!/usr/bin/env -S node --enable-source-maps\nconsole.log('hi')\n", Executable);
        var report = Expect.Analysis(path, "script", null, "/usr/bin/env", [], null, "node", BaseTier.NodeJs);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Python_script_with_a_versioned_interpreter()
    {
        var path = InspectArtifacts.Text("python-script", "tool.py", "#!/usr/bin/python3.11\nprint('hi')\n", Executable);
        Expect.Analysis(path, "script", null, "/usr/bin/python3.11", [], null, "python 3.11", BaseTier.Python3);
    }

    [Fact]
    public void Sh_script_named_like_a_binary_needs_a_shell()
    {
        var path = InspectArtifacts.Text("sh-script", "app", "#!/bin/sh\nexec echo hi\n", Executable);
        var report = Expect.Analysis(path, "script", null, "/bin/sh", [], null, "sh", BaseTier.Dash);
        Assert.Equal(ArtifactFormat.Script, report.Format);
        Assert.Contains(report.Warnings, w => w.Contains("no distroless base has a shell", StringComparison.Ordinal));
    }

    [Fact]
    public void Env_without_S_and_CRLF_shebangs_are_warned_about()
    {
        var env = InspectArtifacts.Text("env-no-s", "run", "#!/usr/bin/env python3 -u\nprint(1)\n", Executable);
        Assert.Contains(ArtifactInspector.Inspect(env).Warnings, w => w.Contains("env -S", StringComparison.Ordinal));
        var crlf = InspectArtifacts.Text("crlf", "run", "#!/bin/bash\r\necho hi\r\n", Executable);
        var report = ArtifactInspector.Inspect(crlf);
        Assert.Contains(report.Warnings, w => w.Contains("CR", StringComparison.Ordinal));
        Assert.Equal(BaseTier.Bash, report.Base!.Tier);
    }

    [Fact]
    public void Node_directory_finds_package_json_main_and_engine_version()
    {
        var server = InspectArtifacts.Text("node-app", "src/server.js", "console.log('hi')\n");
        var dir = Path.GetDirectoryName(Path.GetDirectoryName(server))!;
        File.WriteAllText(Path.Combine(dir, "package.json"), """{"name":"app","main":"src/server.js","engines":{"node":">=20"}}""");
        var report = Expect.Analysis(dir, "script", null, null, [], null, "node 20", BaseTier.NodeJs);
        Assert.Equal("src/server.js", report.EntryPoint);
    }

    [Fact]
    public void Python_directory_finds_main_and_its_version_hint()
    {
        var main = InspectArtifacts.Text("python-app", "main.py", "print('hi')\n");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(main)!, ".python-version"), "3.12.1\n");
        var report = Expect.Analysis(Path.GetDirectoryName(main)!, "script", null, null, [], null, "python 3.12", BaseTier.Python3);
        Assert.Equal("main.py", report.EntryPoint);
        Assert.Contains(report.Warnings, w => w.Contains("3.11", StringComparison.Ordinal));
    }

    [Fact]
    public void Gzip_named_like_a_binary_is_not_analysable()
    {
        var path = InspectArtifacts.Text("gzip", "app", "placeholder");
        File.WriteAllBytes(path, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x4b, 0x4c, 0x4a, 6, 0]);
        var report = ArtifactInspector.Inspect(path);
        Assert.Equal(ArtifactFormat.Unknown, report.Format);
        Assert.Null(report.Base);
        Assert.Contains("gzip data", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Symlinked_runtimeconfig_outside_the_root_is_not_read()
    {
        // B1-01: a sibling that escapes the artifact's directory is ignored, not followed.
        var apphost = InspectArtifacts.Dotnet("dotnet-fdd", "System.Console.WriteLine(\"hi\");\n", "UseAppHost=true");
        var outside = InspectArtifacts.Text("escape-target", "app.runtimeconfig.json", """{"runtimeOptions":{"framework":{"name":"Microsoft.AspNetCore.App","version":"8.0.0"}}}""");
        var dir = Path.GetDirectoryName(InspectArtifacts.Text("escape", "placeholder", "x"))!;
        File.Copy(Path.Combine(apphost, "app"), Path.Combine(dir, "app"), overwrite: true);
        File.CreateSymbolicLink(Path.Combine(dir, "app.runtimeconfig.json"), outside);
        var report = ArtifactInspector.Inspect(Path.Combine(dir, "app"));
        Assert.Equal("dotnet", report.Requirements!.Runtime!.Name);
        Assert.Contains(report.Warnings, w => w.Contains("no readable app.runtimeconfig.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_directory_and_fifo_are_not_analysable_and_do_not_block()
    {
        var dir = Path.GetDirectoryName(InspectArtifacts.Text("empty-dir", "README", "nothing to run\n"))!;
        var report = ArtifactInspector.Inspect(dir);
        Assert.Equal(ArtifactFormat.Directory, report.Format);
        Assert.Contains("no entry point", report.Problem, StringComparison.Ordinal);

        var fifo = Path.Combine(dir, "pipe");
        var mkfifo = Distill.Tests.Testing.Tools.Require("mkfifo");
        if (!File.Exists(fifo))
        {
            Distill.Tests.Testing.Run.Process(mkfifo, [fifo]).AssertSuccess("mkfifo");
        }
        Assert.Equal(ArtifactFormat.Unknown, ArtifactInspector.Inspect(fifo).Format);
    }
}
