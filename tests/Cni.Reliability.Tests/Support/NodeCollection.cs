namespace Cni.Reliability.Tests.Support;

/// <summary>
/// The node tests run one class at a time: the crash tests time the undisturbed operation to spread their kills,
/// and the churn test would distort those timings (and the other way round).
/// </summary>
[CollectionDefinition(Name)]
public sealed class NodeCollection
{
    public const string Name = "node";
}
