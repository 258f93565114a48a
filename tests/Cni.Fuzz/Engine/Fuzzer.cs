using System.Diagnostics;

namespace Cni.Fuzz.Engine;

/// <summary>
/// Runs a target for a time budget on every core: first each seed as is, then mutants. A watchdog time-boxes
/// each call; a call that runs past <see cref="HangAfter"/> is reported as a hang with its input. Findings are
/// deduplicated by kind and message shape so that one bug does not fill the report.
/// </summary>
internal static class Fuzzer
{
    public static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("CNI_FUZZ_HANG_SECONDS"), out var s) ? s : 10);

    public sealed record Outcome(string Target, long Executions, TimeSpan Elapsed, IReadOnlyList<FuzzFinding> Findings)
    {
        public double PerSecond => Executions / Math.Max(Elapsed.TotalSeconds, 1e-3);

        public override string ToString() => $"{Target}: {Executions:N0} executions in {Elapsed.TotalSeconds:F1} s ({PerSecond:N0}/s), {Findings.Count} findings";
    }

    public static Outcome Run(FuzzTarget target, TimeSpan budget, int seed, int? threads = null)
    {
        var seeds = Corpus.Load(target.Name);
        var findings = new Dictionary<string, FuzzFinding>();
        long executions = 0;
        int workers = threads ?? Math.Max(1, Environment.ProcessorCount);
        var started = new long[workers];            // Stopwatch ticks when the current call began; 0 when idle
        var current = new byte[workers][];
        var clock = Stopwatch.StartNew();
        var deadline = budget;
        using var stop = new CancellationTokenSource();

        void Record(FuzzFinding f)
        {
            var at = f.What.LastIndexOf(" at ", StringComparison.Ordinal);
            var key = f.Kind + "|" + (f.Kind.StartsWith("undocumented", StringComparison.Ordinal) && at >= 0 ? f.What[at..] : Shape(f.What));
            lock (findings)
            {
                if (!findings.TryGetValue(key, out var known) || f.Input.Length < known.Input.Length)
                {
                    findings[key] = f;
                }
            }
        }

        void One(int worker, byte[] input)
        {
            current[worker] = input;
            Volatile.Write(ref started[worker], clock.ElapsedTicks | 1);
            try
            {
                target.Run(input);
            }
            catch (InvariantException e)
            {
                Record(new FuzzFinding(target.Name, "invariant", input, e.Message));
            }
            catch (Exception e) when (!target.Allowed(e))
            {
                Record(new FuzzFinding(target.Name, "undocumented " + e.GetType().Name, input, e.Message + " at " + TopFrame(e)));
            }
            catch (Exception)
            {
                // Allowed: the documented error for bad input.
            }
            Volatile.Write(ref started[worker], 0);
        }

        var threadsList = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            if (w == 0)
            {
                foreach (var s in seeds)
                {
                    One(w, s);
                    Interlocked.Increment(ref executions);
                }
            }
            var mutator = new Mutator(new Random(seed * 7919 + w), seeds, target.Json);
            long local = 0;
            while (!stop.IsCancellationRequested)
            {
                One(w, mutator.Next());
                if (++local % 64 == 0)
                {
                    Interlocked.Add(ref executions, 64);
                }
            }
            Interlocked.Add(ref executions, local % 64);
        }) { IsBackground = true, Name = $"fuzz {target.Name} {w}" }).ToList();
        threadsList.ForEach(t => t.Start());

        var hung = false;
        while (clock.Elapsed < deadline && !hung)
        {
            Thread.Sleep(50);
            for (int w = 0; w < workers; w++)
            {
                var since = Volatile.Read(ref started[w]);
                if (since != 0 && TimeSpan.FromTicks((long)((clock.ElapsedTicks - since) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency))) > HangAfter)
                {
                    Record(new FuzzFinding(target.Name, "hang", current[w], $"one call ran longer than {HangAfter.TotalSeconds} s"));
                    hung = true;
                }
            }
        }
        stop.Cancel();
        if (!hung)
        {
            threadsList.ForEach(t => t.Join());
        }
        return new Outcome(target.Name, Interlocked.Read(ref executions), clock.Elapsed, [.. findings.Values]);
    }

    private static string TopFrame(Exception e) =>
        new StackTrace(e, false).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("Cni", StringComparison.Ordinal) == true)
            ?.GetMethod() is { } m ? $"{m.DeclaringType?.Name}.{m.Name}" : "?";

    // Messages with the input's numbers or text in them would otherwise count as many findings.
    private static string Shape(string message) =>
        new string([.. message.Take(60).Select(c => char.IsDigit(c) ? '0' : c)]);
}
