using Cni.Plugin;

namespace Cni.Plugins.Meta.Tuning;

/// <summary>
/// One line of the sysctl allowlist, matched as Go's <c>regexp.MatchString</c> does (RE2: unanchored unless the
/// pattern anchors, <c>^</c> and <c>$</c> only at the ends of the key, <c>.</c> anything but <c>\n</c>), for the
/// subset allowlists use: literals, escaped punctuation (<c>\.</c>), <c>\d \w \s</c>, <c>.</c>, classes
/// (<c>[a-z0-9_]</c>, <c>[^...]</c>), <c>* + ?</c> (and their lazy forms), <c>^ $</c>, <c>( )</c>, <c>(?: )</c>, <c>|</c>.
/// Anything else fails the call with an error naming the pattern, never a guess.
/// </summary>
/// <remarks>
/// Not <c>System.Text.RegularExpressions</c>: a run-time <c>Regex</c> roots the whole engine, about 0.5 MB of the one
/// binary every plugin starts (docs/performance.md). A Thompson NFA, simulated a set of states at a time, so
/// matching is linear in the key's length whatever the pattern, as in RE2. Characters are UTF-16 code units where
/// Go's are runes: the same for the ASCII of sysctl keys.
/// </remarks>
internal sealed class SysctlPattern
{
    private const int MaxLength = 1000;
    private const string Supported = @"literals, escaped punctuation such as \., \d \w \s, ., [classes], * + ?, ^ $, ( ), (?: ) and |";

    private enum Op : byte { Char, Split, Begin, End, Match }

    /// <summary>Char: consume one character in <see cref="Set"/>, go to Out. Split: go to Out and Alt. Begin/End: assertions.</summary>
    private readonly record struct Inst(Op Op, int Out, int Alt = 0, CharSet? Set = null);

    private readonly Inst[] _prog;
    private readonly int _start;

    private SysctlPattern(Inst[] prog, int start) => (_prog, _start) = (prog, start);

    /// <exception cref="CniException">Code 999 naming <paramref name="pattern"/>: invalid, or outside the subset.</exception>
    public static SysctlPattern Parse(string pattern)
    {
        if (pattern.Length > MaxLength)
        {
            throw new CniException(CniErrorCode.Internal, $"sysctl allowlist pattern `{pattern[..40]}...` is longer than {MaxLength} characters");
        }
        var tree = new Parser(pattern).Parse();
        var prog = new List<Inst> { new(Op.Match, 0) };
        var start = Compile(tree, 0, prog);
        return new SysctlPattern([.. prog], start);
    }

    /// <summary>Whether the pattern matches anywhere in <paramref name="text"/>.</summary>
    public bool IsMatch(string text)
    {
        var seen = new int[_prog.Length];
        List<int> current = [], next = [];
        for (var pos = 0; ; pos++)
        {
            // A match may start at every position: add the start state to the threads still running.
            if (Add(current, seen, pos + 1, _start, pos, text.Length))
            {
                return true;
            }
            if (pos == text.Length)
            {
                return false;
            }
            next.Clear();
            foreach (var pc in current)
            {
                if (_prog[pc].Set!.Contains(text[pos]) && Add(next, seen, pos + 2, _prog[pc].Out, pos + 1, text.Length))
                {
                    return true;
                }
            }
            (current, next) = (next, current);
        }
    }

    /// <summary>Adds the states reachable from <paramref name="pc"/> without consuming; true when one is Match.</summary>
    /// <remarks><paramref name="generation"/> is the position + 1, so a state is visited once per position.</remarks>
    private bool Add(List<int> threads, int[] seen, int generation, int pc, int pos, int length)
    {
        if (seen[pc] == generation)
        {
            return false;
        }
        seen[pc] = generation;
        var inst = _prog[pc];
        switch (inst.Op)
        {
            case Op.Char:
                threads.Add(pc);
                return false;
            case Op.Split:
                return Add(threads, seen, generation, inst.Out, pos, length) || Add(threads, seen, generation, inst.Alt, pos, length);
            case Op.Begin:
                return pos == 0 && Add(threads, seen, generation, inst.Out, pos, length);
            case Op.End:
                return pos == length && Add(threads, seen, generation, inst.Out, pos, length);
            default:
                return true;
        }
    }

    /// <summary>Emits <paramref name="node"/> so that it continues at <paramref name="next"/>; returns its first state.</summary>
    private static int Compile(Node node, int next, List<Inst> prog)
    {
        switch (node)
        {
            case Atom a:
                return Emit(prog, new Inst(Op.Char, next, Set: a.Set));
            case Anchor a:
                return Emit(prog, new Inst(a.AtEnd ? Op.End : Op.Begin, next));
            case Sequence s:
                for (var i = s.Items.Count - 1; i >= 0; i--)
                {
                    next = Compile(s.Items[i], next, prog);
                }
                return next;
            case Choice c:
                var first = Compile(c.Items[^1], next, prog);
                for (var i = c.Items.Count - 2; i >= 0; i--)
                {
                    first = Emit(prog, new Inst(Op.Split, Compile(c.Items[i], next, prog), first));
                }
                return first;
            default:
                var r = (Repeat)node;
                if (r.Max == 1)
                {
                    return Emit(prog, new Inst(Op.Split, Compile(r.Body, next, prog), next));
                }
                // * and +: a split that either runs the body again or leaves; + enters through the body.
                var loop = Emit(prog, new Inst(Op.Split, 0, next));
                var body = Compile(r.Body, loop, prog);
                prog[loop] = prog[loop] with { Out = body };
                return r.Min == 0 ? loop : body;
        }
    }

    private static int Emit(List<Inst> prog, Inst inst)
    {
        prog.Add(inst);
        return prog.Count - 1;
    }

    private abstract record Node;
    private sealed record Atom(CharSet Set) : Node;
    private sealed record Anchor(bool AtEnd) : Node;
    private sealed record Sequence(List<Node> Items) : Node;
    private sealed record Choice(List<Node> Items) : Node;
    /// <summary><c>*</c> is (0, many), <c>+</c> (1, many), <c>?</c> (0, 1).</summary>
    private sealed record Repeat(Node Body, int Min, int Max) : Node;

    /// <summary>Inclusive ranges of characters, possibly negated.</summary>
    private sealed class CharSet(bool negated = false)
    {
        public List<(char Lo, char Hi)> Ranges { get; } = [];
        public bool Negated { get; } = negated;

        public bool Contains(char c)
        {
            foreach (var (lo, hi) in Ranges)
            {
                if (c >= lo && c <= hi)
                {
                    return !Negated;
                }
            }
            return Negated;
        }

        public static CharSet Of(params (char, char)[] ranges) => Of(false, ranges);

        public static CharSet Of(bool negated, params (char, char)[] ranges)
        {
            var set = new CharSet(negated);
            set.Ranges.AddRange(ranges);
            return set;
        }
    }

    /// <summary>Recursive descent: choice = sequence ('|' sequence)*; sequence = (atom repeat?)*.</summary>
    private sealed class Parser(string pattern)
    {
        private int _pos;

        public Node Parse()
        {
            var node = ParseChoice();
            return _pos < pattern.Length ? throw Invalid("unexpected )") : node;
        }

        private Node ParseChoice()
        {
            var items = new List<Node> { ParseSequence() };
            while (Peek('|'))
            {
                _pos++;
                items.Add(ParseSequence());
            }
            return items.Count == 1 ? items[0] : new Choice(items);
        }

        private Node ParseSequence()
        {
            var items = new List<Node>();
            while (_pos < pattern.Length && pattern[_pos] is not ('|' or ')'))
            {
                var atom = ParseAtom();
                if (RepeatOperator() is var (min, max))
                {
                    _pos += Peek('?') ? 1 : 0; // lazy: the same keys match
                    if (RepeatOperator() is not null)
                    {
                        throw Invalid("invalid nested repetition operator");
                    }
                    atom = new Repeat(atom, min, max);
                }
                items.Add(atom);
            }
            return items.Count == 1 ? items[0] : new Sequence(items);
        }

        private (int Min, int Max)? RepeatOperator()
        {
            (int, int)? op = _pos < pattern.Length ? pattern[_pos] switch
            {
                '*' => (0, int.MaxValue),
                '+' => (1, int.MaxValue),
                '?' => (0, 1),
                _ => null,
            } : null;
            _pos += op is null ? 0 : 1;
            return op;
        }

        private Node ParseAtom()
        {
            var c = pattern[_pos++];
            switch (c)
            {
                case '(':
                    if (Peek('?'))
                    {
                        _pos += _pos + 1 < pattern.Length && pattern[_pos + 1] == ':' ? 2 : throw Unsupported("(? flags or named group");
                    }
                    var inner = ParseChoice();
                    _pos += Peek(')') ? 1 : throw Invalid("missing closing )");
                    return inner;
                case '*' or '+' or '?':
                    throw Invalid("missing argument to repetition operator");
                case '{':
                    throw Unsupported("{ (a counted repetition or a literal brace)");
                case '^' or '$':
                    return new Anchor(c == '$');
                case '.':
                    return new Atom(CharSet.Of(true, ('\n', '\n')));
                case '[':
                    return new Atom(ParseClass());
                case '\\':
                    return new Atom(ParseEscape(inClass: false));
                default:
                    return new Atom(CharSet.Of((c, c)));
            }
        }

        /// <summary>After <c>[</c>: items up to <c>]</c>; a <c>]</c> first, or a <c>-</c> first or last, is literal (as in Go).</summary>
        private CharSet ParseClass()
        {
            var set = new CharSet(Peek('^'));
            _pos += set.Negated ? 1 : 0;
            var first = true;
            while (!Peek(']') || first)
            {
                if (_pos >= pattern.Length)
                {
                    throw Invalid("missing closing ]");
                }
                if (pattern[_pos] == '[' && _pos + 1 < pattern.Length && pattern[_pos + 1] == ':')
                {
                    throw Unsupported("a POSIX class [:name:]");
                }
                first = false;
                var lo = ClassChar(set);
                if (lo is null)
                {
                    continue;
                }
                var hi = lo.Value;
                if (Peek('-') && _pos + 1 < pattern.Length && pattern[_pos + 1] != ']')
                {
                    _pos++;
                    hi = ClassChar(set) is { } h && h >= lo ? h : throw Invalid("invalid character class range");
                }
                set.Ranges.Add((lo.Value, hi));
            }
            _pos++;
            return set;
        }

        /// <summary>One character of a class, or null when it was <c>\d \w \s</c> (added to <paramref name="set"/>).</summary>
        private char? ClassChar(CharSet set)
        {
            if (pattern[_pos++] != '\\')
            {
                return pattern[_pos - 1];
            }
            var escaped = ParseEscape(inClass: true);
            if (escaped.Ranges is [var (lo, hi)] && lo == hi)
            {
                return lo;
            }
            set.Ranges.AddRange(escaped.Ranges);
            return null;
        }

        /// <summary>After a backslash.</summary>
        private CharSet ParseEscape(bool inClass)
        {
            if (_pos >= pattern.Length)
            {
                throw Invalid("trailing backslash at end of expression");
            }
            var c = pattern[_pos++];
            return c switch
            {
                'd' => CharSet.Of(('0', '9')),
                'w' => CharSet.Of(('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')),
                's' => CharSet.Of(('\t', '\n'), ('\f', '\r'), (' ', ' ')),
                'D' when !inClass => CharSet.Of(true, ('0', '9')),
                'W' when !inClass => CharSet.Of(true, ('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')),
                'S' when !inClass => CharSet.Of(true, ('\t', '\n'), ('\f', '\r'), (' ', ' ')),
                // Go: any ASCII punctuation may be escaped to stand for itself.
                _ when char.IsAscii(c) && !char.IsAsciiLetterOrDigit(c) && !char.IsControl(c) => CharSet.Of((c, c)),
                _ => throw Unsupported($"the escape \\{c}{(inClass ? " in a class" : "")}"),
            };
        }

        private bool Peek(char c) => _pos < pattern.Length && pattern[_pos] == c;

        private CniException Invalid(string why) =>
            new(CniErrorCode.Internal, $"sysctl allowlist pattern `{pattern}` is not a valid regular expression: {why} at offset {_pos}");

        private CniException Unsupported(string what) =>
            new(CniErrorCode.Internal, $"sysctl allowlist pattern `{pattern}`: {what} is not supported (supported: {Supported})");
    }
}
