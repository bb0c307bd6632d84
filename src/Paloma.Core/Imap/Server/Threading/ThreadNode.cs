using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Threading;

/// <summary>A node of a THREAD tree (RFC 5256 §3): a message, or a dummy (<see cref="Entry"/> null) standing for
/// a message that is referenced but not among those searched.</summary>
internal sealed class ThreadNode(SortEntry? entry)
{
    public SortEntry? Entry { get; set; } = entry;

    public ThreadNode? Parent { get; set; }

    public List<ThreadNode> Children { get; } = [];

    public bool IsDummy => Entry is null;

    /// <summary>The date a node sorts by: its own, or its first child's for a dummy (RFC 5256 §3 steps 4, 6).
    /// </summary>
    public (DateTimeOffset Date, int Sequence) SortKey =>
        Entry is { } e ? (e.SentDate, e.Sequence) : Children.Count > 0 ? Children[0].SortKey : (default, 0);

    public bool IsAncestorOf(ThreadNode node)
    {
        for (var p = node.Parent; p is not null; p = p.Parent)
        {
            if (p == this)
            {
                return true;
            }
        }

        return false;
    }

    public void AddChild(ThreadNode child)
    {
        child.Parent?.Children.Remove(child);
        child.Parent = this;
        Children.Add(child);
    }

    public void Detach()
    {
        Parent?.Children.Remove(this);
        Parent = null;
    }

    /// <summary>Sorts siblings by sent date, then sequence number, deepest first (RFC 5256 §3 step 6).</summary>
    public void SortDeep()
    {
        foreach (var child in Children)
        {
            child.SortDeep();
        }

        Children.Sort((a, b) => a.SortKey.CompareTo(b.SortKey));
    }

    /// <summary>
    /// thread-list (RFC 5256 §5): a chain of single children is written as "a b c"; where the thread splits,
    /// each branch is a parenthesised list. A dummy writes no number.
    /// </summary>
    public static void Write(ImapResponseWriter writer, IReadOnlyList<ThreadNode> roots, bool uid)
    {
        foreach (var root in roots)
        {
            writer.Raw("(");
            WriteMembers(writer, root, uid);
            writer.Raw(")");
        }
    }

    private static void WriteMembers(ImapResponseWriter writer, ThreadNode node, bool uid)
    {
        var first = true;
        while (true)
        {
            if (node.Entry is { } entry)
            {
                writer.Raw(first ? "" : " ").Number(entry.Number(uid));
                first = false;
            }

            if (node.Children.Count == 1)
            {
                node = node.Children[0];
                continue;
            }

            if (node.Children.Count > 1)
            {
                if (!first)
                {
                    writer.Raw(" ");
                }

                Write(writer, node.Children, uid);
            }

            return;
        }
    }
}
