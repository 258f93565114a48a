namespace Cni;

/// <summary>DNS settings of a result or a config.</summary>
public sealed record Dns
{
    /// <summary>Name server addresses.</summary>
    public IReadOnlyList<string>? Nameservers { get; init; }
    /// <summary>The local domain.</summary>
    public string? Domain { get; init; }
    /// <summary>Search domains.</summary>
    public IReadOnlyList<string>? Search { get; init; }
    /// <summary>Resolver options.</summary>
    public IReadOnlyList<string>? Options { get; init; }

    /// <summary>True when nothing is set.</summary>
    public bool IsEmpty => (Nameservers is null || Nameservers.Count == 0) && string.IsNullOrEmpty(Domain) &&
                           (Search is null || Search.Count == 0) && (Options is null || Options.Count == 0);
}
