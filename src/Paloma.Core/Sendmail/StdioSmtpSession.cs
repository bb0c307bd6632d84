using System.Net;
using Paloma.Hosting;
using Paloma.Smtp.Server;

namespace Paloma.Sendmail;

/// <summary>
/// sendmail -bs: one SMTP session on stdin and stdout, run by the SMTP server's own handler in this process,
/// so every command, limit, policy and delivery path is the server's. The client counts as 127.0.0.1 (the
/// local machine), which is what the access map and relay rules see.
/// </summary>
public static class StdioSmtpSession
{
    public static async Task RunAsync(ServerContext context, Stream input, Stream output, CancellationToken ct)
    {
        var handler = new SmtpHandler(context);
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        var local = new IPEndPoint(IPAddress.Loopback, 25);
        using var connection = new Connection(SessionId.New(), new DuplexStream(input, output), loopback, local,
            ct);
        await handler.RunSessionAsync(connection).ConfigureAwait(false);
    }
}
