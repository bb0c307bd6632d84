namespace Paloma.Imap.Protocol;

public static partial class ImapCommandParser
{
    /// <summary>RFC 5256 §3, and DISPLAYFROM and DISPLAYTO of RFC 5957 §3.</summary>
    private static readonly string[] s_sortKeys =
        ["ARRIVAL", "CC", "DATE", "FROM", "SIZE", "SUBJECT", "TO", "DISPLAYFROM", "DISPLAYTO"];

    /// <summary>sort = ["UID" SP] "SORT" SP sort-criteria SP search-criteria (RFC 5256 §5); a charset is required.
    /// </summary>
    private static ImapCommand Sort(ref ImapTokenReader reader, string tag, bool uid)
    {
        reader.Space();
        reader.Expect((byte)'(', "\"(\" to open the sort criteria");
        var criteria = new List<string>();
        do
        {
            var word = reader.Atom().ToUpperInvariant();
            if (word == "REVERSE")
            {
                reader.Space();
                word = reader.Atom().ToUpperInvariant();
                criteria.Add("REVERSE");
            }

            if (!s_sortKeys.Contains(word))
            {
                ImapSyntaxException.Throw($"unknown sort key {word}");
            }

            criteria.Add(word);
        }
        while (reader.TryTake((byte)' '));

        reader.Expect((byte)')', "\")\" to close the sort criteria");
        reader.Space();
        var charset = reader.AString();
        return new SortCommand(tag, uid, criteria, charset, SearchKeys(ref reader));
    }

    /// <summary>thread = ["UID" SP] "THREAD" SP thread-alg SP search-charset 1*(SP search-key) (RFC 5256 §5).
    /// </summary>
    private static ImapCommand Thread(ref ImapTokenReader reader, string tag, bool uid)
    {
        reader.Space();
        var algorithm = reader.Atom().ToUpperInvariant();
        if (algorithm is not ("ORDEREDSUBJECT" or "REFERENCES"))
        {
            ImapSyntaxException.Throw($"unknown threading algorithm {algorithm}");
        }

        reader.Space();
        var charset = reader.AString();
        return new ThreadCommand(tag, uid, algorithm, charset, SearchKeys(ref reader));
    }

    /// <summary>GETQUOTA quota-root, GETQUOTAROOT mailbox (RFC 9208 §4.2, §4.3).</summary>
    private static ImapCommand QuotaArgument(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        var argument = reader.AStringBytes();
        reader.End();
        return new QuotaCommand(tag, name, argument);
    }

    /// <summary>setquota = "SETQUOTA" SP quota-root SP setquota-list (RFC 9208 §4.1, §9).</summary>
    private static ImapCommand SetQuota(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        var root = reader.AStringBytes();
        reader.Space();
        reader.Expect((byte)'(', "\"(\"");
        var limits = new List<(string, ulong)>();
        while (!reader.TryTake((byte)')'))
        {
            if (limits.Count > 0)
            {
                reader.Space();
            }

            var resource = reader.Atom().ToUpperInvariant();
            reader.Space();
            limits.Add((resource, reader.Number64()));
        }

        reader.End();
        return new SetQuotaCommand(tag, root, limits);
    }
}
