namespace Distill.Publish.Registry;

/// <summary>One logical registry request; the pipeline may send it several times (auth, redirects, retries).</summary>
internal sealed record RegistryRequest(HttpMethod Method, Uri Url)
{
    /// <summary>The token scopes this request needs, most important first (<c>repository:NAME:pull,push</c>).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    public IReadOnlyList<string>? Accept { get; init; }

    /// <summary>Extra request headers (e.g. <c>Range</c>, <c>Content-Range</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }

    /// <summary>Creates the body afresh for each send; the argument reports bytes sent (it resets the idle timer).</summary>
    public Func<Action<int>, HttpContent>? Content { get; init; }

    /// <summary>Whether network errors and retryable statuses are retried here (false for upload bodies, whose caller resumes).</summary>
    public bool Retry { get; init; } = true;

    /// <summary>What this is, for messages (e.g. <c>blob sha256:... of 127.0.0.1:5000/app</c>).</summary>
    public string What { get; init; } = "";

    /// <summary>The repository-scoped token scope for pulling.</summary>
    public static string Pull(string repository) => $"repository:{repository}:pull";

    /// <summary>The repository-scoped token scope for pushing (pull included, as Docker asks).</summary>
    public static string Push(string repository) => $"repository:{repository}:pull,push";
}
