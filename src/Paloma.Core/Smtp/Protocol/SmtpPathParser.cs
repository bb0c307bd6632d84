using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Paloma.Smtp.Protocol;

/// <summary>
/// Parses the arguments of MAIL and RCPT: "FROM:" Reverse-path, "TO:" Forward-path, then esmtp-params
/// (RFC 5321 §4.1.1.2, §4.1.1.3, §4.1.2). Pure and bounded by the command line it is given.
/// </summary>
public static class SmtpPathParser
{
    /// <summary>RFC 5321 §4.5.3.1.1: local part at most 64 octets.</summary>
    public const int MaxLocalPartOctets = 64;

    /// <summary>RFC 5321 §4.5.3.1.2: domain at most 255 octets.</summary>
    public const int MaxDomainOctets = 255;

    private const string Atext = "!#$%&'*+-/=?^_`{|}~";

    private static readonly SmtpReply s_mailSyntax = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "Syntax: MAIL FROM:<address> [parameters]");
    private static readonly SmtpReply s_rcptSyntax = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "Syntax: RCPT TO:<address> [parameters]");
    private static readonly SmtpReply s_senderSyntax = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.BadSenderSyntax, "Bad sender address syntax");
    private static readonly SmtpReply s_recipientSyntax = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.BadDestinationSyntax, "Bad recipient address syntax");
    private static readonly SmtpReply s_parameterSyntax = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "Bad parameter syntax");

    // RFC 6531 §3.5: without the SMTPUTF8 parameter a non-ASCII envelope is refused with X.6.7, 550 at MAIL and
    // 553 at RCPT (case C19).
    private static readonly SmtpReply s_nonAsciiSender = new(SmtpReplyCode.MailboxUnavailable550,
        EnhancedStatusCode.NonAsciiAddress, "Non-ASCII addresses require the SMTPUTF8 parameter");
    private static readonly SmtpReply s_nonAsciiRecipient = new(SmtpReplyCode.MailboxNameNotAllowed553,
        EnhancedStatusCode.NonAsciiAddress, "Non-ASCII addresses require the SMTPUTF8 parameter");

    private static readonly IdnMapping s_idn = new() { UseStd3AsciiRules = true };

    /// <summary>Parses the argument of MAIL: "FROM:" Reverse-path [SP Mail-parameters]. A non-ASCII path needs
    /// the SMTPUTF8 parameter on this same command (RFC 6531 §3.4).</summary>
    public static SmtpPathParseResult ParseMail(string argument) =>
        Parse(argument, "FROM:", isReverse: true, s_mailSyntax, s_senderSyntax, s_nonAsciiSender, smtpUtf8: null);

    /// <summary>Parses the argument of RCPT: "TO:" Forward-path [SP Rcpt-parameters].</summary>
    /// <param name="smtpUtf8">The transaction's MAIL carried SMTPUTF8: non-ASCII addresses are allowed.</param>
    public static SmtpPathParseResult ParseRcpt(string argument, bool smtpUtf8 = false) =>
        Parse(argument, "TO:", isReverse: false, s_rcptSyntax, s_recipientSyntax, s_nonAsciiRecipient, smtpUtf8);

    /// <summary>True if <paramref name="text"/> is a Domain or an address-literal (the EHLO/HELO argument). The
    /// EHLO name stays ASCII even with SMTPUTF8 (RFC 6531 §3.7.1).</summary>
    public static bool IsDomainOrLiteral(string text)
    {
        var position = 0;
        return text.All(char.IsAscii) && ParseDomain(text, ref position, out _, out _) && position == text.Length;
    }

    /// <summary>
    /// With SMTPUTF8 (RFC 6531 §3.3) the local part may hold UTF-8 and the domain U-labels. The domain is kept in
    /// its A-label form (RFC 5891 §5), so that every lookup (local domains, maps, DNS) sees one form of it
    /// whichever the client sent (case C19); the local part is kept as sent.
    /// </summary>
    /// <param name="smtpUtf8">Non-ASCII allowed; null to decide by a SMTPUTF8 parameter in the argument.</param>
    private static SmtpPathParseResult Parse(string argument, string prefix, bool isReverse, SmtpReply commandSyntax,
        SmtpReply addressSyntax, SmtpReply nonAscii, bool? smtpUtf8)
    {
        if (!argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return SmtpPathParseResult.Fail(commandSyntax);
        }

        var text = argument[prefix.Length..].TrimEnd(' ');

        // RFC 5321 §4.1.1.3 and §4.1.2: the path is always in angle brackets, "RCPT TO:Postmaster" included
        // (case C15).
        if (!text.StartsWith('<'))
        {
            return SmtpPathParseResult.Fail(commandSyntax);
        }

        var close = FindPathEnd(text);
        if (close < 0)
        {
            return SmtpPathParseResult.Fail(addressSyntax);
        }

        var inner = text[1..close];
        if (!ParseParameters(text[(close + 1)..], out var parameters))
        {
            return inner.All(char.IsAscii)
                ? SmtpPathParseResult.Fail(s_parameterSyntax)
                : SmtpPathParseResult.Fail(nonAscii);
        }

        var utf8 = smtpUtf8 ?? parameters.Any(p => p.Keyword.Equals("SMTPUTF8", StringComparison.OrdinalIgnoreCase));
        if (!utf8 && !inner.All(char.IsAscii))
        {
            return SmtpPathParseResult.Fail(nonAscii);
        }

        // RFC 5321 §4.1.1.2 and §3.6.3: "<>" is the null reverse-path, allowed for MAIL only.
        if (inner.Length == 0)
        {
            return isReverse
                ? new SmtpPathParseResult(new SmtpPath(null, false, parameters), null)
                : SmtpPathParseResult.Fail(addressSyntax);
        }

        // RFC 5321 §4.5.1: "<Postmaster>" without a domain, in any case, is a valid forward-path.
        if (!isReverse && inner.Equals("postmaster", StringComparison.OrdinalIgnoreCase))
        {
            return new SmtpPathParseResult(new SmtpPath(null, true, parameters), null);
        }

        var address = ParsePathContent(inner);
        return address is null
            ? SmtpPathParseResult.Fail(addressSyntax)
            : new SmtpPathParseResult(new SmtpPath(address, false, parameters), null);
    }

    /// <summary>The index of the "&gt;" that closes the path, skipping quoted strings; -1 if there is none.</summary>
    private static int FindPathEnd(string text)
    {
        var quoted = false;
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted && c == '\\')
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '>')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>[ A-d-l ":" ] Mailbox, the whole of it. Returns null on any syntax error.</summary>
    private static SmtpAddress? ParsePathContent(string inner)
    {
        var position = 0;
        if (inner.StartsWith('@'))
        {
            // RFC 5321 §4.1.2 A-d-l = At-domain *( "," At-domain ); §4.1.4: accepted and ignored.
            while (true)
            {
                position++;
                if (!ParseDomain(inner, ref position, out _, out _))
                {
                    return null;
                }

                if (position < inner.Length && inner[position] == ',' && position + 1 < inner.Length
                    && inner[position + 1] == '@')
                {
                    position++;
                    continue;
                }

                if (position >= inner.Length || inner[position] != ':')
                {
                    return null;
                }

                position++;
                break;
            }
        }

        var address = ParseMailbox(inner, ref position);
        return address is not null && position == inner.Length ? address : null;
    }

    private static SmtpAddress? ParseMailbox(string text, ref int position)
    {
        var start = position;
        string value;
        bool isDotString;
        if (position < text.Length && text[position] == '"')
        {
            if (!ParseQuotedString(text, ref position, out value))
            {
                return null;
            }

            isDotString = IsDotString(value);
        }
        else
        {
            while (position < text.Length && (IsAtext(text[position]) || text[position] == '.'))
            {
                position++;
            }

            value = text[start..position];
            if (!IsDotString(value))
            {
                return null;
            }

            isDotString = true;
        }

        var localPart = text[start..position];
        if (Encoding.UTF8.GetByteCount(localPart) > MaxLocalPartOctets || position >= text.Length
            || text[position] != '@')
        {
            return null;
        }

        position++;
        var domainStart = position;
        if (!ParseDomain(text, ref position, out var kind, out var literal))
        {
            return null;
        }

        var domain = text[domainStart..position];
        if (!domain.All(char.IsAscii))
        {
            try
            {
                domain = s_idn.GetAscii(domain);
            }
            catch (ArgumentException)
            {
                // Not a valid U-label sequence (RFC 5891 §4): a syntax error like any other.
                return null;
            }
        }

        return new SmtpAddress(localPart, value, isDotString, domain, kind, literal);
    }

    /// <summary>Quoted-string = DQUOTE *QcontentSMTP DQUOTE (RFC 5321 §4.1.2); gives the unescaped value.</summary>
    private static bool ParseQuotedString(string text, ref int position, out string value)
    {
        var builder = new StringBuilder();
        value = "";
        position++;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '"')
            {
                position++;
                value = builder.ToString();
                return true;
            }

            if (c == '\\')
            {
                // quoted-pairSMTP = %d92 %d32-126
                if (position + 1 >= text.Length || text[position + 1] is < ' ' or > '~')
                {
                    return false;
                }

                builder.Append(text[position + 1]);
                position += 2;
                continue;
            }

            // RFC 6531 §3.3: qtextSMTP =/ UTF8-non-ascii (only reached when SMTPUTF8 allows it).
            if (c is < ' ' or (> '~' and <= (char)127))
            {
                return false;
            }

            builder.Append(c);
            position++;
        }

        return false;
    }

    /// <summary>Domain / address-literal, consuming as much as belongs to it.</summary>
    private static bool ParseDomain(string text, ref int position, out DomainKind kind, out IPAddress? literal)
    {
        kind = DomainKind.Name;
        literal = null;
        if (position < text.Length && text[position] == '[')
        {
            var end = text.IndexOf(']', position);
            if (end < 0)
            {
                return false;
            }

            var ok = ParseAddressLiteral(text[(position + 1)..end], out kind, out literal);
            position = end + 1;
            return ok;
        }

        var start = position;
        while (true)
        {
            // sub-domain = Let-dig [Ldh-str]: starts and ends with a letter or digit, at most 63 octets.
            var label = position;
            while (position < text.Length && (IsLetDig(text[position]) || text[position] == '-'))
            {
                position++;
            }

            var length = position - label;
            if (length == 0 || length > 63 && text[label..position].All(char.IsAscii) || text[label] == '-'
                || text[position - 1] == '-')
            {
                return false;
            }

            if (position + 1 < text.Length && text[position] == '.' && IsLetDig(text[position + 1]))
            {
                position++;
                continue;
            }

            // A trailing dot ("example.com.") is not part of the RFC 5321 Domain grammar and is refused (C16).
            return position - start <= MaxDomainOctets;
        }
    }

    /// <summary>RFC 5321 §4.1.3: IPv4, "IPv6:" and General-address-literal forms, without the brackets.</summary>
    private static bool ParseAddressLiteral(string content, out DomainKind kind, out IPAddress? literal)
    {
        kind = DomainKind.IPv4Literal;
        literal = null;
        if (content.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            kind = DomainKind.IPv6Literal;
            var v6 = content[5..];
            if (v6.Length == 0 || !v6.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
                || !IPAddress.TryParse(v6, out literal) || literal.AddressFamily != AddressFamily.InterNetworkV6)
            {
                literal = null;
                return false;
            }

            return true;
        }

        var colon = content.IndexOf(':');
        if (colon > 0)
        {
            // General-address-literal = Standardized-tag ":" 1*dcontent; dcontent = %d33-90 / %d94-126.
            kind = DomainKind.GeneralLiteral;
            var tag = content[..colon];
            var rest = content[(colon + 1)..];
            return tag.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && char.IsAsciiLetterOrDigit(tag[0])
                && rest.Length > 0 && rest.All(c => c is >= '!' and <= 'Z' or >= '^' and <= '~');
        }

        // IPv4-address-literal = Snum 3("." Snum); Snum = 1*3DIGIT representing 0-255.
        var parts = content.Split('.');
        if (parts.Length != 4
            || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || int.Parse(p) > 255))
        {
            return false;
        }

        literal = IPAddress.Parse(content);
        return true;
    }

    /// <summary>Mail-parameters = esmtp-param *(SP esmtp-param), after the path (RFC 5321 §4.1.2).</summary>
    private static bool ParseParameters(string text, out List<EsmtpParameter> parameters)
    {
        parameters = [];
        if (text.Length == 0)
        {
            return true;
        }

        if (text[0] != ' ')
        {
            return false;
        }

        foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=');
            var keyword = equals < 0 ? item : item[..equals];
            var value = equals < 0 ? null : item[(equals + 1)..];

            // esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"); esmtp-value = 1*(%d33-60 / %d62-126)
            if (keyword.Length == 0 || !char.IsAsciiLetterOrDigit(keyword[0])
                || !keyword.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }

            if (value is not null && (value.Length == 0 || !value.All(c => c is >= '!' and <= '~' and not '=')))
            {
                return false;
            }

            parameters.Add(new EsmtpParameter(keyword, value));
        }

        return true;
    }

    private static bool IsDotString(string value) =>
        value.Length > 0 && !value.StartsWith('.') && !value.EndsWith('.') && !value.Contains("..")
        && value.All(c => IsAtext(c) || c == '.');

    /// <summary>RFC 6531 §3.3: atext =/ UTF8-non-ascii (only reached when SMTPUTF8 allows it).</summary>
    private static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || c > 127 || Atext.Contains(c);

    /// <summary>Let-dig, and the characters of a U-label (RFC 6531 §3.3 sub-domain =/ U-label), checked by IDNA
    /// afterwards.</summary>
    private static bool IsLetDig(char c) => char.IsAsciiLetterOrDigit(c) || c > 127;
}
