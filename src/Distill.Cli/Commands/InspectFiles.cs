using System.Globalization;
using System.Text;
using Distill.Oci;
using Distill.Verify;

namespace Distill.Cli.Commands;

/// <summary>How <c>distill inspect --files</c> shows an image's files: an ls-like listing, or JSON lines.</summary>
public static class InspectFiles
{
    public static string Text(IReadOnlyList<ImageFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var sb = new StringBuilder("\nFiles:\n");
        foreach (var f in files)
        {
            var type = f.Kind switch { RootfsNodeKind.Directory => 'd', RootfsNodeKind.Symlink => 'l', RootfsNodeKind.Other => '?', _ => '-' };
            sb.Append(CultureInfo.InvariantCulture, $"  {type}{Convert.ToString((int)f.Mode, 8).PadLeft(4, '0')} {f.Uid,5}:{f.Gid,-5} {PackOutput.Size(f.Size),10}  {f.Path}");
            if (f.LinkTarget is not null)
            {
                sb.Append(" -> ").Append(f.LinkTarget);
            }
            if (f.Elf is { } elf)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  [ELF {elf.Platform?.ToString() ?? "?"} {elf.Linkage?.ToString().ToLowerInvariant() ?? "?"}");
                if (elf.Interpreter is not null)
                {
                    sb.Append(", loader ").Append(elf.Interpreter);
                }
                if (elf.Needed.Count > 0)
                {
                    sb.Append(", needs ").AppendJoin(' ', elf.Needed);
                }
                sb.Append(']');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static string Json(IReadOnlyList<ImageFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var w = new GoJsonWriter();
        w.StartObject().Name("files").StartArray();
        foreach (var f in files)
        {
            w.StartObject().Property("path", f.Path).Property("type", f.Kind.ToString().ToLowerInvariant())
                .Property("mode", Convert.ToString((int)f.Mode, 8)).Property("uid", f.Uid).Property("gid", f.Gid).Property("size", f.Size);
            w.OptionalProperty("linkTarget", f.LinkTarget);
            if (f.Elf is { } elf)
            {
                w.Name("elf").StartObject().OptionalProperty("platform", elf.Platform?.ToString())
                    .OptionalProperty("linkage", elf.Linkage?.ToString().ToLowerInvariant()).OptionalProperty("interpreter", elf.Interpreter)
                    .Name("needed").StringArray(elf.Needed).EndObject();
            }
            w.EndObject();
        }
        return Encoding.UTF8.GetString(w.EndArray().EndObject().WrittenSpan);
    }
}
