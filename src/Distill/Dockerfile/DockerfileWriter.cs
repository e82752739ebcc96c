using Distill.Oci;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Distill.Build;

namespace Distill.Dockerfile;

/// <summary>Plan → Dockerfile text. Pure and deterministic: the same plan always gives the same bytes.</summary>
public static class DockerfileWriter
{

    public static string Write(DockerfilePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var sb = new StringBuilder();
        foreach (var line in plan.Header)
        {
            sb.Append("# ").Append(line).Append('\n');
        }
        sb.Append('\n');
        sb.Append("# ").Append(plan.BuildImageReason).Append('\n');
        sb.Append("FROM ").Append(plan.BuildImage).Append(" AS build\n");
        foreach (var setup in plan.Setup)
        {
            sb.Append("RUN ").Append(setup).Append('\n');
        }
        sb.Append("WORKDIR ").Append(DockerfilePlan.SourceDirectory).Append('\n');
        if (plan.DependencyFiles.Count > 0)
        {
            // Dependencies first: this layer stays cached until a manifest changes.
            sb.Append("COPY ").AppendJoin(' ', plan.DependencyFiles).Append(" ./\n");
            AppendSteps(sb, plan.Steps);
            sb.Append("COPY . .\n");
        }
        else
        {
            sb.Append("COPY . .\n");
            if (plan.Steps.Any(s => s.Args.Any(a => a.Contains(BuildRecipe.OutputDirectory + "/", StringComparison.Ordinal))))
            {
                sb.Append("RUN mkdir -p ").Append(BuildRecipe.OutputDirectory).Append('\n');
            }
            AppendSteps(sb, plan.Steps);
        }
        if (plan.CopyDataFiles)
        {
            sb.Append("\n# CA certificates and time zones for a scratch image (the final stage has no package manager)\n");
            sb.Append("FROM ").Append(DockerfilePlan.DataImage).Append(" AS data\n");
            sb.Append("RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata && rm -rf /var/lib/apt/lists/*\n");
        }
        sb.Append('\n');
        sb.Append("FROM ").Append(plan.FinalImage).Append('\n');
        if (plan.CopyDataFiles)
        {
            sb.Append("COPY --from=data ").Append(Base.Essentials.CaBundlePath).Append(' ').Append(Base.Essentials.CaBundlePath).Append('\n');
            sb.Append("COPY --from=data /usr/share/zoneinfo /usr/share/zoneinfo\n");
        }
        foreach (var output in plan.Outputs)
        {
            var from = output.From == "." ? DockerfilePlan.SourceDirectory + "/" : $"{DockerfilePlan.SourceDirectory}/{output.From}{(output.IsDirectory ? "/" : "")}";
            var to = output.IsDirectory ? output.ImageDirectory.TrimEnd('/') + "/" : output.ImagePath;
            var chown = output.ImageDirectory.StartsWith("/app", StringComparison.Ordinal) ? $" --chown={plan.User}:{plan.User}" : "";
            sb.Append("COPY --from=build").Append(chown).Append(' ').Append(from).Append(' ').Append(to).Append('\n');
        }
        if (plan.Env.Count > 0)
        {
            sb.Append("ENV ").AppendJoin(' ', plan.Env.Select(e => $"{e.Key}={Quote(e.Value)}")).Append('\n');
        }
        sb.Append("USER ").Append(plan.User).Append('\n');
        sb.Append("ENTRYPOINT ").Append(ExecForm(plan.Entrypoint)).Append('\n');
        return sb.ToString();
    }

    private static void AppendSteps(StringBuilder sb, IReadOnlyList<BuildStep> steps)
    {
        foreach (var step in steps)
        {
            if (step.Env.Count > 0)
            {
                sb.Append("ENV ").AppendJoin(' ', step.Env.Select(e => $"{e.Key}={Quote(e.Value)}")).Append('\n');
            }
            sb.Append("RUN ").Append(ExecForm(step.Args)).Append('\n');
        }
    }

    /// <summary>The JSON array Docker's exec form reads (no shell between Docker and the program).</summary>
    public static string ExecForm(IEnumerable<string> args) => "[" + string.Join(", ", args.Select(StringListJson.Quote)) + "]";

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:+,@%=".Contains(c, StringComparison.Ordinal)) ? value : StringListJson.Quote(value);
}
