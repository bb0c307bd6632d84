using System.Text;

namespace Paloma.Sasl;

/// <summary>
/// Parser for the DIGEST-MD5 digest-response (RFC 2831 §2.1.2, §7.1): a comma-separated list of
/// <c>token "=" ( token | quoted-string )</c>, with empty list elements and linear white space allowed.
/// </summary>
internal static class DigestMd5Directives
{
    /// <returns>The directives by lower-case name, or null when the syntax is wrong or a directive repeats
    /// (RFC 2831 §2.1.2: each directive may appear at most once).</returns>
    public static Dictionary<string, string>? Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (true)
        {
            SkipSeparators(text, ref i);
            if (i >= text.Length)
            {
                return result;
            }

            var nameStart = i;
            while (i < text.Length && IsTokenChar(text[i]))
            {
                i++;
            }

            var name = text[nameStart..i].ToLowerInvariant();
            SkipWhiteSpace(text, ref i);
            if (name.Length == 0 || i >= text.Length || text[i] != '=')
            {
                return null;
            }

            i++;
            SkipWhiteSpace(text, ref i);
            var value = i < text.Length && text[i] == '"' ? ReadQuoted(text, ref i) : ReadToken(text, ref i);
            if (value is null || !result.TryAdd(name, value))
            {
                return null;
            }

            SkipWhiteSpace(text, ref i);
            if (i < text.Length && text[i] != ',')
            {
                return null;
            }
        }
    }

    private static string? ReadQuoted(string text, ref int i)
    {
        var builder = new StringBuilder();
        for (i++; i < text.Length; i++)
        {
            // RFC 2831 §7.2: quoted-pair = "\" CHAR.
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                builder.Append(text[++i]);
            }
            else if (text[i] == '"')
            {
                i++;
                return builder.ToString();
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return null;
    }

    private static string? ReadToken(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && IsTokenChar(text[i]))
        {
            i++;
        }

        return i > start ? text[start..i] : null;
    }

    private static void SkipSeparators(string text, ref int i)
    {
        while (i < text.Length && (text[i] == ',' || IsWhiteSpace(text[i])))
        {
            i++;
        }
    }

    private static void SkipWhiteSpace(string text, ref int i)
    {
        while (i < text.Length && IsWhiteSpace(text[i]))
        {
            i++;
        }
    }

    private static bool IsWhiteSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    // RFC 2616 §2.2: token = 1*<any CHAR except CTLs or separators>.
    private static bool IsTokenChar(char c) =>
        c > 0x20 && c < 0x7F && "()<>@,;:\\\"/[]?={} \t".IndexOf(c) < 0;
}
