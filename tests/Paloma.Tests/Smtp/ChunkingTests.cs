using System.Text;
using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>CHUNKING and BINARYMIME (RFC 3030) end to end, case C06 included: a refused BDAT still consumes its
/// chunk, so that chunk octets are never run as commands.</summary>
public sealed class ChunkingTests
{
    private static async Task<SmtpTestClient> TransactionAsync(TestServer server, string mail = "")
    {
        var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>" + mail, "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        return client;
    }

    [Fact]
    public async Task ChunksAreJoinedWithoutDotStuffing()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await TransactionAsync(server);
        const string first = "Subject: chunks\r\n\r\n.leading dot stays\r\n";
        const string second = ".\r\nlast line\r\n";
        await client.ExpectRawAsync($"BDAT {first.Length}\r\n{first}", "250 2.0.0");
        await client.ExpectRawAsync($"BDAT {second.Length} LAST\r\n{second}", "250 2.0.0 Ok: queued as");

        var message = Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.EndsWith("\r\n\r\n.leading dot stays\r\n.\r\nlast line\r\n", message);
        await client.AssertAliveAsync();
    }

    [Fact]
    public async Task BinaryMimeKeepsBareLineFeedsAndNul()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await TransactionAsync(server, " BODY=BINARYMIME");
        var content = Encoding.Latin1.GetBytes("Subject: bin\r\nContent-Transfer-Encoding: binary\r\n\r\n\0\n\r\xff");
        await client.ExpectRawAsync([.. Encoding.ASCII.GetBytes($"BDAT {content.Length} LAST\r\n"), .. content],
            "250 2.0.0");

        var message = Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.EndsWith("\r\n\r\n\0\n\r\xff", message);
    }

    [Fact]
    public async Task SevenBitChunksFollowTheLineRules()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await TransactionAsync(server);
        const string bareLf = "Subject: x\r\n\r\nbare\nlf\r\n";
        await client.ExpectRawAsync($"BDAT {bareLf.Length} LAST\r\n{bareLf}", "550 5.5.2");
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));

        // No final CRLF: it is added, as the text of a message ends with one.
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectRawAsync("BDAT 15 LAST\r\nSubject: y\r\n\r\nz", "250 2.0.0");
        Assert.EndsWith("Subject: y\r\n\r\nz\r\n", Assert.Single(await Inbox.ReadAsync(server, "alice@example.com")));
    }

    [Fact]
    public async Task DataAfterBdatAndBinaryMimeWithDataAreBadSequences()
    {
        await using var server = await TestServer.StartAsync();
        await using (var client = await TransactionAsync(server))
        {
            await client.ExpectRawAsync("BDAT 3\r\nA: ", "250 2.0.0");
            await client.ExpectAsync("DATA", "503 5.5.1");
            await client.ExpectRawAsync("BDAT 5 LAST\r\nb\r\n\r\n", "250 2.0.0");
        }

        await using (var client = await TransactionAsync(server, " BODY=BINARYMIME"))
        {
            await client.ExpectAsync("DATA", "503 5.5.1");
            await client.AssertAliveAsync();
        }

        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
    }

    [Fact]
    public async Task C06_BdatWithoutMailIsReadThenRefused()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.Raw.SendAsync("BDAT 12 LAST\r\nNOOP\r\nQUIT\r\n");
        Assert.StartsWith("503 5.5.1", await client.Raw.ReadSmtpReplyAsync());
        await client.ExpectAsync("NOOP", "250 2.0.0");
    }

    [Fact]
    public async Task C06_OversizedChunkIsReadAndLaterChunksAreRefusedUntilRset()
    {
        const int limit = 10_240;
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxMessageBytes = limit);
        await using var client = await TransactionAsync(server);
        var chunk = new string('x', limit + 1 - 6) + "QUIT\r\n";
        // Pipelined: the failed chunk, then a second chunk with commands in it, then RSET.
        await client.Raw.SendAsync($"BDAT {limit + 1}\r\n{chunk}BDAT 12 LAST\r\nNOOP\r\nQUIT\r\nRSET\r\n");
        Assert.StartsWith("552 5.3.4", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("503 5.5.1", await client.Raw.ReadSmtpReplyAsync());
        Assert.StartsWith("250 2.0.0", await client.Raw.ReadSmtpReplyAsync());
        await client.AssertAliveAsync();
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));
    }

    [Fact]
    public async Task SizeLimitCountsEveryChunk()
    {
        const int limit = 10_240;
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxMessageBytes = limit);
        await using var client = await TransactionAsync(server);
        var half = "Subject: big\r\n\r\n" + new string('y', 6000 - 18) + "\r\n";
        await client.ExpectRawAsync($"BDAT {half.Length}\r\n{half}", "250 2.0.0");
        await client.ExpectRawAsync($"BDAT {half.Length} LAST\r\n{half}", "552 5.3.4");
        await client.ExpectAsync("RSET", "250 2.0.0");
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Empty(Directory.GetFiles(Path.Combine(server.DataDirectory, "tmp")));
    }

    [Fact]
    public async Task MalformedBdatIsRefusedAndChunkedMessageToTheQueueWorks()
    {
        await using var server = await TestServer.StartAsync(c =>
        {
            c.Access.Rules = ["Connect:127.0.0.1 RELAY"];
            c.Transport.Routes["example.org"] = "127.0.0.1:9";
        });
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("BDAT x", "501 5.5.4");
        await client.ExpectAsync("BDAT 1 MORE", "501 5.5.4");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<dave@example.org>", "250 2.1.5");
        var reply = await client.ExpectRawAsync("BDAT 17 LAST\r\nSubject: q\r\n\r\nx\r\n", "250 2.0.0 Ok: queued as");
        var id = reply.Split("queued as ")[1].Split(' ')[0].Trim();
        Assert.NotNull(await ((Paloma.Queue.QueueStore)server.Server.Context.Queue!).GetAsync(id));
    }
}
