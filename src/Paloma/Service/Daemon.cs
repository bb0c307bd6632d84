using System.Diagnostics;
using System.Text;
using Paloma.Config;

namespace Paloma.Cli.Service;

/// <summary>
/// <c>paloma start</c>. .NET cannot fork, so the daemon is a second process, <c>paloma run</c>, started through
/// /bin/sh with its output appended to the log file and, where util-linux is installed, through setsid so that
/// it leaves the terminal's session and survives the terminal closing. start returns once the new server
/// answers on its control socket (listeners open, pid file written) or fails with what the server logged.
/// </summary>
internal static class Daemon
{
    private const string Setsid = "/usr/bin/setsid";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> StartAsync(PalomaConfig config)
    {
        if (await ServiceControl.QueryAsync(config).ConfigureAwait(false) is { } running)
        {
            Console.WriteLine($"paloma is already running (pid {running.Pid})");
            return PalomaCli.Success;
        }

        var log = config.LogFilePath;
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var logOffset = File.Exists(log) ? new FileInfo(log).Length : 0;
        using var child = Process.Start(StartInfo(config, log))
            ?? throw new ServiceException("could not start /bin/sh to launch the server");

        var deadline = DateTime.UtcNow + s_startTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await TryQueryAsync(config).ConfigureAwait(false) is { } status)
            {
                Console.WriteLine($"paloma started (pid {status.Pid}), log {log}");
                foreach (var listener in status.Listeners)
                {
                    Console.WriteLine($"listener: {listener.Protocol} {listener.EndPoint}");
                }

                return PalomaCli.Success;
            }

            if (child.HasExited)
            {
                Console.Error.WriteLine($"paloma: the server failed to start (exit status {child.ExitCode}); "
                    + $"from {log}:{Environment.NewLine}{await ReadFromAsync(log, logOffset).ConfigureAwait(false)}");
                return PalomaCli.RuntimeFailure;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        Console.Error.WriteLine($"paloma: the server did not become ready within {s_startTimeout.TotalSeconds} s; "
            + $"see {log}");
        return PalomaCli.RuntimeFailure;
    }

    /// <summary>The status once the new server answers; null while it starts, and also when the socket resets
    /// because the server is failing: the loop then sees the process exit and reports its log.</summary>
    private static async Task<Control.ServerStatus?> TryQueryAsync(PalomaConfig config)
    {
        try
        {
            return await ServiceControl.QueryAsync(config).ConfigureAwait(false);
        }
        catch (ServiceException)
        {
            return null;
        }
    }

    private static ProcessStartInfo StartInfo(PalomaConfig config, string log)
    {
        // sh -c SCRIPT LOG ARGS...: LOG becomes $0, the command $@. "setsid -w" forks only if it must (when the
        // shell leads its process group) and then waits, so the child we watch lives exactly as long as the
        // server does and its exit status is the server's.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" </dev/null >>\"$0\" 2>&1");
        start.ArgumentList.Add(log);
        if (File.Exists(Setsid))
        {
            start.ArgumentList.Add(Setsid);
            start.ArgumentList.Add("-w");
        }

        foreach (var arg in OwnCommandLine())
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("run");
        if (config.SourceFile is { } file)
        {
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(file);
        }

        return start;
    }

    /// <summary>How to run this same program again: the apphost alone, or "dotnet paloma.dll".</summary>
    private static IEnumerable<string> OwnCommandLine()
    {
        var host = Environment.ProcessPath ?? throw new ServiceException("cannot tell the path of this program");
        yield return host;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            yield return typeof(Daemon).Assembly.Location;
        }
    }

    /// <summary>What the server wrote to the log since <paramref name="offset"/>, at most the last 20 lines.
    /// </summary>
    private static async Task<string> ReadFromAsync(string log, long offset)
    {
        await using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = (await reader.ReadToEndAsync().ConfigureAwait(false)).Split('\n',
            StringSplitOptions.RemoveEmptyEntries);
        return string.Join(Environment.NewLine, lines.TakeLast(20));
    }
}
