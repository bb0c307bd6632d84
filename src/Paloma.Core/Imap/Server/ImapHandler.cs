using Paloma.Hosting;

namespace Paloma.Imap.Server;

/// <summary>The IMAP4rev1 server (RFC 3501) on one listener.</summary>
public sealed class ImapHandler(ServerContext context) : IProtocolHandler
{
    public string Protocol => "imap";

    public Task RunSessionAsync(Connection connection) => new ImapSession(context, connection).RunAsync();
}
