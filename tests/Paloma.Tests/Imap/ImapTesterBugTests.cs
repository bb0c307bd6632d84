using Paloma.Tests.Support;
using static System.StringComparison;

namespace Paloma.Tests.Imap;

/// <summary>Regression tests for the IMAP faults a tester reported (\Recent after restart, invalid tags, CHECK's
/// reply, a selected mailbox deleted elsewhere, a deleted account's live sessions).</summary>
public sealed class ImapTesterBugTests
{
    [Fact]
    public async Task RecentIsNotGivenAgainAfterARestart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "paloma-test-" + Guid.NewGuid().ToString("N"));
        await using var first = await TestServer.StartAsync(dataDirectory: directory);
        await using (var a = await ImapTestClient.LoginAsync(first))
        {
            await a.AppendAsync("INBOX", "Subject: one\r\n\r\nx\r\n");
            Assert.Contains("* 1 RECENT", await a.ExpectOkAsync("a1 SELECT INBOX"));
            Assert.Contains("* 0 RECENT", await a.ExpectOkAsync("a2 SELECT INBOX"));
        }

        // A second server on the same data directory is what a restart sees: nothing held in memory carries over.
        await using var second = await TestServer.StartAsync(dataDirectory: directory, createUsers: false);
        await using var b = await ImapTestClient.LoginAsync(second);
        Assert.Contains("* STATUS \"INBOX\" (RECENT 0)", await b.ExpectOkAsync("b1 STATUS INBOX (RECENT)"));
        Assert.Contains("* 0 RECENT", await b.ExpectOkAsync("b2 SELECT INBOX"));
        var fetch = await b.ExpectOkAsync("b3 FETCH 1 (FLAGS)");
        Assert.DoesNotContain(fetch, l => l.Contains("\\Recent", Ordinal));

        // A message arriving now is recent in exactly one session, here the one that has INBOX selected.
        await using var c = await ImapTestClient.LoginAsync(second);
        await c.AppendAsync("INBOX", "Subject: two\r\n\r\nx\r\n");
        Assert.Contains("* 1 RECENT", await b.ExpectOkAsync("b4 NOOP"));
        Assert.Contains("* 0 RECENT", await c.ExpectOkAsync("c1 SELECT INBOX"));
    }

    [Fact]
    public async Task ANewMessageIsRecentInExactlyOneOfTwoSelectedSessions()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await ImapTestClient.LoginAsync(server, select: "INBOX");
        await using var b = await ImapTestClient.LoginAsync(server, select: "INBOX");
        await using var writer = await ImapTestClient.LoginAsync(server);
        await writer.AppendAsync("INBOX", "Subject: new\r\n\r\nx\r\n");
        var noops = new[] { await a.ExpectOkAsync("a1 NOOP"), await b.ExpectOkAsync("b1 NOOP") };
        Assert.All(noops, lines => Assert.Contains("* 1 EXISTS", lines));
        Assert.Single(noops, lines => lines.Contains("* 1 RECENT"));
        Assert.Single(noops, lines => lines.Contains("* 0 RECENT"));
    }

    [Theory]
    [InlineData("a(b NOOP")]
    [InlineData("a{1 NOOP")]
    [InlineData("a%b NOOP")]
    [InlineData("a\"b NOOP")]
    public async Task AnInvalidTagIsAnsweredWithAnUntaggedBad(string line)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.ConnectAsync(server);
        await client.Raw.SendAsync(line + "\r\n");
        var lines = await client.Raw.ReadUntilAsync("* BAD");
        Assert.Single(lines);
        await client.StillAliveAsync();
    }

    [Fact]
    public async Task CheckNamesItselfInItsReply()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server, select: "INBOX");
        var lines = await client.ExpectOkAsync("c1 CHECK");
        Assert.Equal("c1 OK CHECK completed", lines[^1]);
    }

    [Fact]
    public async Task ASelectedMailboxDeletedElsewhereEndsTheSessionWithBye()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await ImapTestClient.LoginAsync(server);
        await a.ExpectOkAsync("a1 CREATE Work");
        await a.AppendAsync("Work", "Subject: one\r\n\r\nx\r\n");
        await using var b = await ImapTestClient.LoginAsync(server, select: "Work");
        await a.ExpectOkAsync("a2 DELETE Work");

        var noop = await b.CommandAsync("b1 FETCH 1 (FLAGS)");
        Assert.Contains("* BYE Selected mailbox was deleted, have to disconnect", noop);
        Assert.StartsWith("b1 NO", noop[^1]);
        Assert.DoesNotContain(noop, l => l.StartsWith("* 1 FETCH", Ordinal));
        Assert.Null(await b.Raw.ReadLineAsync());
    }

    [Fact]
    public async Task ASelectedMailboxDeletedDuringIdleEndsTheSessionAtOnce()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await ImapTestClient.LoginAsync(server);
        await a.ExpectOkAsync("a1 CREATE Work");
        await using var b = await ImapTestClient.LoginAsync(server, select: "Work");
        await b.Raw.SendAsync("b1 IDLE\r\n");
        Assert.StartsWith("+", await b.Raw.ReadLineAsync());
        await a.ExpectOkAsync("a2 DELETE Work");
        var lines = await b.ReadTaggedAsync("b1");
        Assert.Contains("* BYE Selected mailbox was deleted, have to disconnect", lines);
    }

    [Fact]
    public async Task DeletingItsOwnSelectedMailboxDoesNotEndTheSession()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await ImapTestClient.LoginAsync(server);
        await a.ExpectOkAsync("a1 CREATE Work");
        await a.ExpectOkAsync("a2 SELECT Work");
        await a.ExpectOkAsync("a3 DELETE Work");
        await a.StillAliveAsync();
        await a.ExpectOkAsync("a4 SELECT INBOX");
    }

    [Fact]
    public async Task ARenamedSelectedMailboxStaysUsable()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await ImapTestClient.LoginAsync(server);
        await a.ExpectOkAsync("a1 CREATE Work");
        await a.AppendAsync("Work", "Subject: one\r\n\r\nx\r\n");
        await using var b = await ImapTestClient.LoginAsync(server, select: "Work");
        await a.ExpectOkAsync("a2 RENAME Work Play");
        var fetch = await b.ExpectOkAsync("b1 FETCH 1 (UID)");
        Assert.Contains("* 1 FETCH (UID 1)", fetch);
    }

    [Fact]
    public async Task ADeletedAccountsSessionsStopWorking()
    {
        await using var server = await TestServer.StartAsync();
        await using var selected = await ImapTestClient.LoginAsync(server, "bob@example.com", select: "INBOX");
        await using var authenticated = await ImapTestClient.LoginAsync(server, "bob@example.com");
        await server.Server.Context.Accounts.RemoveUserAsync("bob@example.com");

        foreach (var client in new[] { selected, authenticated })
        {
            var lines = await client.CommandAsync("x1 LIST \"\" *");
            Assert.Contains("* BYE Account was deleted", lines);
            Assert.StartsWith("x1 NO [AUTHENTICATIONFAILED]", lines[^1]);
            Assert.DoesNotContain(lines, l => l.StartsWith("* LIST", Ordinal));
            Assert.Null(await client.Raw.ReadLineAsync());
        }
    }
}
