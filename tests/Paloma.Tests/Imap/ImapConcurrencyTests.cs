using System.Text;
using static System.StringComparison;
using Paloma.Tests.Support;

namespace Paloma.Tests.Imap;

/// <summary>Two sessions on one mailbox (RFC 3501 §5.2, §7.4.1), and C37, C38, C41.</summary>
public sealed class ImapConcurrencyTests
{
    private static async Task<ImapTestClient> WithMessagesAsync(TestServer server, params string[] subjects)
    {
        var client = await ImapTestClient.LoginAsync(server);
        foreach (var subject in subjects)
        {
            await client.AppendAsync("INBOX", $"Subject: {subject}\r\n\r\nbody {subject}\r\n");
        }

        return client;
    }

    [Fact]
    public async Task AppendBySessionAIsReportedToSessionBAsExists()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await WithMessagesAsync(server, "one");
        await using var b = await ImapTestClient.LoginAsync(server, select: "INBOX");
        await a.AppendAsync("INBOX", "Subject: two\r\n\r\nx\r\n");
        var noop = await b.ExpectOkAsync("b1 NOOP");
        Assert.Contains("* 2 EXISTS", noop);
    }

    [Fact]
    public async Task FlagChangeBySessionAIsReportedToSessionBAsFetchFlags()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await WithMessagesAsync(server, "one");
        await a.ExpectOkAsync("a1 SELECT INBOX");
        await using var b = await ImapTestClient.LoginAsync(server, select: "INBOX");
        await a.ExpectOkAsync("a2 STORE 1 +FLAGS.SILENT (\\Flagged)");
        var noop = await b.ExpectOkAsync("b1 NOOP");
        Assert.Contains(noop, l => l.StartsWith("* 1 FETCH (UID 1 FLAGS (", StringComparison.Ordinal)
                                   && l.Contains("\\Flagged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task C37_AnotherSessionExpungesWhileThisOneFetches()
    {
        await using var server = await TestServer.StartAsync();
        await using var y = await WithMessagesAsync(server, "A", "B", "C");
        await using var x = await ImapTestClient.LoginAsync(server, select: "INBOX");
        await y.ExpectOkAsync("y1 SELECT INBOX");
        await y.ExpectOkAsync("y2 STORE 2 +FLAGS (\\Deleted)");
        Assert.Contains("* 2 EXPUNGE", await y.ExpectOkAsync("y3 EXPUNGE"));

        // Until X is told, sequence number 2 is still m2: its data or NO, never m3's, and no EXPUNGE now.
        var x2 = await x.CommandAsync("x2 FETCH 2 (UID BODY.PEEK[])");
        Assert.DoesNotContain(x2, l => l.EndsWith(" EXPUNGE", StringComparison.Ordinal));
        Assert.DoesNotContain(x2, l => l.Contains("body C", StringComparison.Ordinal));
        Assert.True(x2[^1].StartsWith("x2 OK", StringComparison.Ordinal)
            || x2[^1].StartsWith("x2 NO [EXPUNGEISSUED]", StringComparison.Ordinal), x2[^1]);
        var store = await x.CommandAsync("x2b STORE 2 +FLAGS (\\Seen)");
        Assert.DoesNotContain(store, l => l.EndsWith(" EXPUNGE", StringComparison.Ordinal));
        var search = await x.ExpectOkAsync("x2c SEARCH ALL");
        Assert.Contains("* SEARCH 1 2 3", search);

        Assert.Contains("* 2 EXPUNGE", await x.ExpectOkAsync("x3 NOOP"));
        var x4 = await x.ExpectOkAsync("x4 FETCH 2 (BODY.PEEK[])");
        Assert.Contains(x4, l => l.Contains("body C", StringComparison.Ordinal));
        var x5 = await x.ExpectOkAsync("x5 UID FETCH 1:* (UID)");
        Assert.Equal(["* 1 FETCH (UID 1)", "* 2 FETCH (UID 3)"], x5.SkipLast(1));
    }

    /// <summary>Needs MessageContent (BODY[HEADER.FIELDS]): the C37 transcript as written.</summary>
    [Fact]
    public async Task C37_HeaderFetchAfterExpungeElsewhere()
    {
        await using var server = await TestServer.StartAsync();
        await using var y = await WithMessagesAsync(server, "A", "B", "C");
        await using var x = await ImapTestClient.LoginAsync(server, select: "INBOX");
        await y.ExpectOkAsync("y1 SELECT INBOX");
        await y.ExpectOkAsync("y2 STORE 2 +FLAGS (\\Deleted)");
        await y.ExpectOkAsync("y3 EXPUNGE");
        var x2 = await x.CommandAsync("x2 FETCH 2 (BODY.PEEK[HEADER.FIELDS (Subject)])");
        Assert.DoesNotContain(x2, l => l.Contains("Subject: C", StringComparison.Ordinal));
        await x.ExpectOkAsync("x3 NOOP");
        var x4 = await x.ExpectOkAsync("x4 FETCH 2 (BODY.PEEK[HEADER.FIELDS (Subject)])");
        Assert.Contains("Subject: C", x4);
    }

    [Fact]
    public async Task C38_UidValidityAndUidsPersistAcrossRestart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "paloma-test-" + Guid.NewGuid().ToString("N"));
        string validity;
        uint firstUid;
        // The first server is stopped but not disposed: TestServer's dispose would delete the data directory.
        var server = await TestServer.StartAsync(dataDirectory: dataDirectory);
        {
            await using var s1 = await ImapTestClient.LoginAsync(server);
            var select = await s1.ExpectOkAsync("a1 SELECT INBOX");
            validity = select.Single(l => l.Contains("[UIDVALIDITY", Ordinal)).Split(' ')[3]
                .TrimEnd(']');
            Assert.NotEqual("0", validity);
            var append = await s1.AppendAsync("INBOX", "Subject: c38\r\n\r\nx\r\n");
            Assert.StartsWith($"AP OK [APPENDUID {validity} ", append);
            firstUid = uint.Parse(append.Split(' ')[4].TrimEnd(']'));
            await s1.ExpectOkAsync($"a3 UID STORE {firstUid} +FLAGS (\\Deleted)");
            await s1.ExpectOkAsync("a4 EXPUNGE");
            await s1.ExpectOkAsync("a5 LOGOUT");
            await server.Server.DisposeAsync();
        }

        await using var restarted = await TestServer.StartAsync(dataDirectory: dataDirectory);
        await using var s2 = await ImapTestClient.LoginAsync(restarted);
        var again = await s2.ExpectOkAsync("b1 SELECT INBOX");
        Assert.Contains($"* OK [UIDVALIDITY {validity}] UIDs valid", again);
        var second = await s2.AppendAsync("INBOX", "Subject: c38b\r\n\r\nx\r\n");
        Assert.True(uint.Parse(second.Split(' ')[4].TrimEnd(']')) > firstUid);
        await s2.ExpectOkAsync("b3 CREATE Tmp");
        var t1 = (await s2.ExpectOkAsync("b4 SELECT Tmp")).Single(l => l.Contains("[UIDVALIDITY", Ordinal));
        await s2.ExpectOkAsync("b5 DELETE Tmp");
        await s2.ExpectOkAsync("b6 CREATE Tmp");
        var t2 = (await s2.ExpectOkAsync("b7 SELECT Tmp")).Single(l => l.Contains("[UIDVALIDITY", Ordinal));
        Assert.NotEqual(t1, t2);
    }

    [Fact]
    public async Task C41_IdleReportsDeliveriesAndEndsOnlyWithDone()
    {
        await using var server = await TestServer.StartAsync();
        await using var other = await WithMessagesAsync(server, "1", "2", "3");
        await using var client = await ImapTestClient.LoginAsync(server, select: "INBOX");
        await client.Raw.SendAsync("a2 IDLE\r\n");
        Assert.Equal("+ idling", await client.Raw.ReadLineAsync());
        await other.AppendAsync("INBOX", "Subject: 4\r\n\r\nx\r\n");
        Assert.Contains("* 4 EXISTS", await client.Raw.ReadUntilAsync("* 4 EXISTS"));

        // Final delivery (SMTP's path) is reported too.
        var store = server.Server.Context.Store;
        var bob = (await server.Server.Context.Accounts.FindUserAsync("alice@example.com"))!;
        await using (var writer = store.Spool.Create())
        {
            await writer.Stream.WriteAsync(Encoding.ASCII.GetBytes("Subject: 5\r\n\r\nx\r\n"));
            using var spooled = await writer.CompleteAsync();
            await store.DeliverAsync(spooled, [bob.Id], DateTimeOffset.UtcNow);
        }

        await client.Raw.ReadUntilAsync("* 5 EXISTS");
        var done = await client.SendAndReadAsync("done\r\n", "a2");
        Assert.StartsWith("a2 OK", done[^1]);
        await client.Raw.SendAsync("a3 IDLE\r\n");
        Assert.Equal("+ idling", await client.Raw.ReadLineAsync());
        var notDone = await client.SendAndReadAsync("NOOP\r\n", "a3");
        Assert.StartsWith("a3 BAD", notDone[^1]);
        var logout = await client.ExpectOkAsync("a4 LOGOUT");
        Assert.Single(logout, l => l.StartsWith("* BYE", StringComparison.Ordinal));
        Assert.True(await client.Raw.IsClosedAsync());
    }

    [Fact]
    public async Task C41_IdleWithoutSelectedMailboxEndsWithDone()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.Raw.SendAsync("b1 IDLE\r\n");
        Assert.Equal("+ idling", await client.Raw.ReadLineAsync());
        Assert.StartsWith("b1 OK", (await client.SendAndReadAsync("DONE\r\n", "b1"))[^1]);
    }

    [Fact]
    public async Task C41_AutologoutSendsByeOnceThenCloses()
    {
        await using var server = await TestServer.StartAsync(c => c.Imap.Autologout = 1);
        await using var client = await ImapTestClient.LoginAsync(server, select: "INBOX");
        await client.Raw.SendAsync("a1 IDLE\r\n");
        Assert.Equal("+ idling", await client.Raw.ReadLineAsync());
        var lines = new List<string>();
        while (await client.Raw.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        Assert.Equal(["* BYE Autologout; idle for too long"], lines);
    }

    [Fact]
    public async Task ServerShutdownSaysByeAndCloses()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        var stopping = server.Server.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("* BYE Server shutting down", await client.Raw.ReadLineAsync());
        Assert.True(await client.Raw.IsClosedAsync());
        await stopping;
    }
}
