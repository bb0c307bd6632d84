using Paloma.Tests.Support;
using static Paloma.Tests.Pop3.Pop3Test;

namespace Paloma.Tests.Pop3;

public sealed class TransactionTests
{
    private const string First = "Subject: one\r\n\r\nbody one\r\n";
    private const string Second = "Subject: two\n\nbare LF body\n";

    [Fact]
    public async Task StatAndListReportStoredSizes()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, First);
        await AddMessageAsync(server, Second);
        await using var client = await LoginAsync(server);

        Assert.Equal($"+OK 2 {First.Length + Second.Length}", await CommandAsync(client, "STAT"));
        Assert.Equal([$"1 {First.Length}", $"2 {Second.Length}"], await MultiLineAsync(client, "LIST"));
        Assert.Equal($"+OK 2 {Second.Length}", await CommandAsync(client, "LIST 2"));
        Assert.Equal("-ERR no such message", await CommandAsync(client, "LIST 3"));
        Assert.Equal("-ERR no such message", await CommandAsync(client, "LIST 4294967296"));
        Assert.StartsWith("-ERR invalid message number", await CommandAsync(client, "LIST 0"));
        Assert.Equal("-ERR not a decimal number: message number", await CommandAsync(client, "LIST one"));
        Assert.Equal("-ERR too many arguments", await CommandAsync(client, "LIST 1 2"));
        Assert.Equal("-ERR too many arguments: STAT takes none", await CommandAsync(client, "STAT 1"));
        Assert.Equal("+OK", await CommandAsync(client, "NOOP"));
        Assert.Equal("-ERR too many arguments: NOOP takes none", await CommandAsync(client, "NOOP x"));
    }

    [Fact]
    public async Task DeleHidesMessageAndRsetBringsItBack()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, First);
        await AddMessageAsync(server, Second);
        await using var client = await LoginAsync(server);

        Assert.Equal("+OK message 1 deleted", await CommandAsync(client, "DELE 1"));
        Assert.Equal("-ERR message already deleted", await CommandAsync(client, "DELE 1"));
        Assert.Equal("-ERR message already deleted", await CommandAsync(client, "RETR 1"));
        Assert.Equal("-ERR message already deleted", await CommandAsync(client, "TOP 1 0"));
        Assert.Equal("-ERR message already deleted", await CommandAsync(client, "LIST 1"));
        Assert.Equal("-ERR message already deleted", await CommandAsync(client, "UIDL 1"));
        Assert.Equal($"+OK 1 {Second.Length}", await CommandAsync(client, "STAT"));
        Assert.Equal([$"2 {Second.Length}"], await MultiLineAsync(client, "LIST"));
        Assert.Equal("-ERR no such message", await CommandAsync(client, "DELE 3"));
        Assert.Equal("-ERR missing argument: message number", await CommandAsync(client, "DELE"));
        Assert.StartsWith("-ERR invalid message number", await CommandAsync(client, "DELE 0"));

        Assert.Equal($"+OK 2 messages ({First.Length + Second.Length} octets)", await CommandAsync(client, "RSET"));
        Assert.Equal($"+OK 2 {First.Length + Second.Length}", await CommandAsync(client, "STAT"));
        Assert.Equal("-ERR too many arguments: RSET takes none", await CommandAsync(client, "RSET 1"));
        Assert.StartsWith("+OK", await CommandAsync(client, "QUIT"));
        Assert.Equal(2, (await InboxAsync(server)).Count);
    }

    [Fact]
    public async Task UidlListsPrintableUniqueIds()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, First);
        await AddMessageAsync(server, Second);
        await using var client = await LoginAsync(server);

        var lines = await MultiLineAsync(client, "UIDL");
        Assert.Equal(2, lines.Count);
        var ids = lines.Select(l => l.Split(' ')).ToList();
        Assert.Equal(["1", "2"], ids.Select(p => p[0]));
        Assert.Equal(2, ids.Select(p => p[1]).Distinct().Count());
        Assert.All(ids, p => Assert.Matches("^[\\x21-\\x7E]{1,70}$", p[1]));
        Assert.Equal($"+OK 2 {ids[1][1]}", await CommandAsync(client, "UIDL 2"));
        Assert.Equal("-ERR no such message", await CommandAsync(client, "UIDL 3"));
        Assert.Equal("-ERR not a decimal number: message number", await CommandAsync(client, "UIDL x"));
    }

    [Fact]
    public async Task MessagesDeliveredDuringTheSessionAppearOnlyInTheNext()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, First);
        await using (var client = await LoginAsync(server))
        {
            await AddMessageAsync(server, Second);
            Assert.Equal($"+OK 1 {First.Length}", await CommandAsync(client, "STAT"));
            Assert.Equal("-ERR no such message", await CommandAsync(client, "RETR 2"));
            Assert.StartsWith("+OK", await CommandAsync(client, "QUIT"));
            Assert.True(await client.IsClosedAsync());
        }

        await using var next = await LoginAsync(server);
        Assert.Equal($"+OK 2 {First.Length + Second.Length}", await CommandAsync(next, "STAT"));
    }
}
