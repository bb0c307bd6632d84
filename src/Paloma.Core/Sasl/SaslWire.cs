using System.Text;

namespace Paloma.Sasl;

/// <summary>
/// The wire form shared by SMTP AUTH (RFC 4954), IMAP AUTHENTICATE (RFC 3501 §6.2.2, RFC 4959) and POP3 AUTH
/// (RFC 5034): each client response is one line of base64, or <c>*</c> to cancel.
/// </summary>
public static class SaslWire
{
    /// <summary>True when the line (without CRLF) is the cancellation <c>*</c>.</summary>
    /// <remarks>RFC 4954 §4, RFC 3501 §6.2.2, RFC 5034 §4: exactly one asterisk; the protocol layer answers
    /// 501 / BAD / -ERR and leaves the session unauthenticated.</remarks>
    public static bool IsCancel(ReadOnlySpan<char> line) => line is "*";

    public static bool IsCancel(ReadOnlySpan<byte> line) => line.Length == 1 && line[0] == (byte)'*';

    /// <summary>Encodes a challenge or server data; an empty challenge is the empty string.</summary>
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToBase64String(data);

    /// <summary>
    /// Decodes one response line (without CRLF) strictly: RFC 4648 §4 alphabet only, length a multiple of 4,
    /// padding only at the end, no whitespace, and zero pad bits. The single <c>=</c> of an empty initial
    /// response (RFC 4954 §4, RFC 4959 §3) and an empty line both decode to no bytes.
    /// </summary>
    /// <returns>false for anything else; the protocol layer answers 501 5.5.2 / BAD, never 535.</returns>
    public static bool TryDecode(ReadOnlySpan<char> line, out byte[] bytes)
    {
        bytes = [];
        if (line.IsEmpty || line is "=")
        {
            return true;
        }

        if (line.Length % 4 != 0 || !IsStrictBase64(line))
        {
            return false;
        }

        var buffer = new byte[line.Length / 4 * 3];
        if (!Convert.TryFromBase64Chars(line, buffer, out var written))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    /// <inheritdoc cref="TryDecode(ReadOnlySpan{char}, out byte[])"/>
    public static bool TryDecode(ReadOnlySpan<byte> line, out byte[] bytes)
    {
        bytes = [];
        foreach (var b in line)
        {
            if (b >= 0x80)
            {
                return false;
            }
        }

        return TryDecode(Encoding.ASCII.GetString(line), out bytes);
    }

    private static bool IsStrictBase64(ReadOnlySpan<char> line)
    {
        var padding = line.EndsWith("==") ? 2 : line.EndsWith("=") ? 1 : 0;
        var data = line[..^padding];
        foreach (var c in data)
        {
            if (SextetOf(c) < 0)
            {
                return false;
            }
        }

        if (padding == 0)
        {
            return true;
        }

        // RFC 4648 §3.5: the unused bits of the last character before padding are zero in a canonical encoding;
        // anything else would let two different lines decode to the same bytes.
        var last = SextetOf(data[^1]);
        return padding == 1 ? (last & 0x03) == 0 : (last & 0x0F) == 0;
    }

    private static int SextetOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };
}
