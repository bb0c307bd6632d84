using Microsoft.Extensions.Logging.Abstractions;
using Paloma.Control;
using Paloma.Hosting;

namespace Paloma.Tests.Operations;

/// <summary>The control socket is bound before the listeners (a second server on the same data directory fails
/// first) but answers only once the server is ready: <c>paloma start</c> must never take a server that is still
/// starting, and may yet fail to bind a port, for a running one.</summary>
public sealed class ControlServerTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("paloma-control-").FullName;

    private string SocketPath => Path.Combine(_directory, "control.sock");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ARequestMadeWhileTheServerStartsIsAnsweredOnceItIsReady()
    {
        var control = new FakeControl();
        await using var server = new ControlServer(SocketPath, control, NullLogger.Instance);
        server.Start();
        Assert.True(ControlClient.IsAnswering(SocketPath));

        var reply = ControlClient.SendAsync(SocketPath, ControlProtocol.Status, s_timeout);
        Assert.False(reply.IsCompleted);
        Assert.Equal(0, control.StatusRequests);

        server.Accept();
        var answered = await reply;
        Assert.NotNull(answered);
        Assert.True(answered.Ok);
        Assert.Equal(Environment.ProcessId, answered.Status!.Pid);
        Assert.Equal(1, control.StatusRequests);
    }

    [Fact]
    public async Task ARequestMadeDuringAStartThatFailsGetsNoStatus()
    {
        var control = new FakeControl();
        var server = new ControlServer(SocketPath, control, NullLogger.Instance);
        server.Start();
        var reply = ControlClient.SendAsync(SocketPath, ControlProtocol.Status, s_timeout);

        // What PalomaService does when a listener cannot be bound: close everything without ever accepting.
        await server.DisposeAsync();

        // The client sees a closed or vanished socket (an IOException, or null: nothing listens), never a reply.
        ControlReply? answered = null;
        try
        {
            answered = await reply;
        }
        catch (IOException)
        {
        }

        Assert.Null(answered);
        Assert.Equal(0, control.StatusRequests);
        Assert.False(File.Exists(SocketPath));
    }

    private sealed class FakeControl : IServerControl
    {
        private int _statusRequests;

        public int StatusRequests => _statusRequests;

        public ServerStatus GetStatus()
        {
            Interlocked.Increment(ref _statusRequests);
            return new ServerStatus(Environment.ProcessId, DateTimeOffset.UtcNow, 0, "test", null, [],
                new Dictionary<string, int>(), null, null);
        }

        public Task<ReloadResult> ReloadAsync(string source) =>
            Task.FromResult(new ReloadResult(true, "reloaded", DateTimeOffset.UtcNow));

        public void RequestStop(string source)
        {
        }
    }
}
