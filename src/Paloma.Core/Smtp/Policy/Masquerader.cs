using System.Text;
using Paloma.Config;
using Paloma.Policy;

namespace Paloma.Smtp.Policy;

/// <summary>Sendmail's masquerading: MASQUERADE_AS(`domain') rewrites the sender addresses in the headers of
/// mail from local users and local hosts to the masquerade domain; FEATURE(masquerade_envelope) does the same
/// to the envelope sender; FEATURE(masquerade_entire_domain) extends it from the local domains themselves to
/// every subdomain of them. The headers rewritten are the sender headers Sendmail marks H_FROM: From, Sender,
/// Reply-To, Resent-From, Resent-Sender and Errors-To. Recipient headers are never touched.</summary>
internal sealed class Masquerader(MasqueradeSettings settings, LocalDomainSource localDomains)
{
    private static readonly HashSet<string> s_senderHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "Sender", "Reply-To", "Resent-From", "Resent-Sender", "Errors-To",
    };

    private readonly string _domain = settings.As!;

    public bool Envelope => settings.Envelope;

    public static bool IsSenderHeader(string name) => s_senderHeaders.Contains(name);

    /// <summary>The domain an address at <paramref name="domain"/> is shown as, or null to leave it.</summary>
    public string? Rewrite(string domain)
    {
        if (domain.Length == 0 || domain[0] == '[' || domain.Equals(_domain, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var local = localDomains.Current;
        var masquerade = settings.EntireDomain ? local.ContainsDomainOrParent(domain) : local.Contains(domain);
        return masquerade ? _domain : null;
    }

    /// <summary>"user@domain" masqueraded, or the same text.</summary>
    public string RewriteAddress(string address)
    {
        var at = address.LastIndexOf('@');
        return at > 0 && Rewrite(address[(at + 1)..]) is { } domain ? address[..(at + 1)] + domain : address;
    }

    /// <summary>Rewrites the domain of each address in a header value: every "@" followed by a domain (letters,
    /// digits, '-', '.'), which is how addr-specs appear in From-like headers (RFC 5322 §3.4).</summary>
    public string RewriteHeaderValue(string value)
    {
        var result = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var at = value.IndexOf('@', i);
            if (at < 0)
            {
                result.Append(value, i, value.Length - i);
                break;
            }

            var end = at + 1;
            while (end < value.Length && (char.IsAsciiLetterOrDigit(value[end]) || value[end] is '-' or '.'))
            {
                end++;
            }

            var domain = value[(at + 1)..end].TrimEnd('.');
            result.Append(value, i, at + 1 - i);
            var rest = value[(at + 1 + domain.Length)..end];
            result.Append(Rewrite(domain) is { } masked ? masked + rest : value[(at + 1)..end]);
            i = end;
        }

        return result.ToString();
    }
}
