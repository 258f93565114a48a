using System.Diagnostics;

namespace Cni.Linux.VmTests;

/// <summary>One named check, run in a namespace of its own; prints <c>PASS name</c> or <c>FAIL name: why</c>.</summary>
internal sealed record Check(string Name, Action<Scratch> Body)
{
    public bool Run()
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using (var scratch = Scratch.Create(Name))
                Body(scratch);
            Console.WriteLine($"PASS {Name}");
            return true;
        }
        catch (Exception e)
        {
            var why = e is CheckFailedException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            Console.WriteLine($"FAIL {Name}: {why.ReplaceLineEndings(" ")}");
            if (e is not CheckFailedException)
                Console.Error.WriteLine($"{Name}: {e}");
            return false;
        }
        finally
        {
            Console.Error.WriteLine($"{Name}: {clock.ElapsedMilliseconds} ms");
        }
    }
}
