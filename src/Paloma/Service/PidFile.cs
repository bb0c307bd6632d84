using System.Globalization;

namespace Paloma.Cli.Service;

/// <summary>
/// The pid file: written by the server once its listeners and control socket are open, removed when it exits
/// cleanly. A pid file whose process is gone therefore means the server died (LSB "dead but pid file exists").
/// </summary>
internal static class PidFile
{
    public static void Write(string path, int pid)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, pid.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The pid in the file, or null when there is no file or it holds no number.</summary>
    public static int? Read(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture,
                out var pid) && pid > 0
                ? pid
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes the file if it still names <paramref name="pid"/> (a newer server may own it).</summary>
    public static void Remove(string path, int pid)
    {
        if (Read(path) == pid)
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// True if <paramref name="pid"/> is a live paloma process. Zombies count as dead (a parent that never reaps
    /// would otherwise keep a stopped server "running"), and so does a process whose command line does not
    /// mention paloma (the pid was reused after a crash).
    /// </summary>
    public static bool IsPalomaRunning(int pid)
    {
        var proc = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}";
        try
        {
            var stat = File.ReadAllText(Path.Combine(proc, "stat"));
            var state = stat[(stat.LastIndexOf(')') + 1)..].TrimStart()[0];
            if (state is 'Z' or 'X')
            {
                return false;
            }

            return File.ReadAllText(Path.Combine(proc, "cmdline")).Contains("paloma", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return false;
        }
    }
}
