namespace Cni.Fuzz.Engine;

/// <summary>
/// One thing to fuzz: the code under test (<see cref="Run"/>), which exceptions its contract allows
/// (<see cref="Allowed"/>), and the corpus folder its seeds come from.
/// </summary>
/// <param name="Name">The target's name, also its corpus folder under <c>Corpus/</c>.</param>
/// <param name="Run">Feeds one input; checks its own invariants (round trips) by throwing <see cref="InvariantException"/>.</param>
/// <param name="Allowed">Whether an exception thrown by <see cref="Run"/> is part of the documented contract.</param>
/// <param name="Json">Whether the seeds are JSON, so the structure-aware mutator applies.</param>
internal sealed record FuzzTarget(string Name, Action<byte[]> Run, Func<Exception, bool> Allowed, bool Json)
{
    public override string ToString() => Name;
}
