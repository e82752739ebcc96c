using System.Globalization;
using System.Text;
using Distill.Images;
using Distill.Oci;
using Distill.Publish;

namespace Distill.Cli.Commands;

/// <summary>How <c>distill inspect</c> shows an artifact: a readable summary, or JSON for machines.</summary>
public static class InspectOutput
{
    /// <summary>What pulling the image transfers: manifest, config and every layer.</summary>
    public static long TotalSize(ImageArtifact image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Manifest.Size + image.Config.Size + image.Layers.Sum(l => l.Descriptor.Size);
    }

    public static string Text(ImageLocation location, Artifact artifact)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(artifact);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{location.Text}\n");
        if (artifact is IndexArtifact index)
        {
            var total = index.Index.Size + index.Children.Sum(TotalSize);
            sb.Append(CultureInfo.InvariantCulture, $"Index   {index.Index.Digest}  {index.Index.MediaType}\n");
            sb.Append(CultureInfo.InvariantCulture, $"Platforms ({index.Children.Count}), total {PackOutput.Size(total)}:\n");
            foreach (var child in index.Children)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {child.Platform,-16} {child.Manifest.Digest}  {child.Layers.Count} layer(s)  {PackOutput.Size(TotalSize(child))}\n");
            }
            foreach (var child in index.Children)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n[{child.Platform}]\n");
                AppendImage(sb, child);
            }
            return sb.ToString();
        }
        AppendImage(sb, (ImageArtifact)artifact);
        return sb.ToString();
    }

    private static void AppendImage(StringBuilder sb, ImageArtifact image)
    {
        var config = ImageConfig.Parse(image.ConfigJson);
        var c = config.Config;
        sb.Append(CultureInfo.InvariantCulture, $"Manifest   {image.Manifest.Digest}  {image.Manifest.MediaType}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Config     {image.Config.Digest}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Platform   {config.Platform}\n");
        Line(sb, "Created", config.Created);
        Line(sb, "Entrypoint", c.Entrypoint is null ? null : Exec(c.Entrypoint));
        Line(sb, "Cmd", c.Cmd is null ? null : Exec(c.Cmd));
        Line(sb, "User", c.User);
        Line(sb, "WorkingDir", c.WorkingDir);
        foreach (var env in c.Env ?? [])
        {
            Line(sb, "Env", env);
        }
        foreach (var port in c.ExposedPorts ?? [])
        {
            Line(sb, "Port", port);
        }
        foreach (var (k, v) in c.Labels ?? new Dictionary<string, string>())
        {
            Line(sb, "Label", $"{k}={v}");
        }
        sb.Append(CultureInfo.InvariantCulture, $"Layers ({image.Layers.Count}):\n");
        foreach (var layer in image.Layers)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {layer.Descriptor.Digest}  {PackOutput.Size(layer.Descriptor.Size),10}  {layer.Descriptor.MediaType}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"Total size {PackOutput.Size(TotalSize(image))} (manifest, config and compressed layers)\n");
    }

    private static void Line(StringBuilder sb, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{name,-10} {value}\n");
        }
    }

    private static string Exec(IEnumerable<string> args) => "[" + string.Join(", ", args.Select(a => $"\"{a}\"")) + "]";

    public static string Json(ImageLocation location, Artifact artifact)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(artifact);
        var w = new GoJsonWriter();
        w.StartObject().Property("location", location.Text).Property("digest", artifact.Root.Digest.ToString())
            .Property("mediaType", artifact.Root.MediaType);
        if (artifact is IndexArtifact index)
        {
            w.Property("totalSize", index.Index.Size + index.Children.Sum(TotalSize));
            w.Name("manifests").StartArray();
            foreach (var child in index.Children)
            {
                WriteImage(w, child);
            }
            w.EndArray();
        }
        else
        {
            var image = (ImageArtifact)artifact;
            w.Property("totalSize", TotalSize(image));
            w.Name("image");
            WriteImage(w, image);
        }
        return Encoding.UTF8.GetString(w.EndObject().WrittenSpan);
    }

    private static void WriteImage(GoJsonWriter w, ImageArtifact image)
    {
        w.StartObject().Property("digest", image.Manifest.Digest.ToString()).Property("mediaType", image.Manifest.MediaType)
            .Property("platform", image.Platform.ToString()).Property("totalSize", TotalSize(image));
        w.Name("configDescriptor").StartObject().Property("digest", image.Config.Digest.ToString()).Property("size", image.Config.Size).EndObject();
        w.Name("config").RawJson(Encoding.UTF8.GetString(image.ConfigJson.Span));
        w.Name("layers").StartArray();
        foreach (var layer in image.Layers)
        {
            w.StartObject().Property("digest", layer.Descriptor.Digest.ToString()).Property("size", layer.Descriptor.Size)
                .Property("mediaType", layer.Descriptor.MediaType).Property("diffId", layer.DiffId.ToString()).EndObject();
        }
        w.EndArray().EndObject();
    }
}
