using System.Collections.Concurrent;
using Distill.Build;

namespace Distill.Tests.Build;

/// <summary>
/// ko's <c>withBuilder</c> fake for our seam: records every command, says which tools exist, and
/// lets a test play the toolchain (write the file the real compiler would write).
/// </summary>
public sealed class FakeProcessRunner : IProcessRunner
{
    private readonly HashSet<string> _tools;
    private readonly Func<ProcessSpec, ProcessResult>? _handler;

    /// <param name="tools">Tool names that "exist" (null: every tool exists).</param>
    /// <param name="handler">Plays the command; default: writes each recipe output the command names and succeeds.</param>
    public FakeProcessRunner(IEnumerable<string>? tools = null, Func<ProcessSpec, ProcessResult>? handler = null)
    {
        _tools = tools is null ? [] : [.. tools];
        AllTools = tools is null;
        _handler = handler;
    }

    public bool AllTools { get; }

    public ConcurrentQueue<ProcessSpec> Calls { get; } = new();

    public string? FindTool(string name) => AllTools || _tools.Contains(name) ? "/fake/bin/" + name : null;

    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        Calls.Enqueue(spec);
        return Task.FromResult(_handler?.Invoke(spec) ?? new ProcessResult(0, "", ""));
    }

    /// <summary>A handler that creates <paramref name="outputs"/> (relative to the working directory) as the toolchain would.</summary>
    public static Func<ProcessSpec, ProcessResult> Producing(IEnumerable<RecipeOutput> outputs) => spec =>
    {
        foreach (var output in outputs.Where(o => o.From != "."))
        {
            var path = Path.Combine(spec.WorkingDirectory, output.From);
            if (output.IsDirectory)
            {
                Directory.CreateDirectory(path);
                File.WriteAllText(Path.Combine(path, "release"), "JAVA_VERSION=\"17.0.0\"\n");
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, "#!fake binary\n");
                File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
            }
        }
        return new ProcessResult(0, "", "");
    };
}
