using System.Text.RegularExpressions;
using Cni.Plugins.Meta.Tuning;
using CsCheck;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

/// <summary>
/// The allowlist matcher against <see cref="Regex"/>, which agrees with Go's RE2 on this subset for keys without a
/// newline (.NET's <c>$</c> also matches before a final newline; RE2's does not — tested on its own).
/// </summary>
public sealed class SysctlPatternTests
{
    private static readonly string[] Allowlists =
    [
        @"^net\.ipv4\.conf\.IFNAME\.[a-z_]*$",
        @"^net\.ipv4\.conf\.other\.[a-z_]*$",
        "^net.ipv4.conf.IFNAME.arp_notify$",
        "^net.ipv6.conf.IFNAME.accept_ra$",
        "^net.ipv6.neigh.IFNAME.base_reachable_time_ms$",
        @"^net\.core\.somaxconn$",
        @"^net\.ipv4\.tcp_.*$",
        @"net\.ipv4\.(ip_forward|conf\.all\.forwarding)",
        @"^net\.ipv6\.conf\.(?:all|default|IFNAME)\.(disable_ipv6|forwarding)$",
        @"^net\.ipv4\.ping_group_range$|^net\.ipv4\.ip_unprivileged_port_start$",
        @"^net\.ipv4\.conf\.eth\d+\.rp_filter$",
        @"^net\.ipv4\.neigh\.[^.]+\.gc_stale_time$",
        @"^net\.ipv[46]\.conf\.\w+\.mtu$",
        "somaxconn",
        "^net",
        "_ms$",
        "ipv6?",
        @"^net\.(ipv4|ipv6)\.conf\.(eth0|IFNAME)+\.accept_redirects$",
        @"^net\.ipv4\.ip_local_port_range\s*$",
        "^[]a-z._]+$",
        "^[-a.]+$",
        "conf.*?forwarding",
        "^(net)?\\.?ipv4$",
    ];

    private static readonly string[] Keys =
    [
        "net.ipv4.conf.IFNAME.arp_notify", "net.ipv4.conf.eth0.arp_notify", "net.ipv4.conf.IFNAME.Arp_Notify",
        "net.ipv4.conf.other.rp_filter", "net.ipv4.conf.other.rp_filter2", "net.ipv6.conf.IFNAME.accept_ra",
        "net.ipv6.conf.IFNAME.accept_ra_defrtr", "net.ipv6.neigh.IFNAME.base_reachable_time_ms", "net.core.somaxconn",
        "net.core.somaxconnx", "xnet.core.somaxconn", "net/core/somaxconn", "netXcoreXsomaxconn", "net.ipv4.tcp_syncookies",
        "net.ipv4.tcp_", "net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding", "net.ipv6.conf.all.disable_ipv6",
        "net.ipv6.conf.default.forwarding", "net.ipv6.conf.IFNAME.forwarding", "net.ipv6.conf.eth0.forwarding",
        "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.conf.eth12.rp_filter",
        "net.ipv4.conf.eth.rp_filter", "net.ipv4.neigh.default.gc_stale_time", "net.ipv4.neigh.a.b.gc_stale_time",
        "net.ipv6.conf.lo.mtu", "net.ipv5.conf.lo.mtu", "net.ipv4.conf.eth0IFNAME.accept_redirects",
        "net.ipv4.ip_local_port_range", "net.ipv4.ip_local_port_range  ", "ipv4", ".ipv4", "net.ipv4", "a]b", "-a.", "", "net",
    ];

    public static TheoryData<string> Patterns => [.. Allowlists];

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Real_allowlist_patterns_agree_with_regex_on_every_key(string pattern)
    {
        var matcher = SysctlPattern.Parse(pattern);
        foreach (var key in Keys)
        {
            Assert.True(Regex.IsMatch(key, pattern) == matcher.IsMatch(key), $"pattern {pattern} key {key}");
        }
    }

    [Fact]
    public void The_matches_are_the_expected_ones()
    {
        Assert.True(SysctlPattern.Parse(@"^net\.core\.somaxconn$").IsMatch("net.core.somaxconn"));
        Assert.False(SysctlPattern.Parse(@"^net\.core\.somaxconn$").IsMatch("net.core.somaxconn2"));
        Assert.False(SysctlPattern.Parse(@"^net\.core\.somaxconn$").IsMatch("net/core/somaxconn"));
        Assert.True(SysctlPattern.Parse(@"somaxconn").IsMatch("net.core.somaxconn"));
        Assert.True(SysctlPattern.Parse(@"^net\.ipv4\.conf\.IFNAME\.[a-z_]*$").IsMatch("net.ipv4.conf.IFNAME.arp_notify"));
        Assert.False(SysctlPattern.Parse(@"^net\.ipv4\.conf\.IFNAME\.[a-z_]*$").IsMatch("net.ipv4.conf.IFNAME.arp-notify"));
    }

    [Theory]
    [InlineData(@"^net\.core\.somaxconn$", "net.core.somaxconn\n", false)]
    [InlineData("somaxconn$", "somaxconn\n", false)]
    [InlineData("a.b", "a\nb", false)]
    [InlineData(@"a\sb", "a\nb", true)]
    [InlineData(@"a\sb", "a\vb", false)]
    [InlineData(@"^\d$", "\u0660", false)]
    [InlineData(@"^\w$", "\u00e9", false)]
    [InlineData("(?:b+|)+", "a", true)]
    public void Go_semantics_where_dotnet_differs(string pattern, string key, bool match) =>
        Assert.Equal(match, SysctlPattern.Parse(pattern).IsMatch(key));

    [Theory]
    [InlineData(@"\bnet", @"the escape \b")]
    [InlineData(@"^net\.core\.somaxconn\z", @"the escape \z")]
    [InlineData(@"\pL", @"the escape \p")]
    [InlineData(@"\x2e", @"the escape \x")]
    [InlineData(@"a\tb", @"the escape \t")]
    [InlineData(@"[\D]", @"the escape \D in a class")]
    [InlineData("net{1,2}", "{ (a counted repetition or a literal brace)")]
    [InlineData("(?i)net", "(? flags or named group")]
    [InlineData("(?P<n>net)", "(? flags or named group")]
    [InlineData("[[:alpha:]]", "a POSIX class [:name:]")]
    public void Constructs_outside_the_subset_are_refused_naming_the_pattern(string pattern, string what)
    {
        var e = Assert.Throws<CniException>(() => SysctlPattern.Parse(pattern));
        Assert.Equal(CniErrorCode.Internal, e.Code);
        Assert.StartsWith($"sysctl allowlist pattern `{pattern}`: {what} is not supported (supported: ", e.Msg);
    }

    [Theory]
    [InlineData("(net", "missing closing )")]
    [InlineData("net)", "unexpected )")]
    [InlineData("[a-", "missing closing ]")]
    [InlineData("[z-a]", "invalid character class range")]
    [InlineData(@"[a-\d]", "invalid character class range")]
    [InlineData("*net", "missing argument to repetition operator")]
    [InlineData("a|+", "missing argument to repetition operator")]
    [InlineData("a**", "invalid nested repetition operator")]
    [InlineData("a?*", "invalid nested repetition operator")]
    [InlineData("a*??", "invalid nested repetition operator")]
    [InlineData(@"net\", "trailing backslash at end of expression")]
    public void Invalid_patterns_are_refused_naming_the_pattern(string pattern, string why)
    {
        Assert.ThrowsAny<ArgumentException>(() => new Regex(pattern));
        var e = Assert.Throws<CniException>(() => SysctlPattern.Parse(pattern));
        Assert.Equal(CniErrorCode.Internal, e.Code);
        Assert.StartsWith($"sysctl allowlist pattern `{pattern}` is not a valid regular expression: {why}", e.Msg);
    }

    [Fact]
    public void Overlong_patterns_are_refused() =>
        Assert.Contains("longer than 1000 characters", Assert.Throws<CniException>(() => SysctlPattern.Parse(new string('a', 1001))).Msg);

    [Fact]
    public void Matching_is_linear_on_patterns_that_make_backtracking_explode()
    {
        var matcher = SysctlPattern.Parse("^(a*)*(a|b)*c$");
        Assert.False(matcher.IsMatch(new string('a', 5000) + "d"));
        Assert.True(matcher.IsMatch(new string('a', 5000) + "bc"));
    }

    [Fact]
    public void Allowlist_refuses_a_key_no_line_matches_with_gos_message()
    {
        string[] lines = [@"^net\.core\.somaxconn$", "  ", @" ^net\.ipv4\.tcp_.*$ "];
        TuningSettings.CheckAllowlist(lines, ["net.core.somaxconn", "net.ipv4.tcp_syncookies"]);
        var e = Assert.Throws<CniException>(() => TuningSettings.CheckAllowlist(lines, ["net.core.somaxconn", "net.ipv4.ip_forward"]));
        Assert.Equal((CniErrorCode.Internal, @"Sysctl net.ipv4.ip_forward is not allowed. Only the following sysctls are allowed: [^net\.core\.somaxconn$ ^net\.ipv4\.tcp_.*$]"),
            (e.Code, e.Msg));
    }

    [Fact]
    public void Allowlist_with_an_unsupported_line_fails_even_when_another_line_matches()
    {
        var e = Assert.Throws<CniException>(() => TuningSettings.CheckAllowlist([@"^net\.core\.somaxconn$", "net{2}"], ["net.core.somaxconn"]));
        Assert.Contains("`net{2}`", e.Msg, StringComparison.Ordinal);
    }

    // Generated patterns of the supported subset, as (text, can match empty): atoms over a small alphabet so that random
    // keys over the same alphabet often match. A group that can match empty is never repeated, and anchors are not
    // repeated: there .NET's loops differ from RE2's (Go_semantics_where_dotnet_differs).
    private readonly record struct Part(string P, bool Empty);

    private static readonly Gen<Part> Atom = Gen.OneOf(
        Gen.Char["ab._"].Select(c => c == '.' ? @"\." : c.ToString()),
        Gen.OneOf(".", @"\d", @"\w", @"\s", @"\D", @"\W", @"\-", "[ab]", "[[.]", "[^a]", "[a-c_]", "[.]", "[]a]", "[^]b]", "[a-]", "[-.b]", @"[\d.]", @"[\w-]", "1", "-"))
        .Select(a => new Part(a, false));

    private static readonly Gen<string> Quantifier = Gen.OneOf("", "", "", "*", "+", "?", "*?", "+?", "??");

    private static Gen<Part> Piece(Gen<Part> atom) =>
        Gen.Select(atom, Quantifier, (a, q) => a.Empty ? a : new Part(a.P + q, q is not ("" or "+" or "+?")));

    private static Gen<Part> Choice(int depth)
    {
        var atom = depth == 0 ? Atom : Gen.OneOf(Atom, Atom,
            Choice(depth - 1).Select(c => c with { P = "(" + c.P + ")" }), Choice(depth - 1).Select(c => c with { P = "(?:" + c.P + ")" }));
        var sequence = Piece(atom).Array[0, 4].Select(p => new Part(string.Concat(p.Select(x => x.P)), p.All(x => x.Empty)));
        return sequence.Array[1, 3].Select(s => new Part(string.Join('|', s.Select(x => x.P)), s.Any(x => x.Empty)));
    }

    private static readonly Gen<string> Pattern =
        Gen.Select(Gen.OneOf("", "^"), Choice(2), Gen.OneOf("", "$"), Gen.OneOf("", "|^a", "|b$", "|^$"), (b, c, e, alt) => b + c.P + e + alt);

    [Fact]
    public void Generated_patterns_agree_with_regex()
    {
        long matched = 0, total = 0;
        Gen.Select(Pattern, Gen.String[Gen.Char["ab._1-[ \t"], 0, 8].Array[30]).Sample((pattern, keys) =>
        {
            var matcher = SysctlPattern.Parse(pattern);
            // NonBacktracking: linear like ours, and free of the backtracker's overflow on empty loops such as (?:$|$)+?.
            var regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            foreach (var key in keys)
            {
                var expected = regex.IsMatch(key);
                Assert.True(expected == matcher.IsMatch(key), $"pattern {pattern} key \"{key}\"");
                Interlocked.Add(ref matched, expected ? 1 : 0);
                Interlocked.Increment(ref total);
            }
        }, iter: 1000);
        // The generator exercises both outcomes, so the agreement is not vacuous.
        Assert.InRange(matched, total / 10, total - total / 10);
    }
}
