using System.Text;

namespace Paloma.Imap.Message;

/// <summary>
/// A header section (of the message, of an encapsulated message or of a body part) found by scanning the raw
/// octets. <c>End</c> is where the body starts: after the empty line, or at the first line that is neither a
/// field nor a continuation when the sender left out the empty line (case C42).
/// </summary>
internal sealed class HeaderSection
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly byte[] _raw;

    private HeaderSection(byte[] raw, int start, int end, List<HeaderField> fields)
    {
        _raw = raw;
        Start = start;
        End = end;
        Fields = fields;
    }

    public int Start { get; }

    public int End { get; }

    public IReadOnlyList<HeaderField> Fields { get; }

    /// <summary>Scans the header section that begins at <paramref name="start"/>, stopping at
    /// <paramref name="limit"/>. Both CRLF and bare LF end a line.</summary>
    public static HeaderSection Parse(byte[] raw, int start, int limit)
    {
        var fields = new List<HeaderField>();
        var position = start;
        while (position < limit)
        {
            var next = NextLine(raw, position, limit);
            var first = raw[position];

            // RFC 5322 §2.1: only an empty line separates the header from the body. A line of white space is
            // obsolete folding (§4.2 obs-FWS), not the separator: it continues the field before it.
            if (first == (byte)'\n' || (first == (byte)'\r' && (position + 1 == limit || raw[position + 1] == '\n')))
            {
                return new HeaderSection(raw, start, next, fields);
            }

            if ((first == (byte)' ' || first == (byte)'\t') && fields.Count > 0)
            {
                var last = fields[^1];
                fields[^1] = last with { ValueEnd = ValueEndOf(raw, last.ValueStart, next), End = next };
                position = next;
                continue;
            }

            var colon = FindColonAfterName(raw, position, next);
            if (colon < 0)
            {
                // No empty line before the body: the body starts at the first line that is not a field, so
                // HEADER and TEXT still add up to the whole message (RFC 3501 §6.4.5, case C42).
                return new HeaderSection(raw, start, position, fields);
            }

            var nameEnd = position;
            while (nameEnd < colon && raw[nameEnd] != ' ' && raw[nameEnd] != '\t')
            {
                nameEnd++;
            }

            fields.Add(new HeaderField(position, nameEnd, colon + 1, ValueEndOf(raw, colon + 1, next), next));
            position = next;
        }

        return new HeaderSection(raw, start, limit, fields);
    }

    public HeaderField? Find(string name)
    {
        foreach (var field in Fields)
        {
            if (field.HasName(_raw, name))
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>The value of the first field with this name, unfolded and trimmed; null when absent.</summary>
    public string? GetUnfolded(string name) => Find(name) is { } field ? Unfold(_raw, field) : null;

    /// <summary>RFC 5322 §2.2.3: unfolding removes the line breaks of folding and keeps the white space. The
    /// octets are read as UTF-8 (RFC 6532) when valid, otherwise one character per octet.</summary>
    public static string Unfold(byte[] raw, HeaderField field)
    {
        var value = field.Value(raw);
        Span<byte> buffer = value.Length <= 512 ? stackalloc byte[value.Length] : new byte[value.Length];
        var length = 0;
        foreach (var octet in value)
        {
            if (octet != '\r' && octet != '\n')
            {
                buffer[length++] = octet;
            }
        }

        var unfolded = buffer[..length].Trim(" \t"u8);
        return DecodeOctets(unfolded);
    }

    public static string DecodeOctets(ReadOnlySpan<byte> octets)
    {
        try
        {
            return StrictUtf8.GetString(octets);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(octets);
        }
    }

    private static int NextLine(byte[] raw, int position, int limit)
    {
        var newline = raw.AsSpan(position, limit - position).IndexOf((byte)'\n');
        return newline < 0 ? limit : position + newline + 1;
    }

    private static int ValueEndOf(byte[] raw, int valueStart, int lineEnd)
    {
        var end = lineEnd;
        if (end > valueStart && raw[end - 1] == '\n')
        {
            end--;
        }

        if (end > valueStart && raw[end - 1] == '\r')
        {
            end--;
        }

        return end;
    }

    /// <summary>RFC 5322 §3.6.8: a field name is printable US-ASCII except colon; §4.5 (obs-optional) allows
    /// white space between the name and the colon. Returns the colon's index, or -1 if the line is no field.
    /// </summary>
    private static int FindColonAfterName(byte[] raw, int position, int lineEnd)
    {
        var index = position;
        while (index < lineEnd && raw[index] > 32 && raw[index] < 127 && raw[index] != ':')
        {
            index++;
        }

        if (index == position)
        {
            return -1;
        }

        while (index < lineEnd && (raw[index] == ' ' || raw[index] == '\t'))
        {
            index++;
        }

        return index < lineEnd && raw[index] == ':' ? index : -1;
    }
}
