using Paloma.Storage;
using Paloma.Tests.Support;

namespace Paloma.Tests.Imap;

/// <summary>
/// SELECT starts from a mailbox index shared by every session of the process and brought up to date with what
/// changed since. Sessions that selected from it must still see exactly the mailbox's state, and be told exactly
/// what changed, when a third session or another process (which neither notifies this one nor touches its cache)
/// changes the mailbox.
/// </summary>
public sealed class SharedMailboxIndexTests
{
    [Fact]
    public async Task SessionsSelectingFromTheSharedIndexSeeChangesByAThirdSessionAndAnotherProcess()
    {
        await using var server = await TestServer.StartAsync();
        await using var c = await ImapTestClient.LoginAsync(server);
        for (var i = 1; i <= 4; i++)
        {
            await c.AppendAsync("INBOX", $"Subject: {i}\r\n\r\nbody {i}\r\n");
        }

        await using var a = await ImapTestClient.LoginAsync(server);
        Assert.Contains("* 4 RECENT", await a.ExpectOkAsync("a1 SELECT INBOX"));
        await using var b = await ImapTestClient.LoginAsync(server);
        var bSelect = await b.ExpectOkAsync("b1 SELECT INBOX");
        Assert.Contains("* 4 EXISTS", bSelect);
        Assert.Contains("* 0 RECENT", bSelect);

        // A third session changes flags; another process adds a message, changes flags and expunges one.
        await c.ExpectOkAsync("c1 SELECT INBOX");
        await c.ExpectOkAsync("c2 STORE 1 +FLAGS.SILENT (\\Flagged)");
        var alice = (await server.Server.Context.Accounts.FindUserAsync("alice@example.com"))!;
        using (var otherDatabase = SqliteDatabase.Open(server.DataDirectory))
        {
            var other = new SqliteMailStore(otherDatabase, server.DataDirectory);
            var inbox = (await other.GetMailboxAsync(alice.Id, "INBOX"))!;
            await other.StoreFlagsAsync(inbox.Id, [2], FlagStoreMode.Add, [@"\Seen"]);
            await other.StoreFlagsAsync(inbox.Id, [3], FlagStoreMode.Add, [@"\Deleted"]);
            await other.ExpungeAsync(inbox.Id, null);
            await using var writer = other.Spool.Create();
            await writer.Stream.WriteAsync("Subject: 5\r\n\r\nbody 5\r\n"u8.ToArray());
            using var spooled = await writer.CompleteAsync();
            await other.AppendAsync(inbox.Id, spooled, [], DateTimeOffset.UtcNow);
        }

        var noop = await a.ExpectOkAsync("a2 NOOP");
        Assert.Contains("* 3 EXPUNGE", noop);
        Assert.Contains("* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))", noop);
        Assert.Contains("* 2 FETCH (UID 2 FLAGS (\\Seen \\Recent))", noop);
        Assert.Contains("* 4 EXISTS", noop);
        Assert.Equal(
            ["* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))", "* 2 FETCH (UID 2 FLAGS (\\Seen \\Recent))",
                "* 3 FETCH (UID 4 FLAGS (\\Recent))", "* 4 FETCH (UID 5 FLAGS (\\Recent))"],
            (await a.ExpectOkAsync("a3 FETCH 1:* (UID FLAGS)")).SkipLast(1));

        // B selects again from the shared index: the same state, nothing recent (A claimed it all).
        var reselect = await b.ExpectOkAsync("b2 SELECT INBOX");
        Assert.Contains("* 4 EXISTS", reselect);
        Assert.Contains("* 0 RECENT", reselect);
        Assert.Contains("* OK [UIDNEXT 6] predicted next UID", reselect);
        var highest = (await server.Server.Context.Store.GetMailboxAsync(alice.Id, "INBOX"))!.HighestModSeq;
        Assert.Contains($"* OK [HIGHESTMODSEQ {highest}] highest mod-sequence", reselect);
        Assert.Equal(
            ["* 1 FETCH (UID 1 FLAGS (\\Flagged))", "* 2 FETCH (UID 2 FLAGS (\\Seen))", "* 3 FETCH (UID 4 FLAGS ())",
                "* 4 FETCH (UID 5 FLAGS ())"],
            (await b.ExpectOkAsync("b3 FETCH 1:* (UID FLAGS)")).SkipLast(1));

        // C selected before the other process's changes: it is told of them at its next command too.
        Assert.Contains("* 3 EXPUNGE", await c.ExpectOkAsync("c3 NOOP"));
    }
}
