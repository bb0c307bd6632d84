namespace Paloma.Imap.Protocol;

/// <summary>
/// An announced literal: "{n}" (synchronising: the client waits for "+") or "{n+}" (LITERAL+, RFC 7888 §3:
/// the octets follow at once). The size is only a claim; nothing is allocated from it.
/// </summary>
public readonly record struct LiteralSpec(uint Size, bool Synchronizing)
{
    /// <summary>RFC 3501 §9: number is 1*DIGIT and fits in 32 bits unsigned; ten digits is the most it can be.
    /// </summary>
    private const int MaxDigits = 10;

    /// <summary>
    /// Reads the text between "{" and "}" ("20", "20+"). False for anything that is not a valid size: empty,
    /// signed, non-numeric, or above 4294967295 (the C28 cases).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> inner, out LiteralSpec spec)
    {
        spec = default;
        var synchronizing = true;
        if (inner.Length > 0 && inner[^1] == (byte)'+')
        {
            synchronizing = false;
            inner = inner[..^1];
        }

        if (inner.Length is 0 or > MaxDigits)
        {
            return false;
        }

        ulong value = 0;
        foreach (var b in inner)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = value * 10 + (ulong)(b - '0');
        }

        if (value > uint.MaxValue)
        {
            return false;
        }

        spec = new LiteralSpec((uint)value, synchronizing);
        return true;
    }

    /// <summary>
    /// Finds a literal announcement at the very end of a line (CRLF already removed), as RFC 3501 §4.3 places it.
    /// Returns false when the line does not end in "}" or what precedes it is not a valid size.
    /// </summary>
    public static bool TryFindAtLineEnd(ReadOnlySpan<byte> line, out LiteralSpec spec)
    {
        spec = default;
        if (line.Length < 3 || line[^1] != (byte)'}')
        {
            return false;
        }

        var open = line.LastIndexOf((byte)'{');
        return open >= 0 && TryParse(line[(open + 1)..^1], out spec);
    }
}
