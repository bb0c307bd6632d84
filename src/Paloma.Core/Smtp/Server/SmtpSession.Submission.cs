using System.Text;
using Paloma.Smtp.Protocol;
using Paloma.Storage;

namespace Paloma.Smtp.Server;

/// <summary>
/// Message submission (RFC 6409): AUTH before MAIL, the sender check, the relay seam for authenticated users,
/// and the Date: and Message-ID: fields an MSA adds when they are missing.
/// </summary>
internal sealed partial class SmtpSession
{
    /// <summary>How far into a message the header section is searched for Date: and Message-ID:.</summary>
    private const int MaxScannedHeaderOctets = 256 * 1024;

    /// <summary>Checks that run before MAIL and RCPT; null lets the command run.</summary>
    private async Task<SmtpReply?> SubmissionGateAsync(SmtpCommand command)
    {
        if (command.Verb == SmtpVerb.Mail && IsSubmission)
        {
            // RFC 6409 §4.3 and RFC 4954 §6: the submission ports take mail from authenticated users only.
            if (AuthenticatedUser is null)
            {
                return SmtpReply.AuthRequired;
            }

            if (_context.Config.Submission.SenderCheck
                && SmtpPathParser.ParseMail(command.Argument).Path?.Address is { } sender
                && !string.Equals(sender.ToString(), AuthenticatedUser, StringComparison.OrdinalIgnoreCase))
            {
                return SmtpReply.SenderNotOwned;
            }
        }

        if (command.Verb == SmtpVerb.Rcpt && MayRelayAsAuthenticated)
        {
            return await RelayForAuthenticatedUserAsync(command.Argument).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>
    /// The relay seam: an authenticated user (with a mechanism in [auth] relay_mechanisms) may relay, but there
    /// is no outbound queue yet, so mail to a remote domain is deferred with 451 4.4.0 rather than refused.
    /// </summary>
    // TODO: hand remote recipients of authenticated sessions to the outbound queue once it exists; until then
    // an authenticated client cannot send to other domains.
    private async Task<SmtpReply?> RelayForAuthenticatedUserAsync(string argument)
    {
        if (SmtpPathParser.ParseRcpt(argument).Path?.Address is not { Kind: DomainKind.Name } address)
        {
            return null;
        }

        var local = await _context.Accounts.IsLocalDomainAsync(address.Domain, _connection.Aborted)
            .ConfigureAwait(false);
        return local ? null : SmtpReply.RelayNotAvailable;
    }

    /// <summary>
    /// RFC 6409 §8.2 and §8.3: an MSA adds a missing Date: and Message-ID:. They are inserted after our trace
    /// fields, which needs a second spool file; it is written only when something is missing.
    /// </summary>
    /// <returns>The rewritten spool file (the caller disposes it), or null when nothing had to change.</returns>
    private async Task<SpoolWriter?> AddMissingHeadersAsync(SpoolWriter spool, int traceLength, DateTimeOffset now)
    {
        if (!IsSubmission)
        {
            return null;
        }

        var stream = spool.Stream;
        await stream.FlushAsync(_connection.Aborted).ConfigureAwait(false);
        var end = stream.Position;
        stream.Position = traceLength;
        var (hasDate, hasMessageId) = await SubmissionHeaders.ScanAsync(stream, MaxScannedHeaderOctets,
            _connection.Aborted).ConfigureAwait(false);
        stream.Position = end;
        if (hasDate && hasMessageId)
        {
            return null;
        }

        var added = new StringBuilder();
        if (!hasDate)
        {
            added.Append("Date: ").Append(TraceHeaders.FormatDate(now)).Append("\r\n");
        }

        if (!hasMessageId)
        {
            added.Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append('@')
                .Append(_context.Config.Server.Hostname).Append(">\r\n");
        }

        var rewritten = _context.Store.Spool.Create();
        try
        {
            stream.Position = 0;
            await SubmissionHeaders.CopyAsync(stream, rewritten.Stream, traceLength, _connection.Aborted)
                .ConfigureAwait(false);
            await rewritten.Stream.WriteAsync(Encoding.UTF8.GetBytes(added.ToString()), _connection.Aborted)
                .ConfigureAwait(false);
            await stream.CopyToAsync(rewritten.Stream, _connection.Aborted).ConfigureAwait(false);
            return rewritten;
        }
        catch
        {
            await rewritten.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
