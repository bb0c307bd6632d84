using System.Text;
using System.Text.Unicode;

namespace Paloma.Smtp.Protocol;

/// <summary>
/// Splits one command line (already framed by CRLF and bounded in length) into verb and argument. Pure: no
/// state, no I/O. The argument's own grammar (paths, parameters, domains) is left to the command.
/// </summary>
public static class SmtpCommandParser
{
    /// <summary>RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF.</summary>
    public const int MaxCommandLineOctets = 512;

    /// <summary>How long an AUTH line may be, CRLF included. RFC 4954 §4 asks clients to keep AUTH within the
    /// 512 octets above but servers to take SASL responses of 12288 octets; clients with long initial responses
    /// (OAuth tokens, long user names) send them on the AUTH line anyway, so AUTH alone gets the larger limit.
    /// </summary>
    public const int MaxAuthCommandLineOctets = 12_288;

    private static readonly Dictionary<string, SmtpVerb> s_verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EHLO"] = SmtpVerb.Ehlo,
        ["HELO"] = SmtpVerb.Helo,
        ["MAIL"] = SmtpVerb.Mail,
        ["RCPT"] = SmtpVerb.Rcpt,
        ["DATA"] = SmtpVerb.Data,
        ["RSET"] = SmtpVerb.Rset,
        ["NOOP"] = SmtpVerb.Noop,
        ["QUIT"] = SmtpVerb.Quit,
        ["HELP"] = SmtpVerb.Help,
        ["VRFY"] = SmtpVerb.Vrfy,
        ["EXPN"] = SmtpVerb.Expn,
        ["BDAT"] = SmtpVerb.Bdat,
        ["STARTTLS"] = SmtpVerb.StartTls, // RFC 3207
        ["AUTH"] = SmtpVerb.Auth, // RFC 4954
    };

    /// <param name="line">The line without its CRLF.</param>
    public static SmtpCommandParseResult Parse(ReadOnlySpan<byte> line)
    {
        // RFC 5321 §2.3.8 and §4.1.1: commands are printable text; a NUL, a stray CR or any other control octet
        // is a syntax error for the whole line, never something to cut the line at (case C11).
        foreach (var b in line)
        {
            if (b < 0x20 && b != (byte)'\t' || b == 0x7F)
            {
                return SmtpCommandParseResult.Fail(SmtpReply.InvalidCharacters);
            }
        }

        // Octets that are not UTF-8 cannot be part of any valid command (case C11); refuse rather than guess a
        // charset. Valid UTF-8 outside ASCII reaches the address parser, which answers X.6.7.
        if (!Utf8.IsValid(line))
        {
            return SmtpCommandParseResult.Fail(SmtpReply.InvalidCharacters);
        }

        var text = Encoding.UTF8.GetString(line);
        var space = text.IndexOf(' ');
        var keyword = space < 0 ? text : text[..space];
        var argument = space < 0 ? "" : text[(space + 1)..];
        if (keyword.Length == 0)
        {
            return SmtpCommandParseResult.Fail(SmtpReply.UnknownCommand);
        }

        var verb = s_verbs.GetValueOrDefault(keyword, SmtpVerb.Unknown);
        return new SmtpCommandParseResult(new SmtpCommand(verb, keyword, argument), null);
    }
}
