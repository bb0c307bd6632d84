using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paloma.Cli.Service;

namespace Paloma.Cli.Commands;

/// <summary><c>paloma run</c>: the server in the foreground, logging to stdout, until SIGINT or SIGTERM.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the server in the foreground (for systemd, containers and tests)");
        command.SetAction(async (result, ct) =>
        {
            var config = PalomaCli.LoadConfig(result);
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(ParseLevel(config.Log.Level));

            // The host's own lines: its start-up banner is noise for a mail server, and a start-up failure is
            // reported once, without a stack trace, by the run command itself (an operator's mistake such as a
            // port in use is not a Paloma fault to log at Error).
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
            builder.Services.AddSystemd();
            builder.Services.AddSingleton(config);
            builder.Services.AddHostedService<PalomaService>();

            // PalomaService bounds its own stop by server.stop_grace, which a reload may change.
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan);
            using var host = builder.Build();
            try
            {
                await host.RunAsync(ct).ConfigureAwait(false);
            }
            catch (StartupFailedException e)
            {
                Console.Error.WriteLine($"paloma: {e.Message}");
                return PalomaCli.RuntimeFailure;
            }

            return PalomaCli.Success;
        });
        return command;
    }

    private static LogLevel ParseLevel(string level) => level switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        "none" => LogLevel.None,
        _ => LogLevel.Information,
    };
}
