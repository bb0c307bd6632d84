namespace Paloma.Imap.Protocol;

public static partial class ImapCommandParser
{
    /// <summary>Bounds the recursion of NOT, OR and parentheses, so no input can exhaust the stack.</summary>
    private const int MaxSearchDepth = 64;

    private static readonly string[] s_searchReturn = ["MIN", "MAX", "ALL", "COUNT", "SAVE"];

    private static ImapCommand Search(ref ImapTokenReader reader, string tag, bool uid)
    {
        reader.Space();
        List<string>? returns = null;
        if (reader.PeekIs((byte)'R') || reader.PeekIs((byte)'r'))
        {
            returns = SearchReturn(ref reader);
        }

        string? charset = null;
        var keys = new List<SearchKey>();
        var first = ParseSearchKey(ref reader, 0, out var charsetWord);
        if (charsetWord)
        {
            reader.Space();
            charset = reader.AString();
        }
        else
        {
            keys.Add(first);
        }

        while (reader.TryTake((byte)' '))
        {
            keys.Add(ParseSearchKey(ref reader, 0, out _));
        }

        if (keys.Count == 0)
        {
            ImapSyntaxException.Throw("SEARCH needs at least one search key");
        }

        reader.End();
        return new SearchCommand(tag, uid, charset, keys.Count == 1 ? keys[0] : new SearchAnd(keys), returns);
    }

    /// <summary>"RETURN (" [option *(SP option)] ") " (RFC 4731 §3.1, SAVE from RFC 5182 §2.2); it is told from
    /// the search keys RECENT and the like by the word being exactly RETURN.</summary>
    private static List<string>? SearchReturn(ref ImapTokenReader reader)
    {
        var probe = reader;
        if (!probe.Atom().Equals("RETURN", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        reader = probe;
        reader.Space();
        reader.Expect((byte)'(', "\"(\"");
        var options = new List<string>();
        while (!reader.TryTake((byte)')'))
        {
            if (options.Count > 0)
            {
                reader.Space();
            }

            var option = reader.Atom().ToUpperInvariant();
            if (!s_searchReturn.Contains(option))
            {
                ImapSyntaxException.Throw($"unknown SEARCH RETURN option {option}");
            }

            options.Add(option);
        }

        reader.Space();
        return options;
    }

    /// <summary>The search keys after SORT's or THREAD's charset: one or more, their AND.</summary>
    private static SearchKey SearchKeys(ref ImapTokenReader reader)
    {
        var keys = new List<SearchKey>();
        do
        {
            reader.Space();
            keys.Add(ParseSearchKey(ref reader, 1, out _));
        }
        while (!reader.TryEnd());

        return keys.Count == 1 ? keys[0] : new SearchAnd(keys);
    }

    private static SearchKey ParseSearchKey(ref ImapTokenReader reader, int depth, out bool isCharset)
    {
        isCharset = false;
        if (depth > MaxSearchDepth)
        {
            ImapSyntaxException.Throw("search keys nested too deeply");
        }

        if (reader.TryTake((byte)'('))
        {
            var keys = new List<SearchKey>();
            do
            {
                keys.Add(ParseSearchKey(ref reader, depth + 1, out _));
            }
            while (reader.TryTake((byte)' '));

            reader.Expect((byte)')', "\")\" to close the search key list");
            return keys.Count == 1 ? keys[0] : new SearchAnd(keys);
        }

        var next = reader.Peek();
        if (next is >= (byte)'0' and <= (byte)'9' or (byte)'*' or (byte)'$')
        {
            return new SearchSet(SequenceSet.Parse(ref reader), Uid: false);
        }

        var word = reader.Atom().ToUpperInvariant();
        if (word == "CHARSET" && depth == 0)
        {
            isCharset = true;
            return new SearchAll();
        }

        return SearchKeyWord(ref reader, word, depth);
    }

    private static SearchKey SearchKeyWord(ref ImapTokenReader reader, string word, int depth)
    {
        switch (word)
        {
            case "ALL":
                return new SearchAll();
            case "ANSWERED" or "DELETED" or "FLAGGED" or "SEEN" or "DRAFT":
                return new SearchFlag(ImapFlags.Canonical("\\" + word), true);
            case "UNANSWERED" or "UNDELETED" or "UNFLAGGED" or "UNSEEN" or "UNDRAFT":
                return new SearchFlag(ImapFlags.Canonical("\\" + word[2..]), false);
            case "KEYWORD" or "UNKEYWORD":
                reader.Space();
                return new SearchFlag(reader.Atom(), word == "KEYWORD");
            case "NEW":
                return new SearchAnd([new SearchRecent(true), new SearchFlag(ImapFlags.Seen, false)]);
            case "OLD" or "RECENT":
                return new SearchRecent(word == "RECENT");
            case "BEFORE" or "ON" or "SINCE" or "SENTBEFORE" or "SENTON" or "SENTSINCE":
                reader.Space();
                return SearchDateKey(ref reader, word);
            case "LARGER" or "SMALLER":
                reader.Space();
                return new SearchSize(word == "LARGER", reader.Number());
            case "FROM" or "TO" or "CC" or "BCC" or "SUBJECT":
                reader.Space();
                return new SearchHeader(word, reader.AString());
            case "HEADER":
                reader.Space();
                var field = reader.AString();
                reader.Space();
                return new SearchHeader(field, reader.AString());
            case "BODY":
                reader.Space();
                return new SearchBody(reader.AString());
            case "TEXT":
                reader.Space();
                return new SearchText(reader.AString());
            case "UID":
                reader.Space();
                return new SearchSet(SequenceSet.Parse(ref reader), Uid: true);
            case "MODSEQ":
                reader.Space();
                return SearchModSeqKey(ref reader);
            case "NOT":
                reader.Space();
                return new SearchNot(ParseSearchKey(ref reader, depth + 1, out _));
            case "OR":
                reader.Space();
                var left = ParseSearchKey(ref reader, depth + 1, out _);
                reader.Space();
                return new SearchOr(left, ParseSearchKey(ref reader, depth + 1, out _));
            default:
                ImapSyntaxException.Throw($"unknown search key {word}");
                return null!;
        }
    }

    /// <summary>MODSEQ [entry-name entry-type] mod-sequence (RFC 7162 §3.1.5); the entry is accepted and, as
    /// this server keeps one MODSEQ per message, not distinguished.</summary>
    private static SearchModSeq SearchModSeqKey(ref ImapTokenReader reader)
    {
        if (reader.PeekIs((byte)'"'))
        {
            reader.String();
            reader.Space();
            var type = reader.Atom().ToLowerInvariant();
            if (type is not ("priv" or "shared" or "all"))
            {
                ImapSyntaxException.Throw("MODSEQ entry type is priv, shared or all");
            }

            reader.Space();
        }

        return new SearchModSeq(reader.Number64());
    }

    private static SearchDate SearchDateKey(ref ImapTokenReader reader, string word)
    {
        var text = reader.AString();
        if (!ImapDateTime.TryParseDate(text, out var date))
        {
            ImapSyntaxException.Throw($"invalid date {text}; expected d-Mon-yyyy");
        }

        var sent = word.StartsWith("SENT", StringComparison.Ordinal);
        var comparison = (sent ? word[4..] : word) switch
        {
            "BEFORE" => SearchDateComparison.Before,
            "ON" => SearchDateComparison.On,
            _ => SearchDateComparison.Since,
        };
        return new SearchDate(sent, comparison, date);
    }
}
