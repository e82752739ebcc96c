using System.Text.Json;
using Distill.Layers;

namespace Distill.Build;

/// <summary>
/// Gathers what a built app needs at run time from the host: a jlink'd JRE's libraries, or an
/// interpreter (node, python3, ruby, php) with its own files and closure. (Dynamic native outputs
/// get their closure from the pack's base, like <c>distill pack --base closure</c>.) Interpreters are asked about themselves (their version and library paths);
/// the app is never run.
/// </summary>
public static class HostRuntime
{
    /// <summary>The runtime layer for <paramref name="build"/>, or null for a native binary (static, or closure from the base).</summary>
    /// <param name="build">The build.</param>
    /// <param name="runner">Runs the host interpreter to ask about itself.</param>
    /// <param name="app">The app layer's entries, whose native extensions need libraries too.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public static async Task<RuntimeFiles?> CollectAsync(BuildResult build, IProcessRunner runner, IReadOnlyList<LayerEntry> app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(runner);
        var recipe = build.Recipe;
        var files = new HostFiles();
        var notes = new List<string>();
        string? name = null, version = null;
        List<string> elfs = [];
        var roots = new List<(string, string)>();
        switch (recipe.Runtime)
        {
            case RuntimeKind.None or RuntimeKind.Closure:
                return null;
            case RuntimeKind.Java:
                var index = build.Outputs.ToList().FindIndex(Directory.Exists);
                var jre = build.Outputs[index];
                var imageJre = recipe.Outputs[index].ImageDirectory.TrimEnd('/');
                foreach (var entry in HostTree.Collect(jre, imageJre).Where(e => e.Kind == LayerEntryKind.File))
                {
                    roots.Add(("/" + entry.Path, entry.SourceFile!));
                    files.Put(entry);
                }
                name = "jlink'd JRE";
                version = ReleaseVersion(Path.Combine(jre, "release"));
                break;
            case RuntimeKind.Node:
                var node = HostFiles.RealPath(Require(runner, Tools.Node));
                files.AddFileAs(node, recipe.Entrypoint[0]);
                elfs.Add(node);
                name = "node";
                version = (await Ask(runner, node, ["--version"], cancellationToken).ConfigureAwait(false)).Trim().TrimStart('v');
                break;
            case RuntimeKind.Python:
                (name, version) = await PythonRuntime.CollectAsync(build, runner, files, elfs, notes, cancellationToken).ConfigureAwait(false);
                break;
            case RuntimeKind.Ruby:
                (name, version) = await InterpreterRuntime.RubyAsync(build, runner, files, elfs, cancellationToken).ConfigureAwait(false);
                break;
            case RuntimeKind.Php:
                (name, version) = await InterpreterRuntime.PhpAsync(build, runner, files, elfs, cancellationToken).ConfigureAwait(false);
                break;
        }
        roots.AddRange(elfs.Select(e => (files.ImagePathOf(e) ?? e, e)));
        var libraries = RuntimeClosure.Add(files, roots, recipe.Runtime == RuntimeKind.Java ? [] : app, notes);
        // The JRE is a build output (it goes in with the app); the runtime layer holds what it needs from the host.
        var jreFiles = recipe.Runtime == RuntimeKind.Java ? roots.Select(r => ImagePath.Normalize(r.Item1)).ToHashSet(StringComparer.Ordinal) : [];
        var entries = files.Entries.Where(e => !jreFiles.Contains(e.Path)).OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        return new RuntimeFiles($"{name} {version} + {libraries} libraries", name, version, entries, notes);
    }

    /// <summary>The full path of a host tool, or a one-line error naming how to install it.</summary>
    public static string Require(IProcessRunner runner, RequiredTool tool)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(tool);
        return runner.FindTool(tool.Name)
            ?? throw new DistillException(ErrorCode.ToolchainMissing, $"'{tool.Name}' is not installed: {tool.Install}");
    }

    /// <summary>Runs a host interpreter to ask about itself and returns its stdout.</summary>
    internal static async Task<string> Ask(IProcessRunner runner, string program, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new ProcessSpec(program, args, "/"), cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result.Stdout
            : throw new DistillException(ErrorCode.BuildFailed, $"asking '{program}' about its runtime failed (exit {result.ExitCode}): {result.Stderr.Trim()}");
    }

    internal static JsonElement AskJson(string text, string program)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new DistillException(ErrorCode.BuildFailed, $"'{program}' did not describe its runtime as JSON: {e.Message}", e);
        }
    }

    private static string? ReleaseVersion(string release) =>
        File.Exists(release) ? File.ReadLines(release).Where(l => l.StartsWith("JAVA_VERSION=", StringComparison.Ordinal))
            .Select(l => l["JAVA_VERSION=".Length..].Trim('"')).FirstOrDefault() : null;
}
