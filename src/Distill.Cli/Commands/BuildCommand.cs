using System.CommandLine;
using System.Text;
using Distill.Build;
using Distill.Layers;
using Distill.Oci;
using Distill.Publish;

namespace Distill.Cli.Commands;

/// <summary><c>distill build [DIR] [options] -o DEST... [-- FLAGS]</c>: detect, compile with the static recipe, pack.</summary>
public static class BuildCommand
{
    private static readonly Argument<string> Dir = new("DIR") { Description = "The project directory", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
    private static readonly Argument<string[]> Extra = new("FLAGS") { Description = "Extra flags for the toolchain, after --", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<string[]> Output = new("--output", "-o") { Description = "Destination: oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG] (repeatable)", Arity = ArgumentArity.OneOrMore, Required = true };
    private static readonly Option<string> Recipe = new("--recipe") { Description = "Use this recipe instead of the default (e.g. static, cgo, musl-static, glibc-static, dynamic, aot, self-contained)" };
    private static readonly Option<string> BaseOption = new("--base") { Description = "Base: auto (from the analysis of the built binary), scratch, static, closure, or a tier; runtimes go on static", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string[]> Env = new("--env", "-e") { Description = "Environment variable KEY=VALUE (repeatable)" };
    private static readonly Option<string> User = new("--user", "-u") { Description = "User as UID[:GID] (default 65532)", DefaultValueFactory = _ => "65532" };
    private static readonly Option<string[]> Port = new("--port", "-p") { Description = "Exposed port NUMBER[/tcp|udp] (repeatable)" };
    private static readonly Option<string> EssentialsRoot = new("--essentials-root") { Description = "Take the static essentials' system files from this root", DefaultValueFactory = _ => "/" };
    private static readonly Option<string> RuntimeSource = new("--runtime-source") { Description = "Where Java, Node.js and Python come from: host (this machine's runtime and its exact closure) or debian (the java17, nodejs or python3 tier)", DefaultValueFactory = _ => "host" };
    private static readonly Option<bool> Keep = new("--keep-build-dir") { Description = "Keep the temporary build directory and print where it is" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON (project, recipe, runtime version, image)" };

    public static Command Create()
    {
        var command = new Command("build", "Detect the project, build it with the smallest-image recipe, and pack it")
        {
            Dir, Extra, Output, Recipe, BaseOption, Env, User, Port, EssentialsRoot, RuntimeSource, Keep, Json,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, token => RunAsync(parse, token), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(Json);
        var quiet = parse.GetValue(CommonOptions.Quiet);
        var log = json || quiet ? null : Console.Error;
        var request = new BuildRequest
        {
            ProjectDirectory = parse.GetValue(Dir)!,
            Settings = new BuildSettings { Recipe = parse.GetValue(Recipe), ExtraArgs = parse.GetValue(Extra) ?? [] },
            KeepBuildDirectory = parse.GetValue(Keep),
            RuntimeSource = parse.GetValue(RuntimeSource)!,
            Pack = new PackRequest
            {
                InputPath = ".",
                Base = parse.GetValue(BaseOption)!,
                Env = CommonOptions.KeyValues(parse.GetValue(Env), "--env"),
                User = parse.GetValue(User)!,
                Ports = parse.GetValue(Port) ?? [],
                EssentialsRoot = parse.GetValue(EssentialsRoot)!,
                Layers = new LayerOptions { SourceDateEpoch = CommonOptions.SourceDateEpoch() },
                Destinations = parse.GetValue(Output)!.Select(ImageLocation.Parse).ToList(),
            },
        };
        var outcome = await BuildPipeline.RunAsync(request, new ProcessRunner(log), BlobStore.Default(), log, cancellationToken).ConfigureAwait(false);
        await Console.Out.WriteAsync(json ? JsonText(outcome) + "\n" : PackOutput.Text(outcome.Pack, quiet)).ConfigureAwait(false);
        if (outcome.BuildDirectory is not null && !json)
        {
            await Console.Out.WriteLineAsync($"Build directory kept at {outcome.BuildDirectory}").ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }

    /// <summary>The machine-readable result: the project, the recipe, the runtime taken (with its version), and the image.</summary>
    public static string JsonText(BuildOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var w = new GoJsonWriter();
        w.StartObject()
            .Name("project").StartObject()
            .Property("language", outcome.Project.Language.ToString())
            .Property("buildSystem", outcome.Project.BuildSystem)
            .Property("name", outcome.Project.Name)
            .Property("reason", outcome.Project.Reason)
            .OptionalProperty("toolchainVersion", outcome.Project.ToolchainVersion)
            .EndObject()
            .Name("recipe").StartObject()
            .Property("name", outcome.Recipe.Name)
            .Property("reason", outcome.Recipe.Reason)
            .Name("steps").StartArray();
        foreach (var step in outcome.Recipe.Steps)
        {
            w.String(step.Display());
        }
        w.EndArray().Property("buildImage", outcome.Recipe.BuildImage).EndObject();
        w.Name("runtime");
        if (outcome.Runtime is { } runtime)
        {
            w.StartObject().OptionalProperty("name", runtime.Name).OptionalProperty("version", runtime.Version)
                .Property("holds", runtime.Description).Property("files", runtime.Entries.Count).EndObject();
        }
        else
        {
            w.Null();
        }
        w.Name("image").RawJson(PackOutput.Json(outcome.Pack)).EndObject();
        return Encoding.UTF8.GetString(w.WrittenSpan);
    }

}
