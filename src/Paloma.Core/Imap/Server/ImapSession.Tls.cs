using Paloma.Hosting;
using Paloma.Imap.Protocol;
using Paloma.Net;
using Paloma.Sasl;

namespace Paloma.Imap.Server;

/// <summary>STARTTLS (RFC 3501 §6.2.1, RFC 2595 §3.1) and what authentication needs from the connection.</summary>
internal sealed partial class ImapSession
{
    private SaslContext? _saslContext;

    /// <summary>"imap" or "imaps", for logs.</summary>
    public string Protocol { get; }

    /// <summary>The mechanisms' view of this connection; rebuilt after STARTTLS.</summary>
    public SaslContext SaslContext => _saslContext ??= Context.Auth.CreateContext(Connection, "imap");

    /// <summary>Reads one response line of an AUTHENTICATE exchange, bounded by <paramref name="maxLength"/>.
    /// </summary>
    public async Task<LineResult> ReadSaslLineAsync(int maxLength)
    {
        ResetAutologout();
        return await Lines.ReadLineAsync(maxLength, Aborted).ConfigureAwait(false);
    }

    /// <summary>
    /// RFC 3501 §6.2.1: tagged OK, then the handshake. Whatever the client pipelined after the command is
    /// discarded with the plaintext buffer (case C04); the session stays not authenticated, and the capability
    /// list is recomputed for the encrypted connection.
    /// </summary>
    /// <returns>False when the handshake failed and the session must end.</returns>
    private async Task<bool> StartTlsAsync(string tag)
    {
        var refusal = ImapStateTable.Check(State, "STARTTLS") is { } wrongState
            ? ImapCompletion.Bad(wrongState)
            : AuthServices.IsSecure(Connection)
                ? ImapCompletion.Bad("TLS is already active")
                : Context.Auth.Tls is null
                    ? ImapCompletion.No("TLS is not available", ImapResponseCode.Unavailable)
                    : null;
        if (refusal is not null)
        {
            Writer.Tagged(tag, refusal.Status, refusal.Code, refusal.Text);
            await FlushAsync(Aborted).ConfigureAwait(false);
            return true;
        }

        Writer.Tagged(tag, "OK", null, "Begin TLS negotiation now");
        await FlushAsync(Aborted).ConfigureAwait(false);
        var timeout = TimeSpan.FromSeconds(Context.Config.Imap.Autologout);
        if (!await Context.Auth.StartTlsAsync(Connection, Protocol, timeout).ConfigureAwait(false))
        {
            return false;
        }

        Lines = new LineReader(Connection.Reader);
        _saslContext = null;
        return true;
    }
}
