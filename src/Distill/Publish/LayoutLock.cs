namespace Distill.Publish;

/// <summary>
/// An exclusive advisory lock on a layout directory (a lock file; .NET takes flock for
/// FileShare.None), so two writers never interleave their index.json updates (RELIABILITY B5-08).
/// </summary>
internal sealed class LayoutLock : IAsyncDisposable
{
    internal const string FileName = ".distill.lock";
    private readonly FileStream _stream;

    private LayoutLock(FileStream stream) => _stream = stream;

    public static async Task<LayoutLock> AcquireAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new LayoutLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline && File.Exists(path))
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
