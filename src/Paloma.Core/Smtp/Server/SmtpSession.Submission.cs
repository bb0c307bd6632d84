using System.Text;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>
/// Message submission (RFC 6409): AUTH before MAIL, the sender check, and the Date: and Message-ID: fields an
/// MSA adds when they are missing. Relaying for authenticated users is the relay policy's ([auth]
/// relay_mechanisms).
/// </summary>
internal sealed partial class SmtpSession
{
    /// <summary>Checks that run before MAIL; null lets the command run.</summary>
    private async Task<SmtpReply?> SubmissionGateAsync(SmtpCommand command)
    {
        if ((command.Verb is SmtpVerb.Auth or SmtpVerb.Mail) && TlsRequiredFirst)
        {
            return SmtpReply.StartTlsRequired;
        }

        if (command.Verb != SmtpVerb.Mail || !IsSubmission)
        {
            return null;
        }

        // RFC 6409 §4.3 and RFC 4954 §6: the submission ports take mail from authenticated users only.
        if (AuthenticatedUser is not { } user)
        {
            return SmtpReply.AuthRequired;
        }

        if (!_context.Config.Submission.SenderCheck
            || SmtpPathParser.ParseMail(command.Argument).Path?.Address is not { } sender)
        {
            return null;
        }

        return await OwnsAddressAsync(user, sender).ConfigureAwait(false)
            ? null
            : SmtpReply.SenderNotOwned;
    }

    /// <summary>[submission] require_tls on the STARTTLS submission listener before TLS: RFC 8314 §3.3 and §4 want
    /// submission to run over TLS only, so neither AUTH (whatever the mechanism, SCRAM and CRAM-MD5 included) nor
    /// MAIL is taken in clear. Port 465 is TLS from the start; port 25 is not submission.</summary>
    private bool TlsRequiredFirst =>
        _kind == SmtpListenerKind.Submission && !IsTls && _context.Config.Submission.RequireTls;

    /// <summary>The user's own address, or local-part@local-domain of an alias (paloma alias, valid for every local
    /// domain) whose targets include the user, by address or by local part.</summary>
    private async Task<bool> OwnsAddressAsync(string user, SmtpAddress address)
    {
        if (string.Equals(address.ToString(), user, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (_context.Aliases is null || address.Kind != DomainKind.Name
            || !await _context.Accounts.IsLocalDomainAsync(address.Domain, _connection.Aborted).ConfigureAwait(false))
        {
            return false;
        }

        var userLocalPart = user[..user.LastIndexOf('@')];
        foreach (var (name, targets) in await _context.Aliases.ListAsync(_connection.Aborted).ConfigureAwait(false))
        {
            if (string.Equals(name, address.LocalPartValue, StringComparison.OrdinalIgnoreCase)
                && targets.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Any(t => string.Equals(t, user, StringComparison.OrdinalIgnoreCase)
                        || string.Equals(t, userLocalPart, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// RFC 6409 §8.2 and §8.3: an MSA adds a missing Date: and Message-ID:. They go at the end of the header
    /// section, after whatever else rewrites it (masquerading), as the message is received.
    /// </summary>
    private Func<string, string>? WithSubmissionFields(Func<string, string>? rewrite, DateTimeOffset now)
    {
        if (!IsSubmission)
        {
            return rewrite;
        }

        var hostname = _context.Config.Server.Hostname;
        return header =>
        {
            var rewritten = rewrite is null ? header : rewrite(header);
            var (hasDate, hasMessageId) = SubmissionHeaders.Scan(rewritten);
            var added = new StringBuilder(rewritten);
            if (rewritten.Length > 0 && !rewritten.EndsWith('\n'))
            {
                added.Append("\r\n");
            }

            if (!hasDate)
            {
                added.Append("Date: ").Append(TraceHeaders.FormatDate(now)).Append("\r\n");
            }

            if (!hasMessageId)
            {
                added.Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append('@').Append(hostname)
                    .Append(">\r\n");
            }

            return added.ToString();
        };
    }
}
