namespace Paloma.Imap.Protocol;

public static partial class ImapCommandParser
{
    /// <summary>SELECT/EXAMINE parameters (RFC 4466 §2.1): "(CONDSTORE)" (RFC 7162 §3.1.8) and
    /// "(QRESYNC (uidvalidity modseq [known-uids [seq-match-data]]))" (§3.2.5).</summary>
    private static SelectOptions SelectParameters(ref ImapTokenReader reader)
    {
        reader.Expect((byte)'(', "\"(\"");
        var condStore = false;
        QResyncParameters? qresync = null;
        do
        {
            var word = reader.Atom().ToUpperInvariant();
            if (word == "CONDSTORE")
            {
                condStore = true;
            }
            else if (word == "QRESYNC")
            {
                reader.Space();
                qresync = QResync(ref reader);
            }
            else
            {
                ImapSyntaxException.Throw($"unknown SELECT parameter {word}");
            }
        }
        while (reader.TryTake((byte)' '));

        reader.Expect((byte)')', "\")\"");
        return new SelectOptions(condStore, qresync);
    }

    private static QResyncParameters QResync(ref ImapTokenReader reader)
    {
        reader.Expect((byte)'(', "\"(\"");
        var uidValidity = reader.NzNumber();
        reader.Space();
        var modSeq = reader.Number64();
        if (modSeq == 0)
        {
            ImapSyntaxException.Throw("QRESYNC mod-sequence must not be zero");
        }

        SequenceSet? known = null;
        if (reader.TryTake((byte)' '))
        {
            if (!reader.PeekIs((byte)'('))
            {
                known = SequenceSet.Parse(ref reader);
                reader.TryTake((byte)' ');
            }

            if (reader.TryTake((byte)'('))
            {
                // seq-match-data: the server keeps every tombstone, so it never needs the hint; only its form counts.
                SequenceSet.Parse(ref reader);
                reader.Space();
                SequenceSet.Parse(ref reader);
                reader.Expect((byte)')', "\")\" to close the sequence match data");
            }
        }

        reader.Expect((byte)')', "\")\" to close QRESYNC");
        return new QResyncParameters(uidValidity, modSeq, known);
    }

    /// <summary>CREATE parameters (RFC 4466 §2.2): only "(USE (\attr ...))" of RFC 6154 §3.</summary>
    private static List<string> CreateParameters(ref ImapTokenReader reader)
    {
        reader.Expect((byte)'(', "\"(\"");
        if (!reader.Atom().Equals("USE", StringComparison.OrdinalIgnoreCase))
        {
            ImapSyntaxException.Throw("the only CREATE parameter is USE");
        }

        reader.Space();
        reader.Expect((byte)'(', "\"(\"");
        var uses = new List<string>();
        do
        {
            reader.Expect((byte)'\\', "a special-use attribute");
            uses.Add("\\" + reader.Atom());
        }
        while (reader.TryTake((byte)' '));

        reader.Expect((byte)')', "\")\"");
        reader.Expect((byte)')', "\")\"");
        return uses;
    }

    /// <summary>STORE modifiers (RFC 4466 §2.5): "(UNCHANGEDSINCE n) " (RFC 7162 §3.1.3), consumed with its space.
    /// </summary>
    private static ulong? StoreModifiers(ref ImapTokenReader reader)
    {
        if (!reader.TryTake((byte)'('))
        {
            return null;
        }

        if (!reader.Atom().Equals("UNCHANGEDSINCE", StringComparison.OrdinalIgnoreCase))
        {
            ImapSyntaxException.Throw("the only STORE modifier is UNCHANGEDSINCE");
        }

        reader.Space();
        var value = reader.Number64();
        reader.Expect((byte)')', "\")\"");
        reader.Space();
        return value;
    }

    /// <summary>FETCH modifiers (RFC 4466 §2.4): CHANGEDSINCE (RFC 7162 §3.1.4.1) and VANISHED (§3.2.6), which
    /// needs CHANGEDSINCE and UID FETCH.</summary>
    private static (ulong? ChangedSince, bool Vanished) FetchModifiers(ref ImapTokenReader reader, bool uid)
    {
        reader.Expect((byte)'(', "\"(\"");
        ulong? changedSince = null;
        var vanished = false;
        do
        {
            var word = reader.Atom().ToUpperInvariant();
            if (word == "CHANGEDSINCE")
            {
                reader.Space();
                changedSince = reader.Number64();
            }
            else if (word == "VANISHED")
            {
                vanished = true;
            }
            else
            {
                ImapSyntaxException.Throw($"unknown FETCH modifier {word}");
            }
        }
        while (reader.TryTake((byte)' '));

        reader.Expect((byte)')', "\")\"");
        if (vanished && (!uid || changedSince is null))
        {
            ImapSyntaxException.Throw("VANISHED needs UID FETCH and CHANGEDSINCE (RFC 7162 §3.2.6)");
        }

        return (changedSince, vanished);
    }
}
