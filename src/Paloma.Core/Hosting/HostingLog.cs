using System.Net;
using Microsoft.Extensions.Logging;

namespace Paloma.Hosting;

/// <summary>Log events of the listeners. EventIds 100-199; next free: 106.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(100, LogLevel.Information, "listening protocol={Protocol} endpoint={EndPoint}")]
    public static partial void Listening(ILogger logger, string protocol, IPEndPoint endPoint);

    [LoggerMessage(101, LogLevel.Information,
        "connect session={SessionId} protocol={Protocol} client={RemoteIp}:{RemotePort} local={LocalEndPoint}")]
    public static partial void Connected(ILogger logger, string sessionId, string protocol, IPAddress remoteIp,
        int remotePort, IPEndPoint localEndPoint);

    [LoggerMessage(102, LogLevel.Information,
        "disconnect session={SessionId} protocol={Protocol} client={RemoteIp} duration_ms={DurationMs}")]
    public static partial void Disconnected(ILogger logger, string sessionId, string protocol, IPAddress remoteIp,
        long durationMs);

    [LoggerMessage(103, LogLevel.Error, "session failed session={SessionId} protocol={Protocol}")]
    public static partial void SessionFailed(ILogger logger, Exception exception, string sessionId, string protocol);

    [LoggerMessage(104, LogLevel.Warning, "accept failed protocol={Protocol} endpoint={EndPoint}: {Reason}")]
    public static partial void AcceptFailed(ILogger logger, string protocol, IPEndPoint endPoint, string reason);

    [LoggerMessage(105, LogLevel.Information, "stopped protocol={Protocol} endpoint={EndPoint}")]
    public static partial void StoppedListening(ILogger logger, string protocol, IPEndPoint endPoint);
}
