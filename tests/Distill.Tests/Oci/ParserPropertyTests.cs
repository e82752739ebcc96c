using System.Text;
using Distill.Oci;

namespace Distill.Tests.Oci;

/// <summary>RELIABILITY B1-20: arbitrary and mutated bytes into each OCI parser end in a result or FormatException, nothing else.</summary>
public sealed class ParserPropertyTests
{
    private static readonly byte[] ValidManifest = new ImageManifest(MediaTypes.OciManifest,
        new Descriptor(MediaTypes.OciConfig, Digest.Sha256("c"u8), 10),
        [new Descriptor(MediaTypes.OciLayerGzip, Digest.Sha256("l"u8), 20) { Annotations = new Dictionary<string, string> { ["a"] = "b" } }]).ToJson();

    private static readonly byte[] ValidIndex = new ImageIndex(MediaTypes.OciIndex,
        [new Descriptor(MediaTypes.OciManifest, Digest.Sha256("m"u8), 30) { Platform = new Platform("linux", "arm", "v7") }]).ToJson();

    private static readonly byte[] ValidConfig = Encoding.UTF8.GetBytes(
        "{\"created\":\"1970-01-01T00:00:00Z\",\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"A=1\"],\"Entrypoint\":[\"/x\"],\"ExposedPorts\":{\"80/tcp\":{}}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.Sha256("d"u8) + "\"]},\"history\":[{\"created_by\":\"x\"}]}");

    private static void OnlyFormatException(Action parse, byte[] input)
    {
        try
        {
            parse();
        }
        catch (FormatException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} on input {Convert.ToHexString(input)}: {e.Message}");
        }
    }

    [Fact]
    public void MutatedDocuments_ParseOrThrowFormatException()
    {
        var random = new Random(20261204);
        foreach (var (valid, parse) in new (byte[], Action<byte[]>)[]
        {
            (ValidManifest, b => ImageManifest.Parse(b)),
            (ValidIndex, b => ImageIndex.Parse(b)),
            (ValidConfig, b => ImageConfig.Parse(b)),
        })
        {
            for (var i = 0; i < 3000; i++)
            {
                var bytes = (byte[])valid.Clone();
                var edits = 1 + random.Next(4);
                for (var e = 0; e < edits; e++)
                {
                    switch (random.Next(3))
                    {
                        case 0:
                            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                            break;
                        case 1:
                            bytes = bytes[..random.Next(bytes.Length)];
                            break;
                        default:
                            var at = random.Next(bytes.Length + 1);
                            bytes = [.. bytes[..at], (byte)"{}[]\",:0\\"[random.Next(9)], .. bytes[at..]];
                            break;
                    }
                    if (bytes.Length == 0)
                    {
                        break;
                    }
                }
                var input = bytes;
                OnlyFormatException(() => parse(input), input);
            }
        }
    }

    [Fact]
    public void RandomBytes_AndDeepNesting_AreFormatExceptions()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(1, 200)];
            random.NextBytes(bytes);
            OnlyFormatException(() => ImageManifest.Parse(bytes), bytes);
            OnlyFormatException(() => ImageIndex.Parse(bytes), bytes);
            OnlyFormatException(() => ImageConfig.Parse(bytes), bytes);
        }
        var deep = Encoding.ASCII.GetBytes(new string('[', 100_000));
        OnlyFormatException(() => ImageManifest.Parse(deep), []);
    }
}
