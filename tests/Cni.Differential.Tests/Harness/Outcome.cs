using System.Text.Json.Nodes;

namespace Cni.Differential.Tests.Harness;

/// <summary>What one plugin call returned: exit status, stdout (result or error JSON) and stderr.</summary>
internal sealed record Outcome(int Exit, string Stdout, string Stderr)
{
    public Outcome Ok() => Exit == 0 ? this : throw new InvalidOperationException($"plugin failed ({Exit}): {Stdout} {Stderr}");

    public JsonObject Json() => JsonNode.Parse(Stdout)!.AsObject();
}
