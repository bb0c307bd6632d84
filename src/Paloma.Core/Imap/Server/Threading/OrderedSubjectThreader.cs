namespace Paloma.Imap.Server.Threading;

/// <summary>
/// THREAD=ORDEREDSUBJECT (RFC 5256 §3): messages sorted by base subject then sent date; one thread per base
/// subject, its first message at the root and every other one a child of it; threads ordered by the sent date of
/// their first message.
/// </summary>
internal static class OrderedSubjectThreader
{
    public static List<ThreadNode> Build(List<SortEntry> entries)
    {
        var sorted = entries
            .OrderBy(e => e.Headers.BaseSubject, StringComparer.OrdinalIgnoreCase)
            .ThenBy(e => e.SentDate)
            .ThenBy(e => e.Sequence);
        var roots = new List<ThreadNode>();
        ThreadNode? current = null;
        foreach (var entry in sorted)
        {
            var node = new ThreadNode(entry);
            if (current is not null
                && SortEntry.CompareText(current.Entry!.Headers.BaseSubject, entry.Headers.BaseSubject) == 0)
            {
                current.AddChild(node);
                continue;
            }

            current = node;
            roots.Add(node);
        }

        roots.Sort((a, b) => a.SortKey.CompareTo(b.SortKey));
        return roots;
    }
}
