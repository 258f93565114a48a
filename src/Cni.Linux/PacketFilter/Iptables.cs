namespace Cni.Linux.PacketFilter;

/// <summary>The <c>iptables</c>/<c>ip6tables</c> driver with go-iptables' semantics (every call waits for the xtables lock).</summary>
public sealed class Iptables
{
    private readonly string _tool;

    private Iptables(string tool) => _tool = tool;

    /// <summary>IPv4.</summary>
    public static Iptables V4 { get; } = new("iptables");

    /// <summary>IPv6.</summary>
    public static Iptables V6 { get; } = new("ip6tables");

    /// <summary>The family's driver.</summary>
    public static Iptables For(bool ipv4) => ipv4 ? V4 : V6;

    /// <summary>Usable when the binary exists and can list a built-in chain (Go's <c>SupportsIPTables</c>).</summary>
    public bool IsUsable() => FilterCommand.Find(_tool) is not null && FilterCommand.Run(_tool, ["--wait", "-t", "filter", "-S", "INPUT", "1"]).Exit == 0;

    /// <summary>Whether the chain exists in the table.</summary>
    public bool ChainExists(string table, string chain) => FilterCommand.Run(_tool, ["--wait", "-t", table, "-S", chain, "1"]).Exit == 0;

    /// <summary>Creates the chain unless it exists.</summary>
    public void EnsureChain(string table, string chain)
    {
        if (ChainExists(table, chain))
        {
            return;
        }
        var (exit, _, stderr) = FilterCommand.Run(_tool, ["--wait", "-t", table, "-N", chain]);
        if (exit != 0 && !ChainExists(table, chain))
        {
            throw new PacketFilterException(_tool, ["-t", table, "-N", chain], exit, stderr.Trim());
        }
    }

    /// <summary>Whether the rule is in the chain (<c>-C</c>).</summary>
    public bool Exists(string table, string chain, IEnumerable<string> rule) =>
        FilterCommand.Run(_tool, ["--wait", "-t", table, "-C", chain, .. rule]).Exit == 0;

    /// <summary>Appends the rule unless it is there.</summary>
    public void AppendUnique(string table, string chain, IReadOnlyList<string> rule)
    {
        if (!Exists(table, chain, rule))
        {
            FilterCommand.RunOk(_tool, ["--wait", "-t", table, "-A", chain, .. rule]);
        }
    }

    /// <summary>Inserts the rule first unless it is there.</summary>
    public void InsertUnique(string table, string chain, IReadOnlyList<string> rule)
    {
        if (!Exists(table, chain, rule))
        {
            FilterCommand.RunOk(_tool, ["--wait", "-t", table, "-I", chain, "1", .. rule]);
        }
    }

    /// <summary>Deletes the rule; a missing rule or chain is not an error.</summary>
    public void DeleteRule(string table, string chain, IReadOnlyList<string> rule) =>
        IgnoreNotExist(["--wait", "-t", table, "-D", chain, .. rule]);

    /// <summary>Flushes and deletes the chain; a missing chain is not an error.</summary>
    public void DeleteChain(string table, string chain)
    {
        IgnoreNotExist(["--wait", "-t", table, "-F", chain]);
        IgnoreNotExist(["--wait", "-t", table, "-X", chain]);
    }

    /// <summary>The chain's rules as <c>-S</c> prints them.</summary>
    public IReadOnlyList<string> List(string table, string chain) =>
        FilterCommand.RunOk(_tool, ["--wait", "-t", table, "-S", chain]).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The whole table in <c>iptables-save</c> form (one exec, no lock needed): chains as <c>:NAME</c> lines, rules as <c>-A</c> lines.</summary>
    public string Save(string table) => FilterCommand.RunOk(_tool + "-save", ["-t", table]);

    /// <summary>Applies a whole <c>iptables-restore</c> batch without flushing other chains: one exec for many changes.</summary>
    public void Restore(string batch) => FilterCommand.RunOk(_tool + "-restore", ["--noflush", "--wait"], batch);

    private void IgnoreNotExist(IReadOnlyList<string> args)
    {
        var (exit, _, stderr) = FilterCommand.Run(_tool, args);
        if (exit == 0)
        {
            return;
        }
        var e = new PacketFilterException(_tool, args, exit, stderr.Trim());
        if (!e.IsNotExist && exit != 2 && exit != 1)
        {
            throw e;
        }
    }
}
