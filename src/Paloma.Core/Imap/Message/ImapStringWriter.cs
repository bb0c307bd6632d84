using System.Text;

namespace Paloma.Imap.Message;

/// <summary>
/// Writes the string forms of RFC 3501 §4.3 (quoted or literal) and NIL into a response under construction.
/// The text built here is sent as UTF-8, so a literal's count is the number of UTF-8 octets of its text.
/// </summary>
internal static class ImapStringWriter
{
    public const string Nil = "NIL";

    /// <summary>nstring: NIL when absent, otherwise <see cref="AppendString"/>.</summary>
    public static void AppendNString(StringBuilder builder, string? value)
    {
        if (value is null)
        {
            builder.Append(Nil);
            return;
        }

        AppendString(builder, value);
    }

    /// <summary>string: quoted when every character may appear in a quoted string, otherwise a literal.</summary>
    public static void AppendString(StringBuilder builder, string value)
    {
        if (!CanBeQuoted(value))
        {
            // RFC 3501 §4.3: a literal is the only form that can carry CR, LF, NUL or 8-bit octets.
            builder.Append('{').Append(Encoding.UTF8.GetByteCount(value)).Append("}\r\n").Append(value);
            return;
        }

        builder.Append('"');
        foreach (var c in value)
        {
            // RFC 3501 §9: quoted-specials are escaped with a backslash inside a quoted string.
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append('"');
    }

    /// <summary>RFC 3501 §9: QUOTED-CHAR is any 7-bit TEXT-CHAR, and TEXT-CHAR excludes CR and LF;
    /// CHAR excludes NUL.</summary>
    private static bool CanBeQuoted(string value)
    {
        foreach (var c in value)
        {
            if (c is '\0' or '\r' or '\n' || c > '\x7f')
            {
                return false;
            }
        }

        return true;
    }
}
