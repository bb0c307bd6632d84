using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>The commands that do not touch a transaction's envelope or data: EHLO, HELO, RSET, QUIT, VRFY.</summary>
internal sealed partial class SmtpSession
{
    /// <summary>RFC 5321 §4.1.1.1: EHLO/HELO name the client and reset any transaction (§4.1.4).</summary>
    private SmtpReply Hello(string argument, bool extended)
    {
        if (argument.Length == 0)
        {
            return SmtpReply.ArgumentRequired;
        }

        if (!IsAcceptableHeloName(argument))
        {
            return SmtpReply.InvalidHeloDomain;
        }

        _heloName = argument;
        _extended = extended;
        ResetTransaction();
        _state = SmtpState.Greeted;
        // The client's address literal after its name, unless the name already is that literal.
        var literal = TraceHeaders.AddressLiteral(_connection.RemoteEndPoint.Address);
        var greeting = $"{_context.Config.Server.Hostname} Hello {argument}"
            + (string.Equals(argument, literal, StringComparison.OrdinalIgnoreCase) ? "" : " " + literal);
        if (!extended)
        {
            return new SmtpReply(SmtpReplyCode.Ok250, null, greeting);
        }

        // RFC 2034 §3: the EHLO reply carries no enhanced status code.
        return new SmtpReply(SmtpReplyCode.Ok250, null,
        [
            greeting,
            "PIPELINING", // RFC 2920
            $"SIZE {_context.Config.Limits.MaxMessageBytes}", // RFC 1870 §4
            "8BITMIME", // RFC 6152
            "ENHANCEDSTATUSCODES", // RFC 2034
            "DSN", // RFC 3461
            .. s_chunkingAndUtf8Keywords,
            "HELP",
            .. TlsAndAuthExtensions(),
        ]);
    }

    /// <summary>
    /// A Domain or address literal (RFC 5321 §4.1.1.1). Leniency: names with underscores, as Windows machine
    /// names often have, are accepted too, since the name is only informational (§4.1.4 forbids refusing a
    /// session because the name does not match the address).
    /// </summary>
    private static bool IsAcceptableHeloName(string name) =>
        name.Length <= SmtpPathParser.MaxDomainOctets
        && (SmtpPathParser.IsDomainOrLiteral(name)
            || name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'));

    /// <summary>RFC 5321 §4.1.1.5: RSET has no argument and aborts the transaction.</summary>
    private SmtpReply Rset(string argument)
    {
        if (argument.Length != 0)
        {
            return SmtpReply.NoArgumentsAllowed;
        }

        ResetTransaction();
        return SmtpReply.Ok;
    }

    /// <summary>RFC 5321 §4.1.1.10: QUIT has no argument; answer 221 and close.</summary>
    private SmtpReply Quit(string argument)
    {
        if (argument.Length != 0)
        {
            return SmtpReply.NoArgumentsAllowed;
        }

        _quit = true;
        ResetTransaction();
        return SmtpReply.Closing;
    }

    /// <summary>RFC 5321 §3.5.3: VRFY gets 252 so that no user's existence is disclosed (PRODUCT C), unless
    /// [smtp] vrfy is on; then it answers 250 for a local user (or alias of local users) and 550 otherwise.
    /// </summary>
    private async Task<SmtpReply?> VrfyAsync(string argument)
    {
        if (argument.Length == 0)
        {
            return SmtpReply.ArgumentRequired;
        }

        if (!_context.Config.Smtp.Vrfy)
        {
            return SmtpReply.CannotVerify;
        }

        var decision = await ResolveLocalAsync(argument).ConfigureAwait(false);
        return decision is { IsAccepted: true }
            ? new SmtpReply(SmtpReplyCode.Ok250, EnhancedStatusCode.DestinationValid, $"<{argument.Trim('<', '>')}>")
            : SmtpReply.NoSuchUser;
    }

    /// <summary>RFC 5321 §3.5.3: EXPN is refused with 502 (Sendmail's PrivacyOptions=noexpn) unless [smtp] expn
    /// is on; then it lists the targets of a local address or alias, one per line (§3.5.2).</summary>
    private async Task<SmtpReply?> ExpnAsync(string argument)
    {
        if (!_context.Config.Smtp.Expn)
        {
            return SmtpReply.ExpnDisabled;
        }

        if (argument.Length == 0)
        {
            return SmtpReply.ArgumentRequired;
        }

        // Only names that lead to existing users (or remote targets) are expanded; the rest is "no such user".
        var decision = await ResolveLocalAsync(argument).ConfigureAwait(false);
        var text = argument.Trim('<', '>');
        var resolved = _policy.Resolver.Resolve(text.Contains('@') || _policy.LocalDomains.Count == 0
            ? text
            : text + "@" + (_policy.AccountDomains.FirstOrDefault() ?? _policy.LocalDomains.Names.First()));
        if (decision is null || !decision.IsAccepted && decision.RemoteTargets.Count == 0
            || resolved.Failure is not null || resolved.Targets.Count == 0)
        {
            return SmtpReply.NoSuchUser;
        }

        return new SmtpReply(SmtpReplyCode.Ok250, EnhancedStatusCode.DestinationValid,
            [.. resolved.Targets.Select(t => "<" + t.Address + ">")]);
    }

    /// <summary>A VRFY argument (a name or an address) resolved as a local recipient.</summary>
    private async Task<RecipientDecision?> ResolveLocalAsync(string argument)
    {
        await _policy.RefreshAsync(_connection.Aborted).ConfigureAwait(false);
        var text = argument.Trim('<', '>');
        if (!Paloma.Policy.EnvelopeAddress.TryParse(text, out var address, out _) || address.IsNull
            || address.Domain is not null && !_policy.Relay.IsLocalDomain(address.Domain))
        {
            return null;
        }

        return await _recipients.ResolveLocalAsync(address, _connection.Aborted).ConfigureAwait(false);
    }

    private void ResetTransaction()
    {
        DiscardPartialMessage();
        _transaction = null;
        if (_state != SmtpState.Connected)
        {
            _state = SmtpState.Greeted;
        }
    }
}
