namespace Distill.Build;

/// <summary>A finished build: the recipe, the build directory (a copy of the project), and the host paths of its outputs (in recipe order).</summary>
public sealed record BuildResult(BuildRecipe Recipe, string BuildDirectory, IReadOnlyList<string> Outputs);
