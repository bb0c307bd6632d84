using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>MAIL and RCPT: building the envelope.</summary>
internal sealed partial class SmtpSession
{
    private static readonly SmtpReply s_badNotify = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY");
    private static readonly SmtpReply s_badOrcpt = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "ORCPT must be addr-type;xtext of at most 500 characters");
    private static readonly SmtpReply s_duplicateParameter = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "Parameter given twice");

    /// <summary>RFC 5321 §4.1.1.2, with SIZE (RFC 1870), BODY (RFC 6152, RFC 3030), RET and ENVID (RFC 3461),
    /// then the access map's From: entry and the sender domain check.</summary>
    private async Task<SmtpReply?> MailAsync(string argument)
    {
        var parsed = SmtpPathParser.ParseMail(argument);
        if (parsed.Path is not { } path)
        {
            return parsed.Error!;
        }

        var parameters = MailParameters.Parse(path.Parameters, out var error);
        if (error is not null)
        {
            return error;
        }

        // RFC 1870 §6.1: a declared size above our fixed maximum is refused at MAIL with 552.
        if (parameters.DeclaredSize > _context.Config.Limits.MaxMessageBytes)
        {
            return SmtpReply.MessageTooBig;
        }

        var discard = _discardSession;
        if (await CheckSenderAsync(path, () => discard = true).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        _transaction = new SmtpTransaction(MasqueradeEnvelope(path), parameters) { Discard = discard };
        _state = SmtpState.InTransaction;
        // "-" for a parameter the client did not send, so that the line stays one key=value per field.
        SmtpLog.Mail(_logger, SessionId, path.ToAngleForm(),
            parameters.DeclaredSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
            parameters.Body ?? "-");
        return SmtpReply.SenderOk;
    }

    /// <summary>RFC 5321 §4.1.1.3: one recipient, decided now so that we never bounce later (case C13).</summary>
    private async Task<SmtpReply?> RcptAsync(string argument)
    {
        var transaction = _transaction!;
        transaction.RcptAttempts++;
        var reply = await DecideRecipientAsync(transaction, argument).ConfigureAwait(false);
        if (reply.IsError)
        {
            CountError(reply);
        }

        return reply;
    }

    private async Task<SmtpReply> DecideRecipientAsync(SmtpTransaction transaction, string argument)
    {
        var parsed = SmtpPathParser.ParseRcpt(argument, transaction.Parameters.SmtpUtf8);
        if (parsed.Path is not { } path)
        {
            SmtpLog.PeerError(_logger, SessionId, "RCPT", parsed.Error!.ToString());
            return parsed.Error;
        }

        if (ParseRcptParameters(path.Parameters, out var dsnError) is not { } dsn)
        {
            SmtpLog.PeerError(_logger, SessionId, "RCPT", dsnError!.ToString());
            return dsnError!;
        }

        var recipient = path.ToAngleForm();

        // RFC 5321 §4.5.3.1.10: beyond our limit, 452 4.5.3 and the client sends the rest in a new transaction.
        if (transaction.Recipients.Count >= _context.Config.Limits.MaxRecipientsPerMessage)
        {
            SmtpLog.Rcpt(_logger, SessionId, recipient, SmtpReply.TooManyRecipients.ToString());
            return SmtpReply.TooManyRecipients;
        }

        var decision = await _recipients.ResolveAsync(path, _connection.RemoteEndPoint.Address,
            AuthenticatedMechanism, transaction.ReversePath.Address?.ToString() ?? "", _connection.Aborted)
            .ConfigureAwait(false);
        if (decision.IsAccepted)
        {
            decision = await ApplyQuotaAsync(decision, recipient, transaction.Parameters.DeclaredSize ?? 0)
                .ConfigureAwait(false);
        }

        if (decision.IsAccepted)
        {
            transaction.Recipients.Add(new AcceptedRecipient(recipient, decision.UserIds, decision.UserAddresses,
                decision.RemoteTargets, dsn.Notify is null && dsn.OriginalRecipient is null ? null : dsn));
            _state = SmtpState.HasRecipients;
        }

        if (decision.Reason is not null)
        {
            SmtpLog.RcptPolicy(_logger, SessionId, recipient, decision.Reason);
        }

        SmtpLog.Rcpt(_logger, SessionId, recipient, decision.Reply.ToString());
        return decision.Reply;
    }

    /// <summary>
    /// The IMAP QUOTA (RFC 9208) enforced at delivery: a local user whose storage would go over the limit with the
    /// declared SIZE (RFC 1870) is refused at RCPT with 552 5.2.2 (RFC 3463 §3.3). For an alias the full members
    /// are dropped and the others still get the message; only when every member is full is the alias refused.
    /// The size is known for sure only after DATA, and only committed messages count here; a message that then
    /// overshoots, and each delivery still in progress in another session, is still delivered, so a mailbox can
    /// exceed its quota by one message per concurrent session (Dovecot's quota_grace makes a like allowance).
    /// </summary>
    private async Task<RecipientDecision> ApplyQuotaAsync(RecipientDecision decision, string recipient,
        long declaredSize)
    {
        if (decision.UserIds.Count == 0)
        {
            return decision;
        }

        var ids = new List<long>();
        var addresses = new List<string>();
        var skipped = new List<string>();
        for (var i = 0; i < decision.UserIds.Count; i++)
        {
            var usage = await _context.Store.GetQuotaAsync(decision.UserIds[i], _connection.Aborted)
                .ConfigureAwait(false);
            var address = i < decision.UserAddresses.Count ? decision.UserAddresses[i] : null;
            if (usage.Allows(Math.Max(declaredSize, 1)))
            {
                ids.Add(decision.UserIds[i]);
                if (address is not null)
                {
                    addresses.Add(address);
                }
            }
            else
            {
                skipped.Add(address ?? $"user {decision.UserIds[i]}");
            }
        }

        if (ids.Count == decision.UserIds.Count)
        {
            return decision;
        }

        if (ids.Count == 0 && decision.RemoteTargets.Count == 0)
        {
            return RecipientDecision.Refuse(SmtpReply.MailboxFull, "storage quota would be exceeded");
        }

        // The sender is told 250 for the alias as a whole and gets no bounce for a full member (shortcoming: no
        // DSN is made for it); the operator at least sees each one.
        skipped.ForEach(member => SmtpLog.RcptMemberOverQuota(_logger, SessionId, recipient, member));
        return decision with { UserIds = ids, UserAddresses = addresses };
    }

    /// <summary>RFC 3461 §4.1-4.2: NOTIFY and ORCPT; anything else is unknown (RFC 5321 §4.1.1.11, 555).</summary>
    private static DsnRecipient? ParseRcptParameters(IReadOnlyList<EsmtpParameter> parameters, out SmtpReply? error)
    {
        string? notify = null;
        string? orcpt = null;
        error = null;
        foreach (var parameter in parameters)
        {
            switch (parameter.Keyword.ToUpperInvariant())
            {
                case "NOTIFY" when notify is not null:
                case "ORCPT" when orcpt is not null:
                    error = s_duplicateParameter;
                    return null;
                case "NOTIFY":
                    notify = DsnParameters.ParseNotify(parameter.Value);
                    if (notify is null)
                    {
                        error = s_badNotify;
                        return null;
                    }

                    break;
                case "ORCPT":
                    orcpt = parameter.Value;
                    if (!DsnParameters.IsValidOrcpt(orcpt))
                    {
                        error = s_badOrcpt;
                        return null;
                    }

                    break;
                default:
                    error = SmtpReply.UnknownParameter;
                    return null;
            }
        }

        return new DsnRecipient(notify, orcpt);
    }
}
