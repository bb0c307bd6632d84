using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

public sealed class RcptTests
{
    [Theory]
    [InlineData("RCPT TO:<alice@example.com>", "250 2.1.5")]
    [InlineData("RCPT TO:<ALICE@EXAMPLE.COM>", "250 2.1.5")]
    [InlineData("RCPT TO:<\"alice\"@example.com>", "250 2.1.5")]
    [InlineData("RCPT TO:<@relay.example:alice@example.com>", "250 2.1.5")]
    [InlineData("RCPT TO:<Postmaster>", "250 2.1.5")]
    [InlineData("RCPT TO:<postmaster@[127.0.0.1]>", "250 2.1.5")]
    [InlineData("RCPT TO:<nobody@example.com>", "550 5.1.1")]
    [InlineData("RCPT TO:<someone@example.net>", "550 5.7.1")]
    [InlineData("RCPT TO:<someone@[198.51.100.7]>", "550 5.7.1")]
    [InlineData("RCPT TO:<someone@[tag:whatever]>", "550 5.7.1")]
    [InlineData("RCPT TO:<alice@example.com> NOTIFY=NEVER", "250 2.1.5")]
    [InlineData("RCPT TO:<alice@example.com> NOTIFY=NEVER,DELAY", "501 5.5.4")]
    [InlineData("RCPT TO:<alice@example.com> ORCPT=rfc822;alice+40example.com", "250 2.1.5")]
    [InlineData("RCPT TO:<alice@example.com> ORCPT=rfc822;a=b", "501 5.5.4")]
    [InlineData("RCPT TO:<alice@example.com> FOO=BAR", "555 5.5.4")]
    [InlineData("RCPT TO:alice@example.com", "501 5.5.4")]
    [InlineData("RCPT TO:<alice@example.com.>", "501 5.1.3")]
    [InlineData("RCPT TO:<>", "501 5.1.3")]
    [InlineData("RCPT", "501 5.5.4")]
    [InlineData("RCPT FROM:<alice@example.com>", "501 5.5.4")]
    public async Task RecipientsAreDecidedAtRcptTime(string command, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync(command, expected);
        await client.AssertAliveAsync();
    }

    [Fact]
    public async Task RcptBeforeMailIsRejectedWith503()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "503 5.5.1");
        await client.AssertAliveAsync();
    }

    [Fact]
    public async Task RecipientsBeyondTheLimitGet452()
    {
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxRecipientsPerMessage = 2);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<bob@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<postmaster@example.com>", "452 4.5.3");
        await client.ExpectAsync("DATA", "354 ");
        await client.ExpectRawAsync("Subject: two\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        Assert.Empty(await Inbox.ReadAsync(server, "postmaster@example.com"));
    }

    [Fact]
    public async Task RcptResultIsLoggedAtInformation()
    {
        await using var server = await TestServer.StartAsync();
        await using (var client = await SmtpTestClient.ConnectAsync(server))
        {
            await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
            await client.ExpectAsync("RCPT TO:<nobody@example.com>", "550 5.1.1");
        }

        Assert.Contains(server.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Information
            && e.Message.Contains("recipient=<nobody@example.com>") && e.Message.Contains("550 5.1.1"));
    }
}
