namespace Paloma.Tests.Sendmail;

/// <summary><c>paloma sendmail</c> as cron and PHP's mail() run it: a message on stdin, queued, then delivered
/// to local mailboxes by the server's queue runner.</summary>
public sealed class SendmailDeliveryTests : IAsyncLifetime
{
    private SendmailHarness _h = null!;

    public async Task InitializeAsync() => _h = await SendmailHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task DashTTakesRecipientsFromHeadersDeliversLocallyAndDropsBcc()
    {
        var message = "To: Alice <alice@example.com>\nCc: team\nBcc: postmaster@example.com\n"
            + "Subject: nightly report\n\nall good\n";
        var run = await _h.SendmailAsync(message, "-t", "-i");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var queued = Assert.Single(await _h.Queue.ListAsync());
        Assert.Equal(["alice@example.com", "bob@example.com", "postmaster@example.com"],
            queued.Recipients.Select(r => r.Address).Order());
        await _h.RunQueueAsync();

        foreach (var user in new[] { "alice@example.com", "bob@example.com", "postmaster@example.com" })
        {
            var stored = Assert.Single(await _h.InboxAsync(user));
            Assert.Contains("Subject: nightly report\r\n", stored);
            Assert.DoesNotContain("Bcc:", stored);
            Assert.Contains("\r\n\r\nall good\r\n", stored);
            // RFC 5321 §4.4: the Return-Path added at final delivery, then the trace line of the submission.
            Assert.Matches(@"^Return-Path: <[^>]+>\r\nReceived: \(from ", stored);
            Assert.Contains("\r\nMessage-ID: <", stored);
            Assert.Contains("\r\nDate: ", stored);
            Assert.Matches(@"\r\nFrom: \S+@mx\.example\.com\r\n", stored);
        }

        Assert.Empty(await _h.Queue.ListAsync());
    }

    [Fact]
    public async Task ALoneDotEndsTheMessageUnlessDashIIsGiven()
    {
        const string message = "Subject: dots\n\nbefore\n.\nafter\n";
        Assert.Equal(0, (await _h.SendmailAsync(message, "alice@example.com")).ExitCode);
        Assert.Equal(0, (await _h.SendmailAsync(message, "-i", "bob@example.com")).ExitCode);
        Assert.Equal(0, (await _h.SendmailAsync(message, "-oi", "postmaster@example.com")).ExitCode);
        await _h.RunQueueAsync();

        var cut = Assert.Single(await _h.InboxAsync("alice@example.com"));
        Assert.EndsWith("\r\n\r\nbefore\r\n", cut);
        foreach (var user in new[] { "bob@example.com", "postmaster@example.com" })
        {
            var whole = Assert.Single(await _h.InboxAsync(user));
            Assert.EndsWith("\r\n\r\nbefore\r\n.\r\nafter\r\n", whole);
        }
    }

    [Fact]
    public async Task DashFSetsTheSenderWithAWarningAndDashFNamesTheGeneratedFrom()
    {
        var run = await _h.SendmailAsync("Subject: from cron\n\nx\n", "-f", "cron-daemon@example.org", "-F",
            "Cron Daemon", "info");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var queued = Assert.Single(await _h.Queue.ListAsync());
        Assert.Equal("cron-daemon@example.org", queued.Message.ReversePath);
        Assert.Equal("alice@example.com", Assert.Single(queued.Recipients).Address);
        await _h.RunQueueAsync();

        var stored = Assert.Single(await _h.InboxAsync("alice@example.com"));
        Assert.Contains("\r\nFrom: Cron Daemon <cron-daemon@example.org>\r\n", stored);
        if (Environment.UserName != "root")
        {
            Assert.Contains($"X-Authentication-Warning: mx.example.com: {Environment.UserName} set sender to "
                + "cron-daemon@example.org using -f\r\n", stored);
        }
    }

    [Fact]
    public async Task AnUnknownLocalRecipientIsReportedAndTheOthersStillGetTheMessage()
    {
        var run = await _h.SendmailAsync("Subject: x\n\nx\n", "nobody@example.com", "bob");
        Assert.Equal(67, run.ExitCode);
        Assert.Contains("nobody@example.com... ", run.Stderr);
        await _h.RunQueueAsync();
        Assert.Single(await _h.InboxAsync("bob@example.com"));
    }

    [Fact]
    public async Task DashBsRunsOneSmtpSessionOnStdinAndStdout()
    {
        var session = "EHLO client.example.com\r\nMAIL FROM:<cron@example.com>\r\nRCPT TO:<alice@example.com>\r\n"
            + "DATA\r\nSubject: over stdio\r\n\r\nhello\r\n.\r\nQUIT\r\n";
        var run = await _h.SendmailAsync(session, "-bs");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("220 mx.example.com", run.Stdout);
        Assert.Contains("354 ", run.Stdout);
        Assert.Matches(@"\r\n250 2\.0\.0 [^\r]*queued", run.Stdout);
        Assert.EndsWith("221 2.0.0 Bye\r\n", run.Stdout);

        // Delivered by the SMTP server's own path: directly, or through the queue where SMTP queues.
        await _h.RunQueueAsync();
        var stored = Assert.Single(await _h.InboxAsync("alice@example.com"));
        Assert.Contains("Subject: over stdio\r\n\r\nhello\r\n", stored);
        Assert.Contains("Received: from client.example.com ([127.0.0.1])", stored);
    }

    [Fact]
    public async Task AMessageOverTheSizeLimitIsRefusedAndNothingIsQueued()
    {
        var body = new string('x', 100) + "\n";
        var message = "Subject: big\n\n" + string.Concat(Enumerable.Repeat(body, 400));
        await File.AppendAllTextAsync(_h.ConfigFile, "\n[limits]\nmax_message_bytes = 20000\n");
        var run = await _h.SendmailAsync(message, "alice@example.com");
        Assert.Equal(65, run.ExitCode);
        Assert.Contains("max_message_bytes", run.Stderr);
        Assert.Empty(await _h.Queue.ListAsync());
    }
}
