using System.Text.Json.Serialization;

namespace Cni.Plugins.Meta.Tuning;

/// <summary>The tuning plugin's keys (names as the Go plugin reads them, any case). Read by <see cref="TuningConfigReader"/>.</summary>
internal sealed record TuningConfig
{
    public string? DataDir { get; init; }
    public Dictionary<string, string>? Sysctl { get; init; }
    public string? Mac { get; init; }
    public bool Promisc { get; init; }
    public int Mtu { get; init; }
    [JsonPropertyName("txQLen")] public int? TxQLen { get; init; }
    public bool? Allmulti { get; init; }
    public TuningArgs? Args { get; init; }
    /// <summary>Renames the container interface (our addition; DEL renames it back).</summary>
    public string? IfName { get; init; }
}

/// <summary>The <c>args</c> object; only <c>args.cni</c> is read.</summary>
internal sealed record TuningArgs
{
    [JsonPropertyName("cni")] public TuningOverrides? Cni { get; init; }
}

/// <summary>Per-attachment overrides in <c>args.cni</c>: highest priority, null leaves the config's value.</summary>
internal sealed record TuningOverrides
{
    public Dictionary<string, string>? Sysctl { get; init; }
    public string? Mac { get; init; }
    public bool? Promisc { get; init; }
    public int? Mtu { get; init; }
    public bool? Allmulti { get; init; }
    [JsonPropertyName("txQLen")] public int? TxQLen { get; init; }
    public string? IfName { get; init; }
}

/// <summary>The link attributes saved before ADD changed them (Go's <c>configToRestore</c>, same file format).</summary>
internal sealed record TuningBackup
{
    [JsonPropertyName("mac")] public string? Mac { get; init; }
    [JsonPropertyName("promisc")] public bool? Promisc { get; init; }
    [JsonPropertyName("mtu")] public int Mtu { get; init; }
    [JsonPropertyName("allmulti")] public bool? Allmulti { get; init; }
    [JsonPropertyName("txQLen")] public int? TxQLen { get; init; }
    /// <summary>Our addition: the name ADD gave the interface (it had CNI_IFNAME, the name in the file name); Go ignores it.</summary>
    [JsonPropertyName("ifName")] public string? IfName { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault, WriteIndented = true, IndentSize = 1)]
[JsonSerializable(typeof(TuningBackup))]
internal sealed partial class TuningJsonContext : JsonSerializerContext;
