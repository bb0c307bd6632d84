using Microsoft.Extensions.Time.Testing;
using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>The [limits] settings over a real socket: recipients, header bytes, message bytes, concurrent
/// connections and connection rates.</summary>
public sealed class LimitTests
{
    [Fact]
    public async Task ExcessRecipientsGet452AndTheTransactionContinues()
    {
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxRecipientsPerMessage = 1);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<bob@example.com>", "452 4.5.3");
        await client.ExpectAsync("DATA", "354");
        await client.ExpectRawAsync("Subject: t\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Empty(await Inbox.ReadAsync(server, "bob@example.com"));
    }

    [Theory]
    [InlineData("X-Big: {0}\r\nSubject: t\r\n\r\nbody\r\n.\r\n")]
    [InlineData("X-Big: {0}\r\nSubject: t\r\n.\r\n")]
    [InlineData("Subject: t\r\nX-Folded: a\r\n {0}\r\n\r\nbody\r\n.\r\n")]
    public async Task OversizedHeaderIsRefusedAfterDataAndNothingStored(string template)
    {
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxHeaderBytes = 2048);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        var big = string.Join("\r\n ", Enumerable.Repeat(new string('h', 500), 6));
        SmtpTestClient.AssertReply("552 5.6.0", await client.SendMessageAsync("carol@example.net",
            "alice@example.com", string.Format(template, big)));
        await client.AssertAliveAsync();
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));

        // Just under the limit is fine, and the body does not count.
        var body = "Subject: small\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('b', 900) + "\r\n", 10));
        SmtpTestClient.AssertReply("250 2.0.0",
            await client.SendMessageAsync("carol@example.net", "alice@example.com", body + ".\r\n"));
    }

    [Fact]
    public async Task TooManyConcurrentConnectionsGet421AndClose()
    {
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxConnections = 1);
        await using var first = await RawClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220", await first.ReadSmtpReplyAsync());
        await using (var second = await RawClient.ConnectAsync(server.Smtp))
        {
            Assert.StartsWith("421 4.3.2", await second.ReadSmtpReplyAsync());
            Assert.True(await second.IsClosedAsync());
        }

        await first.SendAsync("QUIT\r\n");
        Assert.StartsWith("221", await first.ReadSmtpReplyAsync());
        Assert.True(await first.IsClosedAsync());
    }

    [Fact]
    public async Task AReloadChangesTheConnectionLimitForTheNextConnection()
    {
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxConnections = 1);
        await using var first = await RawClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220", await first.ReadSmtpReplyAsync());
        await using (var refused = await RawClient.ConnectAsync(server.Smtp))
        {
            Assert.StartsWith("421 4.3.2", await refused.ReadSmtpReplyAsync());
        }

        var config = server.Server.Context.Config;
        config.Limits.MaxConnections = 2;
        server.Server.Context.Replace(config);
        await using var second = await RawClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220", await second.ReadSmtpReplyAsync());
        await using (var third = await RawClient.ConnectAsync(server.Smtp))
        {
            Assert.StartsWith("421 4.3.2", await third.ReadSmtpReplyAsync());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConnectionRateOverallAndPerAddressGet421(bool perAddress)
    {
        // A rate of 1 a second on a clock the test drives, so a slow machine cannot spread the connections over
        // two seconds: the first is admitted, the second (same instant) is not, and one a second later is again.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(c =>
        {
            c.Limits.ConnectionRate = perAddress ? 0 : 1;
            c.Limits.ConnectionRatePerIp = perAddress ? 1 : 0;
        }, time: time);
        await using var first = await RawClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220", await first.ReadSmtpReplyAsync());
        await using (var second = await RawClient.ConnectAsync(server.Smtp))
        {
            Assert.StartsWith("421 4.7.0", await second.ReadSmtpReplyAsync());
            Assert.True(await second.IsClosedAsync());
        }

        time.Advance(TimeSpan.FromSeconds(1));
        await using var third = await RawClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220", await third.ReadSmtpReplyAsync());
    }
}
