using Paloma.Hosting;
using Paloma.Net;
using Paloma.Sasl;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>AUTH (RFC 4954): one SASL exchange through <see cref="SaslExchange"/>, with SMTP's replies.</summary>
internal sealed partial class SmtpSession
{
    private async Task<SmtpReply?> AuthAsync(string argument)
    {
        // RFC 4954 §4: after a successful AUTH, another AUTH is 503.
        if (AuthenticatedUser is not null)
        {
            return SmtpReply.AlreadyAuthenticated;
        }

        var parts = argument.Split(' ');
        if (argument.Length == 0 || parts.Length > 2 || parts[0].Length == 0)
        {
            return argument.Length == 0 ? SmtpReply.ArgumentRequired : SmtpReply.AuthMalformed;
        }

        var name = parts[0];
        var registry = _context.Auth.Mechanisms;
        if (!registry.IsAvailable(name, SaslContext))
        {
            // RFC 4954 §4 and §6: a plaintext mechanism before TLS gets 538 5.7.11, anything else 504 5.5.4.
            var needsTls = SaslMechanismRegistry.IsPlaintext(name) && !IsTls
                && registry.Enabled.Contains(name, StringComparer.OrdinalIgnoreCase);
            if (needsTls)
            {
                AuthLog.PlaintextRefused(_context.Auth.Logger, SessionId, Protocol);
            }

            return needsTls ? SmtpReply.EncryptionRequired : SmtpReply.UnknownMechanism;
        }

        if (!SaslExchange.TryDecodeInitialResponse(parts.Length == 2 ? parts[1] : null, out var initialResponse))
        {
            return SmtpReply.AuthInvalidBase64;
        }

        var mechanism = registry.Create(name, SaslContext)!;
        var exchange = new SaslExchange(_context.Auth, _connection, Protocol, SendChallengeAsync, ReadSaslLineAsync);
        var outcome = await exchange.RunAsync(mechanism, initialResponse).ConfigureAwait(false);
        return await ReplyForAsync(outcome).ConfigureAwait(false);
    }

    private async Task<SmtpReply?> ReplyForAsync(SaslOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case SaslOutcomeKind.Success:
                var account = await _context.Accounts.FindUserAsync(outcome.Username!, _connection.Aborted)
                    .ConfigureAwait(false);
                AuthenticatedUser = account?.Address ?? outcome.Username;
                AuthenticatedMechanism = outcome.Mechanism;
                return SmtpReply.AuthSucceeded;
            case SaslOutcomeKind.Cancelled:
                return SmtpReply.AuthCancelled;
            case SaslOutcomeKind.InvalidBase64:
                return SmtpReply.AuthInvalidBase64;
            case SaslOutcomeKind.LineTooLong:
                return SmtpReply.AuthLineTooLong;
            case SaslOutcomeKind.Malformed:
                return SmtpReply.AuthMalformed;
            case SaslOutcomeKind.TooManyFailures:
                _quit = true;
                return SmtpReply.TooManyAuthFailures;
            case SaslOutcomeKind.ConnectionClosed:
                _quit = true;
                return null;
            default:
                return SmtpReply.AuthFailed;
        }
    }

    /// <summary>RFC 4954 §4: "334 " and the base64 challenge (empty for an empty one), sent at once.</summary>
    private async Task SendChallengeAsync(string challenge)
    {
        await SendAsync(new SmtpReply(SmtpReplyCode.AuthChallenge334, null, challenge)).ConfigureAwait(false);
        await FlushAsync(_connection.Aborted).ConfigureAwait(false);
    }

    private async Task<LineResult> ReadSaslLineAsync(int maxLength)
    {
        _connection.SetTimeout(TimeSpan.FromSeconds(_context.Config.Smtp.CommandTimeout));
        return await _lines.ReadLineAsync(maxLength, _connection.Aborted).ConfigureAwait(false);
    }
}
