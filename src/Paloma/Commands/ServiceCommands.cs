using System.CommandLine;
using Paloma.Cli.Service;
using Paloma.Config;

namespace Paloma.Cli.Commands;

/// <summary><c>paloma start|stop|restart|reload|condrestart|status</c>: the classic service style, on top of the
/// running server's control socket.</summary>
internal static class ServiceCommands
{
    public static IEnumerable<Command> Create() =>
    [
        Make("start", "Start the server in the background; returns once it listens", Daemon.StartAsync),
        Make("stop", "Stop the running server gracefully and wait for it to exit", ServiceControl.StopAsync,
            lenient: true),
        Make("restart", "Stop the running server (if any), then start it", ServiceControl.RestartAsync),
        Make("reload", "Re-read the configuration without dropping sessions", ServiceControl.ReloadAsync,
            lenient: true),
        Make("condrestart", "Restart the server only if it is running", ServiceControl.CondRestartAsync),
        Make("status", "Show whether the server runs (exit 0), is dead (1) or not running (3)",
            ServiceControl.StatusAsync, lenient: true),
    ];

    /// <summary>A lenient command reads only the file locations from a configuration that fails to load, so that
    /// a broken file cannot keep the operator from stopping the server or from hearing the reload's error.
    /// start, restart and condrestart load strictly: they must not stop a server they cannot start again.
    /// </summary>
    private static Command Make(string name, string description, Func<PalomaConfig, Task<int>> action,
        bool lenient = false)
    {
        var command = new Command(name, description);
        command.SetAction(async (result, _) =>
        {
            try
            {
                var config = lenient ? ServiceConfig.LoadLenient(result) : PalomaCli.LoadConfig(result);
                return await action(config).ConfigureAwait(false);
            }
            catch (ServiceException e)
            {
                Console.Error.WriteLine($"paloma: {e.Message}");
                return PalomaCli.RuntimeFailure;
            }
        });
        return command;
    }
}
