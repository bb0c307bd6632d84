using Microsoft.Extensions.Logging;
using Paloma.Hosting;
using Paloma.Smtp.Policy;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>The SMTP server for one kind of listener: transfer (RFC 5321) or submission (RFC 6409), the latter
/// also over implicit TLS (RFC 8314); one <see cref="SmtpSession"/> per connection. The policy maps are loaded
/// here, once, so a bad map stops the server at start with its file and line.</summary>
public sealed class SmtpHandler : IProtocolHandler
{
    /// <summary>RFC 3463 X.3.2: system not accepting network messages (Sendmail's MaxDaemonChildren).</summary>
    private static readonly SmtpReply s_tooManyConnections = new(SmtpReplyCode.ServiceNotAvailable421,
        new EnhancedStatusCode(4, 3, 2), "Too many connections; try again later");

    /// <summary>RFC 3463 X.7.0: a policy refusal, temporary (Sendmail's ConnectionRateThrottle/ratecontrol).
    /// </summary>
    private static readonly SmtpReply s_rateExceeded = new(SmtpReplyCode.ServiceNotAvailable421,
        EnhancedStatusCode.TransientPolicy, "Connection rate limit exceeded; try again later");

    private readonly ServerContext _context;
    private readonly ILogger _logger;
    private volatile SmtpPolicy _policy;
    private readonly ConnectionLimiter _limiter;
    private readonly SmtpListenerKind _kind;

    public SmtpHandler(ServerContext context, SmtpListenerKind kind = SmtpListenerKind.Mta)
    {
        _context = context;
        _kind = kind;
        _logger = context.LoggerFactory.CreateLogger("Paloma.Smtp");
        _policy = new SmtpPolicy(context);

        // A reload swaps the configuration: the maps and rules it names apply from the next session on, as every
        // other reloadable setting does. A map that fails to load keeps the old policy in force.
        context.ConfigChanged += _ =>
        {
            try
            {
                _policy = new SmtpPolicy(context);
            }
            catch (Exception e) when (e is Paloma.Policy.MapParseException or IOException
                                          or UnauthorizedAccessException)
            {
                SmtpLog.PolicyReloadFailed(_logger, e.Message);
            }
        };
        _limiter = new ConnectionLimiter(() => context.Config.Limits, context.Time);
    }

    public string Protocol => _kind switch
    {
        SmtpListenerKind.Submission => "submission",
        SmtpListenerKind.Submissions => "submissions",
        _ => "smtp",
    };

    public async Task RunSessionAsync(Connection connection)
    {
        // RFC 8314 §3.3: on the implicit-TLS port the handshake comes first, before any SMTP reply.
        if (_kind == SmtpListenerKind.Submissions && !await _context.Auth.StartTlsAsync(connection, Protocol,
                TimeSpan.FromSeconds(_context.Config.Smtp.CommandTimeout)).ConfigureAwait(false))
        {
            return;
        }

        var verdict = _limiter.TryAdmit(connection.RemoteEndPoint.Address);
        if (verdict != ConnectionLimiter.Verdict.Accept)
        {
            // RFC 5321 §3.1: a server may answer the connection with 421 and close it.
            var reply = verdict == ConnectionLimiter.Verdict.TooManyConnections
                ? s_tooManyConnections
                : s_rateExceeded;
            SmtpLog.ConnectionLimited(_logger, connection.SessionId, connection.RemoteEndPoint.Address.ToString(),
                reply.ToString());
            await connection.WriteAsync(reply.Format(connection.SessionId), connection.Aborted).ConfigureAwait(false);
            await connection.FlushAsync(connection.Aborted).ConfigureAwait(false);
            return;
        }

        var session = new SmtpSession(_context, connection, _logger, _policy, _kind);
        try
        {
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            session.DiscardPartialMessage();
            _limiter.Release();
        }
    }
}
