using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>RSET, NOOP, QUIT, HELP, VRFY, EXPN and unknown commands.</summary>
public sealed class SessionCommandTests
{
    [Fact]
    public async Task GreetingIs220WithOurName()
    {
        await using var server = await TestServer.StartAsync();
        await using var raw = await RawClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220 mx.example.com ", await raw.ReadSmtpReplyAsync());
    }

    [Fact]
    public async Task RsetAbortsTheTransaction()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("RSET", "250 2.0.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "503 5.5.1");
        await client.ExpectAsync("RSET extra", "501 5.5.4");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
    }

    [Fact]
    public async Task NoopWorksInEveryStateAndTakesAnArgument()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server, ehlo: false);
        await client.ExpectAsync("NOOP", "250 2.0.0");
        await client.ExpectAsync("EHLO client.example.net", "250 ");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("NOOP hello there", "250 2.0.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("noop", "250 2.0.0");
    }

    [Fact]
    public async Task QuitAnswers221AndCloses()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("QUIT now", "501 5.5.4");
        await client.ExpectAsync("QUIT", "221 2.0.0");
        Assert.True(await client.Raw.IsClosedAsync());
    }

    [Fact]
    public async Task HelpAnswers214()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("HELP", "214 2.0.0");
        await client.ExpectAsync("HELP MAIL", "214 2.0.0");
    }

    [Fact]
    public async Task VrfyDisclosesNothing()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        var known = await client.ExpectAsync("VRFY alice", "252 2.5.2");
        var unknown = await client.ExpectAsync("VRFY nobody@example.com", "252 2.5.2");
        Assert.Equal(known, unknown);
        Assert.DoesNotContain("alice", known);
        await client.ExpectAsync("VRFY", "501 5.5.4");
    }

    [Fact]
    public async Task ExpnIsOff()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("EXPN staff", "502 5.5.1");
        await client.AssertAliveAsync();
    }

    [Theory]
    [InlineData("XYZZY")]
    [InlineData("MAILFROM:<a@b.c>")]
    [InlineData("STARTTLSX")]
    public async Task UnknownCommandsGet500And551(string command)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync(command, "500 5.5.1");
        await client.AssertAliveAsync();
    }

    [Fact]
    public async Task ErrorRepliesCarryTheSessionReference()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        var reply = await client.ExpectAsync("XYZZY", "500 5.5.1");
        Assert.Matches(@"\(ref [a-z0-9]{10}\)$", reply);
    }

    [Fact]
    public async Task TooManyErrorsCloseTheSessionWith421()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        for (var i = 0; i < 19; i++)
        {
            await client.ExpectAsync("XYZZY", "500 5.5.1");
        }

        await client.Raw.SendAsync("XYZZY\r\n");
        Assert.StartsWith("500 5.5.1", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("421 4.7.0", await client.Raw.ReadSmtpReplyAsync());
        Assert.True(await client.Raw.IsClosedAsync());
    }

    [Fact]
    public async Task PipelinedCommandsGetTheirRepliesInOrder()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.Raw.SendAsync("MAIL FROM:<carol@example.net>\r\nRCPT TO:<alice@example.com>\r\n"
            + "RCPT TO:<nobody@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n");
        Assert.StartsWith("250 2.1.0", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("250 2.1.5", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("550 5.1.1", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("250 2.1.5", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("354 ", await client.Raw.ReadSmtpReplyAsync());
        await client.ExpectRawAsync("Subject: p\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
    }

    [Fact]
    public async Task CommandsPipelinedAfterTheEndOfDataAreAnsweredWithoutMoreInput()
    {
        // RFC 2920 §3.1: the end of data may be followed at once by the next commands, in the same write. Nothing
        // more is sent after them: each reply must come from what the server already has.
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        client.Raw.Timeout = TimeSpan.FromSeconds(5);
        await client.Raw.SendAsync("MAIL FROM:<carol@example.net>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n");
        Assert.StartsWith("250 2.1.0", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("250 2.1.5", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("354 ", await client.Raw.ReadSmtpReplyAsync());
        await client.Raw.SendAsync("Subject: one\r\n\r\nx\r\n.\r\nNOOP\r\nMAIL FROM:<carol@example.net>\r\n"
            + "RCPT TO:<bob@example.com>\r\nDATA\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("250 2.0.0", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("250 2.1.0", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("250 2.1.5", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("354 ", await client.Raw.ReadSmtpReplyAsync());

        await client.Raw.SendAsync("Subject: two\r\n\r\ny\r\n.\r\nQUIT\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("221 ", await client.Raw.ReadSmtpReplyAsync());
        Assert.True(await client.Raw.IsClosedAsync());
        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
    }
}
