using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Paloma.Hosting;
using Paloma.Policy;

namespace Paloma.Smtp.Policy;

/// <summary>Everything the SMTP server decides by policy, built once per server from the configuration: the
/// relay and access checks (<see cref="RelayPolicy"/>), recipient expansion through aliases and the
/// virtusertable (<see cref="AddressResolver"/>), the sender domain check and masquerading. Sessions share it;
/// it is thread-safe.</summary>
internal sealed class SmtpPolicy
{
    private readonly LocalDomainSource _localDomains;
    private readonly AliasSource _aliases;

    public SmtpPolicy(ServerContext context)
    {
        var config = context.Config;
        var maps = PolicyMaps.Load(config, context.Time);
        _localDomains = new LocalDomainSource(maps.LocalDomains, context.Accounts);
        _aliases = new AliasSource(maps.Aliases, context.Aliases);
        // Deferred: listing the interfaces reads /proc and netlink for each of them, a cost every start would
        // pay for what only an address literal in a recipient needs.
        var own = OwnAddresses(config.Listen.Smtp.Select(e => e.Address).ToList());
        Relay = new RelayPolicy(maps.Access, _localDomains, maps.RelayDomains, config.Auth.RelayMechanisms, own);
        Resolver = new AddressResolver(_localDomains, _aliases, maps.VirtualUsers);
        SenderDomains = config.Smtp.AcceptUnresolvableDomains ? null : new SenderDomainCheck(config.Dns.Servers);
        Masquerade = config.Masquerade.As is null ? null : new Masquerader(config.Masquerade, _localDomains);
        Postmaster = config.Server.Postmaster;
        ClientNames = config.Dns.ReverseLookup
            ? new ClientNameVerifier(config.Dns.Servers, TimeSpan.FromSeconds(config.Dns.Timeout))
            : null;
    }

    /// <summary><c>[server] postmaster</c>: where postmaster goes when no user or alias has that name.</summary>
    public string? Postmaster { get; }

    /// <summary>The forward-confirmed reverse DNS name of clients, for Connect: host keys and Received:; null when
    /// <c>[dns] reverse_lookup</c> is off.</summary>
    public ClientNameVerifier? ClientNames { get; }

    public RelayPolicy Relay { get; }

    public AddressResolver Resolver { get; }

    /// <summary>Null when [smtp] accept_unresolvable_domains is true.</summary>
    public SenderDomainCheck? SenderDomains { get; }

    /// <summary>Null when [masquerade] as is not set.</summary>
    public Masquerader? Masquerade { get; }

    /// <summary>The account store's domains, ordered by name, as of the last <see cref="RefreshAsync"/>.</summary>
    public IReadOnlyList<string> AccountDomains => _localDomains.Rows;

    /// <summary>The current local domains, database included (after <see cref="RefreshAsync"/>).</summary>
    public DomainSet LocalDomains => _localDomains.Current;

    /// <summary>Reads the database parts (domains, aliases) so that the next synchronous decisions see what
    /// <c>paloma domain add</c> and <c>paloma alias add</c> did since.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _localDomains.RefreshAsync(ct).ConfigureAwait(false);
        await _aliases.RefreshAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Loopback, the listening addresses and the interfaces' addresses: an address literal naming one of
    /// them is us (RFC 5321 §4.1.3; Sendmail puts its interface addresses in class {w}). Lazy: the interfaces are
    /// listed when the sequence is enumerated.</summary>
    private static IEnumerable<IPAddress> OwnAddresses(List<IPAddress> listening)
    {
        yield return IPAddress.Loopback;
        yield return IPAddress.IPv6Loopback;
        foreach (var address in listening.Where(a => !a.Equals(IPAddress.Any) && !a.Equals(IPAddress.IPv6Any)))
        {
            yield return address;
        }

        foreach (var address in InterfaceAddresses())
        {
            yield return address;
        }
    }

    private static List<IPAddress> InterfaceAddresses()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(u => WithoutScope(u.Address))
                .ToList();
        }
        catch (Exception e) when (e is NetworkInformationException or PlatformNotSupportedException
                                       or IOException or UnauthorizedAccessException)
        {
            // Sandboxes may hide the interface list; then only loopback and the listening addresses count.
            return [];
        }
    }

    private static IPAddress WithoutScope(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
}
