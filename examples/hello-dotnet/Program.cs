// A tiny .NET console app; distill build publishes it with NativeAOT and invariant globalization.
Console.WriteLine("Hello from Distill (.NET)!");
if (args.Length > 0 && args[0] == "features")
{
    var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    Console.WriteLine($"time zone Europe/Paris: {(paris.GetUtcOffset(DateTime.UnixEpoch) == TimeSpan.FromHours(1) ? "ok" : "FAILED")}");
}
