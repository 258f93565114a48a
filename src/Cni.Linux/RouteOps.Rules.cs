using System.Net.Sockets;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux;

public sealed partial class RouteOps
{
    private static readonly MessageParser<Rule> s_parseRule = static (type, payload) =>
        type == RTM_NEWRULE ? NetlinkReader.ReadRule(payload) : null;

    /// <summary>Adds a policy rule (<c>ip rule add</c>); fails with <c>EEXIST</c> for an identical rule.</summary>
    public void AddRule(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var request = NetlinkWriter.ModifyRule(stackalloc byte[NetlinkWriter.DefaultCapacity], add: true, rule);
        _socket.Execute(request.Complete(), $"adding rule {Describe(rule)}");
    }

    /// <summary>Deletes the first policy rule matching every selector set in <paramref name="rule"/> (<c>ip rule del</c>).</summary>
    public void DeleteRule(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var request = NetlinkWriter.ModifyRule(stackalloc byte[NetlinkWriter.DefaultCapacity], add: false, rule);
        _socket.Execute(request.Complete(), $"deleting rule {Describe(rule)}");
    }

    /// <summary>Lists policy rules of one family.</summary>
    public IReadOnlyList<Rule> ListRules(AddressFamily family = AddressFamily.InterNetwork)
    {
        var request = NetlinkWriter.DumpRules(stackalloc byte[NetlinkWriter.DefaultCapacity], AddressOps.ToNative(family));
        return _socket.Dump(request.Complete(), s_parseRule, "listing rules");
    }

    private static string Describe(Rule rule) =>
        $"{(rule.Priority is { } p ? $"{p}: " : "")}from {rule.Source?.ToString() ?? "all"}{(rule.Destination is { } d ? $" to {d}" : "")}" +
        $"{(rule.InputInterface is { } i ? $" iif {i}" : "")}{(rule.OutputInterface is { } o ? $" oif {o}" : "")} lookup {rule.Table}";
}
