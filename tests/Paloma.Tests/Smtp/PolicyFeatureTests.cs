using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>Privacy (VRFY, EXPN), and masquerading, end to end (DSN parameters: QueueHandoffTests).</summary>
public sealed class PolicyFeatureTests
{
    [Fact]
    public async Task VrfyAndExpnAreOffByDefault()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("VRFY alice", "252 2.5.2");
        await client.ExpectAsync("VRFY nobody", "252 2.5.2");
        await client.ExpectAsync("EXPN alice", "502 5.5.1");
    }

    [Fact]
    public async Task VrfyAndExpnAnswerWhenEnabled()
    {
        await using var server = await TestServer.StartAsync(c =>
        {
            c.Smtp.Vrfy = true;
            c.Smtp.Expn = true;
        });
        await server.Server.Context.Aliases!.SetAsync("team", ["alice", "bob"]);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("VRFY alice", "250 2.1.5");
        await client.ExpectAsync("VRFY <bob@example.com>", "250 2.1.5");
        await client.ExpectAsync("VRFY nobody", "550 5.1.1");
        await client.ExpectAsync("VRFY someone@example.org", "550 5.1.1");
        var expanded = await client.ExpectAsync("EXPN team", "250");
        Assert.Contains("<alice@example.com>", expanded);
        Assert.Contains("<bob@example.com>", expanded);
        await client.ExpectAsync("EXPN nobody", "550 5.1.1");
    }

    [Theory]
    [InlineData(false, "alice@example.com", "From: Alice <alice@example.test>", "Return-Path: <alice@example.com>")]
    [InlineData(true, "alice@example.com", "From: Alice <alice@example.test>", "Return-Path: <alice@example.test>")]
    [InlineData(false, "carol@example.net", "From: Alice <alice@example.net>", "Return-Path: <carol@example.net>")]
    public async Task MasqueradingRewritesLocalSenders(bool envelope, string sender, string from, string returnPath)
    {
        await using var server = await TestServer.StartAsync(c =>
        {
            c.Masquerade.As = "example.test";
            c.Masquerade.Envelope = envelope;
        });
        await using var client = await SmtpTestClient.ConnectAsync(server);
        var headerFrom = sender.EndsWith("example.net") ? "alice@example.net" : "alice@example.com";
        SmtpTestClient.AssertReply("250 2.0.0", await client.SendMessageAsync(sender, "bob@example.com",
            $"From: Alice <{headerFrom}>\r\nTo: bob@example.com\r\nSubject: m\r\n\r\nalice@example.com\r\n.\r\n"));
        var message = Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
        Assert.Contains(from + "\r\n", message);
        Assert.StartsWith(returnPath + "\r\n", message);
        Assert.Contains("To: bob@example.com\r\n", message);
        Assert.EndsWith("\r\n\r\nalice@example.com\r\n", message);
    }

    [Fact]
    public async Task MasqueradeEntireDomainCoversSubdomains()
    {
        await using var server = await TestServer.StartAsync(c =>
        {
            c.Masquerade.As = "example.test";
            c.Masquerade.EntireDomain = true;
        });
        await using var client = await SmtpTestClient.ConnectAsync(server);
        SmtpTestClient.AssertReply("250 2.0.0", await client.SendMessageAsync("carol@example.net", "bob@example.com",
            "From: a@host.example.com\r\nSender: b@example.com\r\nReply-To: c@other.example\r\n\r\nx\r\n.\r\n"));
        var message = Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
        Assert.Contains("From: a@example.test\r\nSender: b@example.test\r\nReply-To: c@other.example\r\n", message);
    }

    /// <summary>Sendmail's X-Authentication-Warning: when the authenticated user sends as another address that
    /// the sender check lets through ([submission] sender_check = false), and none when sending as themself.
    /// </summary>
    [Fact]
    public async Task AuthenticatedUserSendingAsAnotherAddressGetsAuthenticationWarning()
    {
        await using var server = await TestServer.StartAsync(c => c.Submission.SenderCheck = false);
        await using var client = await RawClient.ConnectAsync(server.Submission);
        Assert.StartsWith("220", await client.ReadSmtpReplyAsync());
        await client.SendAsync("EHLO client.example.net\r\n");
        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
        var plain = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            "\0alice@example.com\0" + TestServer.Password));
        await client.SendAsync("AUTH PLAIN " + plain + "\r\n");
        Assert.StartsWith("235", await client.ReadSmtpReplyAsync());

        foreach (var sender in new[] { "someone@example.net", "alice@example.com" })
        {
            await client.SendAsync($"MAIL FROM:<{sender}>\r\n");
            Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
            await client.SendAsync("RCPT TO:<bob@example.com>\r\n");
            Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
            await client.SendAsync("DATA\r\n");
            Assert.StartsWith("354", await client.ReadSmtpReplyAsync());
            await client.SendAsync($"From: <{sender}>\r\nSubject: as {sender}\r\n\r\nx\r\n.\r\n");
            Assert.StartsWith("250 2.0.0", await client.ReadSmtpReplyAsync());
        }

        var messages = await Inbox.ReadAsync(server, "bob@example.com");
        Assert.Equal(2, messages.Count);
        var other = Assert.Single(messages, m => m.Contains("Subject: as someone@example.net"));
        Assert.Contains("X-Authentication-Warning: mx.example.com: alice@example.com set sender to "
            + "<someone@example.net> using SMTP AUTH PLAIN\r\n", other);
        var own = Assert.Single(messages, m => m.Contains("Subject: as alice@example.com"));
        Assert.DoesNotContain("X-Authentication-Warning:", own);
    }
}
