using System.Globalization;
using System.Text;
using Paloma.Control;

namespace Paloma.Cli.Service;

/// <summary>Formats <c>paloma status</c>: one "name: value" line per fact, easy to read and to grep.</summary>
internal static class StatusPrinter
{
    public static string Format(ServerStatus status)
    {
        var s = new StringBuilder();
        var uptime = TimeSpan.FromSeconds(status.UptimeSeconds);
        s.AppendLine("paloma is running");
        s.AppendLine(CultureInfo.InvariantCulture, $"pid: {status.Pid}");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"uptime: {(int)uptime.TotalDays}d {uptime:hh\\:mm\\:ss} (since {status.Started.UtcDateTime:u})");
        s.AppendLine(CultureInfo.InvariantCulture, $"version: {status.Version}");
        s.AppendLine(CultureInfo.InvariantCulture, $"config: {status.ConfigFile ?? "(embedded defaults)"}");
        if (status.Listeners.Count == 0)
        {
            s.AppendLine("listener: none");
        }

        foreach (var listener in status.Listeners)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"listener: {listener.Protocol} {listener.EndPoint}");
        }

        var sessions = status.Sessions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"sessions: {string.Join(" ", sessions.DefaultIfEmpty("none"))}");
        var queue = status.QueueSize?.ToString(CultureInfo.InvariantCulture) ?? "n/a";
        s.AppendLine(CultureInfo.InvariantCulture, $"queue: {queue}");
        if (status.LastReload is { } reload)
        {
            var outcome = reload.Succeeded ? "ok" : "failed";
            s.AppendLine(CultureInfo.InvariantCulture,
                $"last reload: {outcome} at {reload.Time.UtcDateTime:u}: {reload.Message.ReplaceLineEndings("; ")}");
        }
        else
        {
            s.AppendLine("last reload: none");
        }

        return s.ToString();
    }
}
