using System.Net;
using Paloma.Config;
using Paloma.Smtp.Policy;

namespace Paloma.Tests.Smtp;

/// <summary>The connection limiter with a clock the test moves.</summary>
public sealed class ConnectionLimiterTests
{
    private static readonly IPAddress s_a = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress s_b = IPAddress.Parse("192.0.2.2");

    [Fact]
    public void RatesAreCountedOverOneSecondOverallAndPerAddress()
    {
        var clock = new ManualClock();
        var settings = new LimitSettings { ConnectionRate = 3, ConnectionRatePerIp = 2 };
        var limiter = new ConnectionLimiter(() => settings, clock);
        Assert.Equal(ConnectionLimiter.Verdict.Accept, limiter.TryAdmit(s_a));
        Assert.Equal(ConnectionLimiter.Verdict.Accept, limiter.TryAdmit(s_a));
        Assert.Equal(ConnectionLimiter.Verdict.RateExceeded, limiter.TryAdmit(s_a));
        Assert.Equal(ConnectionLimiter.Verdict.Accept, limiter.TryAdmit(s_b));
        Assert.Equal(ConnectionLimiter.Verdict.RateExceeded, limiter.TryAdmit(s_b));
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(ConnectionLimiter.Verdict.RateExceeded, limiter.TryAdmit(s_b));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(ConnectionLimiter.Verdict.Accept, limiter.TryAdmit(s_a));
    }

    [Fact]
    public void ConcurrentConnectionsAreCountedUntilReleased()
    {
        var settings = new LimitSettings { MaxConnections = 1 };
        var limiter = new ConnectionLimiter(() => settings, new ManualClock());
        Assert.Equal(ConnectionLimiter.Verdict.Accept, limiter.TryAdmit(s_a));
        Assert.Equal(ConnectionLimiter.Verdict.TooManyConnections, limiter.TryAdmit(s_b));
        limiter.Release();
        Assert.Equal(ConnectionLimiter.Verdict.Accept, limiter.TryAdmit(s_b));
    }

    [Fact]
    public void NewSettingsApplyToTheNextConnectionAndTheCountsCarryOver()
    {
        var settings = new LimitSettings { MaxConnections = 1 };
        var limiter = new ConnectionLimiter(() => settings, new ManualClock());
        Assert.Equal(ConnectionLimiter.Verdict.Accept, limiter.TryAdmit(s_a));
        Assert.Equal(ConnectionLimiter.Verdict.TooManyConnections, limiter.TryAdmit(s_b));

        settings = new LimitSettings { MaxConnections = 2 };
        Assert.Equal(ConnectionLimiter.Verdict.Accept, limiter.TryAdmit(s_b));
        Assert.Equal(ConnectionLimiter.Verdict.TooManyConnections, limiter.TryAdmit(s_b));

        // Lowered below the connections already open: they stay, new ones wait until enough have ended.
        settings = new LimitSettings { MaxConnections = 1 };
        limiter.Release();
        Assert.Equal(ConnectionLimiter.Verdict.TooManyConnections, limiter.TryAdmit(s_a));
        limiter.Release();
        Assert.Equal(ConnectionLimiter.Verdict.Accept, limiter.TryAdmit(s_a));

        settings = new LimitSettings { ConnectionRatePerIp = 1 };
        Assert.Equal(ConnectionLimiter.Verdict.Accept, limiter.TryAdmit(s_b));
        Assert.Equal(ConnectionLimiter.Verdict.RateExceeded, limiter.TryAdmit(s_b));
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
