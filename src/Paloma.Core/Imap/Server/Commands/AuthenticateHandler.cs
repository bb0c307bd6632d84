using Paloma.Hosting;
using Paloma.Imap.Protocol;
using Paloma.Sasl;

namespace Paloma.Imap.Server.Commands;

/// <summary>
/// AUTHENTICATE (RFC 3501 §6.2.2) with every configured mechanism and SASL-IR (RFC 4959), through the shared
/// <see cref="SaslExchange"/>: "*" cancels and undecodable base64 is BAD, wrong credentials or a malformed
/// message are NO [AUTHENTICATIONFAILED], a plaintext mechanism before TLS is NO [PRIVACYREQUIRED] (cases C22, C23).
/// </summary>
internal static class AuthenticateHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, AuthenticateCommand command,
        CancellationToken ct)
    {
        var auth = session.Context.Auth;
        var name = command.Mechanism;
        if (!auth.Mechanisms.IsAvailable(name, session.SaslContext))
        {
            if (SaslMechanismRegistry.IsPlaintext(name)
                && auth.Mechanisms.Enabled.Contains(name, StringComparer.OrdinalIgnoreCase)
                && !auth.PlaintextAllowed(session.Connection))
            {
                AuthLog.PlaintextRefused(auth.Logger, session.SessionId, session.Protocol);
                return ImapCompletion.No("plaintext authentication requires TLS; use STARTTLS",
                    ImapResponseCode.PrivacyRequired);
            }

            return ImapCompletion.No($"mechanism {name} is not supported", ImapResponseCode.Cannot);
        }

        if (!SaslExchange.TryDecodeInitialResponse(command.InitialResponse, out var initialResponse))
        {
            return ImapCompletion.Bad("initial response is not valid base64");
        }

        var mechanism = auth.Mechanisms.Create(name, session.SaslContext)!;
        var exchange = new SaslExchange(auth, session.Connection, session.Protocol,
            async challenge =>
            {
                // RFC 3501 §7.5: a continuation request carrying the base64 challenge ("+ " when empty).
                session.Writer.Raw("+ " + challenge).Line();
                await session.FlushAsync(ct).ConfigureAwait(false);
            },
            session.ReadSaslLineAsync);
        var outcome = await exchange.RunAsync(mechanism, initialResponse).ConfigureAwait(false);
        return await CompleteAsync(session, outcome, ct).ConfigureAwait(false);
    }

    private static async Task<ImapCompletion> CompleteAsync(ImapSession session, SaslOutcome outcome,
        CancellationToken ct)
    {
        switch (outcome.Kind)
        {
            case SaslOutcomeKind.Success:
                var account = await session.Context.Accounts.FindUserAsync(outcome.Username!, ct)
                    .ConfigureAwait(false);
                return account is null
                    ? ImapCompletion.No("authentication failed", ImapResponseCode.AuthenticationFailed)
                    : await LoginHandler.CompleteAsync(session, account, outcome.Mechanism, ct).ConfigureAwait(false);
            case SaslOutcomeKind.Cancelled:
                return ImapCompletion.Bad("authentication cancelled");
            case SaslOutcomeKind.InvalidBase64:
                return ImapCompletion.Bad("authentication response is not valid base64");
            case SaslOutcomeKind.LineTooLong:
                return ImapCompletion.Bad("authentication response too long");
            case SaslOutcomeKind.Malformed:
                // Decodable base64 whose content breaks the mechanism (an empty PLAIN authcid, C22) is a failed
                // authentication, not a syntax error of the IMAP command.
                return ImapCompletion.No("malformed authentication message", ImapResponseCode.AuthenticationFailed);
            case SaslOutcomeKind.TooManyFailures:
                return LoginHandler.Refuse(session);
            case SaslOutcomeKind.ConnectionClosed:
                throw new IOException("connection closed during AUTHENTICATE");
            default:
                return ImapCompletion.No("authentication failed", ImapResponseCode.AuthenticationFailed);
        }
    }
}
