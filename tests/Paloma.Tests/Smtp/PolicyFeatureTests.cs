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
}
