using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>MAIL and RCPT: building the envelope.</summary>
internal sealed partial class SmtpSession
{
    /// <summary>RFC 5321 §4.1.1.2, with SIZE (RFC 1870) and BODY (RFC 6152).</summary>
    private SmtpReply Mail(string argument)
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

        _transaction = new SmtpTransaction(path, parameters);
        _state = SmtpState.InTransaction;
        SmtpLog.Mail(_logger, SessionId, path.ToAngleForm(), parameters.DeclaredSize, parameters.Body);
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
        var parsed = SmtpPathParser.ParseRcpt(argument);
        if (parsed.Path is not { } path)
        {
            SmtpLog.PeerError(_logger, SessionId, "RCPT", parsed.Error!.ToString());
            return parsed.Error;
        }

        // No RCPT parameters are advertised (no DSN yet), so any is unknown: RFC 5321 §4.1.1.11.
        if (path.Parameters.Count > 0)
        {
            SmtpLog.PeerError(_logger, SessionId, "RCPT", SmtpReply.UnknownParameter.ToString());
            return SmtpReply.UnknownParameter;
        }

        var recipient = path.ToAngleForm();

        // RFC 5321 §4.5.3.1.10: beyond our limit, 452 4.5.3 and the client sends the rest in a new transaction.
        if (transaction.Recipients.Count >= _context.Config.Limits.MaxRecipientsPerMessage)
        {
            SmtpLog.Rcpt(_logger, SessionId, recipient, SmtpReply.TooManyRecipients.ToString());
            return SmtpReply.TooManyRecipients;
        }

        var (reply, userId) = await _recipients.ResolveAsync(path, _connection.Aborted).ConfigureAwait(false);
        if (userId is { } id)
        {
            transaction.Recipients.Add((recipient, id));
            _state = SmtpState.HasRecipients;
        }

        SmtpLog.Rcpt(_logger, SessionId, recipient, reply.ToString());
        return reply;
    }
}
