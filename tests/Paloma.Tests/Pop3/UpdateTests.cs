using Paloma.Tests.Support;
using static Paloma.Tests.Pop3.Pop3Test;

namespace Paloma.Tests.Pop3;

public sealed class UpdateTests
{
    [Fact]
    public async Task DeleThenQuitRemovesTheMessages()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, "Subject: one\r\n\r\n");
        var second = await AddMessageAsync(server, "Subject: two\r\n\r\n");
        await AddMessageAsync(server, "Subject: three\r\n\r\n");
        await using var client = await LoginAsync(server);
        Assert.StartsWith("+OK", await CommandAsync(client, "DELE 1"));
        Assert.StartsWith("+OK", await CommandAsync(client, "DELE 3"));
        Assert.Equal("+OK Paloma POP3 server signing off (1 messages left)", await CommandAsync(client, "QUIT"));
        Assert.True(await client.IsClosedAsync());

        // +OK for QUIT comes only after the store committed the removal (RFC 1939 §6).
        Assert.Equal([second], (await InboxAsync(server)).Select(m => m.Uid));
    }

    [Fact]
    public async Task DeleThenDroppedConnectionKeepsTheMessages()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, "Subject: one\r\n\r\n");
        await using (var client = await LoginAsync(server))
        {
            Assert.StartsWith("+OK", await CommandAsync(client, "DELE 1"));
        }

        await using var next = await LoginWhenUnlockedAsync(server);
        Assert.Equal("+OK 1 16", await CommandAsync(next, "STAT"));
    }

    [Fact]
    public async Task ServerShutdownSaysSysTempAndAppliesNoDeletions()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, "Subject: one\r\n\r\n");
        await using var client = await LoginAsync(server);
        Assert.StartsWith("+OK", await CommandAsync(client, "DELE 1"));

        await server.Server.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("-ERR [SYS/TEMP] server shutting down", await client.ReadLineAsync());
        Assert.True(await client.IsClosedAsync());
        Assert.Single(await InboxAsync(server));
    }

    [Fact]
    public async Task AutologoutClosesWithoutApplyingDeletions()
    {
        await using var server = await TestServer.StartAsync(c => c.Pop3.Autologout = 1);
        await AddMessageAsync(server, "Subject: one\r\n\r\n");
        await using var client = await LoginAsync(server);
        Assert.StartsWith("+OK", await CommandAsync(client, "DELE 1"));

        Assert.Equal("-ERR autologout", await client.ReadLineAsync());
        Assert.True(await client.IsClosedAsync());
        await using var next = await LoginWhenUnlockedAsync(server);
        Assert.Equal("+OK 1 16", await CommandAsync(next, "STAT"));
    }

    [Fact]
    public async Task C27_UidlIsStableAcrossSessionsAndRestartsAndNeverReused()
    {
        var first = await TestServer.StartAsync();
        var directory = first.DataDirectory;
        await AddMessageAsync(first, "Subject: u1\r\n\r\n");
        await AddMessageAsync(first, "Subject: u2\r\n\r\n");
        await AddMessageAsync(first, "Subject: u3\r\n\r\n");

        // Session 1: three ids; delete the first and QUIT.
        List<string> ids;
        await using (var client = await LoginAsync(first))
        {
            ids = (await MultiLineAsync(client, "UIDL")).Select(l => l.Split(' ')[1]).ToList();
            Assert.Equal(3, ids.Distinct().Count());
            Assert.StartsWith("+OK", await CommandAsync(client, "DELE 1"));
            Assert.StartsWith("+OK", await CommandAsync(client, "QUIT"));
            Assert.True(await client.IsClosedAsync());
        }

        // A new delivery gets an id never seen before.
        await AddMessageAsync(first, "Subject: u4\r\n\r\n");
        List<string> session2;
        await using (var client = await LoginWhenUnlockedAsync(first))
        {
            session2 = await MultiLineAsync(client, "UIDL");
            Assert.Equal(["1 " + ids[1], "2 " + ids[2]], session2.Take(2));
            var u4 = session2[2].Split(' ')[1];
            Assert.DoesNotContain(u4, ids);
            Assert.StartsWith("+OK", await CommandAsync(client, "QUIT"));
        }

        // Restart the server on the same data directory: same ids.
        await first.Server.DisposeAsync();
        await using var second = await TestServer.StartAsync(dataDirectory: directory);
        await using (var client = await LoginAsync(second))
        {
            Assert.Equal(session2, await MultiLineAsync(client, "UIDL"));
            Assert.StartsWith("+OK", await CommandAsync(client, "DELE 1"));
        }

        // The DELE without QUIT changed nothing.
        await using (var client = await LoginWhenUnlockedAsync(second))
        {
            Assert.Equal(session2, await MultiLineAsync(client, "UIDL"));
            Assert.StartsWith("+OK", await CommandAsync(client, "QUIT"));
        }

        // Deleting over another protocol (the store, as IMAP EXPUNGE does) leaves the other ids unchanged.
        var inbox = await InboxAsync(second);
        await second.Server.Context.Store.ExpungeAsync(inbox[0].MailboxId, [inbox[1].Uid], onlyDeleted: false);
        await using (var client = await LoginWhenUnlockedAsync(second))
        {
            var remaining = (await MultiLineAsync(client, "UIDL")).Select(l => l.Split(' ')[1]);
            Assert.Equal([session2[0].Split(' ')[1], session2[2].Split(' ')[1]], remaining);
        }
    }
}
