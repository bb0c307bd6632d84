using System.Net;
using System.Net.NetworkInformation;
using Paloma.Accounts;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>
/// Decides a forward-path for local delivery: accepted for an existing local user, 550 5.1.1 for an unknown
/// user of a local domain, 550 5.7.1 for everything else. There is no relaying yet, so nothing that is not
/// in the local store is ever accepted (case C16).
/// </summary>
internal sealed class RecipientResolver(IAccountStore accounts, IPAddress localAddress)
{
    /// <summary>The reply to RCPT and, when it is 250, the user to deliver to.</summary>
    public async Task<(SmtpReply Reply, long? UserId)> ResolveAsync(SmtpPath path, CancellationToken ct)
    {
        if (path.IsPostmaster)
        {
            // RFC 5321 §4.5.1: "<Postmaster>" must be accepted; it goes to postmaster of our first domain.
            return await FindAsync("postmaster", await PrimaryDomainAsync(ct), ct).ConfigureAwait(false);
        }

        var address = path.Address!;
        string? domain = address.Kind switch
        {
            DomainKind.Name => await accounts.IsLocalDomainAsync(address.Domain, ct).ConfigureAwait(false)
                ? address.Domain
                : null,
            // RFC 5321 §4.1.3: an address literal names a host; our own addresses mean our primary domain.
            DomainKind.IPv4Literal or DomainKind.IPv6Literal when IsOwnAddress(address.Literal!) =>
                await PrimaryDomainAsync(ct).ConfigureAwait(false) ?? "",
            _ => null,
        };
        if (domain is null)
        {
            return (SmtpReply.RelayDenied, null);
        }

        // RFC 5321 §2.3.11: the local part means something only to its own domain. '%', '!' and quoted forms
        // are opaque characters here, never routing; a local part that needs quoting cannot be a user of ours.
        if (!address.IsDotString)
        {
            return (SmtpReply.NoSuchUser, null);
        }

        return await FindAsync(address.LocalPartValue, domain, ct).ConfigureAwait(false);
    }

    private async Task<(SmtpReply Reply, long? UserId)> FindAsync(string localPart, string? domain,
        CancellationToken ct)
    {
        if (string.IsNullOrEmpty(domain))
        {
            return (SmtpReply.NoSuchUser, null);
        }

        var user = await accounts.FindUserAsync(localPart + "@" + domain, ct).ConfigureAwait(false);
        return user is null ? (SmtpReply.NoSuchUser, null) : (SmtpReply.RecipientOk, user.Id);
    }

    private async Task<string?> PrimaryDomainAsync(CancellationToken ct)
    {
        var domains = await accounts.ListDomainsAsync(ct).ConfigureAwait(false);
        return domains.Count == 0 ? null : domains[0];
    }

    private bool IsOwnAddress(IPAddress literal)
    {
        var address = Normalize(literal);
        if (IPAddress.IsLoopback(address) || address.Equals(Normalize(localAddress)))
        {
            return true;
        }

        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Any(u => Normalize(u.Address).Equals(address));
        }
        catch (Exception e) when (e is NetworkInformationException or PlatformNotSupportedException
                                       or IOException or UnauthorizedAccessException)
        {
            // Sandboxes may hide the interface list; then only the listening address and loopback count.
            return false;
        }
    }

    private static IPAddress Normalize(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        // Interface addresses carry a scope id (fe80::1%2); a literal never does.
        if (plain.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && plain.ScopeId != 0)
        {
            plain = new IPAddress(plain.GetAddressBytes());
        }

        return plain;
    }
}
