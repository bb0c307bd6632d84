using Microsoft.Extensions.Logging;
using Paloma.Hosting;

namespace Paloma.Pop3.Server;

/// <summary>
/// The POP3 listener's handler (RFC 1939, RFC 2449), plain or implicit TLS (RFC 8314 §3.2, port 995). One
/// <see cref="MaildropLock"/> serves every POP3 endpoint of a server, both kinds.
/// </summary>
/// <remarks>
/// Implementation notes. The maildrop is a user's INBOX. Invariants:
/// the maildrop lock is taken before the snapshot is read and released in the session's finally block, whatever
/// ends the session; deletions are applied only in the UPDATE state reached by QUIT, in one store call, and the
/// +OK for QUIT is sent only after that call committed; stored messages are unstuffed, and
/// <see cref="Protocol.Pop3DotStuffer"/> is the one place that stuffs them for the wire.
/// </remarks>
public sealed class Pop3Handler(ServerContext context, MaildropLock? locks = null, bool implicitTls = false)
    : IProtocolHandler
{
    private readonly MaildropLock _locks = locks ?? new MaildropLock();
    private readonly ILogger _logger = context.LoggerFactory.CreateLogger("Paloma.Pop3");

    public string Protocol => implicitTls ? "pop3s" : "pop3";

    public async Task RunSessionAsync(Connection connection)
    {
        // RFC 8314 §3.2: on the implicit-TLS port the handshake comes before the greeting.
        if (implicitTls && !await context.Auth.StartTlsAsync(connection, Protocol,
                TimeSpan.FromSeconds(context.Config.Pop3.Autologout)).ConfigureAwait(false))
        {
            return;
        }

        await new Pop3Session(context, connection, _locks, _logger, Protocol).RunAsync().ConfigureAwait(false);
    }
}
