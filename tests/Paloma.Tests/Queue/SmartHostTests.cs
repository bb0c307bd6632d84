using Paloma.Tests.Support;

namespace Paloma.Tests.Queue;

/// <summary>The smart host: AUTH PLAIN with credentials from a file, TLS required.</summary>
public sealed class SmartHostTests : IDisposable
{
    private readonly string _authFile = Path.GetTempFileName();

    [Fact]
    public async Task EverythingRemoteGoesThroughTheSmartHostWithStartTlsAndAuth()
    {
        await using var provider = new FakeSmtpServer
        {
            Certificate = FakeSmtpServer.SelfSignedCertificate(),
            Credentials = ("relay-user", "relay:pass"),
        };
        await File.WriteAllTextAsync(_authFile, "relay-user:relay:pass\n");
        await using var h = await QueueHarness.StartAsync(c => Configure(c, provider));

        await h.EnqueueAsync("alice@example.com", "dave@example.org");
        await h.RunAsync();

        var m = Assert.Single(provider.Messages);
        Assert.True(m.Tls);
        Assert.Equal("relay-user", m.AuthUser);
        Assert.Empty(h.Remote.Messages);
    }

    [Fact]
    public async Task SmartHostWithoutStartTlsIsNotUsedAndTheMessageWaits()
    {
        await using var provider = new FakeSmtpServer { Credentials = ("relay-user", "pw") };
        await File.WriteAllTextAsync(_authFile, "relay-user:pw\n");
        await using var h = await QueueHarness.StartAsync(c => Configure(c, provider));

        await h.EnqueueAsync("alice@example.com", "dave@example.org");
        await h.RunAsync();

        Assert.Empty(provider.Messages);
        Assert.DoesNotContain(provider.Commands, c => c.StartsWith("AUTH"));
        var r = Assert.Single(Assert.Single(await h.Queue.ListAsync()).Recipients);
        Assert.Contains("4.7.10", r.LastReply);
    }

    [Fact]
    public async Task UnreadableAuthFileIsNamedInTheRecipientsLastReply()
    {
        await using var provider = new FakeSmtpServer { Certificate = FakeSmtpServer.SelfSignedCertificate() };
        File.Delete(_authFile);
        await using var h = await QueueHarness.StartAsync(c => Configure(c, provider));

        await h.EnqueueAsync("alice@example.com", "dave@example.org");
        await h.RunAsync();

        var r = Assert.Single(Assert.Single(await h.Queue.ListAsync()).Recipients);
        Assert.Contains(_authFile, r.LastReply);
        Assert.Empty(provider.Messages);
    }

    public void Dispose() => File.Delete(_authFile);

    private void Configure(Paloma.Config.PalomaConfig c, FakeSmtpServer provider)
    {
        c.Relay.SmartHost = $"127.0.0.1:{provider.EndPoint.Port}";
        c.Relay.SmartHostAuthFile = _authFile;
        c.Relay.SmartHostVerifyCertificate = false;
    }
}
