namespace Distill.Publish;

/// <summary>Opens sinks and sources for parsed locations.</summary>
public static class Transports
{
    /// <summary>A sink for the location.</summary>
    /// <exception cref="DistillException">The transport cannot be written here.</exception>
    public static IImageSink CreateSink(ImageLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Transport switch
        {
            Transport.OciLayout => new OciLayoutSink(location),
            Transport.OciArchive => new OciArchiveSink(location),
            Transport.DockerArchive => new DockerArchiveSink(location),
            _ => throw new DistillException(ErrorCode.BadTransport, $"'{location.Text}': writing to registries is not supported yet"),
        };
    }

    /// <summary>A source for the location.</summary>
    public static IImageSource CreateSource(ImageLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Transport switch
        {
            Transport.OciLayout => new OciLayoutSource(location),
            Transport.OciArchive => new OciArchiveSource(location),
            Transport.DockerArchive => new DockerArchiveSource(location),
            _ => throw new DistillException(ErrorCode.BadTransport, $"'{location.Text}': reading from registries is not supported yet"),
        };
    }
}
