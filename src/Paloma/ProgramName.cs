namespace Paloma.Cli;

/// <summary>The name the program was started under, for sendmail, mailq and newaliases symlinks.</summary>
internal static class ProgramName
{
    /// <summary>
    /// The file name of argv[0]. The apphost resolves its symlink before the runtime starts, and
    /// Environment.ProcessPath is the resolved file too, so neither shows "sendmail"; on Linux the original
    /// argv[0] is still in /proc/self/cmdline. Elsewhere the runtime's first argument is the fallback.
    /// </summary>
    public static string Current()
    {
        string? first = null;
        try
        {
            var cmdline = File.ReadAllText("/proc/self/cmdline");
            var end = cmdline.IndexOf('\0');
            first = end < 0 ? cmdline : cmdline[..end];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or /proc is not mounted.
        }

        first ??= Environment.GetCommandLineArgs().FirstOrDefault() ?? "paloma";
        return Path.GetFileName(first);
    }
}
