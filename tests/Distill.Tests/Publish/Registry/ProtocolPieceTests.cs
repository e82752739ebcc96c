using System.Globalization;
using Distill.Publish.Registry;

namespace Distill.Tests.Publish.Registry;

/// <summary>The small parsers of the registry protocol: challenges, Retry-After, redaction, endpoint policy.</summary>
public sealed class ProtocolPieceTests
{
    [Fact]
    public void Challenge_ParsesBearerParameters_QuotedAndEscaped()
    {
        var c = AuthChallenge.Select(["Bearer realm=\"https://auth.invalid/token\",service=\"reg\",scope=\"repository:a:pull repository:b:pull,push\",error=\"insufficient_scope\""]);
        Assert.NotNull(c);
        Assert.True(c.IsBearer);
        Assert.Equal("https://auth.invalid/token", c.Realm);
        Assert.Equal("reg", c.Service);
        Assert.Equal(["repository:a:pull", "repository:b:pull,push"], c.Scopes);
        Assert.Equal("insufficient_scope", c.Error);
        Assert.Equal("a\"b", AuthChallenge.ParseAll("Basic realm=\"a\\\"b\"")[0].Realm);
    }

    [Fact]
    public void Challenge_PrefersBearer_AcrossSeveralChallenges_AndSurvivesGarbage()
    {
        var c = AuthChallenge.Select(["Basic realm=\"x\", Bearer realm=\"https://a.invalid/t\",service=\"s\""]);
        Assert.True(c!.IsBearer);
        Assert.Equal("s", c.Service);
        Assert.Null(AuthChallenge.Select(["Negotiate"]) is { IsBasic: true } or { IsBearer: true } ? "x" : null);
        Assert.Empty(AuthChallenge.ParseAll(new string('a', 10_000)));
        _ = AuthChallenge.ParseAll("Bearer realm=\"unterminated");
        _ = AuthChallenge.ParseAll("=,=,,\"\"");
    }

    [Fact]
    public void RetryAfter_ReadsSecondsHttpDatesAndUnixTimes()
    {
        var policy = new RetryPolicy();
        Assert.Equal(TimeSpan.FromSeconds(5), policy.ParseRetryAfter("5"));
        var date = policy.ParseRetryAfter(DateTimeOffset.UtcNow.AddSeconds(30).ToString("r", CultureInfo.InvariantCulture));
        Assert.InRange(date!.Value.TotalSeconds, 25, 31);
        var unix = policy.ParseRetryAfter(DateTimeOffset.UtcNow.AddSeconds(20).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        Assert.InRange(unix!.Value.TotalSeconds, 15, 21);
        Assert.Equal(TimeSpan.Zero, policy.ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        Assert.Null(policy.ParseRetryAfter("soon"));
        Assert.Null(policy.ParseRetryAfter(null));
    }

    [Fact]
    public void Backoff_GrowsAndStaysWithinItsJitter()
    {
        var policy = new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(1), Factor = 3, Jitter = 0.1 };
        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(policy.Backoff(1).TotalSeconds, 0.9, 1.1);
            Assert.InRange(policy.Backoff(3).TotalSeconds, 8.1, 9.9);
        }
    }

    [Theory]
    [InlineData("https://u:p@cdn.invalid/x?X-Amz-Signature=abc&digest=sha256:1&scope=repo", "https://cdn.invalid/x?X-Amz-Signature=REDACTED&digest=sha256:1&scope=repo")]
    [InlineData("https://r.invalid/v2/a/blobs/uploads/1?_state=xyz", "https://r.invalid/v2/a/blobs/uploads/1?_state=REDACTED")]
    [InlineData("http://[::1]:5000/v2/", "http://[::1]:5000/v2/")]
    public void Redact_Url_DropsUserinfoAndSecretQueryValues(string url, string expected) =>
        Assert.Equal(expected, Redact.Url(new Uri(url)));

    [Fact]
    public void Redact_Text_CleansMessages()
    {
        var text = Redact.Text("GET https://cdn.invalid/b?sig=S1 failed; Authorization: Bearer eyJabc.def; {\"token\":\"T2\",\"password\":\"P3\"} access_token=T4");
        foreach (var secret in new[] { "S1", "eyJabc", "T2", "P3", "T4" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        Assert.Contains("cdn.invalid", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://r.invalid/", "https://auth.invalid/token", true)]
    [InlineData("https://r.invalid/", "http://auth.invalid/token", false)]
    [InlineData("https://r.invalid/", "https://169.254.169.254/", false)]
    [InlineData("https://r.invalid/", "https://127.0.0.1/", false)]
    [InlineData("https://r.invalid/", "https://[fd00::1]/", false)]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:6000/token", true)]
    [InlineData("https://127.0.0.1:5000/", "http://127.0.0.1:5000/token", false)]
    [InlineData("https://r.invalid/", "ftp://r.invalid/", false)]
    public void EndpointPolicy_AllowsOnlySafeTargets(string registry, string target, bool allowed)
    {
        var check = () => EndpointPolicy.CheckTarget(new Uri(registry), new Uri(target), "test target");
        if (allowed)
        {
            check();
        }
        else
        {
            Assert.Throws<DistillException>(check);
        }
    }
}
