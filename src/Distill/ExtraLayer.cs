using Distill.Layers;

namespace Distill;

/// <summary>A layer placed between the base and the app (a language runtime, a library closure), with what it holds.</summary>
public sealed record ExtraLayer(string Description, IReadOnlyList<LayerEntry> Entries);
