using Distill.Publish.Registry;

namespace Distill.Tests.Publish.Registry;

/// <summary>Reference parsing as Docker does it (distribution/reference ParseNormalizedNamed).</summary>
public sealed class ImageReferenceTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", "latest", null)]
    [InlineData("busybox:1.36", "docker.io", "library/busybox", "1.36", null)]
    [InlineData("library/busybox", "docker.io", "library/busybox", "latest", null)]
    [InlineData("index.docker.io/foo/bar", "docker.io", "foo/bar", "latest", null)]
    [InlineData("user/app:v1", "docker.io", "user/app", "v1", null)]
    [InlineData("localhost/app", "localhost", "app", "latest", null)]
    [InlineData("localhost:5000/a/b/c:tag", "localhost:5000", "a/b/c", "tag", null)]
    [InlineData("127.0.0.1:5000/app", "127.0.0.1:5000", "app", "latest", null)]
    [InlineData("[::1]:5000/app:1", "[::1]:5000", "app", "1", null)]
    [InlineData("[fe80::1]/team/app", "[fe80::1]", "team/app", "latest", null)]
    [InlineData("example.invalid/a.b_c__d-e--f/g", "example.invalid", "a.b_c__d-e--f/g", "latest", null)]
    [InlineData("host.invalid/app@sha256:" + Hex, "host.invalid", "app", null, "sha256:" + Hex)]
    [InlineData("host.invalid/app:1@sha256:" + Hex, "host.invalid", "app", "1", "sha256:" + Hex)]
    [InlineData("Host.invalid/app", "Host.invalid", "app", "latest", null)]
    public void Parse_NormalizesLikeDocker(string text, string registry, string repository, string? tag, string? digest)
    {
        var r = ImageReference.Parse(text);
        Assert.Equal(registry, r.Registry);
        Assert.Equal(repository, r.Repository);
        Assert.Equal(tag ?? "latest", r.Tag ?? (r.Digest is null ? "latest" : tag ?? "latest"));
        Assert.Equal(digest, r.Digest?.ToString());
        Assert.Equal(digest ?? tag ?? "latest", r.Identifier);
    }

    [Fact]
    public void DockerHub_UsesItsApiHost_AndPinningKeepsTheName()
    {
        var r = ImageReference.Parse("busybox");
        Assert.Equal("registry-1.docker.io", r.ApiHost);
        Assert.Equal("docker.io/library/busybox:latest", r.ToString());
        Assert.Equal("127.0.0.1:5000", ImageReference.Parse("127.0.0.1:5000/x").ApiHost);
    }

    [Theory]
    [InlineData("")]
    [InlineData("team/UPPER")]
    [InlineData("host.invalid/App")]
    [InlineData("host.invalid/app:")]
    [InlineData("host.invalid/app:-bad")]
    [InlineData("host.invalid/app@sha256:ABC")]
    [InlineData("host.invalid/app@sha512:" + Hex)]
    [InlineData("host.invalid/app@sha256:../../etc/passwd")]
    [InlineData("host.invalid//app")]
    [InlineData("host.invalid/-app")]
    [InlineData("host.invalid/app_")]
    [InlineData("host.invalid/a...b")]
    [InlineData("host.invalid:99999/app")]
    [InlineData("host.invalid:/app")]
    [InlineData("[::1/app")]
    [InlineData("[zz::1]:5000/app")]
    [InlineData("-host.invalid/app")]
    public void Parse_RejectsMalformedReferences(string text)
    {
        var error = Assert.Throws<DistillException>(() => ImageReference.Parse(text));
        Assert.Equal(ErrorCode.BadTransport, error.Code);
        Assert.True(error.IsUsageError);
    }

    [Fact]
    public void Parse_RejectsOverlongNames()
    {
        var name = "host.invalid/" + string.Join('/', Enumerable.Repeat("abcdefghij", 30));
        Assert.Throws<DistillException>(() => ImageReference.Parse(name));
    }
}
