using Paloma.Config;

namespace Paloma.Hosting;

/// <summary>
/// The settings a reload cannot apply, because they are fixed when the process starts: the data directory
/// (the database and the control socket live there), the pid and log files, the log level and the metrics
/// address. Everything else is read by sessions as they start and so changes with a reload.
/// </summary>
public static class StaticSettings
{
    /// <summary>The keys whose values differ between the running and the new configuration.</summary>
    public static List<string> Changed(PalomaConfig running, PalomaConfig next)
    {
        var changed = new List<string>();
        Compare(changed, "server.data_dir", running.DataDirectory, next.DataDirectory);
        Compare(changed, "server.pid_file", running.PidFilePath, next.PidFilePath);
        Compare(changed, "server.log_file", running.LogFilePath, next.LogFilePath);
        Compare(changed, "log.level", running.Log.Level, next.Log.Level);
        Compare(changed, "metrics.listen", running.Metrics.Listen?.ToString(), next.Metrics.Listen?.ToString());
        return changed;
    }

    private static void Compare(List<string> changed, string key, string? running, string? next)
    {
        if (!string.Equals(running, next, StringComparison.Ordinal))
        {
            changed.Add(key);
        }
    }
}
