using Microsoft.Extensions.Time.Testing;
using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>Every access map action (OK, RELAY, REJECT, DISCARD, ERROR in both forms) for Connect:, From: and
/// To:, end to end. The test client connects from 127.0.0.1.</summary>
public sealed class AccessMapTests
{
    private static Task<TestServer> StartAsync(params string[] rules) =>
        TestServer.StartAsync(c => c.Access.Rules = [.. rules]);

    [Theory]
    [InlineData("Connect:127.0.0.1 REJECT")]
    [InlineData("Connect:127.0.0 REJECT")]
    [InlineData("Connect:127.0.0.0/8 REJECT")]
    [InlineData("127.0.0.1 REJECT")]
    public async Task ConnectRejectGets554GreetingAndOnlyQuit(string rule)
    {
        await using var server = await StartAsync(rule);
        await using var client = await RawClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("554 mx.example.com Access denied", await client.ReadSmtpReplyAsync());
        await client.SendAsync("EHLO client.example.net\r\n");
        Assert.StartsWith("503 5.5.1", await client.ReadSmtpReplyAsync());
        await client.SendAsync("MAIL FROM:<carol@example.net>\r\n");
        Assert.StartsWith("503 5.5.1", await client.ReadSmtpReplyAsync());
        await client.SendAsync("QUIT\r\n");
        Assert.StartsWith("221", await client.ReadSmtpReplyAsync());
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task ConnectErrorWithEnhancedCodeUsesItsText()
    {
        await using var server = await StartAsync("Connect:127.0.0.1 ERROR:5.7.1:550 Go away");
        await using var client = await RawClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("554 mx.example.com Go away", await client.ReadSmtpReplyAsync());
    }

    [Fact]
    public async Task ConnectTemporaryErrorGets421AndClose()
    {
        await using var server = await StartAsync("Connect:127.0.0.1 ERROR:451 Come back later");
        await using var client = await RawClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("421 mx.example.com Come back later", await client.ReadSmtpReplyAsync());
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task ConnectOkAndUnrelatedEntriesLeaveTheSessionAlone()
    {
        await using var server = await StartAsync("Connect:127.0.0.1 OK", "Connect:192.0.2.7 REJECT");
        await using var client = await SmtpTestClient.ConnectAsync(server);
        SmtpTestClient.AssertReply("250 2.0.0", await client.SendMessageAsync("carol@example.net",
            "alice@example.com", "Subject: ok\r\n\r\nx\r\n.\r\n"));
        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));

        // OK allows less than RELAY: no relaying.
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<victim@example.org>", "550 5.7.1");
    }

    [Fact]
    public async Task ConnectRelayAllowsRelaying()
    {
        await using var server = await StartAsync("Connect:127.0.0.1 RELAY");
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        // Relaying is allowed: the outbound queue takes it.
        await client.ExpectAsync("RCPT TO:<someone@example.org>", "250 2.1.5");
    }

    [Fact]
    public async Task ConnectDiscardAcceptsAndDropsEveryMessage()
    {
        await using var server = await StartAsync("Connect:127.0.0.1 DISCARD");
        await using var client = await SmtpTestClient.ConnectAsync(server);
        SmtpTestClient.AssertReply("250 2.0.0", await client.SendMessageAsync("carol@example.net",
            "alice@example.com", "Subject: dropped\r\n\r\nx\r\n.\r\n"));
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains("discarded"));
    }

    [Theory]
    [InlineData("From:spammer@example.net REJECT", "550 5.7.1 Access denied")]
    [InlineData("From:example.net REJECT", "550 5.7.1")]
    [InlineData("From:net REJECT", "550 5.7.1")]
    [InlineData("From:spammer@ REJECT", "550 5.7.1")]
    [InlineData("spammer@example.net REJECT", "550 5.7.1")]
    [InlineData("From:example.net ERROR:553 Not from you", "553 5.0.0 Not from you")]
    [InlineData("From:example.net ERROR:5.7.26:550 Unauthenticated", "550 5.7.26 Unauthenticated")]
    [InlineData("From:example.net ERROR:4.7.1:451 Greylisted", "451 4.7.1 Greylisted")]
    public async Task FromRefusalsAnswerMail(string rule, string expected)
    {
        await using var server = await StartAsync(rule);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<spammer@example.net>", expected);
        await client.ExpectAsync("MAIL FROM:<carol@example.org>", "250 2.1.0");
    }

    [Fact]
    public async Task MostSpecificFromEntryWins()
    {
        await using var server = await StartAsync("From:example.net REJECT", "From:friend@example.net OK");
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<friend@example.net>", "250 2.1.0");
        await client.ExpectAsync("RSET", "250");
        await client.ExpectAsync("MAIL FROM:<other@example.net>", "550 5.7.1");
    }

    [Fact]
    public async Task FromRelayDoesNotAllowRelaying()
    {
        await using var server = await StartAsync("From:carol@example.net RELAY");
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<victim@example.org>", "550 5.7.1");
    }

    [Fact]
    public async Task FromDiscardAcceptsAndDropsTheMessage()
    {
        await using var server = await StartAsync("From:carol@example.net DISCARD");
        await using var client = await SmtpTestClient.ConnectAsync(server);
        SmtpTestClient.AssertReply("250 2.0.0", await client.SendMessageAsync("carol@example.net",
            "alice@example.com", "Subject: dropped\r\n\r\nx\r\n.\r\n"));
        SmtpTestClient.AssertReply("250 2.0.0", await client.SendMessageAsync("dave@example.net",
            "alice@example.com", "Subject: kept\r\n\r\nx\r\n.\r\n"));
        var message = Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Contains("Subject: kept", message);
    }

    [Theory]
    [InlineData("To:alice@example.com REJECT", "550 5.7.1")]
    [InlineData("To:example.com REJECT", "550 5.7.1")]
    [InlineData("To:alice@ REJECT", "550 5.7.1")]
    [InlineData("To:alice@example.com ERROR:550 No mail for alice", "550 5.0.0 No mail for alice")]
    [InlineData("To:alice@example.com ERROR:5.2.1:550 Mailbox disabled", "550 5.2.1 Mailbox disabled")]
    [InlineData("To:alice@example.com ERROR:4.2.1:450 Try later", "450 4.2.1 Try later")]
    public async Task ToRefusalsAnswerRcpt(string rule, string expected)
    {
        await using var server = await StartAsync(rule);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", expected);
        await client.ExpectAsync("RCPT TO:<bob@example.com>", rule.StartsWith("To:example.com") ? expected : "250");
    }

    [Fact]
    public async Task ToOkDeliversAndToRelayAllowsRelayingToThatDomainOnly()
    {
        await using var server = await StartAsync("To:alice@example.com OK", "To:partner.example.org RELAY");
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<x@partner.example.org>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<x@sub.partner.example.org>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<x@other.example.org>", "550 5.7.1");
    }

    [Fact]
    public async Task ToDiscardAcceptsAndDropsThatRecipient()
    {
        await using var server = await StartAsync("To:bob@example.com DISCARD");
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<bob@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354");
        await client.ExpectRawAsync("Subject: t\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Empty(await Inbox.ReadAsync(server, "bob@example.com"));
    }

    [Fact]
    public async Task AccessFileIsReadAndUnknownActionIsRefusedAtStartWithFileAndLine()
    {
        var file = Path.Combine(Path.GetTempPath(), "access-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "# comment\n\nFrom:spammer@example.net\tREJECT\n");
        try
        {
            await using (var server = await TestServer.StartAsync(c => c.Access.File = file))
            {
                await using var client = await SmtpTestClient.ConnectAsync(server);
                await client.ExpectAsync("MAIL FROM:<spammer@example.net>", "550 5.7.1");
            }

            await File.WriteAllTextAsync(file, "# comment\nFrom:a@example.net OK\nFrom:b@example.net BLOCK\n");
            var error = await Assert.ThrowsAsync<Paloma.Policy.MapParseException>(
                () => TestServer.StartAsync(c => c.Access.File = file));
            Assert.StartsWith(file + ":3: unknown action \"BLOCK\"", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The access file is read again when it changes, with no restart or reload: decision A, the file
    /// rewritten with a later modification time, decision B. The map checks its file at most once a second of
    /// the server's clock, which the test drives.</summary>
    [Fact]
    public async Task AccessFileIsReReadWhenItChanges()
    {
        var file = Path.Combine(Path.GetTempPath(), "access-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "Connect:127.0.0.1 REJECT\n");
        try
        {
            var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
            await using var server = await TestServer.StartAsync(c => c.Access.File = file, time: time);
            await using (var refused = await RawClient.ConnectAsync(server.Smtp))
            {
                Assert.StartsWith("554 mx.example.com Access denied", await refused.ReadSmtpReplyAsync());
            }

            await File.WriteAllTextAsync(file, "Connect:127.0.0.1 OK\nFrom:spammer@example.net REJECT\n");
            File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddMinutes(1));
            time.Advance(TimeSpan.FromSeconds(2));

            await using var client = await SmtpTestClient.ConnectAsync(server);
            await client.ExpectAsync("MAIL FROM:<spammer@example.net>", "550 5.7.1");
            await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
