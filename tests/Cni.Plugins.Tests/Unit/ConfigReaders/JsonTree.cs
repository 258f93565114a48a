using System.Text;

namespace Cni.Plugins.Tests.Unit.ConfigReaders;

/// <summary>A JSON text as a tree of raw pieces, so tests can write duplicates, escapes and odd spacing exactly.</summary>
internal abstract record JsonTree
{
    /// <summary>Renders the tree; <paramref name="newline"/> null writes it on one line.</summary>
    public string Render(string? newline = null, string indent = "  ")
    {
        var sb = new StringBuilder();
        Write(sb, newline, indent, 0);
        return sb.ToString();
    }

    public abstract void Write(StringBuilder sb, string? newline, string indent, int depth);

    /// <summary>Every tree made by replacing one node (at any depth) with each of <paramref name="values"/>.</summary>
    public abstract IEnumerable<JsonTree> ReplaceEach(IReadOnlyList<JsonTree> values);

    /// <summary>Every tree made by renaming one member (at any depth) through <paramref name="rename"/>.</summary>
    public abstract IEnumerable<JsonTree> RenameEach(Func<string, IEnumerable<string>> rename);

    protected static void Break(StringBuilder sb, string? newline, string indent, int depth)
    {
        if (newline is not null)
        {
            sb.Append(newline);
            for (int i = 0; i < depth; i++)
            {
                sb.Append(indent);
            }
        }
    }
}

internal sealed record Raw(string Text) : JsonTree
{
    public override void Write(StringBuilder sb, string? newline, string indent, int depth) => sb.Append(Text);
    public override IEnumerable<JsonTree> ReplaceEach(IReadOnlyList<JsonTree> values) => values;
    public override IEnumerable<JsonTree> RenameEach(Func<string, IEnumerable<string>> rename) => [];
}

/// <summary>Member names are written as given (raw, without quotes added or escapes applied).</summary>
internal sealed record Obj(IReadOnlyList<(string Name, JsonTree Value)> Members) : JsonTree
{
    public Obj(params (string, JsonTree)[] members) : this((IReadOnlyList<(string, JsonTree)>)members)
    {
    }

    public override void Write(StringBuilder sb, string? newline, string indent, int depth)
    {
        sb.Append('{');
        for (int i = 0; i < Members.Count; i++)
        {
            Break(sb, newline, indent, depth + 1);
            sb.Append('"').Append(Members[i].Name).Append("\":");
            if (newline is not null)
            {
                sb.Append(' ');
            }
            Members[i].Value.Write(sb, newline, indent, depth + 1);
            if (i < Members.Count - 1)
            {
                sb.Append(',');
            }
        }
        if (Members.Count > 0)
        {
            Break(sb, newline, indent, depth);
        }
        sb.Append('}');
    }

    public override IEnumerable<JsonTree> ReplaceEach(IReadOnlyList<JsonTree> values)
    {
        foreach (var v in values)
        {
            yield return v;
        }
        for (int i = 0; i < Members.Count; i++)
        {
            foreach (var v in Members[i].Value.ReplaceEach(values))
            {
                yield return With(i, (Members[i].Name, v));
            }
        }
    }

    public override IEnumerable<JsonTree> RenameEach(Func<string, IEnumerable<string>> rename)
    {
        for (int i = 0; i < Members.Count; i++)
        {
            foreach (var n in rename(Members[i].Name))
            {
                yield return With(i, (n, Members[i].Value));
            }
            foreach (var v in Members[i].Value.RenameEach(rename))
            {
                yield return With(i, (Members[i].Name, v));
            }
        }
    }

    private Obj With(int i, (string, JsonTree) member)
    {
        var copy = Members.ToList();
        copy[i] = member;
        return new Obj(copy);
    }
}

internal sealed record Arr(IReadOnlyList<JsonTree> Items) : JsonTree
{
    public Arr(params JsonTree[] items) : this((IReadOnlyList<JsonTree>)items)
    {
    }

    public override void Write(StringBuilder sb, string? newline, string indent, int depth)
    {
        sb.Append('[');
        for (int i = 0; i < Items.Count; i++)
        {
            Break(sb, newline, indent, depth + 1);
            Items[i].Write(sb, newline, indent, depth + 1);
            if (i < Items.Count - 1)
            {
                sb.Append(',');
            }
        }
        if (Items.Count > 0)
        {
            Break(sb, newline, indent, depth);
        }
        sb.Append(']');
    }

    public override IEnumerable<JsonTree> ReplaceEach(IReadOnlyList<JsonTree> values)
    {
        foreach (var v in values)
        {
            yield return v;
        }
        for (int i = 0; i < Items.Count; i++)
        {
            foreach (var v in Items[i].ReplaceEach(values))
            {
                var copy = Items.ToList();
                copy[i] = v;
                yield return new Arr(copy);
            }
        }
    }

    public override IEnumerable<JsonTree> RenameEach(Func<string, IEnumerable<string>> rename)
    {
        for (int i = 0; i < Items.Count; i++)
        {
            foreach (var v in Items[i].RenameEach(rename))
            {
                var copy = Items.ToList();
                copy[i] = v;
                yield return new Arr(copy);
            }
        }
    }
}
