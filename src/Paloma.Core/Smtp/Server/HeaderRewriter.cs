using System.Text;
using Paloma.Smtp.Policy;

namespace Paloma.Smtp.Server;

/// <summary>The changes Paloma makes to a message's header section: masquerading of the sender headers, and an
/// X-Authentication-Warning: field (Sendmail's name for it) first when an authenticated user sends as an
/// address that is not theirs.</summary>
internal static class HeaderRewriter
{
    /// <summary>A rewrite function for <see cref="MessageSink"/>, or null when nothing is to change.</summary>
    public static Func<string, string>? Create(Masquerader? masquerade, string? warning)
    {
        if (masquerade is null && warning is null)
        {
            return null;
        }

        return header =>
        {
            var output = new StringBuilder(header.Length + 128);
            if (warning is not null)
            {
                output.Append("X-Authentication-Warning: ").Append(warning).Append("\r\n");
            }

            output.Append(masquerade is null ? header : Masquerade(header, masquerade));
            return output.ToString();
        };
    }

    /// <summary>Rewrites each sender field (with its continuation lines, RFC 5322 §2.2.3) as one unit.</summary>
    private static string Masquerade(string header, Masquerader masquerade)
    {
        var output = new StringBuilder(header.Length);
        var start = 0;
        while (start < header.Length)
        {
            var end = FieldEnd(header, start);
            var field = header[start..end];
            var colon = field.IndexOf(':');
            output.Append(colon > 0 && Masquerader.IsSenderHeader(field[..colon].TrimEnd())
                ? field[..(colon + 1)] + masquerade.RewriteHeaderValue(field[(colon + 1)..])
                : field);
            start = end;
        }

        return output.ToString();
    }

    private static int FieldEnd(string header, int start)
    {
        var position = start;
        while (true)
        {
            var lf = header.IndexOf('\n', position);
            if (lf < 0)
            {
                return header.Length;
            }

            position = lf + 1;
            if (position >= header.Length || header[position] is not (' ' or '\t'))
            {
                return position;
            }
        }
    }
}
