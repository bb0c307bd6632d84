using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>RFC 5321 §4.5.3.2 timeouts and shutdown: 421 and close, never a silent drop.</summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task IdleClientGets421Timeout()
    {
        await using var server = await TestServer.StartAsync(c => c.Smtp.CommandTimeout = 1);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        client.Raw.Timeout = TimeSpan.FromSeconds(30);
        Assert.StartsWith("421 4.4.2", await client.Raw.ReadSmtpReplyAsync());
        Assert.True(await client.Raw.IsClosedAsync());
        Assert.Contains(server.Logs.Entries, e => e.Message.StartsWith("timeout session="));
    }

    [Fact]
    public async Task StalledDataGets421TimeoutAndNothingIsDelivered()
    {
        await using var server = await TestServer.StartAsync(c => c.Smtp.DataBlockTimeout = 1);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        client.Raw.Timeout = TimeSpan.FromSeconds(30);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354 ");
        await client.Raw.SendAsync("Subject: stalled\r\n\r\nhalf");
        Assert.StartsWith("421 4.4.2", await client.Raw.ReadSmtpReplyAsync());
        Assert.True(await client.Raw.IsClosedAsync());
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));
    }

    [Fact]
    public async Task ShutdownSays421AndCloses()
    {
        var server = await TestServer.StartAsync();
        try
        {
            await using var client = await SmtpTestClient.ConnectAsync(server);
            client.Raw.Timeout = TimeSpan.FromSeconds(30);
            var stopping = server.Server.DisposeAsync().AsTask();
            Assert.StartsWith("421 4.3.2", await client.Raw.ReadSmtpReplyAsync());
            Assert.True(await client.Raw.IsClosedAsync());
            await stopping;
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Issue 7: a stop lets a BDAT transaction under way finish: the chunks still to come are read, the
    /// message is delivered and answered 250, and only then 421.</summary>
    [Fact]
    public async Task StopDuringBdatFinishesTheMessageThen421()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        client.Raw.Timeout = TimeSpan.FromSeconds(30);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectRawAsync("BDAT 25\r\nSubject: chunked\r\n\r\none\r\n", "250 2.0.0");

        await using var idle = await SmtpTestClient.ConnectAsync(server);
        idle.Raw.Timeout = TimeSpan.FromSeconds(30);
        var stopping = server.Server.StopAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("421 4.3.2", await idle.Raw.ReadSmtpReplyAsync());

        await client.Raw.SendAsync("BDAT 5 LAST\r\ntwo\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("421 4.3.2", await client.Raw.ReadSmtpReplyAsync());
        Assert.True(await client.Raw.IsClosedAsync());
        await stopping;
        Assert.EndsWith("\r\none\r\ntwo\r\n", Assert.Single(await Inbox.ReadAsync(server, "alice@example.com")));
    }
}
