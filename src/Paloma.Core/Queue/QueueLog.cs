using Microsoft.Extensions.Logging;

namespace Paloma.Queue;

/// <summary>Log events of the outbound queue. EventIds 4000-4099; next free: 4010.</summary>
internal static partial class QueueLog
{
    [LoggerMessage(4000, LogLevel.Information,
        "queue delivered queue={QueueId} recipient={Recipient} relay={RemoteMta} reply={Reply}")]
    public static partial void Delivered(ILogger logger, string queueId, string recipient, string remoteMta,
        string reply);

    [LoggerMessage(4001, LogLevel.Information,
        "queue deferred queue={QueueId} recipient={Recipient} relay={RemoteMta} reply={Reply} next={NextAttempt}")]
    public static partial void Deferred(ILogger logger, string queueId, string recipient, string remoteMta,
        string reply, DateTimeOffset nextAttempt);

    [LoggerMessage(4002, LogLevel.Information,
        "queue failed queue={QueueId} recipient={Recipient} relay={RemoteMta} reply={Reply}")]
    public static partial void Failed(ILogger logger, string queueId, string recipient, string remoteMta,
        string reply);

    [LoggerMessage(4003, LogLevel.Information, "queue report queue={QueueId} kind={Kind} dsn={DsnQueueId} to={To}")]
    public static partial void ReportSent(ILogger logger, string queueId, string kind, string dsnQueueId, string to);

    [LoggerMessage(4004, LogLevel.Information,
        "queue report dropped queue={QueueId} kind={Kind}: null reverse-path (RFC 5321 §6.1, no DSN about a DSN)")]
    public static partial void ReportDropped(ILogger logger, string queueId, string kind);

    [LoggerMessage(4005, LogLevel.Information, "queue removed queue={QueueId}")]
    public static partial void Removed(ILogger logger, string queueId);

    [LoggerMessage(4006, LogLevel.Error, "queue pass failed")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(4007, LogLevel.Information,
        "queue expired queue={QueueId} recipient={Recipient} reply={Reply}: lifetime over")]
    public static partial void Expired(ILogger logger, string queueId, string recipient, string reply);

    [LoggerMessage(4008, LogLevel.Error, "queue delivery failed queue={QueueId} destination={Destination}")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, string queueId,
        string destination);

    [LoggerMessage(4009, LogLevel.Information, "queue runner started scan_interval={ScanInterval}")]
    public static partial void Started(ILogger logger, TimeSpan scanInterval);
}
