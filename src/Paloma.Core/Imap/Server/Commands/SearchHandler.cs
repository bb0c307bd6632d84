using Paloma.Imap.Protocol;
using Paloma.Storage;

namespace Paloma.Imap.Server.Commands;

/// <summary>SEARCH and UID SEARCH (RFC 3501 §6.4.4, §6.4.8) with ESEARCH (RFC 4731), SEARCHRES (RFC 5182) and the
/// MODSEQ key (RFC 7162 §3.1.5).</summary>
internal static class SearchHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, SearchCommand command,
        CancellationToken ct)
    {
        if (CharsetRefusal(command.Charset) is { } refusal)
        {
            return refusal;
        }

        var usesModSeq = ContainsModSeq(command.Key);
        session.Enabled.CondStore |= usesModSeq;
        var hits = await MatchAsync(session, command.Key, ct).ConfigureAwait(false);
        var numbers = hits.Select(h => command.Uid ? h.Message.Uid : (uint)h.Sequence).ToList();
        // RFC 7162 §3.1.5: with the MODSEQ key, the highest MODSEQ of the messages found is returned.
        ulong? highest = usesModSeq && hits.Count > 0 ? hits.Max(h => h.Message.ModSeq) : null;
        // RFC 9051 §6.4.4: under IMAP4rev2 the answer is always ESEARCH, and no RETURN means RETURN (ALL).
        if (command.Return is null && session.Enabled.Rev2)
        {
            command = command with { Return = [] };
        }

        if (command.Return is null)
        {
            session.Writer.Raw("* SEARCH");
            foreach (var number in numbers)
            {
                session.Writer.Raw(" ").Number(number);
            }

            session.Writer.Raw(highest is { } h ? $" (MODSEQ {h})" : "").Line();
            return ImapCompletion.Ok($"{command.Name} completed");
        }

        var options = command.Return.Count == 0 ? ["ALL"] : command.Return;
        if (options.Contains("SAVE"))
        {
            Save(session.Selected!, hits, options);
        }

        // RFC 5182 §2.2: SAVE alone produces no ESEARCH response.
        if (options.Any(o => o != "SAVE"))
        {
            WriteEsearch(session.Writer, command.Tag, command.Uid, options, numbers, highest);
        }

        return ImapCompletion.Ok($"{command.Name} completed");
    }

    /// <summary>RFC 3501 §6.4.4: US-ASCII must be supported; RFC 9051 §6.4.4 adds UTF-8. Strings are decoded as
    /// UTF-8, of which US-ASCII is a subset.</summary>
    public static ImapCompletion? CharsetRefusal(string? charset) =>
        charset is null || charset.Equals("US-ASCII", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase)
            ? null
            : ImapCompletion.No($"charset {charset} is not supported",
                $"{ImapResponseCode.BadCharset} (US-ASCII UTF-8)");

    /// <summary>The messages of the selected mailbox that match <paramref name="key"/>, in sequence order.</summary>
    public static async Task<List<(int Sequence, MessageInfo Message)>> MatchAsync(ImapSession session,
        SearchKey key, CancellationToken ct)
    {
        var selected = session.Selected!;
        var evaluator = new SearchEvaluator(selected, session.Store);
        var hits = new List<(int, MessageInfo)>();
        if (SearchEvaluator.IsIndexOnly(key))
        {
            for (var seq = 1; seq <= selected.Count; seq++)
            {
                if (evaluator.Matches(key, seq, selected.At(seq)))
                {
                    hits.Add((seq, selected.At(seq)));
                }
            }

            return hits;
        }

        for (var seq = 1; seq <= selected.Count; seq++)
        {
            var message = selected.At(seq);
            if (await evaluator.MatchesAsync(key, seq, evaluator.Load(message), ct).ConfigureAwait(false))
            {
                hits.Add((seq, message));
            }
        }

        return hits;
    }

    /// <summary>RFC 5182 §2.4: with MIN and/or MAX but neither ALL nor COUNT only those are saved.</summary>
    private static void Save(SelectedMailbox selected, List<(int Sequence, MessageInfo Message)> hits,
        IReadOnlyList<string> options)
    {
        var uids = hits.Select(h => h.Message.Uid).ToList();
        if (uids.Count > 0 && !options.Contains("ALL") && !options.Contains("COUNT")
            && (options.Contains("MIN") || options.Contains("MAX")))
        {
            uids = [.. options.Contains("MIN") ? [uids[0]] : Array.Empty<uint>(),
                .. options.Contains("MAX") ? [uids[^1]] : Array.Empty<uint>()];
        }

        selected.Saved = uids.ToHashSet();
    }

    /// <summary>"* ESEARCH (TAG "t") [UID] MIN n MAX n COUNT n ALL set [MODSEQ n]" (RFC 4731 §3.1); MIN, MAX and ALL
    /// are left out when nothing matched.</summary>
    private static void WriteEsearch(ImapResponseWriter writer, string tag, bool uid, IReadOnlyList<string> options,
        List<uint> numbers, ulong? highest)
    {
        writer.Raw("* ESEARCH (TAG ").String(tag).Raw(")");
        if (uid)
        {
            writer.Raw(" UID");
        }

        if (numbers.Count > 0 && options.Contains("MIN"))
        {
            writer.Raw(" MIN ").Number(numbers[0]);
        }

        if (numbers.Count > 0 && options.Contains("MAX"))
        {
            writer.Raw(" MAX ").Number(numbers[^1]);
        }

        if (options.Contains("COUNT"))
        {
            writer.Raw(" COUNT ").Number(numbers.Count);
        }

        if (numbers.Count > 0 && options.Contains("ALL"))
        {
            writer.Raw(" ALL ").Raw(SequenceSet.Format(numbers));
        }

        writer.Raw(highest is { } h ? $" MODSEQ {h}" : "").Line();
    }

    private static bool ContainsModSeq(SearchKey key) => key switch
    {
        SearchModSeq => true,
        SearchAnd and => and.Keys.Any(ContainsModSeq),
        SearchOr or => ContainsModSeq(or.Left) || ContainsModSeq(or.Right),
        SearchNot not => ContainsModSeq(not.Key),
        _ => false,
    };
}
