namespace Distill.Build;

/// <summary>Ruby and PHP: the host's interpreter at the path the official image uses, its library trees and ini files at their host paths.</summary>
internal static class InterpreterRuntime
{
    private const string RubyScript = """
require "rbconfig"
puts File.realpath(RbConfig.ruby), RUBY_VERSION
($LOAD_PATH + [RbConfig::CONFIG["rubylibdir"], RbConfig::CONFIG["rubyarchdir"], Gem.default_dir]).uniq.each { |d| puts d if File.directory?(d) }
""";

    private const string PhpScript = """
echo realpath(PHP_BINARY), "\n", PHP_VERSION, "\n", ini_get("extension_dir"), "\n", (string)php_ini_loaded_file(), "\n";
foreach (explode(",", (string)php_ini_scanned_files()) as $f) { if (trim($f) !== "") echo trim($f), "\n"; }
if (PHP_CONFIG_FILE_SCAN_DIR !== "" && is_dir(PHP_CONFIG_FILE_SCAN_DIR)) echo PHP_CONFIG_FILE_SCAN_DIR, "\n";
""";

    public static async Task<(string, string)> RubyAsync(BuildResult build, IProcessRunner runner, HostFiles files, List<string> elfs, CancellationToken cancellationToken)
    {
        var ruby = HostRuntime.Require(runner, Tools.Ruby);
        var lines = (await HostRuntime.Ask(runner, ruby, ["-e", RubyScript], cancellationToken).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        files.AddFileAs(lines[0], build.Recipe.Entrypoint[0]);
        elfs.Add(lines[0]);
        foreach (var dir in lines[2..])
        {
            AddTree(files, elfs, dir);
        }
        return ("ruby", lines[1]);
    }

    public static async Task<(string, string)> PhpAsync(BuildResult build, IProcessRunner runner, HostFiles files, List<string> elfs, CancellationToken cancellationToken)
    {
        var php = HostRuntime.Require(runner, Tools.Php);
        var lines = (await HostRuntime.Ask(runner, php, ["-r", PhpScript], cancellationToken).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        files.AddFileAs(lines[0], build.Recipe.Entrypoint[0]);
        elfs.Add(lines[0]);
        AddTree(files, elfs, lines[2]);
        foreach (var path in lines[3..])
        {
            if (Directory.Exists(path))
            {
                AddTree(files, elfs, path);
            }
            else if (File.Exists(path))
            {
                files.AddHostPath(path);
            }
        }
        return ("php", lines[1]);
    }

    private static void AddTree(HostFiles files, List<string> elfs, string dir)
    {
        files.AddTree(dir);
        elfs.AddRange(Directory.EnumerateFiles(dir, "*.so*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
    }
}
