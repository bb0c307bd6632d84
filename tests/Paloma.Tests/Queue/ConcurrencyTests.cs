using System.Net;
using Paloma.Tests.Support;

namespace Paloma.Tests.Queue;

/// <summary>
/// <c>queue.max_connections_per_destination</c> and <c>queue.max_connections</c>, seen from the remote side: the
/// fake MX hosts hold every connection before its greeting until the test releases them, so connections that a
/// correct runner would open one after another can only overlap if it breaks the limit.
/// </summary>
public sealed class ConcurrencyTests
{
    /// <summary>How long a runner that breaks a limit gets to open its extra connection while the allowed ones
    /// are held. Only a window to observe in, never asserted on: a correct runner waits for a release, so the
    /// window passes either way, and a broken one opens all connections at once.</summary>
    private static readonly TimeSpan s_overLimitWindow = TimeSpan.FromMilliseconds(500);

    /// <summary>Ends a test whose runner never connects, instead of hanging it.</summary>
    private static readonly TimeSpan s_safety = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_retry = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task OneConnectionPerDestinationCarriesThreeMessagesOneAfterAnother()
    {
        await using var h = await QueueHarness.StartAsync(c =>
        {
            c.Queue.MaxConnectionsPerDestination = 1;
            c.Queue.MaxConnections = 10;
            c.Queue.RetrySchedule = [s_retry];
        });
        var gauge = await DueTogetherAsync(h, [h.Remote],
            "user0@example.org", "user1@example.org", "user2@example.org");

        var run = h.AdvanceAsync(s_retry);
        using var safety = new CancellationTokenSource(s_safety);
        await gauge.WaitForTotalAsync(1, safety.Token);
        await Task.WhenAny(gauge.WaitForTotalAsync(2, safety.Token), Task.Delay(s_overLimitWindow));
        Assert.Equal(1, gauge.Active);
        gauge.Release();
        await run;

        Assert.Equal(3, h.Remote.Messages.Count);
        Assert.Equal(1, gauge.MaxConcurrent);
        // docs/queue.md: one connection carries every due message to a destination. This also catches a runner
        // that opened a second connection after the window.
        Assert.Equal(1, gauge.Total);
        Assert.Empty(await h.Queue.ListAsync());
    }

    [Fact]
    public async Task AtMostMaxConnectionsAreOpenOverAllDestinations()
    {
        await using var h = await QueueHarness.StartAsync(c =>
        {
            c.Queue.MaxConnections = 2;
            c.Queue.MaxConnectionsPerDestination = 1;
            c.Queue.RetrySchedule = [s_retry];
        });
        h.Dns.Mx("example.net", 10, "mx.example.net").A("mx.example.net", IPAddress.Parse("127.0.0.3"));
        h.Dns.Mx("example.info", 10, "mx.example.info").A("mx.example.info", IPAddress.Parse("127.0.0.4"));
        var remotes = new[] { h.Remote, h.AddRemote(3), h.AddRemote(4) };
        var gauge = await DueTogetherAsync(h, remotes, "dave@example.org", "erin@example.net", "finn@example.info");

        var run = h.AdvanceAsync(s_retry);
        using var safety = new CancellationTokenSource(s_safety);
        await gauge.WaitForTotalAsync(2, safety.Token);
        await Task.WhenAny(gauge.WaitForTotalAsync(3, safety.Token), Task.Delay(s_overLimitWindow));
        Assert.Equal(2, gauge.Active);
        gauge.Release();
        await run;

        // Exactly 2: the limit is reached (destinations are served in parallel) and never passed.
        Assert.Equal(2, gauge.MaxConcurrent);
        Assert.Equal(3, gauge.Total);
        Assert.All(remotes, r => Assert.Single(r.Messages));
        Assert.Empty(await h.Queue.ListAsync());
    }

    /// <summary>
    /// Enqueues one message per recipient so that all of them become due in the same pass, and returns a fresh
    /// gauge, shared by <paramref name="remotes"/> (the limits are over all their connections together), that
    /// holds new connections. Needed because the runner's own loop starts a pass at every enqueue, which could
    /// take the first message alone and use a connection of its own. So the first attempt of each is refused
    /// with a 421 greeting, deferring all to the same instant of the fake clock; the caller then moves the clock
    /// there by <see cref="s_retry"/>.
    /// </summary>
    private static async Task<ConnectionGauge> DueTogetherAsync(QueueHarness h, FakeSmtpServer[] remotes,
        params string[] recipients)
    {
        var greeting = remotes[0].Greeting;
        foreach (var remote in remotes)
        {
            remote.Greeting = "421 4.3.2 not yet";
        }

        foreach (var recipient in recipients)
        {
            await h.EnqueueAsync("alice@example.com", recipient);
        }

        // Runs after any pass the enqueues started, since passes never overlap.
        await h.RunAsync();
        var entries = await h.Queue.ListAsync();
        Assert.Equal(recipients.Length, entries.Count);
        Assert.All(entries.SelectMany(e => e.Recipients), r => Assert.StartsWith("421", r.LastReply));
        Assert.Single(entries.SelectMany(e => e.Recipients).Select(r => r.NextAttempt).Distinct());

        var gauge = new ConnectionGauge();
        gauge.Hold();
        foreach (var remote in remotes)
        {
            remote.Greeting = greeting;
            remote.Gauge = gauge;
        }

        return gauge;
    }
}
