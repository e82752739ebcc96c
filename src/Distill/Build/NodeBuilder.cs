using Distill.Detect;
using static Distill.Build.Recipes;

namespace Distill.Build;

/// <summary>Node.js: <c>npm ci --omit=dev</c> (when there are dependencies), the app's files, and the node runtime.</summary>
public sealed class NodeBuilder : IAppBuilder
{
    public IReadOnlyList<Language> Languages { get; } = [Language.Node];

    public IReadOnlyList<string> Recipes { get; } = ["npm"];

    public BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var name = Choose(settings, Recipes, "npm", Language.Node);
        List<BuildStep> steps = [];
        if (project.Fact("dependencies") == "yes" || settings.ExtraArgs.Count > 0)
        {
            steps.Add(new BuildStep(["npm", project.Fact("lock") == "yes" ? "ci" : "install", "--omit=dev", "--no-audit", "--no-fund", .. settings.ExtraArgs]));
        }
        var (version, why) = Version(project, "20");
        return new BuildRecipe
        {
            Language = Language.Node,
            Name = name,
            Reason = Why(settings, steps.Count > 0 ? "production dependencies only (npm --omit=dev); the node binary and its libraries come from the host" : "no dependencies to install; the node binary and its libraries come from the host"),
            Tools = steps.Count > 0 ? [Tools.Node, Tools.Npm] : [Tools.Node],
            Steps = steps,
            DependencyFiles = DependencyFiles(project, steps, "package.json", "package-lock.json", "npm-shrinkwrap.json"),
            Outputs = [new RecipeOutput(".", "/app")],
            // distroless nodejs keeps node at /nodejs/bin/node; Distill's image puts the host's node there too.
            Entrypoint = ["/nodejs/bin/node", $"/app/{project.MainFile}"],
            Env = [Env("NODE_ENV", "production")],
            Runtime = RuntimeKind.Node,
            BuildImage = $"node:{version}-bookworm-slim",
            BuildImageReason = why,
            FinalImage = $"gcr.io/distroless/nodejs{version}-debian12:nonroot",
        };
    }
}
