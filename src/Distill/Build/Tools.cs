namespace Distill.Build;

/// <summary>The toolchain programs recipes run, with the Debian package (or other source) that provides each.</summary>
public static class Tools
{
    public static readonly RequiredTool Go = Apt("go", "golang-go");
    public static readonly RequiredTool Cargo = new("cargo", "apt-get install cargo (or rustup)");
    public static readonly RequiredTool Gcc = Apt("gcc", "gcc");
    public static readonly RequiredTool Gxx = Apt("g++", "g++");
    public static readonly RequiredTool MuslGcc = Apt("musl-gcc", "musl-tools");
    public static readonly RequiredTool Make = Apt("make", "make");
    public static readonly RequiredTool CMake = Apt("cmake", "cmake");
    public static readonly RequiredTool Zig = new("zig", "a release from the Zig project (Debian 12 has no zig package)");
    public static readonly RequiredTool Nim = Apt("nim", "nim");
    public static readonly RequiredTool Ldc2 = Apt("ldc2", "ldc");
    public static readonly RequiredTool Dub = Apt("dub", "dub");
    public static readonly RequiredTool Crystal = Apt("crystal", "crystal");
    public static readonly RequiredTool Shards = Apt("shards", "shards");
    public static readonly RequiredTool Dotnet = new("dotnet", "the .NET SDK (apt-get install dotnet-sdk-10.0 from Microsoft's package feed)");
    public static readonly RequiredTool Clang = Apt("clang", "clang");
    public static readonly RequiredTool Javac = Apt("javac", "openjdk-17-jdk-headless");
    public static readonly RequiredTool Jar = Apt("jar", "openjdk-17-jdk-headless");
    public static readonly RequiredTool Jdeps = Apt("jdeps", "openjdk-17-jdk-headless");
    public static readonly RequiredTool Jlink = Apt("jlink", "openjdk-17-jdk-headless");
    public static readonly RequiredTool Maven = Apt("mvn", "maven");
    public static readonly RequiredTool Gradle = Apt("gradle", "gradle");
    public static readonly RequiredTool Sh = Apt("sh", "dash");
    public static readonly RequiredTool Node = Apt("node", "nodejs");
    public static readonly RequiredTool Npm = Apt("npm", "npm");
    public static readonly RequiredTool Python = Apt("python3", "python3");
    public static readonly RequiredTool Pip = Apt("pip3", "python3-pip");
    public static readonly RequiredTool Ruby = Apt("ruby", "ruby");
    public static readonly RequiredTool Bundle = Apt("bundle", "ruby-bundler");
    public static readonly RequiredTool Php = Apt("php", "php-cli");
    public static readonly RequiredTool Composer = Apt("composer", "composer");

    private static RequiredTool Apt(string name, string package) => new(name, $"apt-get install {package}");
}
