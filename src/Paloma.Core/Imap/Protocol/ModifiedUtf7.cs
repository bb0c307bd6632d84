using System.Text;

namespace Paloma.Imap.Protocol;

/// <summary>
/// Mailbox names in modified UTF-7 (RFC 3501 §5.1.3): printable US-ASCII stands for itself except "&amp;", which
/// is written "&amp;-"; other characters are UTF-16 in modified base64 ("," for "/", no padding) between "&amp;"
/// and "-". Decoding validates strictly, so the decoder and the validator can never disagree (the C32 faults).
/// </summary>
public static class ModifiedUtf7
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    /// <summary>Decodes a name; returns false with a reason for anything RFC 3501 §5.1.3 does not allow.</summary>
    public static bool TryDecode(string encoded, out string decoded, out string error)
    {
        var result = new StringBuilder();
        decoded = "";
        error = "";
        var i = 0;
        var previousWasShift = false;
        while (i < encoded.Length)
        {
            var c = encoded[i];
            if (c is < ' ' or > '~')
            {
                error = "mailbox name has a character outside printable US-ASCII; use modified UTF-7";
                return false;
            }

            if (c != '&')
            {
                result.Append(c);
                i++;
                previousWasShift = false;
                continue;
            }

            var end = encoded.IndexOf('-', i + 1);
            if (end < 0)
            {
                error = "modified UTF-7 shift \"&\" is not terminated by \"-\"";
                return false;
            }

            if (end == i + 1)
            {
                result.Append('&');
                i = end + 1;
                previousWasShift = false;
                continue;
            }

            if (previousWasShift)
            {
                // RFC 3501 §5.1.3 encodes a run of non-ASCII as one shift; two adjacent shifts are not canonical.
                error = "adjacent modified UTF-7 shifts must be one";
                return false;
            }

            if (!TryDecodeRun(encoded.AsSpan(i + 1, end - i - 1), result, out error))
            {
                return false;
            }

            i = end + 1;
            previousWasShift = true;
        }

        decoded = result.ToString();
        return true;
    }

    private static bool TryDecodeRun(ReadOnlySpan<char> run, StringBuilder result, out string error)
    {
        error = "";
        var bits = 0;
        var bitCount = 0;
        var units = new List<char>();
        foreach (var c in run)
        {
            var value = Alphabet.IndexOf(c);
            if (value < 0)
            {
                error = $"\"{c}\" is not a modified base64 character";
                return false;
            }

            bits = ((bits << 6) | value) & 0xFFFFFF;
            bitCount += 6;
            if (bitCount >= 16)
            {
                bitCount -= 16;
                units.Add((char)((bits >> bitCount) & 0xFFFF));
            }
        }

        // Leftover bits must be padding: fewer than 6 and all zero.
        if (bitCount >= 6 || (bits & ((1 << bitCount) - 1)) != 0 || units.Count == 0)
        {
            error = "modified UTF-7 shift has a bad length or non-zero padding";
            return false;
        }

        foreach (var unit in units)
        {
            if (unit is >= ' ' and <= '~')
            {
                error = "printable US-ASCII must not be encoded in modified UTF-7";
                return false;
            }
        }

        var text = new string(units.ToArray());
        if (!IsWellFormedUtf16(text))
        {
            error = "modified UTF-7 shift holds an unpaired surrogate";
            return false;
        }

        result.Append(text);
        return true;
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static string Encode(string name)
    {
        var result = new StringBuilder();
        var i = 0;
        while (i < name.Length)
        {
            var c = name[i];
            if (c is >= ' ' and <= '~')
            {
                result.Append(c == '&' ? "&-" : c.ToString());
                i++;
                continue;
            }

            var start = i;
            while (i < name.Length && name[i] is < ' ' or > '~')
            {
                i++;
            }

            result.Append('&').Append(EncodeRun(name.AsSpan(start, i - start))).Append('-');
        }

        return result.ToString();
    }

    private static string EncodeRun(ReadOnlySpan<char> run)
    {
        var text = new StringBuilder();
        var bits = 0;
        var bitCount = 0;
        foreach (var unit in run)
        {
            bits = ((bits << 16) | unit) & 0xFFFFFF;
            bitCount += 16;
            while (bitCount >= 6)
            {
                bitCount -= 6;
                text.Append(Alphabet[(bits >> bitCount) & 0x3F]);
            }
        }

        if (bitCount > 0)
        {
            text.Append(Alphabet[(bits << (6 - bitCount)) & 0x3F]);
        }

        return text.ToString();
    }
}
