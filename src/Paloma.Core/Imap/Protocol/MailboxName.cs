using System.Text;

namespace Paloma.Imap.Protocol;

/// <summary>
/// Mailbox names between the wire (modified UTF-7, RFC 3501 §5.1.3) and the store (UTF-8 with "/" as the
/// hierarchy delimiter). The checks here keep every name an opaque key inside the user's own namespace: no
/// empty, "." or ".." components, no control characters, at most 1024 octets (the C31 path traversal cases).
/// </summary>
public static class MailboxName
{
    public const char Delimiter = '/';

    /// <summary>RFC 3501 does not bound names; 1024 octets matches the store's limit.</summary>
    public const int MaxBytes = 1024;

    private static readonly UTF8Encoding s_strictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Decodes and validates a name from the wire; <paramref name="error"/> says precisely why not.</summary>
    /// <param name="allowTrailingDelimiter">CREATE only: RFC 3501 §6.3.3 lets "foo/" create "foo".</param>
    /// <param name="utf8">UTF8=ACCEPT or IMAP4rev2 is on: the name is UTF-8 as it stands, "&amp;" included
    /// (RFC 6855 §3, RFC 9051 §5.1).</param>
    public static bool TryDecode(byte[] wire, bool allowTrailingDelimiter, bool utf8, out string name,
        out string error)
    {
        name = "";
        string decoded;
        if (utf8)
        {
            error = "";
            try
            {
                decoded = s_strictUtf8.GetString(wire);
            }
            catch (DecoderFallbackException)
            {
                error = "mailbox name is not valid UTF-8";
                return false;
            }
        }
        else if (wire.Any(b => b >= 0x80))
        {
            error = "8-bit mailbox names need ENABLE UTF8=ACCEPT; use modified UTF-7";
            return false;
        }
        else if (!ModifiedUtf7.TryDecode(Encoding.ASCII.GetString(wire), out decoded, out error))
        {
            return false;
        }

        if (allowTrailingDelimiter && decoded.Length > 1 && decoded[^1] == Delimiter)
        {
            decoded = decoded[..^1];
        }

        if (!TryValidate(decoded, out error))
        {
            return false;
        }

        name = Canonical(decoded);
        return true;
    }

    public static bool TryValidate(string name, out string error)
    {
        error = "";
        if (name.Length == 0)
        {
            error = "mailbox name is empty";
        }
        else if (Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            error = $"mailbox name is longer than {MaxBytes} octets";
        }
        else if (name.Any(char.IsControl))
        {
            error = "mailbox name contains a control character";
        }
        else if (name.Split(Delimiter).Any(c => c.Length == 0))
        {
            error = "mailbox name has an empty hierarchy component";
        }
        else if (name.Split(Delimiter).Any(c => c is "." or ".."))
        {
            error = "mailbox name has a \".\" or \"..\" component";
        }

        return error.Length == 0;
    }

    /// <summary>RFC 3501 §5.1: INBOX is case-insensitive, so "inbox/x" is "INBOX/x".</summary>
    public static string Canonical(string name)
    {
        if (name.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return "INBOX";
        }

        return name.Length > 6 && name.StartsWith("INBOX/", StringComparison.OrdinalIgnoreCase)
            ? "INBOX" + name[5..]
            : name;
    }

    /// <summary>The name as it goes on the wire: modified UTF-7, or UTF-8 once the session enabled it.</summary>
    public static string Encode(string name, bool utf8 = false) => utf8 ? name : ModifiedUtf7.Encode(name);
}
