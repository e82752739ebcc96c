using Distill.Oci;

namespace Distill.Tests.Oci;

public sealed class DigestTests
{
    [Fact]
    public void Sha256_OfEmptyInput_IsTheWellKnownValue() =>
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.Sha256([]).ToString());

    [Fact]
    public void Parse_RoundTripsAValidDigest()
    {
        var text = "sha256:" + new string('a', 64);
        Assert.Equal(text, Digest.Parse(text).ToString());
        Assert.Equal(new string('a', 64), Digest.Parse(text).Hex);
    }

    [Theory]
    [InlineData("sha256:../../etc/passwd")]
    [InlineData("sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sha256:abc")]
    [InlineData("sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("sha256aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("")]
    [InlineData("sha256:gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg")]
    public void Parse_RejectsAnythingButLowercaseSha256(string text)
    {
        Assert.False(Digest.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Digest.Parse(text));
    }

    [Fact]
    public void Parse_UnknownAlgorithm_SaysUnsupported()
    {
        var e = Assert.Throws<FormatException>(() => Digest.Parse("sha512:" + new string('a', 128)));
        Assert.Contains("unsupported digest algorithm", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_IsNotValid() => Assert.False(default(Digest).IsValid);
}
