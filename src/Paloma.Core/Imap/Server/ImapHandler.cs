using Paloma.Hosting;

namespace Paloma.Imap.Server;

/// <summary>The IMAP4rev1 server (RFC 3501) on one listener, plain or implicit TLS (RFC 8314 §3.2, port 993).
/// </summary>
public sealed class ImapHandler(ServerContext context, bool implicitTls = false) : IProtocolHandler
{
    public string Protocol => implicitTls ? "imaps" : "imap";

    public async Task RunSessionAsync(Connection connection)
    {
        // RFC 8314 §3.2: on the implicit-TLS port the handshake comes before the greeting.
        if (implicitTls && !await context.Auth.StartTlsAsync(connection, Protocol,
                TimeSpan.FromSeconds(context.Config.Imap.Autologout)).ConfigureAwait(false))
        {
            return;
        }

        await new ImapSession(context, connection, Protocol).RunAsync().ConfigureAwait(false);
    }
}
