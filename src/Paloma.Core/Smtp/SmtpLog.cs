using Microsoft.Extensions.Logging;

namespace Paloma.Smtp;

/// <summary>
/// Log events of the SMTP server. EventIds 1000-1099; next free id: 1018; 1015 (dsn stored) is retired.
/// Level policy (STYLE §11): one Information line per session event, a peer's protocol mistakes at Debug,
/// only our own faults at Error.
/// </summary>
internal static partial class SmtpLog
{
    [LoggerMessage(1000, LogLevel.Information,
        "mail session={SessionId} sender={ReversePath} size={DeclaredSize} body={Body}")]
    public static partial void Mail(ILogger logger, string sessionId, string reversePath, string declaredSize,
        string body);

    [LoggerMessage(1001, LogLevel.Information, "rcpt session={SessionId} recipient={Recipient} reply={Reply}")]
    public static partial void Rcpt(ILogger logger, string sessionId, string recipient, string reply);

    [LoggerMessage(1002, LogLevel.Information,
        "stored session={SessionId} queue_id={QueueId} size={Size} recipients={Recipients}")]
    public static partial void Stored(ILogger logger, string sessionId, string queueId, long size, int recipients);

    [LoggerMessage(1003, LogLevel.Information, "message refused session={SessionId} size={Size} reply={Reply}")]
    public static partial void MessageRefused(ILogger logger, string sessionId, long size, string reply);

    [LoggerMessage(1004, LogLevel.Debug, "protocol error session={SessionId} command={Command} reply={Reply}")]
    public static partial void PeerError(ILogger logger, string sessionId, string command, string reply);

    [LoggerMessage(1005, LogLevel.Error, "delivery failed session={SessionId} queue_id={QueueId}")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, string sessionId, string queueId);

    [LoggerMessage(1006, LogLevel.Error, "command failed session={SessionId} command={Command}")]
    public static partial void CommandFailed(ILogger logger, Exception exception, string sessionId, string command);

    [LoggerMessage(1007, LogLevel.Information, "timeout session={SessionId} state={State}")]
    public static partial void Timeout(ILogger logger, string sessionId, string state);

    [LoggerMessage(1008, LogLevel.Debug, "closing for shutdown session={SessionId}")]
    public static partial void ShutdownClose(ILogger logger, string sessionId);

    [LoggerMessage(1009, LogLevel.Information, "too many errors session={SessionId} errors={Errors}")]
    public static partial void TooManyErrors(ILogger logger, string sessionId, int errors);

    [LoggerMessage(1010, LogLevel.Information, "connect policy session={SessionId} decision={Decision} rule={Rule}")]
    public static partial void ConnectPolicy(ILogger logger, string sessionId, string decision, string rule);

    [LoggerMessage(1011, LogLevel.Information, "sender policy session={SessionId} decision={Decision} rule={Rule}")]
    public static partial void SenderPolicy(ILogger logger, string sessionId, string decision, string rule);

    [LoggerMessage(1012, LogLevel.Information, "discarded session={SessionId} size={Size} reason={Reason}")]
    public static partial void Discarded(ILogger logger, string sessionId, long size, string reason);

    [LoggerMessage(1013, LogLevel.Information,
        "connection refused session={SessionId} client={Client} reply={Reply}")]
    public static partial void ConnectionLimited(ILogger logger, string sessionId, string client, string reply);

    [LoggerMessage(1014, LogLevel.Debug, "rcpt policy session={SessionId} recipient={Recipient} rule={Rule}")]
    public static partial void RcptPolicy(ILogger logger, string sessionId, string recipient, string rule);

    [LoggerMessage(1016, LogLevel.Information,
        "message queued session={SessionId} queue_id={QueueId} size={Size} recipients={Recipients}")]
    public static partial void Enqueued(ILogger logger, string sessionId, string queueId, long size, int recipients);

    [LoggerMessage(1017, LogLevel.Error, "policy reload failed, the previous maps stay in force: {Reason}")]
    public static partial void PolicyReloadFailed(ILogger logger, string reason);

    [LoggerMessage(1018, LogLevel.Warning, "rcpt member over quota, skipped session={SessionId} "
        + "recipient={Recipient} member={Member}")]
    public static partial void RcptMemberOverQuota(ILogger logger, string sessionId, string recipient, string member);
}
