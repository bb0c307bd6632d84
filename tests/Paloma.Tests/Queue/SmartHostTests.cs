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

    /// <summary>Port-465 semantics (RFC 8314 §3.3): TLS from the first byte, then AUTH PLAIN inside it. The fake
    /// provider starts its TLS handshake on accept, so a client that sent a plain EHLO first would get nothing
    /// through. smart_host_tls = "implicit" stands in for port 465, which a test cannot count on binding.</summary>
    [Fact]
    public async Task ImplicitTlsSmartHostGetsTlsFromTheFirstByteThenAuthPlain()
    {
        await using var provider = new FakeSmtpServer
        {
            Certificate = FakeSmtpServer.SelfSignedCertificate(),
            ImplicitTls = true,
            Credentials = ("relay-user", "s3cret:with colon"),
        };
        await File.WriteAllTextAsync(_authFile, "relay-user:s3cret:with colon\n");
        await using var h = await QueueHarness.StartAsync(c =>
        {
            Configure(c, provider);
            c.Relay.SmartHostTls = "implicit";
        });

        await h.EnqueueAsync("alice@example.com", "dave@example.org");
        await h.RunAsync();

        var m = Assert.Single(provider.Messages);
        Assert.True(m.Tls);
        Assert.Equal("relay-user", m.AuthUser);
        Assert.StartsWith("MAIL FROM:<alice@example.com>", m.MailFrom);
        Assert.Contains("dave@example.org", Assert.Single(m.RcptTo));
        Assert.DoesNotContain(provider.Commands, c => c.StartsWith("STARTTLS", StringComparison.Ordinal));
        Assert.StartsWith("EHLO ", provider.Commands.First());
        Assert.Empty(await h.Queue.ListAsync());
    }

    /// <summary>The converse: a provider that greets in plain text (a STARTTLS port) is not spoken to in
    /// implicit mode; the handshake fails, the mail waits, and nothing was sent in the clear.</summary>
    [Fact]
    public async Task ImplicitTlsAgainstAPlainGreetingDefersWithoutSendingAnything()
    {
        await using var provider = new FakeSmtpServer
        {
            Certificate = FakeSmtpServer.SelfSignedCertificate(),
            Credentials = ("relay-user", "pw"),
        };
        await File.WriteAllTextAsync(_authFile, "relay-user:pw\n");
        await using var h = await QueueHarness.StartAsync(c =>
        {
            Configure(c, provider);
            c.Relay.SmartHostTls = "implicit";
        });

        await h.EnqueueAsync("alice@example.com", "dave@example.org");
        await h.RunAsync();

        // The fake reads our ClientHello as garbage lines; what matters is that no SMTP command was sent.
        Assert.Empty(provider.Messages);
        Assert.DoesNotContain(provider.Commands, c => c.StartsWith("EHLO", StringComparison.Ordinal)
                                                      || c.StartsWith("AUTH", StringComparison.Ordinal));
        var r = Assert.Single(Assert.Single(await h.Queue.ListAsync()).Recipients);
        Assert.Equal(Paloma.Queue.RecipientStatus.Pending, r.Status);
        Assert.StartsWith("451 4.4.1", r.LastReply);
    }

    /// <summary>A 535 to AUTH is our password being wrong, which the operator can fix: docs/queue.md says the
    /// recipients are deferred (454 4.7.0, the provider's reply quoted) and retried, never bounced. Fixing the
    /// file is enough for the next attempt, since it is read at every attempt.</summary>
    [Fact]
    public async Task RefusedAuthDefersTheRecipientsAndTheNextAttemptWithTheFixedFileDelivers()
    {
        await using var provider = new FakeSmtpServer
        {
            Certificate = FakeSmtpServer.SelfSignedCertificate(),
            Credentials = ("relay-user", "right"),
        };
        await File.WriteAllTextAsync(_authFile, "relay-user:wrong\n");
        await using var h = await QueueHarness.StartAsync(c =>
        {
            Configure(c, provider);
            c.Queue.RetrySchedule = [TimeSpan.FromMinutes(7)];
        });

        await h.EnqueueAsync("alice@example.com", "dave@example.org", "erin@example.org");
        await h.RunAsync();

        Assert.Empty(provider.Messages);
        Assert.Contains(provider.Commands, c => c.StartsWith("AUTH PLAIN", StringComparison.Ordinal));
        Assert.DoesNotContain(provider.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
        var entry = Assert.Single(await h.Queue.ListAsync());
        Assert.Equal(2, entry.Recipients.Count);
        foreach (var r in entry.Recipients)
        {
            Assert.Equal(Paloma.Queue.RecipientStatus.Pending, r.Status);
            Assert.StartsWith("454 4.7.0", r.LastReply);
            Assert.Contains("535 5.7.8", r.LastReply);
            // The store keeps milliseconds.
            Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromMinutes(7), r.NextAttempt, TimeSpan.FromMilliseconds(1));
        }

        Assert.Empty(await h.InboxAsync("alice@example.com"));

        await File.WriteAllTextAsync(_authFile, "relay-user:right\n");
        await h.AdvanceAsync(TimeSpan.FromMinutes(6));
        Assert.Empty(provider.Messages);
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));

        var m = Assert.Single(provider.Messages);
        Assert.Equal("relay-user", m.AuthUser);
        Assert.Equal(2, m.RcptTo.Count);
        Assert.Empty(await h.InboxAsync("alice@example.com"));
    }

    public void Dispose() => File.Delete(_authFile);

    private void Configure(Paloma.Config.PalomaConfig c, FakeSmtpServer provider)
    {
        c.Relay.SmartHost = $"127.0.0.1:{provider.EndPoint.Port}";
        c.Relay.SmartHostAuthFile = _authFile;
        c.Relay.SmartHostVerifyCertificate = false;
    }
}
