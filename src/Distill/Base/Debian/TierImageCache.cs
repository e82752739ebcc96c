using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Distill.Images;
using Distill.Layers;
using Distill.Oci;

namespace Distill.Base.Debian;

/// <summary>
/// Remembers built tier images by the hash of everything that decides their bytes (lock file,
/// options, the Distill build), so <c>pack --base java17</c> reuses a tier without unpacking a
/// package. A hit is used only when every layer blob is still in the store and re-hashes to its digest.
/// </summary>
internal sealed class TierImageCache(string root, BlobStore blobs)
{
    // Bump when the same lock would give different image bytes.
    private const string FormatVersion = "distill-debian-base-1";
    private readonly string _directory = Path.Combine(root, "images");

    public static string Key(LockFile lockFile, DebianBaseOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The build of Distill itself is part of the key: a new tar or compression writer may give other bytes.
        var build = typeof(TierImageCache).Assembly.ManifestModule.ModuleVersionId;
        hash.AppendData(Encoding.UTF8.GetBytes(FormattableString.Invariant(
            $"{FormatVersion}\n{build}\n{options.NonRoot}\n{options.SourceDateEpoch}\n{options.Compression}\n")));
        hash.AppendData(lockFile.ToJson());
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public async Task<IImage?> TryGetAsync(string key, CancellationToken ct)
    {
        var path = Path.Combine(_directory, key + ".json");
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false));
            var config = ImageConfig.Parse(Convert.FromBase64String(doc.RootElement.GetProperty("config").GetString()!));
            var layers = new List<ILayer>();
            foreach (var l in doc.RootElement.GetProperty("layers").EnumerateArray())
            {
                var digest = Digest.Parse(l.GetProperty("digest").GetString());
                var size = l.GetProperty("size").GetInt64();
                if (!await blobs.VerifyAsync(digest, size, ct).ConfigureAwait(false))
                {
                    return null;
                }
                layers.Add(new FileLayer(new Descriptor(l.GetProperty("mediaType").GetString()!, digest, size),
                    Digest.Parse(l.GetProperty("diffId").GetString()), blobs.PathOf(digest)));
            }
            return config.DiffIds.SequenceEqual(layers.Select(l => l.DiffId)) ? new Image(MediaTypes.OciManifest, config, layers) : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            return null; // a damaged entry is a miss, never an error
        }
    }

    public void Put(string key, IImage image)
    {
        try
        {
            Directory.CreateDirectory(_directory);
            var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("config", Convert.ToBase64String(image.Config.ToJson()));
                w.WriteStartArray("layers");
                foreach (var l in image.Layers)
                {
                    w.WriteStartObject();
                    w.WriteString("mediaType", l.Descriptor.MediaType);
                    w.WriteString("digest", l.Descriptor.Digest.ToString());
                    w.WriteNumber("size", l.Descriptor.Size);
                    w.WriteString("diffId", l.DiffId.ToString());
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            var path = Path.Combine(_directory, key + ".json");
            var temp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
            File.WriteAllBytes(temp, buffer.ToArray());
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
            // the cache is an optimization
        }
    }
}
