using System.Diagnostics;

namespace Distill.Tests.Testing;

/// <summary>The outcome of a child process.</summary>
public sealed record ProcessOutcome(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    /// <summary>Asserts exit code 0, showing the output otherwise.</summary>
    public ProcessOutcome AssertSuccess(string what)
    {
        Assert.True(ExitCode == 0, $"{what} exited with {ExitCode}:\n{Stdout}\n{Stderr}");
        return this;
    }
}

/// <summary>Runs real programs (compilers, skopeo, umoci, runc, the distill CLI) for the tests.</summary>
public static class Run
{
    /// <summary>Runs a program with arguments (no shell) and waits, with a timeout.</summary>
    public static ProcessOutcome Process(string program, IEnumerable<string> args, string? workingDirectory = null,
        IDictionary<string, string?>? env = null, TimeSpan? timeout = null, string? stdin = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            if (v is null)
            {
                psi.Environment.Remove(k);
            }
            else
            {
                psi.Environment[k] = v;
            }
        }
        using var p = System.Diagnostics.Process.Start(psi)!;
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} timed out");
        }
        p.WaitForExit();
        return new ProcessOutcome(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the distill CLI as a separate process (its own environment, stdout and exit code).</summary>
    public static ProcessOutcome Distill(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string?>? env = null, string? cache = null)
    {
        var environment = new Dictionary<string, string?>(env ?? new Dictionary<string, string?>())
        {
            ["DISTILL_CACHE"] = cache ?? SharedCache,
        };
        if (!environment.ContainsKey("SOURCE_DATE_EPOCH"))
        {
            environment["SOURCE_DATE_EPOCH"] = null;
        }
        return Process("dotnet", [DistillDll, .. args], workingDirectory, environment);
    }

    /// <summary>The CLI assembly, copied next to the tests by the project reference.</summary>
    public static string DistillDll => System.IO.Path.Combine(AppContext.BaseDirectory, "distill.dll");

    /// <summary>A cache shared by the tests of one run (layers are content-addressed, so sharing is safe).</summary>
    public static string SharedCache { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"distill-test-cache-{Environment.ProcessId}");
}
