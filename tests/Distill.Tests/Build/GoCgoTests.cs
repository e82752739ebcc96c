using Distill.Build;
using Distill.Detect;
using Distill.Tests.Testing;

namespace Distill.Tests.Build;

/// <summary>
/// A Go module that needs cgo (ko's most asked-for case: go-sqlite3, pcap) gets the cgo recipe and its
/// library closure instead of a CGO_ENABLED=0 build that fails or breaks at run time.
/// </summary>
public sealed class GoCgoTests
{
    private const string GoMod = "module example.com/cgoapp\n\ngo 1.19\n";

    private const string CgoMain = """
        package main

        /*
        static int twice(int x) { return 2 * x; }
        */
        import "C"

        import "fmt"

        func main() { fmt.Println("hello from cgo", int(C.twice(21))) }
        """;

    [Theory]
    [InlineData("main.go", CgoMain, "main.go imports \"C\"")]
    [InlineData("internal/db/db.go", "package db\n\nimport (\n\t\"C\"\n)\n", "internal/db/db.go imports \"C\"")]
    [InlineData("cap.go", "package main\n\nimport (\n\t\"fmt\"\n\t\"github.com/google/gopacket/pcap\"\n)\n", "cap.go imports github.com/google/gopacket/pcap, which works only with cgo")]
    [InlineData("main.go", "package main\n\n// import \"C\" is not needed here\nimport \"fmt\"\n", null)]
    [InlineData("main_test.go", "package main\n\nimport \"C\"\n", null)]
    [InlineData("vendor/x/y.go", "package y\n\nimport \"C\"\n", null)]
    public void Sources_that_import_C_ask_for_cgo(string file, string source, string? why)
    {
        using var dir = new TempDir();
        dir.Write("go.mod", GoMod);
        dir.Write(file, source);
        var project = ProjectDetector.Detect(dir.Path);
        Assert.Equal(why, project.Fact(GoDetector.CgoFact));
    }

    [Fact]
    public void A_hostile_source_file_cannot_stall_the_scan()
    {
        using var dir = new TempDir();
        dir.Write("go.mod", GoMod);
        // Thousands of unclosed import blocks: a backtracking pattern would take quadratic time (or time out).
        dir.Write("main.go", "package main\n" + string.Concat(Enumerable.Repeat("import (\n\t\"fmt\"\n  \"C \"\n", 5000)));
        Assert.Null(ProjectDetector.Detect(dir.Path).Fact(GoDetector.CgoFact));
    }

    [Theory]
    [InlineData("require github.com/mattn/go-sqlite3 v1.14.22\n", "github.com/mattn/go-sqlite3")]
    [InlineData("require (\n\tgorm.io/driver/sqlite v1.5.6\n\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n)\n", "github.com/mattn/go-sqlite3")]
    [InlineData("require github.com/confluentinc/confluent-kafka-go/v2 v2.4.0\n", "github.com/confluentinc/confluent-kafka-go")]
    [InlineData("require modernc.org/sqlite v1.30.0\n", null)]
    public void GoMod_requirements_that_only_work_with_cgo_ask_for_it(string require, string? module)
    {
        using var dir = new TempDir();
        dir.Write("go.mod", GoMod + "\n" + require);
        dir.Write("main.go", "package main\n\nfunc main() {}\n");
        var why = ProjectDetector.Detect(dir.Path).Fact(GoDetector.CgoFact);
        if (module is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Equal($"go.mod requires {module}, which works only with cgo", why);
        }
    }

    [Fact]
    public void The_builder_takes_the_cgo_recipe_unless_told_otherwise()
    {
        using var dir = new TempDir();
        dir.Write("go.mod", GoMod);
        dir.Write("main.go", CgoMain);
        var project = ProjectDetector.Detect(dir.Path);
        var recipe = new GoBuilder().Plan(project, new BuildSettings(), new FakeProcessRunner());
        Assert.Equal("cgo", recipe.Name);
        Assert.Equal([new KeyValuePair<string, string>("CGO_ENABLED", "1")], Assert.Single(recipe.Steps).Env);
        Assert.StartsWith("main.go imports \"C\": cgo on", recipe.Reason, StringComparison.Ordinal);
        Assert.Equal(RuntimeKind.Closure, recipe.Runtime);
        Assert.Equal(["go", "gcc"], recipe.Tools.Select(t => t.Name));
        Assert.Equal("static", new GoBuilder().Plan(project, new BuildSettings { Recipe = "static" }, new FakeProcessRunner()).Name);
    }

    [Fact]
    public void A_cgo_module_builds_verifies_and_runs_on_its_closure()
    {
        Testing.Tools.Require("go");
        Testing.Tools.Require("gcc");
        using var dir = new TempDir();
        dir.Write("src/go.mod", GoMod);
        dir.Write("src/main.go", CgoMain);
        BuildProof.BuildVerifyRun(dir["src"], dir, "cgo", "closure", "hello from cgo 42");
    }
}
