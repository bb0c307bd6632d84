using Microsoft.Extensions.Logging;
using Paloma.Hosting;

namespace Paloma.Pop3.Server;

/// <summary>
/// The POP3 listener's handler (RFC 1939, RFC 2449). One instance serves every POP3 endpoint of a server, so
/// its <see cref="MaildropLock"/> covers them all.
/// </summary>
/// <remarks>
/// Implementation notes. The maildrop is a user's INBOX. Invariants:
/// the maildrop lock is taken before the snapshot is read and released in the session's finally block, whatever
/// ends the session; deletions are applied only in the UPDATE state reached by QUIT, in one store call, and the
/// +OK for QUIT is sent only after that call committed; stored messages are unstuffed, and
/// <see cref="Protocol.Pop3DotStuffer"/> is the one place that stuffs them for the wire.
/// </remarks>
public sealed class Pop3Handler(ServerContext context) : IProtocolHandler
{
    private readonly MaildropLock _locks = new();
    private readonly ILogger _logger = context.LoggerFactory.CreateLogger("Paloma.Pop3");

    public string Protocol => "pop3";

    public Task RunSessionAsync(Connection connection) =>
        new Pop3Session(context, connection, _locks, _logger).RunAsync();
}
