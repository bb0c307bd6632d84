using System.Net;
using Microsoft.Extensions.Logging;

namespace Paloma.Hosting;

/// <summary>Log events of service control: reload, stop, control socket, metrics. EventIds 7000-7099; next free:
/// 7009.</summary>
public static partial class OperationsLog
{
    [LoggerMessage(7000, LogLevel.Information, "reload succeeded: {Message}")]
    public static partial void Reloaded(ILogger logger, string message);

    // Error, not Warning: the operator asked for a change that did not happen and must be told.
    [LoggerMessage(7001, LogLevel.Error, "reload failed, keeping the running configuration: {Message}")]
    public static partial void ReloadFailed(ILogger logger, string message);

    [LoggerMessage(7002, LogLevel.Information, "closed listener protocol={Protocol} endpoint={EndPoint} (reload)")]
    public static partial void ListenerClosed(ILogger logger, string protocol, IPEndPoint endPoint);

    [LoggerMessage(7003, LogLevel.Information, "control socket path={Path}")]
    public static partial void ControlListening(ILogger logger, string path);

    [LoggerMessage(7004, LogLevel.Information, "stop requested by={Source} grace_s={GraceSeconds}")]
    public static partial void StopRequested(ILogger logger, string source, int graceSeconds);

    [LoggerMessage(7008, LogLevel.Information, "stopping: no new connections, sessions have {GraceSeconds} s to end")]
    public static partial void Stopping(ILogger logger, int graceSeconds);

    [LoggerMessage(7005, LogLevel.Information, "reload requested by={Source}")]
    public static partial void ReloadRequested(ILogger logger, string source);

    [LoggerMessage(7006, LogLevel.Debug, "control request failed: {Reason}")]
    public static partial void ControlRequestFailed(ILogger logger, string reason);

    [LoggerMessage(7007, LogLevel.Information, "ready pid={Pid} pid_file={PidFile}")]
    public static partial void Ready(ILogger logger, int pid, string pidFile);
}
