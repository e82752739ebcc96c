using Distill.Detect;

namespace Distill.Build;

/// <summary>
/// Plans the build of one language's projects: a pure function from the project, the user's
/// settings and the host's tools to a <see cref="BuildRecipe"/>. Running it is <see cref="AppBuild"/>'s job.
/// </summary>
public interface IAppBuilder
{
    /// <summary>The languages this builder handles.</summary>
    IReadOnlyList<Language> Languages { get; }

    /// <summary>The recipe names <c>--recipe</c> accepts, the default first.</summary>
    IReadOnlyList<string> Recipes { get; }

    /// <summary>The recipe for <paramref name="project"/>; <paramref name="tools"/> says which programs the host has.</summary>
    /// <exception cref="DistillException">An unknown <c>--recipe</c>, or a project the builder cannot plan.</exception>
    BuildRecipe Plan(ProjectInfo project, BuildSettings settings, IProcessRunner tools);
}
