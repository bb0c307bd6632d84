using Paloma.Queue;

namespace Paloma.Tests.Queue;

/// <summary>4yz retried on the schedule, 5yz bounced with an RFC 3464 report, expiry, delay notices.</summary>
public sealed class RetryAndBounceTests
{
    [Fact]
    public async Task TransientReplyIsRetriedAndThenDelivered()
    {
        await using var h = await QueueHarness.StartAsync();
        var refusals = 1;
        h.Remote.Script = line => line.StartsWith("RCPT") && Interlocked.Decrement(ref refusals) >= 0
            ? "451 4.7.1 greylisted, try later"
            : null;

        await h.EnqueueAsync("alice@example.com", "dave@example.org");
        await h.RunAsync();
        Assert.Empty(h.Remote.Messages);
        var waiting = Assert.Single(Assert.Single(await h.Queue.ListAsync()).Recipients);
        Assert.Equal(RecipientStatus.Pending, waiting.Status);
        Assert.Equal("451 4.7.1 greylisted, try later", waiting.LastReply);

        await h.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.Empty(h.Remote.Messages);

        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Single(h.Remote.Messages);
        Assert.Empty(await h.Queue.ListAsync());
        Assert.Empty(await h.InboxAsync("alice@example.com"));
    }

    [Fact]
    public async Task DroppedConnectionIsRetried()
    {
        await using var h = await QueueHarness.StartAsync();
        var drops = 1;
        h.Remote.Script = line => line == "DATA-END" && Interlocked.Decrement(ref drops) >= 0 ? "DROP" : null;

        await h.EnqueueAsync("alice@example.com", "dave@example.org");
        await h.RunAsync();
        Assert.Empty(h.Remote.Messages);

        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Single(h.Remote.Messages);
    }

    [Fact]
    public async Task PermanentReplyBouncesOneDsnWithTheRemoteReplyQuoted()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Remote.Script = line => line.StartsWith("RCPT TO:<nobody") ? "550 5.1.1 <nobody@example.org>: no such user"
            : null;

        await h.EnqueueAsync(new OutboundEnvelope("alice@example.com",
            [new OutboundRecipient("nobody@example.org"), new OutboundRecipient("dave@example.org")])
            { EnvelopeId = "env-42" }, QueueHarness.SimpleMessage("alice@example.com", "dave@example.org", "hi"));
        await h.RunAsync();

        Assert.Single(h.Remote.Messages);
        var dsn = Assert.Single(await h.InboxAsync("alice@example.com"));
        Assert.StartsWith("MAILER-DAEMON@", ((MimeKit.MailboxAddress)dsn.From[0]).Address);
        var (perMessage, recipients) = DsnAssert.Parse(dsn);
        Assert.Equal("env-42", perMessage["Original-Envelope-Id"]);
        Assert.Equal("dns; mx.example.com", perMessage["Reporting-MTA"]);
        var r = Assert.Single(recipients);
        Assert.Equal("rfc822; nobody@example.org", r["Final-Recipient"]);
        Assert.Equal("failed", r["Action"]);
        Assert.Equal("5.1.1", r["Status"]);
        Assert.Equal("dns; mx1.example.org", r["Remote-MTA"]);
        Assert.Equal("smtp; 550 5.1.1 <nobody@example.org>: no such user", r["Diagnostic-Code"]);
        var returned = Assert.IsType<MimeKit.MessagePart>(((MimeKit.MultipartReport)dsn.Body)[2]);
        Assert.Equal("hi", returned.Message.Subject);
        Assert.Empty(await h.Queue.ListAsync());
    }

    [Fact]
    public async Task MessageExpiresAfterItsLifetimeWithOneBounce()
    {
        await using var h = await QueueHarness.StartAsync(c =>
        {
            c.Queue.Lifetime = TimeSpan.FromHours(1);
            c.Queue.DelayWarning = TimeSpan.Zero;
        });
        h.Remote.Script = line => line.StartsWith("RCPT") ? "421 4.3.2 system not accepting mail" : null;

        await h.EnqueueAsync("alice@example.com", "dave@example.org");
        await h.RunAsync();
        for (var i = 0; i < 6; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromMinutes(20));
        }

        var dsn = Assert.Single(await h.InboxAsync("alice@example.com"));
        var r = Assert.Single(DsnAssert.Parse(dsn).Recipients);
        Assert.Equal("failed", r["Action"]);
        Assert.Contains("421 4.3.2", r["Diagnostic-Code"]);
        Assert.Empty(await h.Queue.ListAsync());
        Assert.True(h.Remote.Commands.Count(c => c.StartsWith("RCPT")) >= 3);
    }

    [Fact]
    public async Task DelayNoticeIsSentOnceAfterDelayWarning()
    {
        await using var h = await QueueHarness.StartAsync(c => c.Queue.DelayWarning = TimeSpan.FromMinutes(30));
        h.Remote.Script = line => line.StartsWith("RCPT") ? "450 4.2.1 mailbox busy" : null;

        await h.EnqueueAsync("alice@example.com", "dave@example.org");
        await h.RunAsync();
        Assert.Empty(await h.InboxAsync("alice@example.com"));
        for (var i = 0; i < 4; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromMinutes(20));
        }

        var dsn = Assert.Single(await h.InboxAsync("alice@example.com"));
        var r = Assert.Single(DsnAssert.Parse(dsn).Recipients);
        Assert.Equal("delayed", r["Action"]);
        Assert.NotNull(r["Will-Retry-Until"]);
        Assert.Single(await h.Queue.ListAsync());
    }

    [Fact]
    public async Task NotifyNeverSuppressesTheBounce()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Remote.Script = line => line.StartsWith("RCPT") ? "550 5.1.1 no such user" : null;

        await h.EnqueueAsync(new OutboundEnvelope("alice@example.com",
            [new OutboundRecipient("dave@example.org", DsnNotify.Never)]),
            QueueHarness.SimpleMessage("alice@example.com", "dave@example.org"));
        await h.RunAsync();

        Assert.Empty(await h.InboxAsync("alice@example.com"));
        Assert.Empty(await h.Queue.ListAsync());
    }
}
