using System.Text;
using Distill.Oci;
using Distill.Tests.Testing;

namespace Distill.Tests.Oci;

/// <summary>Our JSON bytes must equal Go's encoding/json bytes, since digests are computed over them.</summary>
public sealed class GoJsonWriterTests
{
    private static readonly string[] Samples =
    [
        "application/vnd.oci.image.manifest.v1+json", "a<b>c&d", "quote\" backslash\\ slash/", "tab\t nl\n cr\r",
        "ctl\u0001\u001f", "unicode é 日本 🐳", "line\u2028sep\u2029", "",
    ];

    [Fact]
    public void Strings_AndSortedMaps_MatchGoEncodingJson()
    {
        var go = Tools.Require("go");
        using var dir = new TempDir();
        var program = new StringBuilder("package main\nimport (\"encoding/json\"; \"os\")\nfunc main() {\n");
        program.Append("s := []string{");
        foreach (var s in Samples)
        {
            program.Append(GoLiteral(s)).Append(',');
        }
        program.Append("}\nm := map[string]string{");
        foreach (var s in Samples)
        {
            program.Append(GoLiteral("k" + s)).Append(':').Append(GoLiteral(s)).Append(',');
        }
        program.Append("}\nb, _ := json.Marshal(struct{ S []string `json:\"s\"`; M map[string]string `json:\"m\"` }{s, m})\nos.Stdout.Write(b)\n}\n");
        File.WriteAllText(dir["main.go"], program.ToString());
        var expected = Run.Process(go, ["run", "main.go"], dir.Path, new Dictionary<string, string?>
        {
            ["GOCACHE"] = dir["gocache"], ["GO111MODULE"] = "off",
        }).AssertSuccess("go run").Stdout;

        var w = new GoJsonWriter();
        w.StartObject().Name("s").StringArray(Samples).Name("m").StringMap(Samples.Select(s => KeyValuePair.Create("k" + s, s))).EndObject();
        Assert.Equal(expected, Encoding.UTF8.GetString(w.WrittenSpan));
    }

    [Fact]
    public void BackspaceAndFormFeed_UseShortEscapes_AsGo122AndLaterWrite()
    {
        // Go 1.22 changed \u0008 and \u000c to \b and \f; the Go tools people use today write the short form.
        var w = new GoJsonWriter();
        w.String("a\bb\fc");
        Assert.Equal("\"a\\bb\\fc\"", Encoding.UTF8.GetString(w.WrittenSpan));
    }

    [Fact]
    public void Plus_IsNotEscaped()
    {
        var w = new GoJsonWriter();
        w.String(MediaTypes.OciManifest);
        Assert.Equal("\"application/vnd.oci.image.manifest.v1+json\"", Encoding.UTF8.GetString(w.WrittenSpan));
    }

    [Fact]
    public void Utf8Ordinal_SortsSupplementaryCharactersAfterHighBmp()
    {
        // UTF-16 ordinal puts U+1F433 (a surrogate pair, 0xD83D...) before U+FF01; UTF-8 (and Go) after.
        var keys = new[] { "\U0001F433", "\uFF01" }.OrderBy(k => k, Utf8Ordinal.Instance).ToArray();
        Assert.Equal(["\uFF01", "\U0001F433"], keys);
    }

    private static string GoLiteral(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            sb.Append(rune.Value < 0x80 && rune.Value >= 0x20 && rune.Value != '"' && rune.Value != '\\'
                ? ((char)rune.Value).ToString()
                : $"\\U{rune.Value:X8}");
        }
        return sb.Append('"').ToString();
    }
}
