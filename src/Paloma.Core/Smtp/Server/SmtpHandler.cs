using Microsoft.Extensions.Logging;
using Paloma.Hosting;

namespace Paloma.Smtp.Server;

/// <summary>The SMTP server for one kind of listener: transfer (RFC 5321) or submission (RFC 6409), the latter
/// also over implicit TLS (RFC 8314); one <see cref="SmtpSession"/> per connection.</summary>
public sealed class SmtpHandler(ServerContext context, SmtpListenerKind kind = SmtpListenerKind.Mta)
    : IProtocolHandler
{
    private readonly ILogger _logger = context.LoggerFactory.CreateLogger("Paloma.Smtp");

    public string Protocol => kind switch
    {
        SmtpListenerKind.Submission => "submission",
        SmtpListenerKind.Submissions => "submissions",
        _ => "smtp",
    };

    public async Task RunSessionAsync(Connection connection)
    {
        // RFC 8314 §3.3: on the implicit-TLS port the handshake comes first, before any SMTP greeting.
        if (kind == SmtpListenerKind.Submissions && !await context.Auth.StartTlsAsync(connection, Protocol,
                TimeSpan.FromSeconds(context.Config.Smtp.CommandTimeout)).ConfigureAwait(false))
        {
            return;
        }

        await new SmtpSession(context, connection, _logger, kind).RunAsync().ConfigureAwait(false);
    }
}
