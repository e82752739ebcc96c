using System.Text;
using Distill.Base;
using Distill.Base.Closure;
using Distill.Inspect;
using Distill.Oci;

namespace Distill.Verify;

/// <summary>The checks of <see cref="ImageVerifier"/> over a flattened root: each adds findings with their reasons.</summary>
internal sealed class ImageChecks(Sysroot root, IReadOnlyDictionary<string, RootfsNode> nodes, ImageConfig config, List<Finding> findings)
{
    private void Ok(string check, string message) => findings.Add(new Finding(Severity.Ok, check, message));
    private void Warn(string check, string message) => findings.Add(new Finding(Severity.Warning, check, message));
    private void Fail(string check, string message) => findings.Add(new Finding(Severity.Failure, check, message));

    public void CheckEntrypoint()
    {
        var argv = (config.Config.Entrypoint ?? []).Concat(config.Config.Cmd ?? []).ToList();
        if (argv.Count == 0)
        {
            Fail("entrypoint", "the image has neither Entrypoint nor Cmd: there is nothing to run");
            return;
        }
        if (config.Config.Entrypoint is null && argv[0] is "/bin/sh" && argv.Count > 1 && argv[1] == "-c")
        {
            Warn("entrypoint", "the command is shell form (/bin/sh -c ...)");
        }
        var program = FindProgram(argv[0]);
        if (program is null)
        {
            return;
        }
        CheckExecutable(program, $"entrypoint {argv[0]}", depth: 0);
        CheckFileArgument(argv, program);
    }

    /// <summary>An interpreter's program file (<c>python3 /app/main.py</c>, <c>java -jar /app/app.jar</c>) must be in the image.</summary>
    private void CheckFileArgument(List<string> argv, string program)
    {
        // The interpreter by the name the entrypoint gives, else by the file it resolves to (python3 -> python3.11).
        var (interpreter, file) = new[] { Path.GetFileName(argv[0]), Path.GetFileName(program) }
            .Select(name => (name, ProgramArguments.FileArgument(name, argv[1..])))
            .FirstOrDefault(found => found.Item2 is not null);
        if (file is null)
        {
            return;
        }
        var path = file.StartsWith('/') ? file : (config.Config.WorkingDir ?? "/").TrimEnd('/') + "/" + file;
        var found = root.Resolve(path);
        var node = found is not null && nodes.TryGetValue(found, out var n) ? n : null;
        if (node?.Kind == RootfsNodeKind.File)
        {
            Ok("entrypoint", $"{argv[0]} runs {file}, which is in the image");
        }
        else if (node?.Kind == RootfsNodeKind.Directory && ProgramArguments.DirectoryEntry(interpreter)
                     .FirstOrDefault(e => root.Resolve(found + "/" + e) is { } f && nodes.TryGetValue(f, out var entry) && entry.Kind == RootfsNodeKind.File) is { } entryFile)
        {
            Ok("entrypoint", $"{argv[0]} runs the directory {file}, through its {entryFile}");
        }
        else
        {
            Fail("entrypoint", $"{argv[0]} is told to run {file}, which is not a file in the image");
        }
    }

    private string? FindProgram(string argv0)
    {
        if (argv0.Contains('/', StringComparison.Ordinal))
        {
            var path = argv0.StartsWith('/') ? argv0 : (config.Config.WorkingDir ?? "/") + "/" + argv0;
            var resolved = root.Resolve(path);
            if (resolved is null || !nodes.ContainsKey(resolved) && resolved.Length > 0)
            {
                Fail("entrypoint", $"{argv0} does not exist in the image");
                return null;
            }
            return resolved;
        }
        // Like runc: a bare name is looked up in the image's PATH.
        var pathVariable = config.Config.GetEnv("PATH") ?? Base.Essentials.DefaultPath;
        foreach (var dir in pathVariable.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var resolved = root.Resolve(dir + "/" + argv0);
            if (resolved is not null && nodes.TryGetValue(resolved, out var node) && node.Kind == RootfsNodeKind.File)
            {
                return resolved;
            }
        }
        Fail("entrypoint", $"{argv0} is not found in PATH={pathVariable}");
        return null;
    }

    private void CheckExecutable(string path, string role, int depth)
    {
        if (!nodes.TryGetValue(path, out var node) || node.Kind != RootfsNodeKind.File)
        {
            Fail("entrypoint", $"{role} resolves to /{path}, which is not a regular file");
            return;
        }
        if (((int)node.Mode & 0b001_001_001) == 0)
        {
            Fail("entrypoint", $"{role} (/{path}) is not executable (mode {Convert.ToString((int)node.Mode, 8)})");
            return;
        }
        var bytes = root.ReadFile(path, 1 << 30) ?? [];
        if (ElfReader.IsElf(bytes))
        {
            CheckElf(path, bytes, role);
        }
        else if (bytes.Length >= 2 && bytes[0] == '#' && bytes[1] == '!')
        {
            CheckScript(path, bytes, role, depth);
        }
        else
        {
            Fail("entrypoint", $"{role} (/{path}) is neither an ELF binary nor a script with #!: the kernel cannot run it");
        }
    }

    private void CheckElf(string path, byte[] bytes, string role)
    {
        ElfInfo elf;
        try
        {
            elf = ElfReader.Read(bytes, "/" + path);
        }
        catch (ElfFormatException e)
        {
            Fail("entrypoint", $"{role}: {e.Message}");
            return;
        }
        if (elf.Platform is { } platform && (platform.Architecture != config.Architecture || platform.Os != config.Os))
        {
            Fail("platform", $"{role} is a {platform} binary but the image is for {config.Os}/{config.Architecture}");
        }
        else
        {
            Ok("entrypoint", $"{role} is an executable ELF ({elf.Linkage?.ToString().ToLowerInvariant() ?? "unknown linkage"})");
        }
        var requirements = Analyze(path, bytes, root.HostPath(path));
        CheckDataFiles(requirements?.DataFiles ?? [], role);
        if (elf.Interpreter is null && elf.Needed.Count == 0)
        {
            Ok("libraries", $"{role} is static: no loader or shared libraries needed");
            return;
        }
        var dlopened = (requirements?.Dlopened ?? []).Select(n => new DlopenNeed(n, "the analysis knows it is loaded at run time")).ToList();
        var result = ClosureResolver.Resolve(new RootView(root), [new ClosureRoot(path, root.HostPath(path))], dlopened);
        var invariantEnv = config.Config.GetEnv(DotnetRuntimeConfig.InvariantVariable);
        var problems = 0;
        foreach (var missing in result.Missing)
        {
            var icu = missing.Name.StartsWith("libicu", StringComparison.Ordinal);
            if (!missing.Reason.StartsWith("dlopen", StringComparison.Ordinal))
            {
                Fail("libraries", $"{missing.Name} is missing: {missing.Reason}");
            }
            else if (icu && DotnetRuntimeConfig.InvariantByEnvironment(invariantEnv))
            {
                Ok("libraries", $"{missing.Name} is not in the image, and need not be: {DotnetRuntimeConfig.InvariantVariable}={invariantEnv} runs .NET without ICU");
                continue;
            }
            else if (icu)
            {
                // .NET checks for ICU while it starts and stops when there is none ("Couldn't find a valid ICU package").
                Fail("libraries", $"{missing.Name} is missing: {role} is .NET without InvariantGlobalization, which stops at start without ICU");
            }
            else
            {
                Warn("libraries", $"{missing.Name} is missing ({missing.Reason}): it will start, then fail when it loads it");
            }
            problems++;
        }
        if (problems == 0)
        {
            var loaded = dlopened.Count > 0 ? $" (with the {dlopened.Count} it loads with dlopen)" : "";
            Ok("libraries", $"the loader and all {result.Files.Count(f => f.Kind == Layers.LayerEntryKind.File)} libraries {role} needs{loaded} resolve inside the image");
        }
    }

    /// <summary>
    /// What the analysis says the program needs, from the bytes already read. Its directory in the flattened
    /// image is the analysis root, so a .NET apphost's runtimeconfig.json and native shims beside it count;
    /// nothing outside that directory is read.
    /// </summary>
    private static Requirements? Analyze(string path, byte[] bytes, string hostPath)
    {
        try
        {
            return ElfAnalysis.Analyze("/" + path, bytes, new ArtifactRoot(Path.GetDirectoryName(hostPath)!), new InspectOptions()).Requirements;
        }
        catch (DistillException)
        {
            return null;
        }
    }

    /// <summary>The data files the analysis says the program reads (CA roots, time zones, ...) must be in the image.</summary>
    private void CheckDataFiles(IReadOnlyList<string> needs, string role)
    {
        foreach (var need in needs)
        {
            var (file, what) = need switch
            {
                Base.DataFile.CaCertificates => (config.Config.GetEnv("SSL_CERT_FILE") ?? "/etc/ssl/certs/ca-certificates.crt", "a CA bundle (it does TLS)"),
                Base.DataFile.Tzdata => ("/usr/share/zoneinfo", "time zone data"),
                Base.DataFile.Nsswitch => ("/etc/nsswitch.conf", "nsswitch.conf (it resolves names)"),
                Base.DataFile.Passwd => ("/etc/passwd", "/etc/passwd (it looks up users)"),
                _ => (null, null),
            };
            if (file is null)
            {
                continue;
            }
            if (root.Resolve(file) is { } found && nodes.ContainsKey(found))
            {
                Ok("data files", $"{role} needs {what}: {file} is there");
            }
            else
            {
                Warn("data files", $"{role} needs {what}, but {file} is missing: it will start, then fail when it uses it");
            }
        }
    }

    private void CheckScript(string path, byte[] bytes, string role, int depth)
    {
        var end = Array.IndexOf(bytes, (byte)'\n');
        var line = Encoding.UTF8.GetString(bytes, 2, (end < 0 ? Math.Min(bytes.Length, 256) : end) - 2).Trim();
        var parts = line.Split(' ', '\t').Where(p => p.Length > 0).ToList();
        if (parts.Count == 0)
        {
            Fail("interpreter", $"{role} (/{path}) has an empty #! line");
            return;
        }
        if (depth > 4)
        {
            Fail("interpreter", $"{role}: interpreter chain is too deep");
            return;
        }
        var interpreter = parts[0];
        var resolved = root.Resolve(interpreter);
        if (resolved is null || !nodes.ContainsKey(resolved))
        {
            Fail("interpreter", $"{role} (/{path}) needs the interpreter {interpreter}, which is not in the image");
            return;
        }
        Ok("interpreter", $"{role} runs with {interpreter}");
        CheckExecutable(resolved, $"interpreter {interpreter}", depth + 1);
        if (Path.GetFileName(interpreter) == "env")
        {
            var program = parts.Skip(1).FirstOrDefault(p => !p.StartsWith('-'));
            if (program is not null && FindProgram(program) is { } found)
            {
                CheckExecutable(found, $"interpreter {program} (via env)", depth + 1);
            }
        }
    }

    public void CheckUser()
    {
        var user = config.Config.User;
        if (string.IsNullOrEmpty(user))
        {
            Warn("user", "no user is set: the container runs as root (Kubernetes runAsNonRoot will refuse it)");
            return;
        }
        var parts = user.Split(':', 2);
        if (!IsNumeric(parts[0]) && !HasAccount("etc/passwd", parts[0]))
        {
            Fail("user", $"user '{parts[0]}' is not numeric and /etc/passwd does not list it");
            return;
        }
        if (parts.Length == 2 && !IsNumeric(parts[1]) && !HasAccount("etc/group", parts[1]))
        {
            Fail("user", $"group '{parts[1]}' is not numeric and /etc/group does not list it");
            return;
        }
        if (parts[0] is "0" or "root")
        {
            Warn("user", $"runs as root ({user})");
        }
        else if (!IsNumeric(parts[0]))
        {
            Warn("user", $"user '{parts[0]}' resolves through /etc/passwd, but Kubernetes runAsNonRoot needs a numeric USER");
        }
        else
        {
            Ok("user", $"runs as {user}");
        }
    }

    public void CheckTmp()
    {
        if (root.Resolve("/tmp") is { } tmp && nodes.TryGetValue(tmp, out var node) && node.Kind == RootfsNodeKind.Directory)
        {
            Ok("tmp", "/tmp exists");
        }
        else
        {
            Warn("tmp", "/tmp is missing: programs that create temp files will fail");
        }
    }

    private static bool IsNumeric(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private bool HasAccount(string file, string name)
    {
        if (root.Resolve(file) is not { } resolved || root.ReadFile(resolved, 1 << 20) is not { } bytes)
        {
            return false;
        }
        return Encoding.UTF8.GetString(bytes).Split('\n').Any(l => l.StartsWith(name + ":", StringComparison.Ordinal));
    }
}
