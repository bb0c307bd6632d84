using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Paloma.Config;
using Paloma.Control;
using Paloma.Hosting;
using Paloma.Metrics;

namespace Paloma.Cli.Service;

/// <summary>
/// Hosts one <see cref="PalomaServer"/> for the lifetime of <c>paloma run</c>, with what service control needs
/// around it: the control socket, the metrics endpoint, the pid file, SIGHUP for reload and systemd's
/// READY/RELOADING notifications. SIGTERM and SIGINT reach <see cref="StopAsync"/> through the host's lifetime.
/// </summary>
internal sealed class PalomaService(PalomaConfig config, ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime) : IHostedService, IServerControl
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Paloma");
    private readonly SystemdNotifier _systemd = new();
    private PalomaServer? _server;
    private ControlServer? _control;
    private PrometheusExporter? _exporter;
    private MetricsEndpoint? _metrics;
    private PosixSignalRegistration? _sighup;
    private int _signalState = SignalStarting;
    private const int SignalStarting = 0;
    private const int SignalPending = 1;
    private const int SignalReady = 2;

    private PalomaServer Server => _server ?? throw new InvalidOperationException("the server is not started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("starting config={Config} data_dir={DataDir}",
            config.SourceFile ?? "(embedded defaults)", config.DataDirectory);
        // SIGHUP is handled from the very start, because its default action would end the process; one that
        // arrives before the server is ready is remembered and applied once it is.
        _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            if (Interlocked.CompareExchange(ref _signalState, SignalPending, SignalStarting) != SignalStarting)
            {
                _ = ReloadAsync("SIGHUP");
            }
        });
        _server = PalomaServer.Create(config, loggerFactory);
        try
        {
            // The control socket first: a second server on the same data directory fails before binding ports.
            _control = new ControlServer(config.ControlSocketPath, this, _logger);
            _control.Start();
            if (config.Metrics.Listen is { } metricsEndPoint)
            {
                // Before the listeners, so that no connection goes uncounted.
                _exporter = new PrometheusExporter(() => _server.Context.QueueSize?.Invoke());
                _metrics = new MetricsEndpoint(metricsEndPoint, _exporter, _logger);
                _metrics.Start();
            }

            _server.Start();
        }
        catch (Exception e) when (e is InvalidOperationException or SocketException or IOException)
        {
            await DisposeAllAsync().ConfigureAwait(false);
            throw new StartupFailedException(e.Message, e);
        }

        PidFile.Write(config.PidFilePath, Environment.ProcessId);
        _control.Accept();
        OperationsLog.Ready(_logger, Environment.ProcessId, config.PidFilePath);
        if (Interlocked.Exchange(ref _signalState, SignalReady) == SignalPending)
        {
            _ = ReloadAsync("SIGHUP");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _sighup?.Dispose();
        if (_server is not null)
        {
            var grace = _server.Context.Config.Server.StopGrace;
            OperationsLog.Stopping(_logger, grace);
            await _server.StopAsync(TimeSpan.FromSeconds(grace)).ConfigureAwait(false);
        }

        await DisposeAllAsync().ConfigureAwait(false);
        PidFile.Remove(config.PidFilePath, Environment.ProcessId);
    }

    public ServerStatus GetStatus()
    {
        var server = Server;
        var version = typeof(PalomaServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion ?? "unknown";
        return new ServerStatus(
            Environment.ProcessId,
            server.StartedAt,
            (long)(DateTimeOffset.UtcNow - server.StartedAt).TotalSeconds,
            version,
            server.Context.Config.SourceFile,
            server.EndPoints.Select(e => new ListenerStatus(e.Protocol, e.EndPoint.ToString()))
                .Concat(_metrics is null ? [] : [new ListenerStatus("metrics", _metrics.BoundEndPoint.ToString())])
                .ToList(),
            server.OpenSessions,
            server.Context.QueueSize?.Invoke(),
            server.LastReload);
    }

    public async Task<ReloadResult> ReloadAsync(string source)
    {
        OperationsLog.ReloadRequested(_logger, source);

        // sd_notify(3): RELOADING=1 with the monotonic time, then READY=1 when done (Type=notify-reload units).
        var microseconds = Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1_000_000);
        _systemd.Notify(new ServiceState($"RELOADING=1\nMONOTONIC_USEC={microseconds}"));
        try
        {
            return await Server.ReloadAsync(() => config.SourceFile is { } file
                ? ConfigLoader.LoadFile(file)
                : ConfigLoader.Load(null)).ConfigureAwait(false);
        }
        finally
        {
            _systemd.Notify(ServiceState.Ready);
        }
    }

    public void RequestStop(string source)
    {
        OperationsLog.StopRequested(_logger, source, Server.Context.Config.Server.StopGrace);
        lifetime.StopApplication();
    }

    private async Task DisposeAllAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        if (_control is not null)
        {
            await _control.DisposeAsync().ConfigureAwait(false);
        }

        if (_metrics is not null)
        {
            await _metrics.DisposeAsync().ConfigureAwait(false);
        }

        _exporter?.Dispose();
    }
}
