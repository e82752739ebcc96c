namespace Distill.Publish;

/// <summary>Opens sinks and sources for parsed locations.</summary>
public static class Transports
{
    /// <summary>A sink for the location.</summary>
    /// <exception cref="DistillException">The transport cannot be written here.</exception>
    public static IImageSink CreateSink(ImageLocation location) => CreateSink(location, null);

    /// <summary>A sink for the location; <paramref name="registry"/> configures registry access (null: defaults).</summary>
    public static IImageSink CreateSink(ImageLocation location, Registry.RegistryOptions? registry)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Transport switch
        {
            Transport.OciLayout => new OciLayoutSink(location),
            Transport.OciArchive => new OciArchiveSink(location),
            Transport.DockerArchive => new DockerArchiveSink(location),
            Transport.Registry => new Registry.RegistrySink(location, registry ?? Registry.RegistryOptions.Default),
            _ => throw new DistillException(ErrorCode.BadTransport, $"'{location.Text}': unsupported transport"),
        };
    }

    /// <summary>A source for the location.</summary>
    public static IImageSource CreateSource(ImageLocation location) => CreateSource(location, null);

    /// <summary>A source for the location; <paramref name="registry"/> configures registry access (null: defaults).</summary>
    public static IImageSource CreateSource(ImageLocation location, Registry.RegistryOptions? registry)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Transport switch
        {
            Transport.OciLayout => new OciLayoutSource(location),
            Transport.OciArchive => new OciArchiveSource(location),
            Transport.DockerArchive => new DockerArchiveSource(location),
            Transport.Registry => new Registry.RegistrySource(location, registry ?? Registry.RegistryOptions.Default),
            _ => throw new DistillException(ErrorCode.BadTransport, $"'{location.Text}': unsupported transport"),
        };
    }
}
