using Distill.Detect;
using Distill.Tests.Testing;

namespace Distill.Tests.Build;

/// <summary>The example projects (examples/hello-*) and what each must be detected as.</summary>
public static class Examples
{
    /// <summary>example folder suffix → (language, build system, program name).</summary>
    public static readonly IReadOnlyDictionary<string, (Language Language, string BuildSystem, string Name)> Expected =
        new Dictionary<string, (Language, string, string)>(StringComparer.Ordinal)
        {
            ["go"] = (Language.Go, "go", "hello-go"),
            ["rust"] = (Language.Rust, "cargo", "hello-rust"),
            ["c"] = (Language.C, "make", "hello"),
            ["cpp"] = (Language.Cpp, "cmake", "hello-cpp"),
            ["zig"] = (Language.Zig, "zig-build", "hello-zig"),
            ["nim"] = (Language.Nim, "nimble", "hello"),
            ["d"] = (Language.D, "dub", "hello-d"),
            ["crystal"] = (Language.Crystal, "shards", "hello-crystal"),
            ["dotnet"] = (Language.DotNet, "dotnet", "hello-dotnet"),
            ["java"] = (Language.Java, "javac", "hello-java"),
            ["node"] = (Language.Node, "npm", "hello-node"),
            ["python"] = (Language.Python, "pip", "hello-python"),
            ["ruby"] = (Language.Ruby, "bundler", "hello-ruby"),
            ["php"] = (Language.Php, "composer", "hello-php"),
        };

    public static TheoryData<string> All => new(Expected.Keys.Order(StringComparer.Ordinal));

    public static string Path(string example) => Repo.Path($"examples/hello-{example}");
}
