namespace Paloma.Imap.Message;

/// <summary>
/// One header field as offsets into the raw message: <c>Start</c> is the first octet of the field name,
/// <c>ValueStart</c> the octet after the colon, <c>ValueEnd</c> the end of the value without the final line
/// break, and <c>End</c> the octet after that line break. Folded lines stay inside [Start, End).
/// </summary>
internal readonly record struct HeaderField(int Start, int NameEnd, int ValueStart, int ValueEnd, int End)
{
    /// <summary>RFC 5322 §1.2.2: field names compare case-insensitively; they are ASCII by §3.6.8.</summary>
    public bool HasName(byte[] raw, string name)
    {
        var length = NameEnd - Start;
        if (length != name.Length)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            if (char.ToLowerInvariant((char)raw[Start + i]) != char.ToLowerInvariant(name[i]))
            {
                return false;
            }
        }

        return true;
    }

    public ReadOnlySpan<byte> Value(byte[] raw) => raw.AsSpan(ValueStart, ValueEnd - ValueStart);
}
