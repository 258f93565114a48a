using Cni.Fuzz.Engine;
using Cni.Fuzz.Targets;
using Xunit;

namespace Cni.Fuzz;

/// <summary>
/// Every target fuzzed for a short time in each test run (<c>CNI_FUZZ_SECONDS</c>, default 1.5 s each), or for
/// as long as <c>scripts/fuzz.sh</c> asks. Counts go to the test output and, with <c>CNI_FUZZ_REPORT</c>, to that file.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private static double Seconds =>
        double.TryParse(Environment.GetEnvironmentVariable("CNI_FUZZ_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 1.5;

    public static TheoryData<string> Targets() => [.. AllTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Any_input_parses_or_fails_with_the_documented_error(string name)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CNI_FUZZ_SEED"), out var s) ? s : Environment.TickCount;
        var outcome = Fuzzer.Run(AllTargets.Get(name), TimeSpan.FromSeconds(Seconds), seed);
        output.WriteLine($"{outcome} (seed {seed})");
        if (Environment.GetEnvironmentVariable("CNI_FUZZ_REPORT") is { Length: > 0 } report)
        {
            lock (typeof(FuzzTests))
            {
                File.AppendAllText(report, $"{outcome.Target}\t{outcome.Executions}\t{outcome.Elapsed.TotalSeconds:F1}\t{outcome.Findings.Count}\n");
                foreach (var f in outcome.Findings)
                {
                    File.AppendAllText(report + ".findings", f + "\n\n");
                }
            }
        }
        Assert.True(outcome.Findings.Count == 0, string.Join("\n\n", outcome.Findings));
        Assert.True(outcome.Executions > 0, "the target never ran");
    }
}
