using System.Net;
using Paloma.Hosting;
using Paloma.Tests.Smtp;
using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>The failed-authentication throttle: per client address, across protocols, delay then refuse.</summary>
public sealed class AuthThrottleTests
{
    private static readonly IPAddress s_client = IPAddress.Parse("192.0.2.7");

    [Fact]
    public void FailuresDelayThenRefuseAndAreForgottenAfterTheWindow()
    {
        var clock = new ManualClock();
        var throttle = new AuthThrottle(2, TimeSpan.FromSeconds(3), 4, TimeSpan.FromMinutes(15), clock);
        Assert.Equal(new ThrottleVerdict(0, TimeSpan.Zero, false), throttle.Check(s_client));
        Assert.Equal(TimeSpan.Zero, throttle.RecordFailure(s_client).Delay);
        Assert.Equal(TimeSpan.FromSeconds(3), throttle.RecordFailure(s_client).Delay);
        Assert.False(throttle.RecordFailure(s_client).Refuse);
        Assert.True(throttle.RecordFailure(s_client).Refuse);
        Assert.True(throttle.Check(s_client).Refuse);

        // Another address is not affected; the IPv4-mapped form of the same address is.
        Assert.False(throttle.Check(IPAddress.Parse("192.0.2.8")).Refuse);
        Assert.True(throttle.Check(s_client.MapToIPv6()).Refuse);

        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.True(throttle.Check(s_client).Refuse);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new ThrottleVerdict(0, TimeSpan.Zero, false), throttle.Check(s_client));
        Assert.Equal(1, throttle.RecordFailure(s_client).Failures);
    }

    [Fact]
    public async Task DelayWaitsOnTheServerClock()
    {
        var clock = new ManualClock();
        var throttle = new AuthThrottle(1, TimeSpan.FromSeconds(30), 10, TimeSpan.FromMinutes(15), clock);
        var verdict = throttle.RecordFailure(s_client);
        var delay = throttle.DelayAsync(verdict, CancellationToken.None);
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(30));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SmtpRefusesAndClosesAfterMaxFailuresAndCountsPop3FailuresToo()
    {
        await using var server = await TestServer.StartAsync(c => c.Auth.MaxFailures = 3);
        await using (var pop3 = await TlsLineClient.ConnectAsync(server.Pop3))
        {
            await pop3.ReadLineAsync();
            await pop3.CommandAsync("USER alice@example.com");
            Assert.StartsWith("-ERR [AUTH]", await pop3.CommandAsync("PASS wrong"));
        }

        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice("wrong"), "535 5.7.8");
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice("wrong"), "535 5.7.8");

        // The fourth attempt is refused even with the right password, and the connection closes.
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice(), "421 4.7.0");
        Assert.True(await client.Raw.IsClosedAsync());
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains("auth refused, too many failures"));

        await using var pop3Again = await TlsLineClient.ConnectAsync(server.Pop3);
        await pop3Again.ReadLineAsync();
        await pop3Again.CommandAsync("USER alice@example.com");
        Assert.StartsWith("-ERR [AUTH] too many", await pop3Again.CommandAsync("PASS " + TestServer.Password));
        Assert.Null(await pop3Again.ReadLineAsync());
    }

    [Fact]
    public async Task FailuresBeyondTheDelayThresholdAreLoggedAsThrottled()
    {
        await using var server = await TestServer.StartAsync(c =>
        {
            c.Auth.DelayAfterFailures = 1;
            c.Auth.FailureDelay = 1;
        });
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice("wrong"), "535 5.7.8");
        Assert.Contains(server.Logs.Entries,
            e => e.Message.Contains("auth throttled") && e.Message.Contains("127.0.0.1"));
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice(), "235 2.7.0");
    }

    /// <summary>A clock the test moves by hand; timers fire when their due time is passed.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private readonly List<(DateTimeOffset Due, TimerCallback Callback, object? State)> _timers = [];
        private DateTimeOffset _now = new(2025, 7, 1, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by)
        {
            _now += by;
            List<(DateTimeOffset Due, TimerCallback Callback, object? State)> due;
            lock (_timers)
            {
                due = _timers.Where(t => t.Due <= _now).ToList();
                _timers.RemoveAll(t => t.Due <= _now);
            }

            foreach (var (_, callback, state) in due)
            {
                callback(state);
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_timers)
            {
                _timers.Add((_now + dueTime, callback, state));
            }

            return new NoopTimer();
        }

        private sealed class NoopTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
