using MimeKit;
using Paloma.Hosting;
using Paloma.Policy;
using Paloma.Smtp.Policy;
using Paloma.Smtp.Server;

namespace Paloma.Sendmail;

/// <summary>
/// Resolves the recipients of a locally submitted message with the SMTP server's own expansion
/// (<see cref="RecipientResolver.ResolveLocalAsync"/>: virtusertable, aliases, accounts) into the addresses
/// the queue delivers to: account addresses for local users, the address itself for remote ones. The relay
/// and access checks of RCPT are not applied: like Sendmail's check_rcpt ruleset they judge SMTP clients, and
/// a local user may always send out.
/// </summary>
public sealed class LocalRecipients
{
    private readonly ServerContext _context;
    private readonly SmtpPolicy _policy;
    private readonly RecipientResolver _resolver;
    private Dictionary<long, string>? _accountAddresses;

    public LocalRecipients(ServerContext context)
    {
        _context = context;
        _policy = new SmtpPolicy(context);
        _resolver = new RecipientResolver(_policy, context.Accounts, hasQueue: context.Queue is not null);
    }

    internal SmtpPolicy Policy => _policy;

    /// <summary>Re-reads the database parts of the maps (domains, aliases) once before a batch.</summary>
    public Task RefreshAsync(CancellationToken ct) => _policy.RefreshAsync(ct);

    /// <summary>The domain an unqualified name belongs to: the first account domain, else the first configured
    /// local domain, else the host name (Sendmail qualifies with $j).</summary>
    public string DefaultDomain => _policy.AccountDomains.FirstOrDefault()
        ?? _policy.LocalDomains.Names.Order(StringComparer.Ordinal).FirstOrDefault()
        ?? _context.Config.Server.Hostname;

    /// <summary>Where <paramref name="recipient"/> ("alice", "alice@example.test", "Alice &lt;a@b&gt;") goes.
    /// </summary>
    public async Task<RecipientOutcome> ResolveAsync(string recipient, CancellationToken ct)
    {
        var text = recipient.Trim();
        if (MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address.Length > 0)
        {
            text = mailbox.Address;
        }

        if (!text.Contains('@'))
        {
            text = text + "@" + DefaultDomain;
        }

        if (!EnvelopeAddress.TryParse(text, out var address, out var error))
        {
            return RecipientOutcome.Failed(recipient, "bad address syntax: " + error);
        }

        if (_policy.Relay.Classify(address) == RecipientKind.Remote)
        {
            return new RecipientOutcome(recipient, [address.Address], [], null);
        }

        var decision = await _resolver.ResolveLocalAsync(address, ct).ConfigureAwait(false);
        if (decision.Discard)
        {
            return new RecipientOutcome(recipient, [], [], null);
        }

        if (decision.UserIds.Count == 0 && decision.RemoteTargets.Count == 0)
        {
            return RecipientOutcome.Failed(recipient, decision.Reason ?? decision.Reply.ToString());
        }

        var names = await AccountAddressesAsync(ct).ConfigureAwait(false);
        var local = decision.UserIds.Select(id => names[id]).ToList();
        return new RecipientOutcome(recipient, [.. local, .. decision.RemoteTargets], local, null);
    }

    private async Task<Dictionary<long, string>> AccountAddressesAsync(CancellationToken ct)
    {
        if (_accountAddresses is null)
        {
            var users = await _context.Accounts.ListUsersAsync(null, ct).ConfigureAwait(false);
            _accountAddresses = users.ToDictionary(u => u.Id, u => u.Address);
        }

        return _accountAddresses;
    }
}

/// <summary>One recipient's resolution: the queue addresses it expands to (empty for a discarded one), the
/// subset that are local accounts, or the reason it cannot be delivered.</summary>
public sealed record RecipientOutcome(string Recipient, IReadOnlyList<string> Targets,
    IReadOnlyList<string> LocalUsers, string? Failure)
{
    public bool IsDeliverable => Failure is null;

    public static RecipientOutcome Failed(string recipient, string reason) => new(recipient, [], [], reason);
}
