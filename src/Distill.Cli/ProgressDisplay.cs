using System.Globalization;
using System.Text;
using Distill.Oci;
using Distill.Publish.Registry;

namespace Distill.Cli;

/// <summary>
/// One progress bar per blob on a terminal (stderr), redrawn in place at most ten times a second.
/// Not used when stderr is not a terminal or with <c>--quiet</c>, so logs and pipes stay clean.
/// </summary>
public sealed class ProgressDisplay(TextWriter output) : IProgress<BlobProgress>, IDisposable
{
    private const int BarWidth = 24;
    private readonly Dictionary<Digest, BlobProgress> _blobs = [];
    private readonly List<Digest> _order = [];
    private readonly object _lock = new();
    private long _lastDraw;
    private int _lines;

    /// <summary>A display on stderr when it is a terminal and the user did not ask for quiet; else null.</summary>
    public static ProgressDisplay? ForConsole(bool quiet) =>
        quiet || Console.IsErrorRedirected ? null : new ProgressDisplay(Console.Error);

    public void Report(BlobProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            if (!_blobs.ContainsKey(value.Digest))
            {
                _order.Add(value.Digest);
            }
            _blobs[value.Digest] = value;
            var now = Environment.TickCount64;
            if (now - _lastDraw >= 100 || value.Done >= value.Total)
            {
                _lastDraw = now;
                Draw();
            }
        }
    }

    private void Draw()
    {
        var sb = new StringBuilder();
        if (_lines > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\u001b[{_lines}A");
        }
        foreach (var digest in _order)
        {
            var p = _blobs[digest];
            var fraction = p.Total <= 0 ? 1 : Math.Clamp((double)p.Done / p.Total, 0, 1);
            var filled = (int)Math.Round(fraction * BarWidth);
            var state = p.Skipped ? "exists" : p.Done >= p.Total ? "done" : $"{fraction,4:P0}";
            sb.Append(CultureInfo.InvariantCulture,
                $"\r\u001b[2K{digest.Short} [{new string('=', filled)}{new string(' ', BarWidth - filled)}] {Commands.PackOutput.Size(p.Done),9} / {Commands.PackOutput.Size(p.Total),-9} {state}\n");
        }
        _lines = _order.Count;
        output.Write(sb.ToString());
        output.Flush();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_order.Count > 0)
            {
                Draw();
            }
        }
    }
}
