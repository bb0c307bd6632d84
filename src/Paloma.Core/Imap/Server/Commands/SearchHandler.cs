using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>SEARCH and UID SEARCH (RFC 3501 §6.4.4, §6.4.8).</summary>
internal static class SearchHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, SearchCommand command,
        CancellationToken ct)
    {
        // RFC 3501 §6.4.4: US-ASCII must be supported; RFC 9051 §6.4.4 adds UTF-8. Strings are decoded as UTF-8,
        // of which US-ASCII is a subset.
        if (command.Charset is { } charset && !charset.Equals("US-ASCII", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase))
        {
            return ImapCompletion.No($"charset {charset} is not supported",
                $"{ImapResponseCode.BadCharset} (US-ASCII UTF-8)");
        }

        var selected = session.Selected!;
        var evaluator = new SearchEvaluator(selected, session.Store);
        var hits = new List<uint>();
        for (var seq = 1; seq <= selected.Count; seq++)
        {
            var message = selected.At(seq);
            if (await evaluator.MatchesAsync(command.Key, seq, evaluator.Load(message), ct).ConfigureAwait(false))
            {
                hits.Add(command.Uid ? message.Uid : (uint)seq);
            }
        }

        session.Writer.Raw("* SEARCH");
        foreach (var hit in hits)
        {
            session.Writer.Raw(" ").Number(hit);
        }

        session.Writer.Line();
        return ImapCompletion.Ok($"{command.Name} completed");
    }
}
