using System.Collections.Concurrent;
using System.Net;

namespace Paloma.Hosting;

/// <summary>
/// Failed authentications per client address, across SMTP, IMAP and POP3 (PRODUCT D: "repeated failures from
/// one address are slowed and then refused"). A failure is forgotten once the address has been quiet for the
/// window; a success does not reset the count, so an attacker holding one account cannot launder guesses at
/// another through it.
/// </summary>
public sealed class AuthThrottle(int delayAfter, TimeSpan delay, int refuseAfter, TimeSpan window,
    TimeProvider time)
{
    private volatile Limits _limits = new(delayAfter, delay, refuseAfter, window);

    /// <summary>Beyond this many tracked addresses, stale entries are swept before a new one is added.</summary>
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Entry> _entries = new();

    /// <summary>Changes the thresholds (a reload); the counts are kept.</summary>
    public void Configure(int newDelayAfter, TimeSpan newDelay, int newRefuseAfter, TimeSpan newWindow) =>
        _limits = new Limits(newDelayAfter, newDelay, newRefuseAfter, newWindow);

    /// <summary>What to do before answering an authentication attempt from <paramref name="address"/>.</summary>
    public ThrottleVerdict Check(IPAddress address)
    {
        var limits = _limits;
        var failures = FailuresOf(Key(address));
        if (failures >= limits.RefuseAfter)
        {
            return new ThrottleVerdict(failures, TimeSpan.Zero, Refuse: true);
        }

        return new ThrottleVerdict(failures, failures >= limits.DelayAfter ? limits.Delay : TimeSpan.Zero,
            Refuse: false);
    }

    /// <summary>Counts one failure; returns the verdict for the next attempt.</summary>
    public ThrottleVerdict RecordFailure(IPAddress address)
    {
        var key = Key(address);
        var now = time.GetUtcNow();
        if (_entries.Count >= SweepThreshold)
        {
            Sweep(now);
        }

        _entries.AddOrUpdate(key, _ => new Entry(1, now),
            (_, old) => new Entry(IsStale(old, now) ? 1 : old.Failures + 1, now));
        return Check(address);
    }

    /// <summary>Waits the verdict's delay on the server's clock (a fake one in tests).</summary>
    public Task DelayAsync(ThrottleVerdict verdict, CancellationToken ct) =>
        verdict.Delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(verdict.Delay, time, ct);

    private int FailuresOf(IPAddress key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return 0;
        }

        return IsStale(entry, time.GetUtcNow()) ? 0 : entry.Failures;
    }

    private bool IsStale(Entry entry, DateTimeOffset now) => now - entry.LastFailure >= _limits.Window;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (IsStale(entry, now))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    /// <summary>IPv4 clients on a dual-mode socket appear as ::ffff:a.b.c.d; count them as one address.</summary>
    private static IPAddress Key(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private sealed record Entry(int Failures, DateTimeOffset LastFailure);

    private sealed record Limits(int DelayAfter, TimeSpan Delay, int RefuseAfter, TimeSpan Window);
}

/// <summary>The throttle's answer for one attempt.</summary>
/// <param name="Failures">Failures counted for the address so far.</param>
/// <param name="Delay">How long to hold back the answer.</param>
/// <param name="Refuse">Refuse the attempt and close the connection.</param>
public readonly record struct ThrottleVerdict(int Failures, TimeSpan Delay, bool Refuse);
