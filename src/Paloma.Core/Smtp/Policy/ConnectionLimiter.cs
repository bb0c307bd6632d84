using System.Net;
using Paloma.Config;

namespace Paloma.Smtp.Policy;

/// <summary>The connection limits of [limits]: concurrent connections (Sendmail's MaxDaemonChildren, answered
/// 421 4.3.2 "system not accepting network messages") and new connections per second overall
/// (ConnectionRateThrottle) and per client address (FEATURE(ratecontrol)), answered 421 4.7.0. Rates are
/// counted over the last second of the <see cref="TimeProvider"/>'s clock, so tests can drive the clock. The
/// settings are read at each new connection, so a reload applies to the next one; the counts carry over.
/// </summary>
internal sealed class ConnectionLimiter(Func<LimitSettings> currentLimits, TimeProvider time)
{
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Queue<long> _recent = new();
    private readonly Dictionary<IPAddress, Queue<long>> _recentByAddress = [];
    private int _active;

    public enum Verdict
    {
        Accept,
        TooManyConnections,
        RateExceeded,
    }

    /// <summary>Admits a new connection or says why not. An admitted connection must be
    /// <see cref="Release"/>d when it ends.</summary>
    public Verdict TryAdmit(IPAddress client)
    {
        var now = time.GetTimestamp();
        var limits = currentLimits();
        lock (_lock)
        {
            if (limits.MaxConnections > 0 && _active >= limits.MaxConnections)
            {
                return Verdict.TooManyConnections;
            }

            Expire(_recent, now);
            if (limits.ConnectionRate > 0 && _recent.Count >= limits.ConnectionRate)
            {
                return Verdict.RateExceeded;
            }

            Queue<long>? perAddress = null;
            if (limits.ConnectionRatePerIp > 0)
            {
                if (!_recentByAddress.TryGetValue(client, out perAddress))
                {
                    perAddress = new Queue<long>();
                    _recentByAddress[client] = perAddress;
                }

                Expire(perAddress, now);
                if (perAddress.Count >= limits.ConnectionRatePerIp)
                {
                    return Verdict.RateExceeded;
                }

                perAddress.Enqueue(now);
                PruneAddresses(now);
            }

            if (limits.ConnectionRate > 0)
            {
                _recent.Enqueue(now);
            }

            _active++;
            return Verdict.Accept;
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _active--;
        }
    }

    private void Expire(Queue<long> queue, long now)
    {
        while (queue.Count > 0 && time.GetElapsedTime(queue.Peek(), now) >= s_window)
        {
            queue.Dequeue();
        }
    }

    /// <summary>Drops addresses with no connection in the window, so the table holds only recent clients.
    /// </summary>
    private void PruneAddresses(long now)
    {
        if (_recentByAddress.Count < 1024)
        {
            return;
        }

        foreach (var (address, queue) in _recentByAddress.ToList())
        {
            Expire(queue, now);
            if (queue.Count == 0)
            {
                _recentByAddress.Remove(address);
            }
        }
    }
}
