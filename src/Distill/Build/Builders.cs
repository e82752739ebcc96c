using Distill.Detect;

namespace Distill.Build;

/// <summary>The builder for each language.</summary>
public static class Builders
{
    public static IReadOnlyList<IAppBuilder> All { get; } =
    [
        new GoBuilder(), new RustBuilder(), new CBuilder(), new ZigBuilder(), new NimBuilder(), new DBuilder(),
        new CrystalBuilder(), new DotNetBuilder(), new JavaBuilder(), new NodeBuilder(), new PythonBuilder(),
        new RubyBuilder(), new PhpBuilder(),
    ];

    /// <summary>The builder of <paramref name="language"/>.</summary>
    public static IAppBuilder For(Language language) => All.First(b => b.Languages.Contains(language));
}
