using MimeKit;

namespace Paloma.Queue.Delivery;

/// <summary>
/// What a message really needs from the next hop, decided from its octets rather than from the parameters it
/// arrived with (case C20: SMTPUTF8 and 8BITMIME are asked for only when the message uses them).
/// </summary>
public static class ContentRules
{
    /// <summary>Any octet above 127 anywhere in the file.</summary>
    public static bool HasEightBit(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[65536];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (buffer.AsSpan(0, read).ContainsAnyInRange((byte)0x80, (byte)0xFF))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>RFC 6531 §3.4: SMTPUTF8 is needed when an envelope address or the header section holds UTF-8.
    /// Only checked for messages that arrived with SMTPUTF8; others cannot legally carry it.</summary>
    public static bool NeedsSmtpUtf8(QueuedMessage message, IEnumerable<QueuedRecipient> recipients)
    {
        if (!message.SmtpUtf8)
        {
            return false;
        }

        if (!IsAscii(message.ReversePath) || recipients.Any(r => !IsAscii(r.Address)))
        {
            return true;
        }

        using var stream = File.OpenRead(message.Path);
        var previous = -1;
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b >= 0x80)
            {
                return true;
            }

            // The header section ends at the first empty line (RFC 5322 §2.1).
            if (b == '\n' && previous == '\n')
            {
                return false;
            }

            if (b != '\r')
            {
                previous = b;
            }
        }

        return false;
    }

    /// <summary>
    /// RFC 6152 §3 and RFC 5321 §2.4: 8-bit content goes only to a hop that offers 8BITMIME. For one that does
    /// not, the MIME parts are re-encoded to quoted-printable or base64; returns null when that cannot make the
    /// message 7-bit (raw 8-bit octets in headers).
    /// </summary>
    public static MemoryStream? DowngradeToSevenBit(string path)
    {
        var message = MimeMessage.Load(path);
        message.Prepare(EncodingConstraint.SevenBit, 998);
        var output = new MemoryStream();
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(options, output);
        if (output.ToArray().Any(b => b >= 0x80))
        {
            return null;
        }

        output.Position = 0;
        return output;
    }

    private static bool IsAscii(string s) => s.All(char.IsAscii);
}
