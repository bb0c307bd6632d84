using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Paloma.Config;
using Paloma.Hosting;

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
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
            builder.Services.AddSystemd();
            builder.Services.AddSingleton(config);
            builder.Services.AddHostedService<ServerService>();
            using var host = builder.Build();
            try
            {
                await host.RunAsync(ct).ConfigureAwait(false);
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("cannot listen", StringComparison.Ordinal))
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

    /// <summary>Hosts one <see cref="PalomaServer"/> for the lifetime of the process.</summary>
    private sealed class ServerService(PalomaConfig config, ILoggerFactory loggerFactory) : IHostedService
    {
        private PalomaServer? _server;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            var logger = loggerFactory.CreateLogger("Paloma");
            logger.LogInformation("starting config={Config} data_dir={DataDir}",
                config.SourceFile ?? "(embedded defaults)", config.DataDirectory);
            _server = PalomaServer.Create(config, loggerFactory);
            _server.Start();
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_server is not null)
            {
                await _server.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                await _server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
