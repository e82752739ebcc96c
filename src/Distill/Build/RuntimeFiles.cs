using Distill.Layers;

namespace Distill.Build;

/// <summary>A runtime layer's content: what it is (e.g. "node v20.20.2"), its version, and its entries.</summary>
public sealed record RuntimeFiles(string Description, string? Name, string? Version, IReadOnlyList<LayerEntry> Entries, IReadOnlyList<string> Notes);
