using System.Net;
using Paloma.Policy;

namespace Paloma.Tests.Policy;

public sealed class ReloadingMapTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    private void Write(string text, int minutes)
    {
        File.WriteAllText(_path, text);
        // An explicit, different modification time: the test does not depend on the clock's resolution.
        File.SetLastWriteTimeUtc(_path, new DateTime(2026, 1, 1, 12, minutes, 0, DateTimeKind.Utc));
    }

    private AccessActionKind? Lookup(IMapSource<AccessMap> source) =>
        source.Current.FindConnect(IPAddress.Parse("192.0.2.7"), null)?.Action.Kind;

    [Fact]
    public void ChangedFileIsReadAgainOnLookup()
    {
        Write("Connect:192.0.2.7 REJECT\n", 1);
        var map = new ReloadingMap<AccessMap>(_path, () => AccessMap.Load(_path), TimeSpan.Zero);
        Assert.Equal(AccessActionKind.Reject, Lookup(map));

        Write("Connect:192.0.2.7 RELAY\n", 2);
        Assert.Equal(AccessActionKind.Relay, Lookup(map));
        Assert.Null(map.LastError);
    }

    [Fact]
    public void BrokenReloadKeepsThePreviousMapAndReportsTheLine()
    {
        Write("Connect:192.0.2.7 REJECT\n", 1);
        var map = new ReloadingMap<AccessMap>(_path, () => AccessMap.Load(_path), TimeSpan.Zero);

        Write("# header\nConnect:192.0.2.7 MAYBE\n", 2);
        Assert.Equal(AccessActionKind.Reject, Lookup(map));
        Assert.Equal(2, map.LastError!.Line);
        Assert.Equal(_path, map.LastError.Source);

        Write("Connect:192.0.2.7 OK\n", 3);
        Assert.Equal(AccessActionKind.Ok, Lookup(map));
        Assert.Null(map.LastError);
    }

    [Fact]
    public void UnchangedFileIsNotReadAgain()
    {
        Write("Connect:192.0.2.7 REJECT\n", 1);
        var loads = 0;
        var map = new ReloadingMap<AccessMap>(_path, () =>
        {
            loads++;
            return AccessMap.Load(_path);
        }, TimeSpan.Zero);
        _ = map.Current;
        _ = map.Current;
        Assert.Equal(1, loads);
    }

    [Fact]
    public void NoCheckBeforeTheIntervalHasPassed()
    {
        Write("Connect:192.0.2.7 REJECT\n", 1);
        var time = new ManualTime();
        var map = new ReloadingMap<AccessMap>(_path, () => AccessMap.Load(_path), TimeSpan.FromSeconds(5), time);

        Write("Connect:192.0.2.7 OK\n", 2);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(AccessActionKind.Reject, Lookup(map));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AccessActionKind.Ok, Lookup(map));
    }

    [Fact]
    public void DomainSetReloadsToo()
    {
        Write("example.test\n", 1);
        var set = new ReloadingMap<DomainSet>(_path, () => DomainSet.Load(_path), TimeSpan.Zero);
        Assert.False(set.Current.Contains("other.test"));
        Write("example.test\nother.test\n", 2);
        Assert.True(set.Current.Contains("other.test"));
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
