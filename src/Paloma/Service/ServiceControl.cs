using System.Globalization;
using System.Net.Sockets;
using Paloma.Config;
using Paloma.Control;

namespace Paloma.Cli.Service;

/// <summary>
/// <c>paloma status|reload|stop|restart|condrestart</c>: each asks the running server over its control socket.
/// Exit codes follow the LSB init-script conventions, which service managers and monitoring scripts expect.
/// </summary>
internal static class ServiceControl
{
    /// <summary>LSB status: the program is running.</summary>
    public const int Running = 0;

    /// <summary>LSB status: the program is dead and its pid file exists.</summary>
    public const int DeadWithPidFile = 1;

    /// <summary>LSB status: the program is not running.</summary>
    public const int NotRunning = 3;

    /// <summary>LSB status: the status is unknown (the process exists but does not answer).</summary>
    public const int Unknown = 4;

    /// <summary>LSB actions other than status: the program is not running.</summary>
    public const int ActionNotRunning = 7;

    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> StatusAsync(PalomaConfig config)
    {
        var status = await QueryAsync(config).ConfigureAwait(false);
        if (status is not null)
        {
            Console.Write(StatusPrinter.Format(status));
            return Running;
        }

        if (PidFile.Read(config.PidFilePath) is not { } pid)
        {
            Console.WriteLine("paloma is not running");
            return NotRunning;
        }

        if (PidFile.IsPalomaRunning(pid))
        {
            Console.WriteLine($"paloma (pid {pid}) is running but its control socket {config.ControlSocketPath} "
                + "does not answer");
            return Unknown;
        }

        Console.WriteLine($"paloma is dead but pid file exists ({config.PidFilePath}, pid {pid})");
        return DeadWithPidFile;
    }

    public static async Task<int> ReloadAsync(PalomaConfig config)
    {
        var reply = await SendAsync(config, ControlProtocol.Reload).ConfigureAwait(false);
        if (reply is null)
        {
            Console.Error.WriteLine($"paloma: not running (no server answers on {config.ControlSocketPath}), "
                + "nothing to reload");
            return ActionNotRunning;
        }

        if (reply.Ok)
        {
            Console.WriteLine($"paloma: {reply.Message}");
            return PalomaCli.Success;
        }

        Console.Error.WriteLine($"paloma: reload failed, the server keeps its running configuration:"
            + $"{Environment.NewLine}{reply.Message}");
        return PalomaCli.RuntimeFailure;
    }

    /// <summary>Asks for a graceful stop and waits until the process has exited. Stopping a stopped server
    /// succeeds (LSB); a stale pid file is removed.</summary>
    public static async Task<int> StopAsync(PalomaConfig config)
    {
        var status = await QueryAsync(config).ConfigureAwait(false);
        if (status is null)
        {
            if (PidFile.Read(config.PidFilePath) is { } stale && !PidFile.IsPalomaRunning(stale))
            {
                File.Delete(config.PidFilePath);
                Console.WriteLine($"paloma is not running (removed stale pid file {config.PidFilePath})");
            }
            else
            {
                Console.WriteLine("paloma is not running");
            }

            return PalomaCli.Success;
        }

        await SendAsync(config, ControlProtocol.Stop).ConfigureAwait(false);
        Console.WriteLine($"paloma: stopping pid {status.Pid}, waiting up to {config.Server.StopGrace} s for "
            + "sessions to finish");

        // The server's own grace period bounds its exit; the margin covers closing the store.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(config.Server.StopGrace + 30);
        while (PidFile.IsPalomaRunning(status.Pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                Console.Error.WriteLine($"paloma: pid {status.Pid} did not exit in time");
                return PalomaCli.RuntimeFailure;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        Console.WriteLine($"paloma: stopped (pid {status.Pid})");
        return PalomaCli.Success;
    }

    public static async Task<int> RestartAsync(PalomaConfig config)
    {
        var stopped = await StopAsync(config).ConfigureAwait(false);
        return stopped != PalomaCli.Success ? stopped : await Daemon.StartAsync(config).ConfigureAwait(false);
    }

    /// <summary>Restarts only a running server; when none runs there is nothing to do, which is success.</summary>
    public static async Task<int> CondRestartAsync(PalomaConfig config)
    {
        if (await QueryAsync(config).ConfigureAwait(false) is null)
        {
            Console.WriteLine("paloma is not running; nothing to restart");
            return PalomaCli.Success;
        }

        return await RestartAsync(config).ConfigureAwait(false);
    }

    /// <summary>The running server's status, or null when none answers on the control socket.</summary>
    public static async Task<ServerStatus?> QueryAsync(PalomaConfig config) =>
        (await SendAsync(config, ControlProtocol.Status).ConfigureAwait(false))?.Status;

    private static async Task<ControlReply?> SendAsync(PalomaConfig config, string command)
    {
        try
        {
            return await ControlClient.SendAsync(config.ControlSocketPath, command, s_requestTimeout)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException
                                      or UnauthorizedAccessException)
        {
            throw new ServiceException(string.Create(CultureInfo.InvariantCulture,
                $"control socket {config.ControlSocketPath}: {e.Message}"));
        }
    }
}
