using Microsoft.Extensions.Logging;
using Paloma.Hosting;

namespace Paloma.Smtp.Server;

/// <summary>The SMTP receiving server (RFC 5321) for local delivery; one <see cref="SmtpSession"/> per connection.
/// </summary>
public sealed class SmtpHandler(ServerContext context) : IProtocolHandler
{
    private readonly ILogger _logger = context.LoggerFactory.CreateLogger("Paloma.Smtp");

    public string Protocol => "smtp";

    public Task RunSessionAsync(Connection connection) =>
        new SmtpSession(context, connection, _logger).RunAsync();
}
