using Paloma.Net;
using Paloma.Sasl;

namespace Paloma.Hosting;

/// <summary>
/// Runs one SASL exchange over a line protocol; the one driver behind SMTP AUTH (RFC 4954), IMAP AUTHENTICATE
/// (RFC 3501 §6.2.2, RFC 4959) and POP3 AUTH (RFC 5034). The protocol supplies how a challenge is written and
/// how a response line is read, and maps the <see cref="SaslOutcome"/> to its replies.
/// </summary>
public sealed class SaslExchange(
    AuthServices auth,
    Connection connection,
    string protocol,
    Func<string, Task> sendChallenge,
    Func<int, Task<LineResult>> readLine)
{
    /// <summary>RFC 4954 §4: a server should accept responses of at least 12288 octets; more is refused rather
    /// than buffered (the line reader never holds more).</summary>
    public const int MaxResponseOctets = 12_288;

    /// <summary>Decodes an initial response argument: base64, or <c>=</c> for an empty one (RFC 4954 §4,
    /// RFC 4959 §3, RFC 5034 §4). Null argument means none was sent.</summary>
    public static bool TryDecodeInitialResponse(string? argument, out byte[]? initialResponse)
    {
        initialResponse = null;
        if (argument is null)
        {
            return true;
        }

        if (argument.Length == 0 || !SaslWire.TryDecode(argument, out var bytes))
        {
            return false;
        }

        initialResponse = bytes;
        return true;
    }

    /// <summary>Runs the exchange to its end, including the throttle check before it and the failure count and
    /// delay after it.</summary>
    public async Task<SaslOutcome> RunAsync(ISaslMechanism mechanism, byte[]? initialResponse)
    {
        var ip = connection.RemoteEndPoint.Address;
        var before = auth.Throttle.Check(ip);
        if (before.Refuse)
        {
            AuthLog.Refused(auth.Logger, connection.SessionId, ip, before.Failures);
            return new SaslOutcome(SaslOutcomeKind.TooManyFailures, mechanism.Name, Reason: "too many failures");
        }

        var outcome = await ExchangeAsync(mechanism, initialResponse).ConfigureAwait(false);
        switch (outcome.Kind)
        {
            case SaslOutcomeKind.Success:
                AuthLog.Succeeded(auth.Logger, connection.SessionId, protocol, outcome.Username!, outcome.Mechanism);
                break;
            case SaslOutcomeKind.Failed:
                await auth.RecordFailureAsync(connection, protocol, outcome.Mechanism, outcome.Reason ?? "failed")
                    .ConfigureAwait(false);
                break;
            default:
                AuthLog.Aborted(auth.Logger, connection.SessionId, protocol, outcome.Mechanism,
                    outcome.Reason ?? outcome.Kind.ToString());
                break;
        }

        return outcome;
    }

    private async Task<SaslOutcome> ExchangeAsync(ISaslMechanism mechanism, byte[]? initialResponse)
    {
        var name = mechanism.Name;
        var ct = connection.Aborted;
        var result = await mechanism.StartAsync(initialResponse, ct).ConfigureAwait(false);
        while (result.IsContinue)
        {
            var (response, stop) = await NextResponseAsync(name, result.Challenge).ConfigureAwait(false);
            if (stop is { } outcome)
            {
                return outcome;
            }

            result = await mechanism.StepAsync(response, ct).ConfigureAwait(false);
        }

        if (result.IsFailure)
        {
            var error = result.Error!;
            var kind = error.Kind == SaslErrorKind.MalformedResponse
                ? SaslOutcomeKind.Malformed
                : SaslOutcomeKind.Failed;
            return new SaslOutcome(kind, name, Reason: error.Message);
        }

        // RFC 4422 §3.6: SMTP, IMAP4rev1 and POP3 cannot carry additional data with success, so it goes out as
        // one more challenge and the client answers with an empty response (RFC 4954 §4, RFC 5034 §4).
        if (result.ServerData is { } serverData)
        {
            var (response, stop) = await NextResponseAsync(name, serverData).ConfigureAwait(false);
            if (stop is { } outcome)
            {
                return outcome;
            }

            if (response.Length != 0)
            {
                return new SaslOutcome(SaslOutcomeKind.Malformed, name,
                    Reason: "non-empty response to the final server data");
            }
        }

        return new SaslOutcome(SaslOutcomeKind.Success, name, result.Username);
    }

    /// <summary>Sends a challenge and reads the answer; returns the decoded bytes, or the outcome that ends the
    /// exchange.</summary>
    private async Task<(byte[] Response, SaslOutcome? Stop)> NextResponseAsync(string name, byte[] challenge)
    {
        await sendChallenge(SaslWire.Encode(challenge)).ConfigureAwait(false);
        var line = await readLine(MaxResponseOctets).ConfigureAwait(false);
        if (line.Status == LineStatus.EndOfStream)
        {
            return ([], new SaslOutcome(SaslOutcomeKind.ConnectionClosed, name, Reason: "connection closed"));
        }

        if (line.Status == LineStatus.TooLong)
        {
            return ([], new SaslOutcome(SaslOutcomeKind.LineTooLong, name, Reason: "response line too long"));
        }

        if (SaslWire.IsCancel(line.Text))
        {
            return ([], new SaslOutcome(SaslOutcomeKind.Cancelled, name, Reason: "cancelled by client"));
        }

        if (line.BareLf || !SaslWire.TryDecode(line.Text, out var bytes))
        {
            // The line itself is not logged: it may be a password sent by a confused client.
            return ([], new SaslOutcome(SaslOutcomeKind.InvalidBase64, name, Reason: "invalid base64"));
        }

        return (bytes, null);
    }
}
