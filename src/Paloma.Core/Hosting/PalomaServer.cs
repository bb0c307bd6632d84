using System.Net;
using Microsoft.Extensions.Logging;
using Paloma.Accounts;
using Paloma.Config;
using Paloma.Queue;
using Paloma.Storage;
using Paloma.Tls;

namespace Paloma.Hosting;

/// <summary>
/// The whole server in one object: opens the store, binds every configured listener and stops them again.
/// <c>paloma run</c> hosts one; tests create one per test on port 0 and read <see cref="EndPoints"/>.
/// </summary>
public sealed partial class PalomaServer : IAsyncDisposable
{
    private readonly List<Listener> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private readonly SqliteDatabase _database;

    private PalomaServer(ServerContext context, SqliteDatabase database, QueueRunner queueRunner)
    {
        Context = context;
        _database = database;
        QueueRunner = queueRunner;
        _logger = context.LoggerFactory.CreateLogger("Paloma.Hosting");
    }

    public ServerContext Context { get; }

    /// <summary>The outbound queue's worker; tests call <see cref="QueueRunner.RunDueAsync"/> on it.</summary>
    public QueueRunner QueueRunner { get; }

    /// <summary>Every bound listener: the protocol and its actual address (port 0 resolved).</summary>
    public IReadOnlyList<(string Protocol, IPEndPoint EndPoint)> EndPoints =>
        Listeners.Select(l => (l.Protocol, l.BoundEndPoint)).ToList();

    public IPEndPoint EndPointOf(string protocol) =>
        Listeners.First(l => l.Protocol == protocol).BoundEndPoint;

    /// <summary>Opens the data directory and store; binds nothing yet.</summary>
    public static PalomaServer Create(PalomaConfig config, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var authLogger = loggerFactory.CreateLogger("Paloma.Auth");

        // The certificate is read (on a first start, generated) on the thread pool while the database opens: each
        // is mostly the first use of its native library (OpenSSL, SQLite), neither needs the other, and both are
        // done, or have failed, before anything is bound.
        var tlsLoading = Task.Run(() => TlsCertificateProvider.Create(config, authLogger, time));
        SqliteDatabase database;
        try
        {
            database = SqliteDatabase.Open(config.DataDirectory);
        }
        catch
        {
            Observe(tlsLoading);
            throw;
        }

        TlsCertificateProvider tls;
        try
        {
            tls = tlsLoading.GetAwaiter().GetResult();
        }
        catch (TlsCertificateException e)
        {
            database.Dispose();
            throw new ConfigException(e.Message);
        }

        var store = new SqliteMailStore(database, config.DataDirectory)
        {
            DefaultStorageQuota = config.Quota.DefaultStorage,
        };
        var accounts = new SqliteAccountStore(database, store)
        {
            Derivation = SaslDerivationOptions.FromConfig(config),
        };

        var queue = new QueueStore(database, config.DataDirectory, time);
        var runner = new QueueRunner(queue, config, accounts, store, time, loggerFactory);
        var context = new ServerContext(config, accounts, store, loggerFactory)
        {
            Time = time,
            Queue = queue,
            QueueSize = queue.Count,
            Aliases = new SqliteAliasStore(database),
            Auth = new AuthServices(config, accounts, tls, authLogger, time),
        };

        // Mechanisms and certificates follow a reload (and certificates, between reloads, their files), as do the
        // queue's settings and the default quota.
        context.ConfigChanged += context.Auth.Apply;
        context.ConfigChanged += runner.Apply;
        context.ConfigChanged += changed => store.DefaultStorageQuota = changed.Quota.DefaultStorage;
        return new PalomaServer(context, database, runner);
    }

    /// <summary>Lets a task whose result is no longer wanted fail without an unobserved exception.</summary>
    private static void Observe(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    /// <summary>Binds every listener; throws (with the address) if one cannot be bound.</summary>
    public void Start()
    {
        // Spool files left by a crash were never acknowledged; nothing refers to them.
        Context.Store.Spool.CleanStale();
        OpenListeners(Context.Config);
        QueueRunner.Start();
    }

    /// <summary>Stops accepting, asks sessions to end, and waits up to <paramref name="grace"/> for them.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        await Task.WhenAll(Listeners.Concat(RetiredListeners).Select(l => l.StopAsync(grace)))
            .ConfigureAwait(false);
        await QueueRunner.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _database.Dispose();
        _stopping.Dispose();
    }
}
