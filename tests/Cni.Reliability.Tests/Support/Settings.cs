namespace Cni.Reliability.Tests.Support;

/// <summary>Run lengths: short in CI, long with <c>CNI_RELIABILITY_LONG=1</c>; <c>CNI_RELIABILITY_SEED</c> repeats a run.</summary>
internal static class Settings
{
    public static bool Long => Environment.GetEnvironmentVariable("CNI_RELIABILITY_LONG") == "1";

    public static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("CNI_RELIABILITY_SEED"), out var s) ? s : Random.Shared.Next();
}
