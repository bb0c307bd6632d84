using System.Globalization;
using System.Net;

namespace Paloma.Policy;

/// <summary>Normalises domain names for matching: ASCII lower case, trailing dot removed, internationalised
/// names converted to A-labels (RFC 5890 §2.3.2.1) so that a U-label and its A-label are one name.</summary>
internal static class DomainName
{
    private static readonly IdnMapping s_idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Normalises a domain name or an address literal ("[192.0.2.1]", "[IPv6:2001:db8::1]", which becomes
    /// the canonical text of the address in brackets). Returns null when the text is not a valid name.</summary>
    public static string? Normalize(ReadOnlySpan<char> name)
    {
        if (name.Length > 0 && name[0] == '[')
        {
            var address = ParseLiteral(name);
            return address is null ? null : FormatLiteral(address);
        }

        // A single trailing dot is the root label of a fully qualified name (RFC 1034 §3.1); Sendmail strips it
        // before class and map lookups, and so do we. Two trailing dots are an empty label and invalid.
        if (name.EndsWith("."))
        {
            name = name[..^1];
        }

        if (name.Length == 0 || name.Length > 253)
        {
            return null;
        }

        if (IsPlainAscii(name))
        {
            return IsValidAsciiName(name) ? name.ToString().ToLowerInvariant() : null;
        }

        try
        {
            // Lower-case first: IdnMapping does not fold case of U-labels when globalization is invariant, and
            // RFC 5890 §2.3.2.1 U-labels are compared in their lower-case form anyway.
            var ascii = s_idn.GetAscii(name.ToString().ToLowerInvariant()).ToLowerInvariant();
            return IsValidAsciiName(ascii) ? ascii : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Parses an RFC 5321 §4.1.3 address literal: "[IPv4]" or "[IPv6:address]". Other tagged literals
    /// (General-address-literal) are valid syntax but name no address we can route to, so they give null.</summary>
    public static IPAddress? ParseLiteral(ReadOnlySpan<char> literal)
    {
        if (literal.Length < 3 || literal[0] != '[' || literal[^1] != ']')
        {
            return null;
        }

        var inner = literal[1..^1];
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.TryParse(inner[5..], out var v6)
                && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && v6.ScopeId == 0
                ? v6
                : null;
        }

        return IsDottedQuad(inner) && IPAddress.TryParse(inner, out var v4) ? v4 : null;
    }

    public static string FormatLiteral(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[ipv6:{address}]"
            : $"[{address}]";

    /// <summary>True for exactly four decimal octets 0-255; IPAddress.TryParse alone also accepts "192.0.2"
    /// and "3221225985", which are not address literals.</summary>
    public static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (part.Length is 0 or > 3 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture,
                    out var value) || value > 255)
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }

    private static bool IsPlainAscii(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (c > 127)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>LDH labels of 1-63 characters (RFC 1035 §2.3.1, RFC 5890 for A-labels), underscores tolerated
    /// because real host names in relay lists use them.</summary>
    private static bool IsValidAsciiName(ReadOnlySpan<char> name)
    {
        foreach (var range in name.Split('.'))
        {
            var label = name[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
                {
                    return false;
                }
            }
        }

        return true;
    }
}
