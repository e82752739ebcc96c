using System.Text;
using System.Text.Json;

namespace Distill.Base.Debian;

/// <summary>
/// <c>distill.lock.json</c>: exactly which package files a base was built from, so
/// <c>--lock FILE</c> rebuilds the same bytes offline from the cache (each file verified by SHA256).
/// Written with sorted packages and fixed member order so it diffs well in reviews.
/// </summary>
public sealed record LockFile(string Tier, string Architecture, IReadOnlyList<LockedPackage> Packages, IReadOnlyList<string> Added)
{
    public const int FormatVersion = 1;
    public const string DefaultName = "distill.lock.json";

    /// <summary>The lock for a resolution.</summary>
    public static LockFile From(string tier, string architecture, Resolution resolution, IReadOnlyList<string> added) => new(
        tier, architecture,
        [.. resolution.Packages.Select(p => new LockedPackage(p.Record.Name, p.Record.Version.ToString(), p.Record.Architecture, p.Record.Sha256, p.Record.Size, p.Record.Filename, p.Record.Url))
            .OrderBy(p => p.Name, StringComparer.Ordinal)],
        [.. added.Order(StringComparer.Ordinal)]);

    /// <summary>The UTF-8 JSON text (2-space indented, trailing newline).</summary>
    public byte[] ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("lockVersion", FormatVersion);
            w.WriteString("tier", Tier);
            w.WriteString("architecture", Architecture);
            w.WriteStartArray("added");
            foreach (var a in Added)
            {
                w.WriteStringValue(a);
            }
            w.WriteEndArray();
            w.WriteStartArray("packages");
            foreach (var p in Packages)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                w.WriteString("version", p.Version);
                w.WriteString("architecture", p.Architecture);
                w.WriteString("sha256", p.Sha256);
                w.WriteNumber("size", p.Size);
                w.WriteString("filename", p.Filename);
                w.WriteString("url", p.Url);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads a lock file.</summary>
    /// <exception cref="DistillException">The file is missing or malformed.</exception>
    public static LockFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DistillException(ErrorCode.InputNotFound, $"cannot read lock file '{path}': {e.Message}", e);
        }
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false });
            var root = doc.RootElement;
            if (root.GetProperty("lockVersion").GetInt32() != FormatVersion)
            {
                throw new FormatException($"lockVersion is not {FormatVersion}");
            }
            var packages = root.GetProperty("packages").EnumerateArray().Select(p => new LockedPackage(
                Str(p, "name"), Str(p, "version"), Str(p, "architecture"), Str(p, "sha256"), p.GetProperty("size").GetInt64(), Str(p, "filename"), Str(p, "url"))).ToList();
            foreach (var p in packages)
            {
                if (p.Sha256.Length != 64 || !p.Sha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
                {
                    throw new FormatException($"package '{p.Name}' has a malformed sha256");
                }
                if (!DependencyGroup.IsPackageName(p.Name) || !DebVersion.TryParse(p.Version, out _))
                {
                    throw new FormatException($"package '{p.Name}' has a malformed name or version");
                }
            }
            var added = root.TryGetProperty("added", out var a) ? a.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [];
            return new LockFile(Str(root, "tier"), Str(root, "architecture"), packages, added);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new DistillException(ErrorCode.Debian, $"lock file '{path}' is malformed: {e.Message}", e);
        }

        static string Str(JsonElement e, string name) =>
            e.GetProperty(name).GetString() is { Length: > 0 } s ? s : throw new FormatException($"'{name}' is empty");
    }

    /// <summary>Writes the lock file atomically (temp + rename).</summary>
    public void Write(string path)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllBytes(temp, ToJson());
        File.Move(temp, full, overwrite: true);
    }

    public override string ToString() => Encoding.UTF8.GetString(ToJson());
}
