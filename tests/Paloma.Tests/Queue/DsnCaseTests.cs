using Paloma.Queue;

namespace Paloma.Tests.Queue;

/// <summary>The DSN rules: success reports, no reports about reports (C13), DSN parameters and content
/// downgrades at the next hop (C20).</summary>
public sealed class DsnCaseTests
{
    [Fact]
    public async Task C13_BounceGoesWithNullSenderAndANullSenderMessageIsNeverBounced()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Remote.Script = line => line.StartsWith("RCPT TO:<dave@") ? "550 5.1.1 no such user" : null;

        // Message 1 from a remote sender (so the bounce travels by SMTP), message 2 a notification from <>.
        h.Dns.Mx("example.net", 10, "mx1.example.org");
        await h.EnqueueAsync("carol@example.net", "dave@example.org");
        await h.EnqueueAsync("", "dave@example.org");
        await h.RunAsync();

        var bounce = Assert.Single(h.Remote.Messages);
        Assert.StartsWith("MAIL FROM:<> ", bounce.MailFrom + " ");
        Assert.Equal(["RCPT TO:<carol@example.net> NOTIFY=NEVER"], bounce.RcptTo);
        Assert.Contains("multipart/report", bounce.Text);
        Assert.DoesNotContain(h.Remote.Commands, c => c.StartsWith("RCPT TO:<>") || c.Contains("MAILER-DAEMON"));
        Assert.Empty(await h.Queue.ListAsync());
        Assert.Contains(h.Server.Logs.Entries, e => e.Message.Contains("report dropped"));
    }

    [Fact]
    public async Task C13_FailedBounceIsDroppedNotBouncedAgain()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Dns.Mx("example.net", 10, "mx1.example.org");
        h.Remote.Script = line => line.StartsWith("RCPT") ? "550 5.1.1 no such user" : null;

        await h.EnqueueAsync("carol@example.net", "dave@example.org");
        await h.RunAsync();

        Assert.Equal(2, h.Remote.Commands.Count(c => c.StartsWith("RCPT")));
        Assert.Empty(await h.Queue.ListAsync());
    }

    [Fact]
    public async Task NotifySuccessToANonDsnHopGivesARelayedReport()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Remote.Extensions.Remove("DSN");

        await h.EnqueueAsync(new OutboundEnvelope("alice@example.com",
            [new OutboundRecipient("erin@example.org", DsnNotify.Success)]),
            QueueHarness.SimpleMessage("alice@example.com", "erin@example.org"));
        await h.RunAsync();

        var r = Assert.Single(DsnAssert.Parse(Assert.Single(await h.InboxAsync("alice@example.com"))).Recipients);
        Assert.Equal("relayed", r["Action"]);
        Assert.Equal("2.0.0", r["Status"]);
    }

    [Fact]
    public async Task NotifySuccessOnLocalDeliveryGivesADeliveredReport()
    {
        await using var h = await QueueHarness.StartAsync();
        await h.EnqueueAsync(new OutboundEnvelope("alice@example.com",
            [new OutboundRecipient("bob@example.com", DsnNotify.Success | DsnNotify.Failure)]),
            QueueHarness.SimpleMessage("alice@example.com", "bob@example.com"));
        await h.RunAsync();

        Assert.Single(await h.InboxAsync("bob@example.com"));
        var r = Assert.Single(DsnAssert.Parse(Assert.Single(await h.InboxAsync("alice@example.com"))).Recipients);
        Assert.Equal("delivered", r["Action"]);
    }

    [Fact]
    public async Task C20_DsnParametersArePassedOnUnchangedToADsnHop()
    {
        await using var h = await QueueHarness.StartAsync();
        await h.EnqueueAsync(C20Envelope(), C20Message);
        await h.RunAsync();

        var m = Assert.Single(h.Remote.Messages);
        Assert.Contains(" RET=HDRS", m.MailFrom);
        Assert.Contains(" ENVID=c20-1", m.MailFrom);
        Assert.Contains(" BODY=8BITMIME", m.MailFrom);
        Assert.Equal(["RCPT TO:<dave@example.org> NOTIFY=FAILURE ORCPT=rfc822;dave@example.org",
            "RCPT TO:<erin@example.org> NOTIFY=SUCCESS"], m.RcptTo);
        Assert.Contains("café", m.Text);
        // The DSN-capable hop reports success itself.
        Assert.Empty(await h.InboxAsync("alice@example.com"));
    }

    [Fact]
    public async Task C20_EightBitBodyIsDowngradedForAHopWithout8BitMime()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Remote.Extensions.Clear();
        h.Remote.Extensions.AddRange(["PIPELINING", "SIZE 10000000"]);

        await h.EnqueueAsync(C20Envelope(), C20Message);
        await h.RunAsync();

        var m = Assert.Single(h.Remote.Messages);
        Assert.DoesNotContain(m.Data, b => b >= 0x80);
        Assert.DoesNotContain("BODY=", m.MailFrom);
        Assert.DoesNotContain("NOTIFY", string.Join(" ", m.RcptTo));
        var relayed = MimeKit.MimeMessage.Load(new MemoryStream(m.Data));
        Assert.Equal("café", ((MimeKit.TextPart)relayed.Body).Text.TrimEnd());
        // erin asked for SUCCESS and the hop cannot carry it: we report "relayed"; dave asked for FAILURE only.
        var r = Assert.Single(DsnAssert.Parse(Assert.Single(await h.InboxAsync("alice@example.com"))).Recipients);
        Assert.Equal("rfc822; erin@example.org", r["Final-Recipient"]);
        Assert.Equal("relayed", r["Action"]);
    }

    [Fact]
    public async Task C20_Utf8HeadersAreNotSentToAHopWithoutSmtpUtf8()
    {
        await using var h = await QueueHarness.StartAsync();
        h.Remote.Extensions.Clear();
        h.Remote.Extensions.AddRange(["PIPELINING", "SIZE 10000000"]);
        var utf8 = new OutboundEnvelope("alice@example.com", [new OutboundRecipient("dave@example.org")])
        {
            SmtpUtf8 = true,
        };

        await h.EnqueueAsync(utf8, "To: jörg <dave@example.org>\nSubject: c20b\n\nx\n");
        await h.EnqueueAsync(utf8, "Subject: c20c\n\nx\n");
        await h.RunAsync();

        var m = Assert.Single(h.Remote.Messages);
        Assert.Contains("c20c", m.Text);
        Assert.DoesNotContain("SMTPUTF8", m.MailFrom);
        Assert.DoesNotContain(h.Remote.Messages, x => x.Data.Any(b => b >= 0x80));
        var r = Assert.Single(DsnAssert.Parse(Assert.Single(await h.InboxAsync("alice@example.com"))).Recipients);
        Assert.Equal("5.6.7", r["Status"]);
    }

    private const string C20Message =
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\nSubject: c20\n\ncafé\n";

    private static OutboundEnvelope C20Envelope() => new("alice@example.com",
    [
        new OutboundRecipient("dave@example.org", DsnNotify.Failure, "rfc822;dave@example.org"),
        new OutboundRecipient("erin@example.org", DsnNotify.Success),
    ])
    {
        EightBitMime = true,
        Return = DsnReturn.Headers,
        EnvelopeId = "c20-1",
    };
}
