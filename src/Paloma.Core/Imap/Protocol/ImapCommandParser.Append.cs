using System.Buffers;

namespace Paloma.Imap.Protocol;

/// <summary>APPEND (RFC 3501 §6.3.11) with MULTIAPPEND (RFC 3502), literal8 (RFC 3516 §4.4) and the UTF8 form
/// (RFC 6855 §4).</summary>
public static partial class ImapCommandParser
{
    private static ImapCommand Append(ref ImapTokenReader reader, string tag, string name)
    {
        reader.Space();
        var mailbox = reader.AStringBytes();
        reader.Space();
        var part = AppendMessage(ref reader);
        return new AppendCommand(tag, mailbox, part.Flags, part.Date, part.Message, part.Utf8);
    }

    /// <summary>
    /// The next message of a MULTIAPPEND (RFC 3502 §6.3.11): what follows a message literal, " [flags] [date]
    /// {n}", given as the line without its CRLF.
    /// </summary>
    public static AppendPart ParseAppendPart(byte[] line)
    {
        var reader = new ImapTokenReader(new ReadOnlySequence<byte>([.. line, (byte)'\r', (byte)'\n']));
        reader.Space();
        return AppendMessage(ref reader);
    }

    /// <summary>[flag-list SP] [date-time SP] literal (RFC 3501 §9 append).</summary>
    private static AppendPart AppendMessage(ref ImapTokenReader reader)
    {
        IReadOnlyList<string> flags = [];
        if (reader.PeekIs((byte)'('))
        {
            flags = FlagList(ref reader, allowWildcard: false);
            reader.Space();
        }

        DateTimeOffset? date = null;
        if (reader.PeekIs((byte)'"'))
        {
            // RFC 3501 §6.3.11: the optional date-time precedes the message literal.
            var text = reader.String();
            if (!ImapDateTime.TryParseDateTime(text, out var parsed))
            {
                ImapSyntaxException.Throw("invalid date-time; expected \"dd-Mon-yyyy hh:mm:ss +zzzz\"");
            }

            date = parsed;
            reader.Space();
        }

        // RFC 6855 §4: append-data =/ "UTF8" SP "(" literal8 ")"; whether UTF8=ACCEPT is on is the handler's
        // question, so the literal is framed the same either way.
        var utf8 = false;
        if (!reader.PeekIs((byte)'{') && !reader.PeekIs((byte)'~'))
        {
            var word = reader.Atom();
            if (!word.Equals("UTF8", StringComparison.OrdinalIgnoreCase))
            {
                ImapSyntaxException.Throw("expected the message literal");
            }

            reader.Space();
            reader.Expect((byte)'(', "\"(\" after UTF8");
            if (!reader.PeekIs((byte)'~'))
            {
                ImapSyntaxException.Throw("APPEND UTF8 takes a literal8, ~{n}");
            }

            utf8 = true;
        }

        return new AppendPart(flags, date, reader.MessageLiteral(), utf8);
    }
}
