using Microsoft.Extensions.Logging;
using Paloma.Accounts;
using Paloma.Config;
using Paloma.Metrics;
using Paloma.Queue.Delivery;
using Paloma.Storage;

namespace Paloma.Queue;

/// <summary>
/// The background worker that empties the queue. Each pass takes the recipients due now, routes them (local
/// mailbox, transport table, smart host or MX), delivers them with at most <c>max_connections</c> connections
/// (<c>max_connections_per_destination</c> per destination), records each outcome as soon as it is known,
/// then sends the reports that became due (QueueRunner.Reports.cs). Passes never overlap.
/// </summary>
public sealed partial class QueueRunner : IAsyncDisposable
{
    private readonly QueueStore _store;
    private volatile PalomaConfig _config;
    private readonly IAccountStore _accounts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile Router _router;
    private volatile RemoteDelivery _remote;
    private readonly LocalDelivery _local;
    private readonly SemaphoreSlim _passLock = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public QueueRunner(QueueStore store, PalomaConfig config, IAccountStore accounts, IMailStore mailStore,
        TimeProvider time, ILoggerFactory loggerFactory)
    {
        _store = store;
        _config = config;
        _accounts = accounts;
        _time = time;
        _logger = loggerFactory.CreateLogger("Paloma.Queue");
        var resolver = new MxResolver(config.Dns.Servers);
        _router = new Router(config, resolver);
        _remote = new RemoteDelivery(config, resolver);
        _local = new LocalDelivery(accounts, mailStore, time);
        store.Enqueued += Wake;
    }

    /// <summary>A reload: routes, smart host, DNS servers, retry schedule, lifetime and limits apply from the next
    /// pass on; a pass already running finishes with what it started with where it read them.</summary>
    public void Apply(PalomaConfig config)
    {
        var resolver = new MxResolver(config.Dns.Servers);
        _router = new Router(config, resolver);
        _remote = new RemoteDelivery(config, resolver);
        _config = config;
    }

    public void Start()
    {
        QueueLog.Started(_logger, _config.Queue.ScanInterval);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Asks for a pass now instead of at the next scan.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending; one is enough.
        }
    }

    /// <summary>Runs passes until none produced new work due now (a bounce to a local sender is delivered in
    /// the pass after the one that wrote it). Tests call this after moving their fake clock.</summary>
    public async Task RunDueAsync(CancellationToken ct = default)
    {
        for (var i = 0; i < 4; i++)
        {
            await _passLock.WaitAsync(ct).ConfigureAwait(false);
            bool reported;
            try
            {
                reported = await PassAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                _passLock.Release();
            }

            if (!reported)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _store.Enqueued -= Wake;
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task LoopAsync()
    {
        var ct = _stopping.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(ct).ConfigureAwait(false);
                using var scan = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var delay = Task.Delay(_config.Queue.ScanInterval, _time, scan.Token);
                await Task.WhenAny(delay, _wake.WaitAsync(scan.Token)).ConfigureAwait(false);
                await scan.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                QueueLog.PassFailed(_logger, e);
                try
                {
                    await Task.Delay(_config.Queue.ScanInterval, _time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass; true when it enqueued reports.</summary>
    private async Task<bool> PassAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var destinations = new Dictionary<string, (Route Route, List<QueueEntry> Batch)>();
        var routes = new Dictionary<string, Route>(StringComparer.OrdinalIgnoreCase);
        var touched = new List<string>();
        foreach (var id in await _store.GetDueMessageIdsAsync(now).ConfigureAwait(false))
        {
            if (await _store.GetAsync(id).ConfigureAwait(false) is not { } entry)
            {
                continue;
            }

            touched.Add(id);
            var due = entry.Recipients.Where(r => r.Status == RecipientStatus.Pending && r.NextAttempt <= now);
            foreach (var domainGroup in due.GroupBy(r => r.Domain))
            {
                var part = entry with { Recipients = domainGroup.ToList() };
                if (await _accounts.IsLocalDomainAsync(domainGroup.Key, ct).ConfigureAwait(false))
                {
                    await RecordAsync(part.Message, await _local.DeliverAsync(part, ct).ConfigureAwait(false))
                        .ConfigureAwait(false);
                    continue;
                }

                if (!routes.TryGetValue(domainGroup.Key, out var route))
                {
                    route = await ResolveAsync(domainGroup.Key, ct).ConfigureAwait(false);
                    routes[domainGroup.Key] = route;
                }

                if (route.Failure is { } failure)
                {
                    await RecordAsync(part.Message, part.Recipients
                        .Select(r => new DeliveryResult(r, failure, null, false)).ToList()).ConfigureAwait(false);
                    continue;
                }

                if (!destinations.TryGetValue(route.Destination, out var destination))
                {
                    destination = (route, []);
                    destinations[route.Destination] = destination;
                }

                destination.Batch.Add(part);
            }
        }

        await DeliverRemoteAsync(destinations.Values, ct).ConfigureAwait(false);
        return await ReportAsync(touched, ct).ConfigureAwait(false);
    }

    private async Task<Route> ResolveAsync(string domain, CancellationToken ct)
    {
        try
        {
            return await _router.ResolveAsync(domain, ct).ConfigureAwait(false);
        }
        catch (SmtpSessionException e)
        {
            return Route.Failed(domain, e.Reply);
        }
    }

    /// <summary>Each destination's batch is split over up to max_connections_per_destination connections; a
    /// shared semaphore keeps the total at max_connections.</summary>
    private async Task DeliverRemoteAsync(IEnumerable<(Route Route, List<QueueEntry> Batch)> destinations,
        CancellationToken ct)
    {
        using var overall = new SemaphoreSlim(_config.Queue.MaxConnections);
        var tasks = new List<Task>();
        foreach (var (route, batch) in destinations)
        {
            var connections = Math.Min(_config.Queue.MaxConnectionsPerDestination, batch.Count);
            for (var c = 0; c < connections; c++)
            {
                var share = batch.Where((_, i) => i % connections == c).ToList();
                tasks.Add(DeliverShareAsync(route, share, overall, ct));
            }
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task DeliverShareAsync(Route route, List<QueueEntry> share, SemaphoreSlim overall,
        CancellationToken ct)
    {
        await overall.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _remote.DeliverAsync(route, share, results => RecordAsync(share.First(
                e => e.Message.Id == results[0].Recipient.MessageId).Message, results), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Our own fault (a bug, a full disk): logged as such; the recipients stay due and are retried.
            QueueLog.DeliveryFailed(_logger, e, share[0].Message.Id, route.Destination);
        }
        finally
        {
            overall.Release();
        }
    }

    /// <summary>Stores the outcome per recipient: 2yz delivered, 5yz failed, 4yz retried on the schedule until
    /// the lifetime is over (RFC 5321 §4.5.4.1), then failed.</summary>
    private async Task RecordAsync(QueuedMessage message, IReadOnlyList<DeliveryResult> results)
    {
        var now = _time.GetUtcNow();
        foreach (var result in results)
        {
            var (recipient, reply) = (result.Recipient, result.Reply);
            var mta = result.RemoteMta ?? "local";
            if (reply.IsPositive)
            {
                var status = result.Relayed ? RecipientStatus.Relayed : RecipientStatus.Delivered;
                await _store.RecordAttemptAsync(recipient.Id, status, reply.ToString(), result.RemoteMta, now)
                    .ConfigureAwait(false);
                QueueLog.Delivered(_logger, message.Id, recipient.Address, mta, reply.ToString());
                PalomaMetrics.RecordMessageDelivered();
            }
            else if (reply.IsTransient && now < message.Arrival + _config.Queue.Lifetime)
            {
                var schedule = _config.Queue.RetrySchedule;
                var next = now + schedule[Math.Min(recipient.Attempts, schedule.Count - 1)];
                await _store.RecordAttemptAsync(recipient.Id, RecipientStatus.Pending, reply.ToString(),
                    result.RemoteMta, next).ConfigureAwait(false);
                QueueLog.Deferred(_logger, message.Id, recipient.Address, mta, reply.ToString(), next);
                PalomaMetrics.RecordMessageDeferred();
            }
            else
            {
                await _store.RecordAttemptAsync(recipient.Id, RecipientStatus.Failed, reply.ToString(),
                    result.RemoteMta, now).ConfigureAwait(false);
                if (reply.IsTransient)
                {
                    QueueLog.Expired(_logger, message.Id, recipient.Address, reply.ToString());
                }
                else
                {
                    QueueLog.Failed(_logger, message.Id, recipient.Address, mta, reply.ToString());
                }

                PalomaMetrics.RecordMessageBounced();
            }
        }
    }
}
