using Paloma.Tests.Support;
using static Paloma.Tests.Pop3.Pop3Test;

namespace Paloma.Tests.Pop3;

public sealed class RetrieveTests
{
    /// <summary>The message of case C25 as stored: SMTP's dot-stuffing already removed.</summary>
    private const string C25Message = "Subject: c25\r\n\r\n.leading\r\n..two\r\n.\r\nend\r\n";

    [Fact]
    public async Task C25_RetrAndTopStuffEachLeadingDotExactlyOnce()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, C25Message);
        await using var client = await LoginAsync(server);

        Assert.Equal($"+OK {C25Message.Length} octets\r\n"
            + "Subject: c25\r\n\r\n..leading\r\n...two\r\n..\r\nend\r\n.\r\n",
            await RawMultiLineAsync(client, "RETR 1"));
        Assert.Equal("+OK top of message follows\r\n"
            + "Subject: c25\r\n\r\n..leading\r\n...two\r\n..\r\n.\r\n",
            await RawMultiLineAsync(client, "TOP 1 3"));

        // TOP with every line of the body agrees with RETR.
        var retr = await RawMultiLineAsync(client, "RETR 1");
        var top = await RawMultiLineAsync(client, "TOP 1 100");
        Assert.Equal(retr[retr.IndexOf('\n')..], top[top.IndexOf('\n')..]);
    }

    [Fact]
    public async Task C25_LinesOfOnlyDotsAndDotsAtChunkBoundariesAreStuffed()
    {
        await using var server = await TestServer.StartAsync();

        // Lines long enough to put line-leading dots on both sides of the server's 32 KiB read chunks.
        var body = string.Concat(Enumerable.Range(0, 3000).Select(i => new string('.', i % 7) + "x" + i + "\r\n"));
        await AddMessageAsync(server, "Subject: dots\r\n\r\n" + body);
        await using var client = await LoginAsync(server);

        var lines = await MultiLineAsync(client, "RETR 1");
        var unstuffed = lines.Select(l => l.StartsWith('.') ? l[1..] : l);
        Assert.Equal("Subject: dots\r\n\r\n" + body, string.Concat(unstuffed.Select(l => l + "\r\n")));
    }

    [Fact]
    public async Task BareLfMessageIsSentWithCrlfAndUnterminatedLastLineIsTerminated()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, "Subject: lf\n\n.first\nlast");
        await using var client = await LoginAsync(server);

        Assert.Equal("+OK 24 octets\r\nSubject: lf\r\n\r\n..first\r\nlast\r\n.\r\n",
            await RawMultiLineAsync(client, "RETR 1"));
        Assert.Equal("+OK top of message follows\r\nSubject: lf\r\n\r\n.\r\n",
            await RawMultiLineAsync(client, "TOP 1 0"));
        Assert.Equal("+OK", await CommandAsync(client, "NOOP"));
    }

    [Fact]
    public async Task EmptyMessageIsJustTheTerminator()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, "");
        await using var client = await LoginAsync(server);
        Assert.Equal("+OK 0 octets\r\n.\r\n", await RawMultiLineAsync(client, "RETR 1"));
    }

    [Theory]
    [InlineData("RETR", "-ERR missing argument: message number")]
    [InlineData("RETR 0", "-ERR invalid message number: messages are numbered from 1")]
    [InlineData("RETR 2", "-ERR no such message")]
    [InlineData("RETR x", "-ERR not a decimal number: message number")]
    [InlineData("RETR 1 1", "-ERR too many arguments")]
    [InlineData("TOP", "-ERR missing argument: message number")]
    [InlineData("TOP 1", "-ERR missing argument: number of lines")]
    [InlineData("TOP 1 x", "-ERR not a decimal number: number of lines")]
    [InlineData("TOP 1 -1", "-ERR not a decimal number: number of lines")]
    [InlineData("TOP 2 1", "-ERR no such message")]
    [InlineData("TOP 0 1", "-ERR invalid message number: messages are numbered from 1")]
    [InlineData("TOP 1 1 1", "-ERR too many arguments")]
    public async Task MalformedRetrAndTopAreRefusedAndSessionContinues(string command, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, "Subject: x\r\n\r\nbody\r\n");
        await using var client = await LoginAsync(server);
        Assert.Equal(expected, await CommandAsync(client, command));
        Assert.Equal(["Subject: x", "", "body"], await MultiLineAsync(client, "RETR 1"));
    }

    [Fact]
    public async Task MessageExpungedElsewhereAfterSnapshotIsReportedNotCrashed()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, "Subject: x\r\n\r\nbody\r\n");
        await using var client = await LoginAsync(server);
        var inbox = await InboxAsync(server);
        await server.Server.Context.Store.ExpungeAsync(inbox[0].MailboxId, [inbox[0].Uid], onlyDeleted: false);

        Assert.Equal("-ERR message was removed by another session", await CommandAsync(client, "RETR 1"));
        Assert.Equal("+OK", await CommandAsync(client, "NOOP"));
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }
}
