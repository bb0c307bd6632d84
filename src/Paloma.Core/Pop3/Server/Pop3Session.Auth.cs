using Paloma.Hosting;
using Paloma.Net;
using Paloma.Pop3.Protocol;
using Paloma.Sasl;

namespace Paloma.Pop3.Server;

/// <summary>STLS (RFC 2595 §4), AUTH (RFC 5034) and the plaintext rule for USER/PASS.</summary>
internal sealed partial class Pop3Session
{
    private SaslContext? _saslContext;

    private bool IsTls => AuthServices.IsSecure(connection);

    private SaslContext SaslContext => _saslContext ??= context.Auth.CreateContext(connection, "pop");

    private byte[] CapabilityList() => Pop3Responses.CapabilityList(
        context.Auth.PlaintextAllowed(connection),
        context.Auth.Mechanisms.Advertised(SaslContext),
        !IsTls && context.Auth.Tls is not null);

    /// <summary>With plaintext_requires_tls, USER and PASS are refused before TLS (RFC 2595 §2.2 and §4).</summary>
    private void RequirePlaintextAllowed()
    {
        if (!context.Auth.PlaintextAllowed(connection))
        {
            AuthLog.PlaintextRefused(context.Auth.Logger, SessionId, protocol);
            Pop3ProtocolException.Throw(Pop3Error.PlaintextDisabled);
        }
    }

    /// <summary>Too many failures from this address: answer, and the caller closes (PRODUCT D).</summary>
    private async Task<bool> RefusedByThrottleAsync()
    {
        var verdict = context.Auth.Throttle.Check(connection.RemoteEndPoint.Address);
        if (!verdict.Refuse)
        {
            return false;
        }

        AuthLog.Refused(context.Auth.Logger, SessionId, connection.RemoteEndPoint.Address, verdict.Failures);
        await SendAsync(Pop3Responses.Error(Pop3Error.TooManyFailures)).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// RFC 2595 §4: +OK, then the handshake. Whatever the client sent after STLS is discarded with the plaintext
    /// buffer (case C04), and everything learnt before TLS (a pending USER) is forgotten.
    /// </summary>
    /// <returns>False when the handshake failed and the session must end.</returns>
    private async Task<bool> StlsAsync()
    {
        if (IsTls)
        {
            Pop3ProtocolException.Throw(Pop3Error.TlsAlreadyActive);
        }

        if (context.Auth.Tls is null)
        {
            Pop3ProtocolException.Throw(Pop3Error.TlsUnavailable);
        }

        await SendAsync(Pop3Responses.BeginTls).ConfigureAwait(false);
        if (!await context.Auth.StartTlsAsync(connection, protocol, _autologout).ConfigureAwait(false))
        {
            return false;
        }

        _lines = new LineReader(connection.Reader);
        _pendingUser = null;
        _saslContext = null;
        return true;
    }

    /// <summary>RFC 5034 §4: AUTH mechanism [initial-response]. Returns true when the session must end.</summary>
    private async Task<bool> AuthAsync(string argument)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var available = context.Auth.Mechanisms.Advertised(SaslContext);
        if (parts.Length == 0)
        {
            await SendAsync(Pop3Responses.MechanismsFollow, Pop3Responses.MechanismList(available))
                .ConfigureAwait(false);
            return false;
        }

        if (parts.Length > 2)
        {
            Pop3ProtocolException.Throw(Pop3Error.TooManyArguments);
        }

        var name = parts[0];
        if (!context.Auth.Mechanisms.IsAvailable(name, SaslContext))
        {
            // RFC 5034 §4 and RFC 2595 §4: a plaintext mechanism before TLS is refused like USER/PASS.
            if (SaslMechanismRegistry.IsPlaintext(name) && !IsTls
                && context.Auth.Mechanisms.Enabled.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                RequirePlaintextAllowed();
            }

            Pop3ProtocolException.Throw(Pop3Error.UnknownMechanism);
        }

        if (!SaslExchange.TryDecodeInitialResponse(parts.Length == 2 ? parts[1] : null, out var initialResponse))
        {
            Pop3ProtocolException.Throw(Pop3Error.InvalidBase64);
        }

        var mechanism = context.Auth.Mechanisms.Create(name, SaslContext)!;
        var exchange = new SaslExchange(context.Auth, connection, protocol,
            challenge => SendAsync(Pop3Responses.Challenge(challenge)), ReadSaslLineAsync);
        var outcome = await exchange.RunAsync(mechanism, initialResponse).ConfigureAwait(false);
        return await FinishAuthAsync(outcome).ConfigureAwait(false);
    }

    private async Task<bool> FinishAuthAsync(SaslOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case SaslOutcomeKind.Success:
                var account = await context.Accounts.FindUserAsync(outcome.Username!, connection.Aborted)
                    .ConfigureAwait(false);
                if (account is null)
                {
                    Pop3ProtocolException.Throw(Pop3Error.AuthenticationFailed);
                }

                Pop3Log.Authentication(logger, SessionId, account.Address, "ok " + outcome.Mechanism);
                await OpenMaildropAsync(account).ConfigureAwait(false);
                return false;
            case SaslOutcomeKind.ConnectionClosed:
                return true;
            case SaslOutcomeKind.TooManyFailures:
                await SendAsync(Pop3Responses.Error(Pop3Error.TooManyFailures)).ConfigureAwait(false);
                return true;
        }

        Pop3ProtocolException.Throw(outcome.Kind switch
        {
            SaslOutcomeKind.Cancelled => Pop3Error.AuthCancelled,
            SaslOutcomeKind.InvalidBase64 => Pop3Error.InvalidBase64,
            SaslOutcomeKind.LineTooLong => Pop3Error.AuthLineTooLong,
            SaslOutcomeKind.Malformed => Pop3Error.AuthMalformed,
            _ => Pop3Error.AuthenticationFailed,
        });
        return false;
    }

    private async Task<LineResult> ReadSaslLineAsync(int maxLength)
    {
        connection.SetTimeout(_autologout);
        return await _lines.ReadLineAsync(maxLength, connection.Aborted).ConfigureAwait(false);
    }
}
