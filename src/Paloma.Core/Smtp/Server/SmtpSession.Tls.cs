using System.Net.Security;
using Paloma.Hosting;
using Paloma.Net;
using Paloma.Sasl;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>STARTTLS (RFC 3207), the EHLO keywords of TLS and AUTH, and the TLS part of the trace header.</summary>
internal sealed partial class SmtpSession
{
    private SaslContext? _saslContext;

    /// <summary>The protocol name in logs: smtp, submission or submissions.</summary>
    private string Protocol => _kind switch
    {
        SmtpListenerKind.Submission => "submission",
        SmtpListenerKind.Submissions => "submissions",
        _ => "smtp",
    };

    /// <summary>The mechanisms' view of this connection; rebuilt after STARTTLS.</summary>
    private SaslContext SaslContext => _saslContext ??= _context.Auth.CreateContext(_connection, "smtp");

    /// <summary>RFC 3207 §4.2: STARTTLS only before TLS; RFC 4954 §3: AUTH lists exactly the mechanisms usable on
    /// this connection (PLAIN and LOGIN only after TLS unless configured otherwise; none before TLS on a submission
    /// listener with [submission] require_tls).</summary>
    private IEnumerable<string> TlsAndAuthExtensions()
    {
        if (!IsTls && _context.Auth.Tls is not null)
        {
            yield return "STARTTLS";
        }

        // Nothing is advertised that would only get "530 Must issue a STARTTLS command first".
        var mechanisms = TlsRequiredFirst ? [] : _context.Auth.Mechanisms.Advertised(SaslContext);
        if (mechanisms.Count > 0)
        {
            yield return "AUTH " + string.Join(' ', mechanisms);
        }
    }

    /// <summary>
    /// RFC 3207 §4: answer 220, then handshake. Anything the client pipelined after STARTTLS is discarded with
    /// the plaintext buffer (case C03), and afterwards the session starts again from the greeting state, every
    /// piece of knowledge from before TLS forgotten (§4.2), authentication included.
    /// </summary>
    private async Task<SmtpReply?> StartTlsAsync(string argument)
    {
        if (argument.Length != 0)
        {
            return SmtpReply.NoArgumentsAllowed;
        }

        if (IsTls)
        {
            return SmtpReply.TlsAlreadyActive;
        }

        if (_context.Auth.Tls is null)
        {
            return SmtpReply.TlsNotAvailable;
        }

        await SendAsync(SmtpReply.ReadyToStartTls).ConfigureAwait(false);
        await FlushAsync(_connection.Aborted).ConfigureAwait(false);
        var timeout = TimeSpan.FromSeconds(_context.Config.Smtp.CommandTimeout);
        if (!await _context.Auth.StartTlsAsync(_connection, Protocol, timeout).ConfigureAwait(false))
        {
            // RFC 3207 §4.1: after a failed negotiation the connection cannot be trusted; close it.
            _quit = true;
            return null;
        }

        _lines = new LineReader(_connection.Reader);
        _state = SmtpState.Connected;
        _heloName = "";
        _extended = false;
        _transaction = null;
        _saslContext = null;
        AuthenticatedUser = null;
        AuthenticatedMechanism = null;
        return null;
    }

    /// <summary>The TLS version and cipher suite for the Received: header (PRODUCT E).</summary>
    private string? TraceTls => _connection.Stream is SslStream ssl
        ? $"using {AuthServices.TlsVersion(ssl)} with cipher {ssl.NegotiatedCipherSuite}"
        : null;
}
