using System.Net;
using System.Text;

namespace Paloma.Policy;

/// <summary>A reverse-path or forward-path of RFC 5321 §4.1.2, parsed for policy decisions: the text between
/// the angle brackets, "[@route,@route:]local-part[@domain]". The domain is normalised (lower case, A-label,
/// trailing dot removed); an address literal becomes "[192.0.2.1]" or "[ipv6:2001:db8::1]".</summary>
public sealed class EnvelopeAddress
{
    // RFC 5322 §3.2.3 atext; characters above 127 are allowed too for SMTPUTF8 (RFC 6531 §3.3).
    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~";

    private EnvelopeAddress(string localPart, bool isQuoted, string? domain, IPAddress? literal, string? route)
    {
        LocalPart = localPart;
        IsQuoted = isQuoted;
        Domain = domain;
        AddressLiteral = literal;
        SourceRoute = route;
    }

    /// <summary>The null reverse-path "&lt;&gt;" (RFC 5321 §4.5.5).</summary>
    public static EnvelopeAddress Null { get; } = new("", false, null, null, null);

    /// <summary>The local part with quoting removed: for "\"a@b\""@example.test this is a@b.</summary>
    public string LocalPart { get; }

    /// <summary>The local part was written as a quoted string.</summary>
    public bool IsQuoted { get; }

    /// <summary>The normalised domain or literal, or null for a domainless path such as &lt;Postmaster&gt;.</summary>
    public string? Domain { get; }

    /// <summary>The address of an address literal domain (RFC 5321 §4.1.3), else null.</summary>
    public IPAddress? AddressLiteral { get; }

    /// <summary>The source route ("@a,@b") given before the mailbox, or null. RFC 5321 §3.3 and Appendix C: a
    /// server SHOULD ignore it and route on the mailbox alone, which is what the relay policy does.</summary>
    public string? SourceRoute { get; }

    public bool IsNull => ReferenceEquals(this, Null);

    /// <summary>RFC 5321 §4.5.1: "Postmaster" with no domain, in any case, must be accepted as a recipient.</summary>
    public bool IsPostmaster => Domain is null && LocalPart.Equals("postmaster", StringComparison.OrdinalIgnoreCase);

    /// <summary>The local part holds '%', '!' or '@' — the old routing syntaxes ("user%host@relay", UUCP bang
    /// paths, a quoted "user@host"). RFC 5321 §2.3.11 says the local part is interpreted only by the host of
    /// the domain; we do not route on them, and the relay policy refuses them at local domains.</summary>
    public bool HasRoutingCharacters => LocalPart.AsSpan().IndexOfAny('%', '!', '@') >= 0;

    /// <summary>"local@domain" with the unquoted local part, as access map and alias lookups use it.</summary>
    public string Address => Domain is null ? LocalPart : LocalPart + "@" + Domain;

    /// <summary>Parses the text between the angle brackets. An empty text is the null path. Returns false with a
    /// short reason for anything that is not a valid path, including a second '@', an empty domain, an invalid
    /// address literal such as [300.1.1.1], and a local part over 64 octets (RFC 5321 §4.5.3.1.1).</summary>
    public static bool TryParse(string path, out EnvelopeAddress address, out string? error)
    {
        address = Null;
        error = null;
        if (path.Length == 0)
        {
            return true;
        }

        var rest = path.AsSpan();
        string? route = null;
        if (rest[0] == '@')
        {
            // RFC 5321 §4.1.2: A-d-l ":" Mailbox, where A-d-l is "@domain" *("," "@domain").
            var colon = rest.IndexOf(':');
            if (colon < 0 || !IsValidRoute(rest[..colon]))
            {
                error = "invalid source route";
                return false;
            }

            route = rest[..colon].ToString();
            rest = rest[(colon + 1)..];
        }

        var localPart = ReadLocalPart(rest, out var consumed, out var quoted, out error);
        if (localPart is null)
        {
            return false;
        }

        rest = rest[consumed..];
        if (rest.Length == 0)
        {
            address = new EnvelopeAddress(localPart, quoted, null, null, route);
            return true;
        }

        if (rest[0] != '@' || rest.Length == 1)
        {
            error = rest[0] == '@' ? "empty domain after '@'" : "unexpected character in local part";
            return false;
        }

        var domainText = rest[1..];
        if (domainText.Contains('@'))
        {
            error = "more than one '@' in the address";
            return false;
        }

        IPAddress? literal = null;
        if (domainText[0] == '[')
        {
            literal = DomainName.ParseLiteral(domainText);
            if (literal is null)
            {
                error = "invalid address literal (RFC 5321 §4.1.3)";
                return false;
            }
        }

        var domain = literal is null ? DomainName.Normalize(domainText) : DomainName.FormatLiteral(literal);
        if (domain is null)
        {
            error = "invalid domain";
            return false;
        }

        address = new EnvelopeAddress(localPart, quoted, domain, literal, route);
        return true;
    }

    public override string ToString() => Address;

    private static string? ReadLocalPart(ReadOnlySpan<char> text, out int consumed, out bool quoted, out string? error)
    {
        error = null;
        quoted = text.Length > 0 && text[0] == '"';
        var local = quoted ? ReadQuoted(text, out consumed) : ReadDotString(text, out consumed);
        if (local is null)
        {
            error = quoted ? "unterminated or invalid quoted local part" : "invalid local part";
            return null;
        }

        if (Encoding.UTF8.GetByteCount(local) > 64)
        {
            error = "local part longer than 64 octets (RFC 5321 §4.5.3.1.1)";
            return null;
        }

        return local;
    }

    /// <summary>RFC 5321 §4.1.2 Quoted-string: DQUOTE *QcontentSMTP DQUOTE, with quoted-pairSMTP "\" %d32-126.
    /// </summary>
    private static string? ReadQuoted(ReadOnlySpan<char> text, out int consumed)
    {
        var builder = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                consumed = i + 1;
                return builder.ToString();
            }

            if (c == '\\')
            {
                if (++i == text.Length || text[i] is < ' ' or > '~')
                {
                    break;
                }

                c = text[i];
            }
            else if (c is < ' ' or '\x7f')
            {
                break;
            }

            builder.Append(c);
        }

        consumed = 0;
        return null;
    }

    /// <summary>RFC 5321 §4.1.2 Dot-string: Atom *("." Atom); stops at '@' or the end.</summary>
    private static string? ReadDotString(ReadOnlySpan<char> text, out int consumed)
    {
        var end = text.IndexOf('@');
        if (end < 0)
        {
            end = text.Length;
        }

        consumed = end;
        var local = text[..end];
        if (local.Length == 0 || local[0] == '.' || local[^1] == '.' || local.IndexOf("..") >= 0)
        {
            return null;
        }

        foreach (var c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && c <= 127 && !AtextSpecials.Contains(c))
            {
                return null;
            }
        }

        return local.ToString();
    }

    private static bool IsValidRoute(ReadOnlySpan<char> route)
    {
        foreach (var range in route.Split(','))
        {
            var hop = route[range];
            if (hop.Length < 2 || hop[0] != '@' || DomainName.Normalize(hop[1..]) is null)
            {
                return false;
            }
        }

        return true;
    }
}
