using System.Diagnostics;
using System.Text;

namespace Distill.Build;

/// <summary>Runs real toolchains: no shell, PATH lookup, output captured (and echoed to <c>log</c> when asked).</summary>
public sealed class ProcessRunner : IProcessRunner
{
    private readonly TextWriter? _log;

    /// <param name="log">Where streamed output goes (the CLI passes stderr), or null to stay quiet.</param>
    public ProcessRunner(TextWriter? log = null) => _log = log;

    public string? FindTool(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? name : null;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var psi = new ProcessStartInfo(spec.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory,
        };
        foreach (var a in spec.Args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in spec.Env)
        {
            psi.Environment[k] = v;
        }
        using var process = new Process { StartInfo = psi };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Collect(stdout, e.Data, spec.Stream);
        process.ErrorDataReceived += (_, e) => Collect(stderr, e.Data, spec.Stream);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DistillException(ErrorCode.ToolchainMissing, $"cannot start '{spec.Program}': {e.Message}", e);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        process.WaitForExit();
        lock (stdout)
        {
            lock (stderr)
            {
                return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }

    private void Collect(StringBuilder sink, string? line, bool stream)
    {
        if (line is null)
        {
            return;
        }
        lock (sink)
        {
            sink.Append(line).Append('\n');
        }
        if (stream && _log is not null)
        {
            lock (_log)
            {
                _log.WriteLine("  | " + line);
            }
        }
    }
}
