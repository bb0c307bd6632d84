using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>SORT and UID SORT (RFC 5256 §3), with DISPLAYFROM and DISPLAYTO (RFC 5957).</summary>
internal static class SortHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, SortCommand command,
        CancellationToken ct)
    {
        if (SearchHandler.CharsetRefusal(command.Charset) is { } refusal)
        {
            return refusal;
        }

        var withHeaders = command.Criteria.Any(c => c is not ("ARRIVAL" or "SIZE" or "REVERSE"));
        var entries = await SortEntry.LoadAsync(session, command.Key, withHeaders, ct).ConfigureAwait(false);
        var criteria = Criteria(command.Criteria);
        entries.Sort((a, b) =>
        {
            foreach (var (key, reverse) in criteria)
            {
                var order = SortEntry.Compare(key, a, b);
                if (order != 0)
                {
                    return reverse ? -order : order;
                }
            }

            // RFC 5256 §3: messages equal on every key keep mailbox order; REVERSE does not apply to this.
            return a.Sequence.CompareTo(b.Sequence);
        });

        session.Writer.Raw("* SORT");
        foreach (var entry in entries)
        {
            session.Writer.Raw(" ").Number(entry.Number(command.Uid));
        }

        session.Writer.Line();
        return ImapCompletion.Ok($"{command.Name} completed");
    }

    /// <summary>"REVERSE" applies to the one key after it (RFC 5256 §3).</summary>
    private static List<(string Key, bool Reverse)> Criteria(IReadOnlyList<string> words)
    {
        var list = new List<(string, bool)>();
        var reverse = false;
        foreach (var word in words)
        {
            if (word == "REVERSE")
            {
                reverse = true;
                continue;
            }

            list.Add((word, reverse));
            reverse = false;
        }

        return list;
    }
}
