using System.Net;
using Paloma.Accounts;
using Paloma.Policy;
using Paloma.Smtp.Policy;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>
/// Decides a forward-path, in Sendmail's order: the access map (Connect:, From:, To:) and the relay rules
/// (<see cref="RelayPolicy"/>), then for a local recipient the virtusertable and aliases
/// (<see cref="AddressResolver"/>) and the account store. Unknown local users get 550 5.1.1, refused relaying
/// 550 5.7.1 (case C16). Remote targets (relaying the policy allows, remote alias targets) are accepted for
/// the outbound queue; a server built without a queue answers them 451 4.4.0, so nothing is ever accepted that
/// could not be delivered (case C13: no later bounce).
/// </summary>
internal sealed class RecipientResolver(SmtpPolicy policy, IAccountStore accounts, bool hasQueue)
{
    /// <summary>RFC 3463 X.4.0: a routing problem; temporary, as a server with a queue will take it.</summary>
    private static readonly SmtpReply s_remoteUnavailable = new(SmtpReplyCode.LocalError451,
        new EnhancedStatusCode(4, 4, 0), "Delivery to remote addresses is not available; try again later");

    /// <summary>The client's forward-confirmed host name, or null (set once per session at the greeting).</summary>
    public string? ClientHostName { get; set; }

    /// <summary>The reply to RCPT and, when it is 250, the users to deliver to.</summary>
    /// <param name="sender">The reverse-path without angle brackets ("" for the null path).</param>
    /// <param name="authMechanism">The SASL mechanism the session authenticated with, or null.</param>
    public async Task<RecipientDecision> ResolveAsync(SmtpPath path, IPAddress clientIp, string? authMechanism,
        string sender, CancellationToken ct)
    {
        // RFC 5321 §4.1.3: a General-address-literal ("[tag:content]") names no host we know: never ours.
        if (path.Address?.Kind == DomainKind.GeneralLiteral)
        {
            return RecipientDecision.Refuse(SmtpReply.RelayDenied, "general address literal");
        }

        await policy.RefreshAsync(ct).ConfigureAwait(false);
        var text = path.IsPostmaster ? "Postmaster" : path.Address!.ToString();
        var decision = policy.Relay.CheckRecipient(clientIp, ClientHostName, authMechanism, sender, text);
        switch (decision.Verdict)
        {
            case PolicyVerdict.Reject or PolicyVerdict.TempFail:
                return RecipientDecision.Refuse(PolicyReplies.ToReply(decision), decision.Reason);
            case PolicyVerdict.Discard:
                return new RecipientDecision(SmtpReply.RecipientOk, [], [], Discard: true, decision.Reason);
        }

        if (!EnvelopeAddress.TryParse(text, out var address, out _))
        {
            return RecipientDecision.Refuse(SmtpReply.NoSuchUser);
        }

        var kind = policy.Relay.Classify(address);
        if (kind == RecipientKind.Remote)
        {
            // Relaying is allowed (the policy said so): the queue takes it.
            return hasQueue
                ? new RecipientDecision(SmtpReply.RecipientOk, [], [address.Address], false,
                    decision.Reason ?? "relayed")
                : RecipientDecision.Refuse(s_remoteUnavailable, decision.Reason);
        }

        return await ResolveLocalAsync(address, ct).ConfigureAwait(false);
    }

    /// <summary>Local users an address expands to (aliases, virtusertable), for EXPN and VRFY as well.</summary>
    public Task<RecipientDecision> ResolveLocalAsync(EnvelopeAddress address, CancellationToken ct) =>
        ResolveLocalAsync(address, postmasterFallback: true, ct);

    private async Task<RecipientDecision> ResolveLocalAsync(EnvelopeAddress address, bool postmasterFallback,
        CancellationToken ct)
    {
        // <Postmaster> and postmaster@[our address] are postmaster of our primary domain (RFC 5321 §4.5.1,
        // §4.1.3); the literal itself is in no map.
        var primary = PrimaryDomain();
        var lookup = address.Domain is null || address.AddressLiteral is not null
            ? primary is null ? null : address.LocalPart + "@" + primary
            : address.Address;
        if (lookup is null)
        {
            return RecipientDecision.Refuse(SmtpReply.NoSuchUser, "no local domain");
        }

        var resolved = policy.Resolver.Resolve(lookup);
        if (resolved.Failure is { } failure)
        {
            return RecipientDecision.Refuse(PolicyReplies.ToReply(failure), failure.Reason);
        }

        var users = new List<long>();
        var addresses = new List<string>();
        var remote = new List<string>();
        foreach (var target in resolved.Targets)
        {
            if (!target.IsLocal)
            {
                remote.Add(target.Address);
                continue;
            }

            var user = await FindUserAsync(target, primary, ct).ConfigureAwait(false);
            if (user is null && postmasterFallback && IsPostmaster(target)
                && (target.Domain ?? primary) is { } domain)
            {
                // RFC 5321 §4.5.1: postmaster must be accepted at every domain we take mail for.
                if (await PostmasterFallbackAsync(domain, ct).ConfigureAwait(false) is { } fallback)
                {
                    users.AddRange(fallback.UserIds);
                    addresses.AddRange(fallback.UserAddresses);
                    remote.AddRange(fallback.RemoteTargets);
                    continue;
                }
            }

            if (user is null)
            {
                return RecipientDecision.Refuse(SmtpReply.NoSuchUser, "no such user " + target.Address);
            }

            users.Add(user.Id);
            addresses.Add(user.Address);
        }

        var reason = remote.Count > 0 ? "remote targets: " + string.Join(", ", remote) : null;
        return new RecipientDecision(remote.Count > 0 && !hasQueue ? s_remoteUnavailable : SmtpReply.RecipientOk,
            users, remote, false, reason) { UserAddresses = addresses };
    }

    private static bool IsPostmaster(ResolvedTarget target) =>
        target.LocalPart.Equals("postmaster", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where postmaster of <paramref name="domain"/> goes when no user or alias of that name exists:
    /// <c>[server] postmaster</c> if set (resolved like any recipient, so it may be an alias or a remote
    /// address), else the domain's oldest account. Null when the domain has no users at all.</summary>
    private async Task<RecipientDecision?> PostmasterFallbackAsync(string domain, CancellationToken ct)
    {
        if (policy.Postmaster is { } configured && EnvelopeAddress.TryParse(configured, out var address, out _))
        {
            if (policy.Relay.Classify(address) == RecipientKind.Remote)
            {
                return new RecipientDecision(SmtpReply.RecipientOk, [], [address.Address]);
            }

            var decision = await ResolveLocalAsync(address, postmasterFallback: false, ct).ConfigureAwait(false);
            if (decision.IsAccepted)
            {
                return decision;
            }
        }

        // A domain listed only in [domains] local has the primary domain's users (see FindUserAsync).
        var primary = PrimaryDomain();
        var accountDomain = await accounts.IsLocalDomainAsync(domain, ct).ConfigureAwait(false) ? domain
            : primary is not null && await accounts.IsLocalDomainAsync(primary, ct).ConfigureAwait(false) ? primary
            : null;
        if (accountDomain is null)
        {
            return null;
        }

        var oldest = (await accounts.ListUsersAsync(accountDomain, ct).ConfigureAwait(false))
            .OrderBy(a => a.Created).ThenBy(a => a.Id).FirstOrDefault();
        return oldest is null
            ? null
            : new RecipientDecision(SmtpReply.RecipientOk, [oldest.Id], []) { UserAddresses = [oldest.Address] };
    }

    /// <summary>The account of a local target. A domain listed only in [domains] local (not an account domain)
    /// is another name for this host, as every class {w} name is in Sendmail: its users are those of the
    /// primary domain.</summary>
    private async Task<Account?> FindUserAsync(ResolvedTarget target, string? primary, CancellationToken ct)
    {
        var domain = target.Domain ?? primary;
        if (domain is null)
        {
            return null;
        }

        var user = await accounts.FindUserAsync(target.LocalPart + "@" + domain, ct).ConfigureAwait(false);
        if (user is not null || primary is null || domain == primary
            || await accounts.IsLocalDomainAsync(domain, ct).ConfigureAwait(false))
        {
            return user;
        }

        return await accounts.FindUserAsync(target.LocalPart + "@" + primary, ct).ConfigureAwait(false);
    }

    /// <summary>The first account-store domain, else the first configured local domain.</summary>
    private string? PrimaryDomain() => policy.AccountDomains.FirstOrDefault()
        ?? policy.LocalDomains.Names.Order(StringComparer.Ordinal).FirstOrDefault();
}
