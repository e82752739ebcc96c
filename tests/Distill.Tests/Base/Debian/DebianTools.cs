using Xunit;
using System.Diagnostics;

namespace Distill.Tests.Base.Debian;

/// <summary>Test helpers: required host tools (skip locally, fail under CI=true) and running them.</summary>
internal static class DebianTools
{
    /// <summary>Skips the test when <paramref name="tool"/> is not on PATH, or fails it when CI=true.</summary>
    public static string Require(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var message = $"'{tool}' is not installed";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(message);
        }
        Assert.Skip(message);
        return tool;
    }

    /// <summary>Runs a tool and returns its exit code, stdout and stderr.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(string exe, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs a tool and fails the test when it exits non-zero.</summary>
    public static string RunOk(string exe, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? env = null)
    {
        var argList = args.ToList();
        var (exit, stdout, stderr) = Run(exe, argList, workingDirectory, env);
        Assert.True(exit == 0, $"{exe} {string.Join(' ', argList)} exited {exit}: {stderr}");
        return stdout;
    }

    /// <summary>A fresh temp directory removed by the returned handle.</summary>
    public static TempDir TempDir() => new();
}

/// <summary>A temp directory deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "distill-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
