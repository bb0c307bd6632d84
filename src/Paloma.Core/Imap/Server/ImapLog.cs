using Microsoft.Extensions.Logging;

namespace Paloma.Imap.Server;

/// <summary>Log events of the IMAP server. EventIds 2000-2099; next free: 2009.</summary>
internal static partial class ImapLog
{
    [LoggerMessage(2000, LogLevel.Information, "imap login session={SessionId} user={User} client={RemoteIp} "
        + "mechanism={Mechanism} result=ok")]
    public static partial void LoginSucceeded(ILogger logger, string sessionId, string user, string remoteIp,
        string mechanism);

    [LoggerMessage(2001, LogLevel.Information, "imap login session={SessionId} user={User} client={RemoteIp} "
        + "mechanism={Mechanism} result=failed")]
    public static partial void LoginFailed(ILogger logger, string sessionId, string user, string remoteIp,
        string mechanism);

    [LoggerMessage(2002, LogLevel.Information,
        "imap select session={SessionId} user={User} mailbox={Mailbox} read_only={ReadOnly} exists={Exists}")]
    public static partial void Selected(ILogger logger, string sessionId, string user, string mailbox, bool readOnly,
        int exists);

    [LoggerMessage(2003, LogLevel.Information,
        "imap append session={SessionId} user={User} mailbox={Mailbox} uid={Uid} size={Size}")]
    public static partial void AppendStored(ILogger logger, string sessionId, string user, string mailbox, uint uid,
        long size);

    [LoggerMessage(2004, LogLevel.Information, "imap disconnect session={SessionId} user={User} reason={Reason}")]
    public static partial void Disconnected(ILogger logger, string sessionId, string user, string reason);

    /// <summary>A client's malformed or misplaced command: the client's problem, so Debug (STYLE point 11).</summary>
    [LoggerMessage(2005, LogLevel.Debug, "imap protocol error session={SessionId} tag={Tag}: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string sessionId, string tag, string reason);

    [LoggerMessage(2006, LogLevel.Error, "imap command failed session={SessionId} command={Command}")]
    public static partial void CommandFailed(ILogger logger, Exception exception, string sessionId, string command);

    [LoggerMessage(2007, LogLevel.Information, "imap append refused session={SessionId} size={Size} limit={Limit}")]
    public static partial void AppendTooBig(ILogger logger, string sessionId, long size, long limit);

    [LoggerMessage(2008, LogLevel.Debug, "imap command session={SessionId} tag={Tag} command={Command} "
        + "result={Status}")]
    public static partial void CommandCompleted(ILogger logger, string sessionId, string tag, string command,
        string status);
}
