using Distill.Images;
using Distill.Layers;
using Distill.Oci;
using Distill.Publish;

namespace Distill.Tests.Testing;

/// <summary>Edits of an OCI layout the way another tool would make them: a layer appended on top of a tagged image.</summary>
internal static class LayoutEdits
{
    /// <summary>Writes <paramref name="fromTag"/> plus a layer from <paramref name="plan"/> as <paramref name="toTag"/>.</summary>
    public static async Task AppendLayerAsync(string layout, string fromTag, string toTag, LayerPlan plan, string cache)
    {
        var image = (ImageArtifact)await new OciLayoutSource(ImageLocation.Parse($"oci:{layout}:{fromTag}")).ReadAsync(CancellationToken.None);
        IImage current = new Image(image.Manifest.MediaType, ImageConfig.Parse(image.ConfigJson), image.Layers);
        var layer = await LayerWriter.WriteAsync(plan, new LayerOptions(), new BlobStore(cache), CancellationToken.None);
        var updated = ImageSerializer.Serialize(ImageAssembler.Append(current, layer, new HistoryEntry { CreatedBy = "test layer" }));
        await new OciLayoutSink(ImageLocation.Parse($"oci:{layout}:{toTag}")).WriteAsync(updated, CancellationToken.None);
    }

    /// <summary>A layer of whiteouts that deletes each of <paramref name="imagePaths"/> (relative, no leading slash).</summary>
    public static LayerPlan Whiteouts(IEnumerable<string> imagePaths)
    {
        var plan = new LayerPlan();
        foreach (var path in imagePaths)
        {
            var slash = path.LastIndexOf('/');
            plan.Add(LayerEntry.FromBytes($"{path[..(slash + 1)]}.wh.{path[(slash + 1)..]}", Array.Empty<byte>()));
        }
        return plan;
    }
}
