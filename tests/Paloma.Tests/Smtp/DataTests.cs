using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

public sealed class DataTests
{
    [Fact]
    public async Task AcceptedMessageGetsReturnPathAndReceivedAndExactBody()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        var reply = await client.SendMessageAsync("carol@example.net", "alice@example.com",
            "Subject: hi\r\n\r\nline one\r\n..dotted\r\n.\r\n");
        SmtpTestClient.AssertReply("250 2.0.0 Ok: queued as ", reply);

        var message = Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.StartsWith("Return-Path: <carol@example.net>\r\nReceived: from client.example.net ([127.0.0.1])\r\n"
            + "\tby mx.example.com (Paloma) with ESMTP id ", message);
        Assert.Contains("\r\n\tfor <alice@example.com>;\r\n\t", message);
        var queueId = reply.Split(' ')[^1];
        Assert.Contains(" id " + queueId + "\r\n", message);
        Assert.Equal("Subject: hi\r\n\r\nline one\r\n.dotted\r\n", Inbox.Content(message));
    }

    [Fact]
    public async Task ReceivedOmitsForWithSeveralRecipientsAndSaysSmtpAfterHelo()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server, ehlo: false);
        await client.ExpectAsync("HELO client.example.net", "250 ");
        await client.ExpectAsync("MAIL FROM:<>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<bob@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354 ");
        await client.ExpectRawAsync("Subject: both\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        var message = Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
        Assert.StartsWith("Return-Path: <>\r\n", message);
        Assert.Contains(" with SMTP id ", message);
        Assert.DoesNotContain("for <", message);
        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
    }

    [Fact]
    public async Task SameUserTwiceGetsOneCopy()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<postmaster@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<Postmaster>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354 ");
        await client.ExpectRawAsync("Subject: pm\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        Assert.Single(await Inbox.ReadAsync(server, "postmaster@example.com"));
    }

    [Fact]
    public async Task TwoMessagesInOneSessionGetDifferentIds()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        var first = await client.SendMessageAsync("carol@example.net", "alice@example.com", "Subject: 1\r\n\r\n.\r\n");
        var second = await client.SendMessageAsync("carol@example.net", "alice@example.com", "Subject: 2\r\n\r\n.\r\n");
        Assert.NotEqual(first.Split(' ')[^1], second.Split(' ')[^1]);
        Assert.Equal(2, (await Inbox.ReadAsync(server, "alice@example.com")).Count);
    }

    [Fact]
    public async Task DataWithoutRcptIs503AndWithOnlyFailedRcptsIs554()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("DATA", "503 5.5.1");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("DATA", "503 5.5.1");
        await client.ExpectAsync("RCPT TO:<nobody@example.com>", "550 5.1.1");
        await client.ExpectAsync("DATA", "554 5.5.1");
        await client.AssertAliveAsync();
    }

    [Fact]
    public async Task DataWithArgumentIs501()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA now", "501 5.5.4");
        await client.ExpectAsync("DATA", "354 ");
        await client.ExpectRawAsync("x\r\n.\r\n", "250 2.0.0");
    }

    [Fact]
    public async Task OverlongTextLineRefusesTheMessageAfterTheEnd()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        var reply = await client.SendMessageAsync("carol@example.net", "alice@example.com",
            "Subject: long\r\n\r\n" + new string('b', 999) + "\r\n.\r\n");
        SmtpTestClient.AssertReply("500 5.5.2", reply);
        await client.AssertAliveAsync();
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));
    }

    [Theory]
    [InlineData("Subject: x\r\n\r\na\nb\r\n.\r\n")]
    [InlineData("Subject: x\r\n\r\na\rb\r\n.\r\n")]
    public async Task BareLineEndsRefuseTheMessage(string data)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        SmtpTestClient.AssertReply("550 5.5.2",
            await client.SendMessageAsync("carol@example.net", "alice@example.com", data));
        await client.AssertAliveAsync();
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));
    }

    [Fact]
    public async Task ConnectionLostInDataDeliversNothingAndLeavesNoSpoolFile()
    {
        await using var server = await TestServer.StartAsync();
        await using (var client = await SmtpTestClient.ConnectAsync(server))
        {
            await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
            await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
            await client.ExpectAsync("DATA", "354 ");
            await client.Raw.SendAsync("Subject: cut\r\n\r\npartial");
        }

        // A new session proves the server is alive; by then the first session has ended.
        await using (var client = await SmtpTestClient.ConnectAsync(server))
        {
            await client.SendMessageAsync("carol@example.net", "bob@example.com", "x\r\n.\r\n");
        }

        for (var i = 0; i < 100 && Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "tmp")).Any(); i++)
        {
            await Task.Delay(50);
        }

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "tmp")));
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));
    }
}
