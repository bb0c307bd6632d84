using System.Net;

namespace Paloma.Policy;

/// <summary>The Sendmail relay and access checks for one SMTP session's client, sender and recipients. Relaying
/// (RFC 5321 §3.6: accepting mail for a domain that is not ours, to pass it on) is allowed only for
/// <list type="bullet">
/// <item>a client authenticated with a mechanism listed in [auth] relay_mechanisms,</item>
/// <item>a client whose Connect: access entry (host, domain, address or network) is RELAY,</item>
/// <item>a client whose host name is in relay-domains or a subdomain of one,</item>
/// <item>a recipient whose domain is in relay-domains or a subdomain of one, or whose To: entry is RELAY.</item>
/// </list>
/// Anything else gets 550 5.7.1, as Sendmail's "Relaying denied" (cf/README, anti-spam configuration: "relaying
/// is denied by default"; RFC 2505 §2.1.1).</summary>
public sealed class RelayPolicy
{
    private static readonly PolicyDecision s_local = PolicyDecision.Accepted("local domain");
    private static readonly PolicyDecision s_postmaster = PolicyDecision.Accepted("postmaster (RFC 5321 §4.5.1)");
    private static readonly PolicyDecision s_authenticated = PolicyDecision.Accepted("relay: authenticated");
    private static readonly PolicyDecision s_relayDomain = PolicyDecision.Accepted("relay: relay-domains");
    private static readonly PolicyDecision s_relayClient = PolicyDecision.Accepted("relay: client in relay-domains");

    private readonly IMapSource<AccessMap> _access;
    private readonly IMapSource<DomainSet> _localDomains;
    private readonly IMapSource<DomainSet> _relayDomains;
    private readonly HashSet<string> _relayMechanisms;
    private readonly Lazy<HashSet<IPAddress>> _ownAddresses;

    /// <param name="access">The access map ([access] file and rules).</param>
    /// <param name="localDomains">local-host-names ([domains] local and local_file).</param>
    /// <param name="relayDomains">relay-domains ([domains] relay and relay_file).</param>
    /// <param name="relayMechanisms">[auth] relay_mechanisms: SASL mechanisms whose users may relay.</param>
    /// <param name="ownAddresses">The server's own addresses; an address literal naming one of them is a local
    /// domain (RFC 5321 §4.1.3, and Sendmail adds its interface addresses to class {w}). Enumerated once, when
    /// the first address literal is checked.</param>
    public RelayPolicy(
        IMapSource<AccessMap> access,
        IMapSource<DomainSet> localDomains,
        IMapSource<DomainSet> relayDomains,
        IEnumerable<string> relayMechanisms,
        IEnumerable<IPAddress> ownAddresses)
    {
        _access = access;
        _localDomains = localDomains;
        _relayDomains = relayDomains;
        _relayMechanisms = new HashSet<string>(relayMechanisms, StringComparer.OrdinalIgnoreCase);
        // Read at the first address literal, not at start; PublicationOnly so that a failed read is tried again
        // at the next one instead of being remembered.
        _ownAddresses = new Lazy<HashSet<IPAddress>>(() => [.. ownAddresses.Select(Unmap)],
            LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>At connection time: the client's Connect: entry (Sendmail's check_relay). A REJECT or ERROR here
    /// is meant to refuse the session; DISCARD means every message from this client is dropped.</summary>
    public PolicyDecision CheckConnect(IPAddress clientIp, string? clientHostName)
    {
        var entry = _access.Current.FindConnect(clientIp, clientHostName);
        return entry is null ? PolicyDecision.Accept : entry.Action.ToDecision(entry.Describe());
    }

    /// <summary>At MAIL FROM: the sender's syntax (501 5.1.7 if invalid) and its From: entry (Sendmail's
    /// check_mail), after the client's Connect: entry. The null sender has no From: lookup.</summary>
    public PolicyDecision CheckSender(IPAddress clientIp, string? clientHostName, string sender)
    {
        if (!EnvelopeAddress.TryParse(sender, out var address, out var error))
        {
            return PolicyDecision.Reject(501, "5.1.7", $"Bad sender address syntax: {error}");
        }

        var connect = CheckConnect(clientIp, clientHostName);
        if (connect.Verdict != PolicyVerdict.Accept)
        {
            return connect;
        }

        return CheckFrom(address);
    }

    /// <summary>At RCPT TO: everything, in Sendmail's order with FEATURE(delay_checks): Postmaster, the client's
    /// Connect: entry, the sender's From: entry, the recipient's To: entry, then local delivery or the relay
    /// rules. <paramref name="sender"/> and <paramref name="recipient"/> are the texts between the angle
    /// brackets; <paramref name="authMechanism"/> is the SASL mechanism the session authenticated with, or null.
    /// </summary>
    public PolicyDecision CheckRecipient(
        IPAddress clientIp,
        string? clientHostName,
        string? authMechanism,
        string sender,
        string recipient)
    {
        if (!EnvelopeAddress.TryParse(recipient, out var rcpt, out var error) || rcpt.IsNull)
        {
            return PolicyDecision.Reject(501, "5.1.3", $"Bad recipient address syntax: {error ?? "empty path"}");
        }

        if (rcpt.IsPostmaster)
        {
            return s_postmaster;
        }

        var access = _access.Current;
        var connect = access.FindConnect(clientIp, clientHostName);
        if (connect is not null && IsRefusal(connect.Action))
        {
            return connect.Action.ToDecision(connect.Describe());
        }

        if (EnvelopeAddress.TryParse(sender, out var from, out _) && CheckFrom(from) is { } senderDecision
            && senderDecision.Verdict != PolicyVerdict.Accept)
        {
            return senderDecision;
        }

        var to = rcpt.Domain is null ? null : access.FindTo(rcpt.Address);
        if (to is not null && IsRefusal(to.Action))
        {
            return to.Action.ToDecision(to.Describe());
        }

        switch (Classify(rcpt))
        {
            case RecipientKind.Local:
                return s_local;
            case RecipientKind.LocalWithRoutingCharacters:
                return PolicyDecision.Reject(550, "5.7.1",
                    "Relaying denied: '%', '!' and '@' in the local part are not routed",
                    "routing characters in local part");
            case RecipientKind.Unqualified:
                return PolicyDecision.Reject(501, "5.1.3", "Bad recipient address syntax: domain required");
        }

        return DecideRelay(rcpt, connect, to, clientHostName, authMechanism);
    }

    /// <summary>Sorts a parsed recipient for the SMTP layer: clean local, local with routing characters,
    /// Postmaster, unqualified or remote. A literal is local when it is one of our addresses or is listed in
    /// local-host-names.</summary>
    public RecipientKind Classify(EnvelopeAddress recipient)
    {
        if (recipient.IsPostmaster)
        {
            return RecipientKind.Postmaster;
        }

        if (recipient.Domain is null)
        {
            return RecipientKind.Unqualified;
        }

        var isLocal = recipient.AddressLiteral is { } literal
            ? _ownAddresses.Value.Contains(Unmap(literal)) || _localDomains.Current.Contains(recipient.Domain)
            : _localDomains.Current.Contains(recipient.Domain);
        if (!isLocal)
        {
            return RecipientKind.Remote;
        }

        return recipient.HasRoutingCharacters ? RecipientKind.LocalWithRoutingCharacters : RecipientKind.Local;
    }

    /// <summary>True when the domain (name or literal) is one we deliver for.</summary>
    public bool IsLocalDomain(string domain)
    {
        var literal = DomainName.ParseLiteral(domain);
        return literal is not null && _ownAddresses.Value.Contains(Unmap(literal))
            || _localDomains.Current.Contains(domain);
    }

    private PolicyDecision DecideRelay(EnvelopeAddress rcpt, AccessEntry? connect, AccessEntry? to,
        string? clientHostName, string? authMechanism)
    {
        if (authMechanism is not null && _relayMechanisms.Contains(authMechanism))
        {
            return s_authenticated;
        }

        if (connect?.Action.Kind == AccessActionKind.Relay)
        {
            return PolicyDecision.Accepted("relay: " + connect.Describe());
        }

        // cf/README: "RELAY ... Allow the domain to relay through your SMTP server"; a To: entry allows relaying
        // to that address or domain. OK does not: "OK allows less than RELAY".
        if (to?.Action.Kind == AccessActionKind.Relay)
        {
            return PolicyDecision.Accepted("relay: " + to.Describe());
        }

        var relayDomains = _relayDomains.Current;
        if (rcpt.AddressLiteral is null && relayDomains.ContainsDomainOrParent(rcpt.Domain!))
        {
            return s_relayDomain;
        }

        if (clientHostName is not null && relayDomains.ContainsDomainOrParent(clientHostName))
        {
            return s_relayClient;
        }

        return PolicyDecision.Reject(550, "5.7.1", "Relaying denied", "relay denied");
    }

    /// <summary>The sender's From: entry. RELAY on a sender counts as OK: relaying on the strength of a sender
    /// address, which anyone can forge, is Sendmail's FEATURE(relay_mail_from), off by default.</summary>
    private PolicyDecision CheckFrom(EnvelopeAddress sender)
    {
        if (sender.IsNull || sender.Domain is null)
        {
            return PolicyDecision.Accept;
        }

        var entry = _access.Current.FindFrom(sender.Address);
        return entry is null ? PolicyDecision.Accept : entry.Action.ToDecision(entry.Describe());
    }

    private static bool IsRefusal(AccessAction action) =>
        action.Kind is AccessActionKind.Reject or AccessActionKind.Error or AccessActionKind.Discard;

    private static IPAddress Unmap(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
