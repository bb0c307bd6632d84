using Paloma.Policy;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>The access map's Connect: check at the greeting and the sender checks at MAIL.</summary>
internal sealed partial class SmtpSession
{
    /// <summary>Every message of this session is accepted and dropped (Connect: DISCARD).</summary>
    private bool _discardSession;

    /// <summary>The client's forward-confirmed reverse DNS name, or null; looked up once, at the greeting.</summary>
    private string? _clientHostName;

    /// <summary>
    /// RFC 5321 §4.3.1 and §4.2: the greeting carries no enhanced status code (RFC 2034 §3). A client whose
    /// Connect: entry refuses it gets a 554 greeting and then 503 for everything but QUIT (RFC 5321 §3.1, and
    /// Sendmail's check_relay); a 4xx ERROR: entry gets 421 and the connection closes (§3.8).
    /// </summary>
    private async Task GreetAsync()
    {
        var hostname = _context.Config.Server.Hostname;

        // Sendmail looks the client up before check_relay; the name is verified, so a Connect: host key or a
        // relay domain cannot be claimed by whoever controls the reverse zone of their own address.
        _clientHostName = _policy.ClientNames is { } names
            ? await names.VerifyAsync(_connection.RemoteEndPoint.Address, _connection.Aborted).ConfigureAwait(false)
            : null;
        _recipients.ClientHostName = _clientHostName;
        var decision = _policy.Relay.CheckConnect(_connection.RemoteEndPoint.Address, _clientHostName);
        SmtpReply greeting;
        switch (decision.Verdict)
        {
            case PolicyVerdict.Reject:
                _state = SmtpState.Refused;
                greeting = new SmtpReply(SmtpReplyCode.TransactionFailed554, null, $"{hostname} {decision.Text}");
                break;
            case PolicyVerdict.TempFail:
                _quit = true;
                greeting = new SmtpReply(SmtpReplyCode.ServiceNotAvailable421, null, $"{hostname} {decision.Text}");
                break;
            default:
                _discardSession = decision.Verdict == PolicyVerdict.Discard;
                greeting = new SmtpReply(SmtpReplyCode.ServiceReady220, null, hostname + " ESMTP Paloma");
                break;
        }

        if (decision.Reason is not null)
        {
            SmtpLog.ConnectPolicy(_logger, SessionId, decision.ToString(), decision.Reason);
        }

        await SendAsync(greeting).ConfigureAwait(false);
    }

    /// <summary>The sender's From: entry (Sendmail's check_mail) and, unless accept_unresolvable_domains is set,
    /// its domain in the DNS. Returns the refusal, or null; sets <paramref name="discard"/> for DISCARD.</summary>
    private async Task<SmtpReply?> CheckSenderAsync(SmtpPath path, Action discard)
    {
        await _policy.RefreshAsync(_connection.Aborted).ConfigureAwait(false);
        var text = path.Address?.ToString() ?? "";
        var decision = _policy.Relay.CheckSender(_connection.RemoteEndPoint.Address, _clientHostName, text);
        if (decision.Verdict is PolicyVerdict.Reject or PolicyVerdict.TempFail)
        {
            SmtpLog.SenderPolicy(_logger, SessionId, decision.ToString(), decision.Reason ?? "");
            return PolicyReplies.ToReply(decision);
        }

        if (decision.Verdict == PolicyVerdict.Discard)
        {
            SmtpLog.SenderPolicy(_logger, SessionId, "DISCARD", decision.Reason ?? "");
            discard();
        }

        if (_policy.SenderDomains is not { } dns || path.Address is null
            || !EnvelopeAddress.TryParse(text, out var sender, out _)
            || sender.Domain is not { } domain || sender.AddressLiteral is not null
            || _policy.LocalDomains.Contains(domain))
        {
            return null;
        }

        var resolved = await dns.CheckAsync(domain, _connection.Aborted).ConfigureAwait(false);
        if (resolved.Verdict == PolicyVerdict.Accept)
        {
            return null;
        }

        SmtpLog.SenderPolicy(_logger, SessionId, resolved.ToString(), resolved.Reason ?? "");
        return PolicyReplies.ToReply(resolved);
    }

    /// <summary>[masquerade] envelope: the reverse-path of mail from a local domain shows the masquerade domain.
    /// </summary>
    private SmtpPath MasqueradeEnvelope(SmtpPath path)
    {
        if (_policy.Masquerade is not { Envelope: true } masquerade || path.Address is not { } address
            || address.Kind != DomainKind.Name || masquerade.Rewrite(address.Domain) is not { } domain)
        {
            return path;
        }

        return path with { Address = address with { Domain = domain } };
    }

    /// <summary>The X-Authentication-Warning: text when an authenticated user sends as someone else (Sendmail
    /// adds it when the envelope sender is not the user's own: "host: user set sender to addr using ..."), or
    /// null.</summary>
    private string? AuthenticationWarning(SmtpTransaction transaction)
    {
        if (AuthenticatedUser is not { } user)
        {
            return null;
        }

        var sender = transaction.ReversePath.Address?.ToString() ?? "";
        return sender.Equals(user, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{_context.Config.Server.Hostname}: {user} set sender to <{sender}> using SMTP AUTH "
                + (AuthenticatedMechanism ?? "");
    }
}
