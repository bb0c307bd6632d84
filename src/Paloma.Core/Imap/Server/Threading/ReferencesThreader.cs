namespace Paloma.Imap.Server.Threading;

/// <summary>
/// THREAD=REFERENCES (RFC 5256 §3): parent/child links from References (or In-Reply-To), dummies for ids not
/// among the searched messages, then pruning, merging of threads by base subject, and sorting by sent date. The
/// numbered steps below are the RFC's.
/// </summary>
internal static class ReferencesThreader
{
    public static List<ThreadNode> Build(List<SortEntry> entries)
    {
        var byId = new Dictionary<string, ThreadNode>(StringComparer.Ordinal);
        foreach (var entry in entries.OrderBy(e => e.Sequence))
        {
            Link(byId, entry);
        }

        // (2) Every node without a parent is a child of the root.
        var root = new ThreadNode(null);
        foreach (var node in byId.Values.Where(n => n.Parent is null).ToList())
        {
            root.AddChild(node);
        }

        Prune(root);
        // (4) Top-level siblings by sent date; a dummy by its first child, its children sorted first.
        foreach (var child in root.Children.Where(c => c.IsDummy))
        {
            child.Children.Sort((a, b) => a.SortKey.CompareTo(b.SortKey));
        }

        root.Children.Sort((a, b) => a.SortKey.CompareTo(b.SortKey));
        MergeBySubject(root);
        root.SortDeep();
        foreach (var child in root.Children)
        {
            child.Parent = null;
        }

        return root.Children;
    }

    /// <summary>Steps (1)(A) and (1)(B) for one message.</summary>
    private static void Link(Dictionary<string, ThreadNode> byId, SortEntry entry)
    {
        // (1)(A) A message without an id, or with one a lower-numbered message already has, gets a unique one.
        var id = entry.Headers.MessageId;
        if (id is null || (byId.TryGetValue(id, out var existing) && !existing.IsDummy))
        {
            id = "\0" + entry.Sequence;
        }

        var node = byId.TryGetValue(id, out var dummy) ? dummy : byId[id] = new ThreadNode(null);
        node.Entry = entry;

        ThreadNode? previous = null;
        foreach (var reference in entry.Headers.References)
        {
            var referenced = byId.TryGetValue(reference, out var known) ? known : byId[reference] = new(null);
            // An existing link stays (the References line may be truncated); no link may make a loop.
            if (previous is not null && referenced.Parent is null && referenced != previous
                && !referenced.IsAncestorOf(previous))
            {
                previous.AddChild(referenced);
            }

            previous = referenced;
        }

        // (1)(B) The last reference is the parent, replacing any link made before; none if it would loop.
        node.Detach();
        if (previous is not null && previous != node && !node.IsAncestorOf(previous))
        {
            previous.AddChild(node);
        }
    }

    /// <summary>(3) Dummies go: without children, deleted; with children, replaced by them, except that
    /// children are not promoted to the root unless there is only one.</summary>
    private static void Prune(ThreadNode parent)
    {
        for (var i = 0; i < parent.Children.Count; i++)
        {
            var node = parent.Children[i];
            Prune(node);
            if (!node.IsDummy)
            {
                continue;
            }

            if (node.Children.Count == 0)
            {
                parent.Children.RemoveAt(i--);
            }
            else if (!IsRoot(parent) || node.Children.Count == 1)
            {
                var promoted = node.Children.ToList();
                parent.Children.RemoveAt(i);
                parent.Children.InsertRange(i, promoted);
                promoted.ForEach(c => c.Parent = parent);
                i--;
            }
        }
    }

    private static bool IsRoot(ThreadNode node) => node.Parent is null && node.Entry is null;

    /// <summary>(5) Threads under the root with the same base subject are merged.</summary>
    private static void MergeBySubject(ThreadNode root)
    {
        var table = new Dictionary<string, ThreadNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in root.Children)
        {
            var subject = ThreadSubject(node);
            if (subject.Length == 0)
            {
                continue;
            }

            // (5)(B)(iv) Prefer a dummy, then a message that is not a reply or forward.
            if (!table.TryGetValue(subject, out var held))
            {
                table[subject] = node;
            }
            else if (!held.IsDummy && (node.IsDummy || (IsReply(held) && !IsReply(node))))
            {
                table[subject] = node;
            }
        }

        foreach (var node in root.Children.ToList())
        {
            // A node already merged under a new dummy is no longer a child of the root.
            var subject = ThreadSubject(node);
            if (node.Parent != root || subject.Length == 0 || table[subject] is not { } held || held == node)
            {
                continue;
            }

            Merge(root, table, subject, held, node);
        }
    }

    /// <summary>(5)(C)(iv): the merge rules, in the RFC's order.</summary>
    private static void Merge(ThreadNode root, Dictionary<string, ThreadNode> table, string subject,
        ThreadNode held, ThreadNode node)
    {
        if (held.IsDummy && node.IsDummy)
        {
            foreach (var child in node.Children.ToList())
            {
                held.AddChild(child);
            }

            node.Detach();
        }
        else if (held.IsDummy || (IsReply(node) && !IsReply(held)))
        {
            held.AddChild(node);
        }
        else
        {
            var dummy = new ThreadNode(null);
            var index = root.Children.IndexOf(held);
            held.Detach();
            root.Children.Insert(index, dummy);
            dummy.Parent = root;
            dummy.AddChild(held);
            dummy.AddChild(node);
            table[subject] = dummy;
        }
    }

    /// <summary>(5)(B)(i): the base subject of the node, or of its first child for a dummy.</summary>
    private static string ThreadSubject(ThreadNode node) =>
        (node.Entry ?? (node.Children.Count > 0 ? node.Children[0].Entry : null))?.Headers.BaseSubject ?? "";

    private static bool IsReply(ThreadNode node) => node.Entry?.Headers.IsReplyOrForward ?? false;
}
