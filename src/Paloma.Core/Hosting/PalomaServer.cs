using System.Net;
using Microsoft.Extensions.Logging;
using Paloma.Accounts;
using Paloma.Config;
using Paloma.Storage;
using Paloma.Tls;

namespace Paloma.Hosting;

/// <summary>
/// The whole server in one object: opens the store, binds every configured listener and stops them again.
/// <c>paloma run</c> hosts one; tests create one per test on port 0 and read <see cref="EndPoints"/>.
/// </summary>
public sealed class PalomaServer : IAsyncDisposable
{
    private readonly List<Listener> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private readonly SqliteDatabase _database;

    private PalomaServer(ServerContext context, SqliteDatabase database)
    {
        Context = context;
        _database = database;
        _logger = context.LoggerFactory.CreateLogger("Paloma.Hosting");
    }

    public ServerContext Context { get; }

    /// <summary>Every bound listener: the protocol and its actual address (port 0 resolved).</summary>
    public IReadOnlyList<(string Protocol, IPEndPoint EndPoint)> EndPoints =>
        _listeners.Select(l => (l.Protocol, l.BoundEndPoint)).ToList();

    public IPEndPoint EndPointOf(string protocol) =>
        _listeners.First(l => l.Protocol == protocol).BoundEndPoint;

    /// <summary>Opens the data directory and store; binds nothing yet.</summary>
    public static PalomaServer Create(PalomaConfig config, ILoggerFactory loggerFactory)
    {
        var database = SqliteDatabase.Open(config.DataDirectory);
        var store = new SqliteMailStore(database, config.DataDirectory);
        var accounts = new SqliteAccountStore(database, store)
        {
            Derivation = SaslDerivationOptions.FromConfig(config),
        };
        var authLogger = loggerFactory.CreateLogger("Paloma.Auth");
        TlsCertificateProvider tls;
        try
        {
            tls = TlsCertificateProvider.Create(config, authLogger);
        }
        catch (TlsCertificateException e)
        {
            database.Dispose();
            throw new ConfigException(e.Message);
        }

        var auth = new AuthServices(config, accounts, tls, authLogger, TimeProvider.System);
        var context = new ServerContext(config, accounts, store, loggerFactory) { Auth = auth };
        return new PalomaServer(context, database);
    }

    /// <summary>Binds every listener; throws (with the address) if one cannot be bound.</summary>
    public void Start()
    {
        foreach (var (endPoints, create) in Protocols.All(Context.Config))
        {
            if (endPoints.Count == 0)
            {
                continue;
            }

            var handler = create(Context);
            foreach (var endPoint in endPoints)
            {
                var listener = new Listener(handler, endPoint, _logger);
                try
                {
                    listener.Start(_stopping.Token);
                }
                catch (System.Net.Sockets.SocketException e)
                {
                    throw new InvalidOperationException(
                        $"cannot listen for {handler.Protocol} on {endPoint}: {e.Message}", e);
                }

                _listeners.Add(listener);
            }
        }
    }

    /// <summary>Stops accepting, asks sessions to end, and waits up to <paramref name="grace"/> for them.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        await Task.WhenAll(_listeners.Select(l => l.StopAsync(grace))).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _database.Dispose();
        _stopping.Dispose();
    }
}
