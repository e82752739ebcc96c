using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using SharpCompress.Compressors.Xz;
using ZstdSharp;

namespace Distill.Base.Debian;

/// <summary>
/// Reads <c>.deb</c> files: the <c>ar</c> container, <c>control.tar</c> and <c>data.tar</c> compressed
/// with gzip, xz, zstd or not at all, in any tar flavour System.Formats.Tar reads (ustar, GNU long
/// names, PAX). Applies the hostile-archive rules of RELIABILITY §B2 while reading, never extracts
/// to a path taken from the archive, and stores file bodies in a <see cref="DebContentStore"/>.
/// </summary>
public static class DebArchive
{
    /// <summary>Reads a package file completely.</summary>
    /// <exception cref="DistillException">The file is not a valid package or breaks a rule or limit.</exception>
    public static async Task<DebPackageContents> ReadAsync(string debPath, DebContentStore store, DebLimits? limits, CancellationToken cancellationToken)
    {
        limits ??= DebLimits.Default;
        var what = Path.GetFileName(debPath);
        await using var file = new FileStream(debPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var (control, data) = OpenContainer(file, what);
        var (stanza, controlText, md5sums) = await ReadControlFilesAsync(file, control, limits, what, cancellationToken).ConfigureAwait(false);
        var entries = await ReadDataAsync(file, data, store, limits, what, cancellationToken).ConfigureAwait(false);
        return new DebPackageContents(stanza, controlText, md5sums, entries);
    }

    /// <summary>Reads only the control paragraph of a package file.</summary>
    /// <exception cref="DistillException">The file is not a valid package.</exception>
    public static async Task<Deb822Stanza> ReadControlAsync(string debPath, CancellationToken cancellationToken)
    {
        var what = Path.GetFileName(debPath);
        await using var file = new FileStream(debPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var (control, _) = OpenContainer(file, what);
        return (await ReadControlFilesAsync(file, control, DebLimits.Default, what, cancellationToken).ConfigureAwait(false)).Control;
    }

    private static (ArMember Control, ArMember Data) OpenContainer(FileStream file, string what)
    {
        try
        {
            return FindMembers(ArReader.ReadMembers(file), file, what);
        }
        catch (FormatException e)
        {
            throw new DistillException(ErrorCode.Debian, $"{what} is not a Debian package: {e.Message}", e);
        }
    }

    private static async Task<(Deb822Stanza Control, string ControlText, string? Md5sums)> ReadControlFilesAsync(
        FileStream file, ArMember member, DebLimits limits, string what, CancellationToken ct)
    {
        var controlFiles = await ReadControlAsync(file, member, limits, what, ct).ConfigureAwait(false);
        if (!controlFiles.TryGetValue("control", out var controlText))
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: control.tar has no 'control' file");
        }
        try
        {
            var stanza = Deb822.Parse(controlText, $"{what} control").FirstOrDefault()
                ?? throw new FormatException("empty control file");
            stanza.Required("Package", "the control file");
            stanza.Required("Version", "the control file");
            controlFiles.TryGetValue("md5sums", out var md5sums);
            return (stanza, controlText, md5sums);
        }
        catch (FormatException e)
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: malformed control file: {e.Message}", e);
        }
    }

    private static (ArMember Control, ArMember Data) FindMembers(List<ArMember> members, FileStream file, string what)
    {
        if (members.Count == 0 || members[0].Name != "debian-binary")
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: the first ar member is not 'debian-binary'");
        }
        var versionBytes = new byte[Math.Min(members[0].Size, 16)];
        file.Position = members[0].Offset;
        file.ReadExactly(versionBytes);
        var format = Encoding.ASCII.GetString(versionBytes).Trim();
        if (!format.StartsWith("2.", StringComparison.Ordinal))
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: unsupported package format '{format}' (expected 2.x)");
        }
        ArMember? control = null, data = null;
        foreach (var m in members.Skip(1))
        {
            if (m.Name.StartsWith("control.tar", StringComparison.Ordinal))
            {
                control = control is null ? m : throw new DistillException(ErrorCode.Debian, $"{what}: two control.tar members");
            }
            else if (m.Name.StartsWith("data.tar", StringComparison.Ordinal))
            {
                data = data is null ? m : throw new DistillException(ErrorCode.Debian, $"{what}: two data.tar members");
            }
            else if (!m.Name.StartsWith('_'))
            {
                throw new DistillException(ErrorCode.Debian, $"{what}: unexpected ar member '{m.Name}'");
            }
        }
        if (control is null || data is null || control.Offset > data.Offset)
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: expected control.tar then data.tar members");
        }
        return (control, data);
    }

    /// <summary>Opens an ar member decompressed according to its name, capped at <paramref name="limit"/> bytes.</summary>
    private static BoundedStream OpenMember(FileStream file, ArMember member, long limit, string what)
    {
        file.Position = member.Offset;
        var raw = new BoundedStream(file, member.Size, long.MaxValue, what, leaveOpen: true);
        var suffix = member.Name[(member.Name.IndexOf(".tar", StringComparison.Ordinal) + 4)..];
        Stream decompressed = suffix switch
        {
            "" => raw,
            ".gz" => new GZipStream(raw, CompressionMode.Decompress),
            ".xz" => new XZStream(raw),
            ".zst" => new DecompressionStream(raw),
            _ => throw new DistillException(ErrorCode.UnsupportedInput, $"{what}: member '{member.Name}' uses an unsupported compression (gz, xz, zst or none are read)"),
        };
        return new BoundedStream(decompressed, null, limit, $"{what} {member.Name} (uncompressed)");
    }

    private static async Task<Dictionary<string, string>> ReadControlAsync(FileStream file, ArMember member, DebLimits limits, string what, CancellationToken ct)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var stream = OpenMember(file, member, limits.MaxControlBytes, what);
        try
        {
            await using var tar = new TarReader(stream);
            var count = 0;
            while (await tar.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false) is { } entry)
            {
                if (++count > 1000)
                {
                    throw new DistillException(ErrorCode.LimitExceeded, $"{what}: control.tar has more than 1000 entries");
                }
                var name = DebPath.Normalize(entry.Name, limits, what);
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && name is "control" or "md5sums" && entry.DataStream is { } body)
                {
                    using var reader = new StreamReader(body, Encoding.UTF8);
                    files[name] = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is not DistillException and not OperationCanceledException)
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: corrupt {member.Name}: {e.Message}", e);
        }
        return files;
    }

    private static async Task<List<DebEntry>> ReadDataAsync(FileStream file, ArMember member, DebContentStore store, DebLimits limits, string what, CancellationToken ct)
    {
        var checker = new DebEntryChecker(limits, what);
        await using var stream = OpenMember(file, member, limits.MaxDataBytes, what);
        try
        {
            await using var tar = new TarReader(stream);
            while (await tar.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false) is { } entry)
            {
                var accepted = checker.Check(entry);
                if (accepted is null)
                {
                    continue;
                }
                if (accepted.Type == DebEntryType.File)
                {
                    DebContent content = entry.DataStream is { } body
                        ? await store.AddAsync(body, ct).ConfigureAwait(false)
                        : await store.AddAsync(ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
                    if (content.Size != entry.Length)
                    {
                        throw new DistillException(ErrorCode.Debian, $"{what}: '{accepted.Path}' is truncated");
                    }
                    accepted = accepted with { Content = content, Size = content.Size };
                }
                checker.Add(accepted);
            }
            // Drain to the end so trailing garbage inside the compressed stream is still decoded and checked.
            await stream.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not DistillException and not OperationCanceledException)
        {
            throw new DistillException(ErrorCode.Debian, $"{what}: corrupt {member.Name}: {e.Message}", e);
        }
        return checker.Entries;
    }
}
