using Distill.Detect;

namespace Distill.Build;

/// <summary>What <c>distill build</c> did: the project it saw, the recipe it ran, the runtime it took, and the packed image.</summary>
public sealed record BuildOutcome(ProjectInfo Project, BuildRecipe Recipe, RuntimeFiles? Runtime, PackResult Pack, string? BuildDirectory);
