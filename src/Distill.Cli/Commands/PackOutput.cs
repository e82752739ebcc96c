using System.Globalization;
using System.Text;
using Distill.Oci;

namespace Distill.Cli.Commands;

/// <summary>How a pack result is shown: a short human summary, or JSON for machines.</summary>
public static class PackOutput
{
    public static string Text(PackResult result, bool quiet)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        if (quiet)
        {
            return result.Digest + "\n";
        }
        sb.Append(CultureInfo.InvariantCulture, $"Packed {string.Join(' ', result.Entrypoint)} onto {result.Base} for {result.Platform}: {result.Layers.Count} layer(s), {Size(result.CompressedSize)} compressed\n");
        foreach (var layer in result.Layers)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  layer {layer.Digest.Short}  {Size(layer.Size),10}  {layer.Entries,6} entries  {layer.Description}\n");
        }
        foreach (var note in result.Notes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  note: {note}\n");
        }
        foreach (var output in result.Outputs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Wrote {output.Location}  {output.Digest}\n");
            if (output.PinnedReference is { } pinned)
            {
                sb.Append(CultureInfo.InvariantCulture, $"Pushed {pinned}\n");
            }
        }
        var layout = result.Outputs.FirstOrDefault(o => o.Location.StartsWith("oci:", StringComparison.Ordinal));
        if (layout is not null)
        {
            var spec = layout.Location["oci:".Length..];
            sb.Append("Run it:\n");
            sb.Append(CultureInfo.InvariantCulture, $"  podman run --rm {layout.Location}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  skopeo copy {layout.Location} docker-daemon:distill-app:latest && docker run --rm distill-app:latest\n");
            sb.Append(CultureInfo.InvariantCulture, $"  umoci unpack --image {spec} bundle && runc run -b bundle distill-app   # as root\n");
        }
        return sb.ToString();
    }

    public static string Json(PackResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var w = new GoJsonWriter();
        w.StartObject()
            .Property("digest", result.Digest.ToString())
            .Property("platform", result.Platform.ToString())
            .Property("base", result.Base)
            .Name("entrypoint").StringArray(result.Entrypoint)
            .Property("size", result.CompressedSize)
            .Name("layers").StartArray();
        foreach (var l in result.Layers)
        {
            w.StartObject().Property("digest", l.Digest.ToString()).Property("size", l.Size)
                .Property("uncompressedSize", l.UncompressedSize).Property("entries", l.Entries).Property("holds", l.Description).EndObject();
        }
        w.EndArray().Name("outputs").StartArray();
        foreach (var o in result.Outputs)
        {
            w.StartObject().Property("location", o.Location).Property("digest", o.Digest.ToString()).EndObject();
        }
        w.EndArray().Name("notes").StringArray(result.Notes).EndObject();
        return Encoding.UTF8.GetString(w.WrittenSpan);
    }

    /// <summary>Bytes in human units (1 decimal, powers of 1024).</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
