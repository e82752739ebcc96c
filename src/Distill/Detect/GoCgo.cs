using System.Text.RegularExpressions;

namespace Distill.Detect;

/// <summary>
/// Whether a Go module needs cgo, read from its sources and go.mod without running anything. With
/// CGO_ENABLED=0 such a program fails to build, or builds and fails at run time (go-sqlite3's stub
/// says "requires cgo to work"), so the build takes the cgo recipe instead.
/// </summary>
internal static partial class GoCgo
{
    private const int MaxFiles = 5_000;
    private const int HeadBytes = 64 * 1024; // imports sit at the top of a file

    // Modules that are only usable through cgo; requiring one (even indirectly) means the binary links C.
    private static readonly string[] CgoModules =
    [
        "github.com/mattn/go-sqlite3", "github.com/confluentinc/confluent-kafka-go", "github.com/linxGnu/grocksdb",
        "github.com/tecbot/gorocksdb", "gopkg.in/gographics/imagick", "fyne.io/fyne", "github.com/go-gl/glfw",
    ];

    // Packages that need cgo inside modules that are otherwise pure Go.
    private static readonly string[] CgoPackages = ["github.com/google/gopacket/pcap"];

    /// <summary>Why the module needs cgo (a file or a requirement), or null when nothing says so.</summary>
    public static string? Why(string directory, string goMod)
    {
        foreach (var module in CgoModules)
        {
            if (Regex.IsMatch(goMod, $@"(?m)^\s*(require\s+)?{Regex.Escape(module)}(/v\d+)?\s+v", RegexOptions.NonBacktracking))
            {
                return $"go.mod requires {module}, which works only with cgo";
            }
        }
        foreach (var file in ProjectFiles.Recursive(directory, ".go").Where(f => !f.EndsWith("_test.go", StringComparison.Ordinal)).Take(MaxFiles))
        {
            var head = System.Text.Encoding.UTF8.GetString(Inspect.ArtifactRoot.ReadHead(Path.Combine(directory, file), HeadBytes));
            if (ImportsC().IsMatch(head))
            {
                return $"{file} imports \"C\"";
            }
            if (CgoPackages.FirstOrDefault(p => head.Contains($"\"{p}\"", StringComparison.Ordinal)) is { } package)
            {
                return $"{file} imports {package}, which works only with cgo";
            }
        }
        return null;
    }

    // import "C" on its own, or "C" as a line of an import block. Linear time whatever the file holds.
    [GeneratedRegex(@"(?m)^\s*import\s+""C""|^\s*import\s*\([^)]*^\s*""C""\s*$", RegexOptions.NonBacktracking)]
    private static partial Regex ImportsC();
}
