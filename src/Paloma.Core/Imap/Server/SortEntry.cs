using Paloma.Imap.Message;
using Paloma.Imap.Protocol;
using Paloma.Storage;

namespace Paloma.Imap.Server;

/// <summary>One message found by SORT or THREAD (RFC 5256), with the header fields its keys compare.</summary>
internal sealed record SortEntry(int Sequence, MessageInfo Message, SortHeaders Headers)
{
    private static readonly SortHeaders s_empty = new("", false, null, "", "", "", "", "", null, []);

    /// <summary>RFC 5256 §2.2: the Date: header in UTC, else the INTERNALDATE.</summary>
    public DateTimeOffset SentDate => Headers.SentDate ?? Message.InternalDate;

    /// <summary>The number the response carries: a UID for UID SORT/THREAD, else the sequence number.</summary>
    public uint Number(bool uid) => uid ? Message.Uid : (uint)Sequence;

    /// <summary>
    /// The messages matching <paramref name="key"/>, in sequence order. Headers are read only when
    /// <paramref name="withHeaders"/> (ARRIVAL and SIZE need none); a message whose content is gone (expunged
    /// elsewhere, RFC 3501 §7.4.1) sorts as if every field were empty.
    /// </summary>
    public static async Task<List<SortEntry>> LoadAsync(ImapSession session, SearchKey key, bool withHeaders,
        CancellationToken ct)
    {
        var selected = session.Selected!;
        var evaluator = new SearchEvaluator(selected, session.Store);
        var entries = new List<SortEntry>();
        for (var seq = 1; seq <= selected.Count; seq++)
        {
            var message = selected.At(seq);
            var data = evaluator.Load(message);
            if (!await evaluator.MatchesAsync(key, seq, data, ct).ConfigureAwait(false))
            {
                continue;
            }

            var headers = withHeaders && await data.ContentAsync(ct).ConfigureAwait(false) is { } content
                ? content.SortHeaders
                : s_empty;
            entries.Add(new SortEntry(seq, message, headers));
        }

        return entries;
    }

    /// <summary>RFC 5256 §3 and RFC 5957: one sort key; strings compare i;ascii-casemap, empty first.</summary>
    public static int Compare(string criterion, SortEntry a, SortEntry b) => criterion switch
    {
        "ARRIVAL" => a.Message.InternalDate.CompareTo(b.Message.InternalDate),
        "DATE" => a.SentDate.CompareTo(b.SentDate),
        "SIZE" => a.Message.Size.CompareTo(b.Message.Size),
        "SUBJECT" => CompareText(a.Headers.BaseSubject, b.Headers.BaseSubject),
        "FROM" => CompareText(a.Headers.From, b.Headers.From),
        "TO" => CompareText(a.Headers.To, b.Headers.To),
        "CC" => CompareText(a.Headers.Cc, b.Headers.Cc),
        "DISPLAYFROM" => CompareText(a.Headers.DisplayFrom, b.Headers.DisplayFrom),
        "DISPLAYTO" => CompareText(a.Headers.DisplayTo, b.Headers.DisplayTo),
        _ => 0,
    };

    public static int CompareText(string a, string b) => StringComparer.OrdinalIgnoreCase.Compare(a, b);
}
