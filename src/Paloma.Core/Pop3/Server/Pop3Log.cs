using Microsoft.Extensions.Logging;

namespace Paloma.Pop3.Server;

/// <summary>Log events of the POP3 server. EventIds 3000-3099; next free: 3008.</summary>
internal static partial class Pop3Log
{
    [LoggerMessage(3000, LogLevel.Information, "pop3 login session={SessionId} user={User} result={Result}")]
    public static partial void Authentication(ILogger logger, string sessionId, string user, string result);

    [LoggerMessage(3001, LogLevel.Information,
        "pop3 update session={SessionId} user={User} retrieved={Retrieved} deleted={Deleted}")]
    public static partial void Update(ILogger logger, string sessionId, string user, int retrieved, int deleted);

    [LoggerMessage(3002, LogLevel.Information, "pop3 session end session={SessionId} reason={Reason}")]
    public static partial void SessionEnd(ILogger logger, string sessionId, string reason);

    [LoggerMessage(3003, LogLevel.Debug, "pop3 refused session={SessionId} command={Command} error={Error}")]
    public static partial void CommandRefused(ILogger logger, string sessionId, string command, string error);

    [LoggerMessage(3004, LogLevel.Information, "pop3 maildrop in use session={SessionId} user={User}")]
    public static partial void MaildropLocked(ILogger logger, string sessionId, string user);

    [LoggerMessage(3005, LogLevel.Error, "pop3 command failed session={SessionId} command={Command}")]
    public static partial void CommandFailed(ILogger logger, Exception exception, string sessionId, string command);

    [LoggerMessage(3006, LogLevel.Error,
        "pop3 update failed session={SessionId} user={User}; deletions not applied")]
    public static partial void UpdateFailed(ILogger logger, Exception exception, string sessionId, string user);

    [LoggerMessage(3007, LogLevel.Debug, "pop3 message gone session={SessionId} uid={Uid}")]
    public static partial void MessageGone(ILogger logger, string sessionId, uint uid);
}
