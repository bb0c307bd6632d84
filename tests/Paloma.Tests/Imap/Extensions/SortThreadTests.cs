using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Paloma.Imap.Message;
using Paloma.Tests.Support;

namespace Paloma.Tests.Imap.Extensions;

/// <summary>SORT and THREAD (RFC 5256): base subject, every sort key, REVERSE, UID forms, ORDEREDSUBJECT and
/// REFERENCES, over a socket and through MailKit.</summary>
public sealed class SortThreadTests
{
    [Theory]
    [InlineData("Hello", "Hello", false)]
    [InlineData("Re: Hello", "Hello", true)]
    [InlineData("RE: re: Fwd: Hello", "Hello", true)]
    [InlineData("Fw: [list] Re: Hello", "Hello", true)]
    [InlineData("[list] Hello  world", "Hello world", false)]
    [InlineData("Hello (fwd)", "Hello", true)]
    [InlineData("Hello\t(fwd) (FWD)  ", "Hello", true)]
    [InlineData("[Fwd: Re: Hello]", "Hello", true)]
    [InlineData("[only a blob]", "[only a blob]", false)]
    [InlineData("Re [list]: Hello", "Hello", true)]
    [InlineData("Re:", "", true)]
    [InlineData("Reply to all", "Reply to all", false)]
    [InlineData("", "", false)]
    public void BaseSubjectFollowsRfc5256Section21(string subject, string expected, bool reply)
    {
        Assert.Equal(expected, BaseSubject.Extract(subject, out var isReply));
        Assert.Equal(reply, isReply);
    }

    private static readonly string[] s_messages =
    [
        // 1
        "From: Zed <zed@example.com>\r\nTo: b@example.com\r\nSubject: Re: apples\r\n"
        + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <2@x>\r\nReferences: <1@x>\r\n\r\nreply\r\n",
        // 2
        "From: Amy <amy@example.com>\r\nTo: c@example.com\r\nCc: q@example.com\r\nSubject: apples\r\n"
        + "Date: Mon, 1 Jan 2024 09:00:00 +0000\r\nMessage-ID: <1@x>\r\n\r\noriginal, longer body text\r\n",
        // 3: sent at 01:00 UTC on 1 Jan, the earliest
        "From: bob@example.com\r\nTo: a@example.com\r\nSubject: [list] bananas\r\n"
        + "Date: Sun, 31 Dec 2023 23:00:00 -0200\r\nMessage-ID: <3@x>\r\n\r\nb\r\n",
        // 4
        "From: Carl <carl@example.com>\r\nTo: d@example.com\r\nSubject: Re: apples\r\n"
        + "Date: Mon, 1 Jan 2024 11:00:00 +0000\r\nMessage-ID: <4@x>\r\nIn-Reply-To: <2@x>\r\n\r\nr2\r\n",
        // 5: a reply whose parent is not in the mailbox, same subject as 3
        "From: dan@example.com\r\nTo: e@example.com\r\nSubject: Re: bananas\r\n"
        + "Date: Tue, 2 Jan 2024 08:00:00 +0000\r\nMessage-ID: <5@x>\r\nReferences: <missing@x>\r\n\r\nr\r\n",
    ];

    private static async Task<ImapTestClient> MailboxAsync(TestServer server)
    {
        var client = await ImapTestClient.LoginAsync(server);
        foreach (var message in s_messages)
        {
            await client.AppendAsync("INBOX", message);
        }

        await client.ExpectOkAsync("s0 SELECT INBOX");
        return client;
    }

    [Theory]
    [InlineData("(SUBJECT)", "1 2 4 3 5")]
    [InlineData("(SUBJECT DATE)", "2 1 4 3 5")]
    [InlineData("(SUBJECT REVERSE DATE)", "4 1 2 5 3")]
    [InlineData("(REVERSE SUBJECT)", "3 5 1 2 4")]
    [InlineData("(DATE)", "3 2 1 4 5")]
    [InlineData("(REVERSE DATE)", "5 4 1 2 3")]
    [InlineData("(FROM)", "2 3 4 5 1")]
    [InlineData("(TO)", "3 1 2 4 5")]
    [InlineData("(CC)", "1 3 4 5 2")]
    [InlineData("(SIZE)", "3 5 1 4 2")]
    [InlineData("(ARRIVAL)", "1 2 3 4 5")]
    [InlineData("(DISPLAYFROM)", "2 3 4 5 1")]
    public async Task SortOrdersByEachKey(string criteria, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await MailboxAsync(server);
        var lines = await client.ExpectOkAsync($"s1 SORT {criteria} UTF-8 ALL");
        Assert.Equal("* SORT " + expected, lines[0]);
    }

    [Fact]
    public async Task UidSortAnswersWithUidsAndSearchKeysFilter()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await MailboxAsync(server);
        await client.ExpectOkAsync("s1 STORE 1 +FLAGS (\\Deleted)");
        await client.ExpectOkAsync("s2 EXPUNGE");
        Assert.Equal("* SORT 2 4", (await client.ExpectOkAsync("s3 UID SORT (SUBJECT) US-ASCII SUBJECT apples"))[0]);
        Assert.Equal("* SORT 1 3 4", (await client.ExpectOkAsync("s4 SORT (SUBJECT) US-ASCII NOT FROM bob"))[0]);
        await client.ExpectAsync("s5 SORT (SUBJECT) KOI8-R ALL", "NO [BADCHARSET");
        await client.ExpectAsync("s6 SORT (NAME) UTF-8 ALL", "BAD");
    }

    [Fact]
    public async Task ThreadOrderedSubjectGroupsByBaseSubject()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await MailboxAsync(server);
        var lines = await client.ExpectOkAsync("t1 THREAD ORDEREDSUBJECT UTF-8 ALL");
        // apples: 2 (09:00), 1, 4; bananas: 3 (01:00 UTC on 1 Jan), 5.
        Assert.Equal("* THREAD (3 5)(2 (1)(4))", lines[0]);
        Assert.Equal("* THREAD", (await client.ExpectOkAsync("t2 THREAD ORDEREDSUBJECT UTF-8 SUBJECT nothing"))[0]);
    }

    [Fact]
    public async Task ThreadReferencesFollowsReplyChainsAndMergesSubjects()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await MailboxAsync(server);
        var lines = await client.ExpectOkAsync("t1 THREAD REFERENCES UTF-8 ALL");
        // 2 <- 1 <- 4 by references; 5's parent is missing (a dummy, pruned), and it is a reply with 3's subject,
        // so it becomes 3's child.
        Assert.Equal("* THREAD (3 5)(2 1 4)", lines[0]);
        var uid = await client.ExpectOkAsync("t2 UID THREAD REFERENCES UTF-8 NOT UID 1");
        Assert.Equal("* THREAD (3 5)(2 4)", uid[0]);
    }

    [Fact]
    public async Task ThreadReferencesKeepsSiblingsOfAMissingParentTogether()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.AppendAsync("INBOX", "Subject: a\r\nMessage-ID: <a@x>\r\nReferences: <root@x>\r\n"
            + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nx\r\n");
        await client.AppendAsync("INBOX", "Subject: b\r\nMessage-ID: <b@x>\r\nReferences: <root@x>\r\n"
            + "Date: Mon, 1 Jan 2024 11:00:00 +0000\r\n\r\nx\r\n");
        await client.ExpectOkAsync("s0 SELECT INBOX");
        Assert.Equal("* THREAD ((1)(2))", (await client.ExpectOkAsync("t1 THREAD REFERENCES UTF-8 ALL"))[0]);
    }

    [Fact]
    public async Task MailKitSortsAndThreads()
    {
        await using var server = await TestServer.StartAsync();
        await using (await MailboxAsync(server))
        {
        }

        using var client = new ImapClient();
        await client.ConnectAsync(server.Imap.Address.ToString(), server.Imap.Port,
            MailKit.Security.SecureSocketOptions.None);
        await client.AuthenticateAsync("alice@example.com", TestServer.Password);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Sort));
        Assert.Contains(ThreadingAlgorithm.References, client.ThreadingAlgorithms);
        Assert.Contains(ThreadingAlgorithm.OrderedSubject, client.ThreadingAlgorithms);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var sorted = await client.Inbox.SortAsync(SearchQuery.All, [OrderBy.ReverseDate]);
        Assert.Equal([5u, 4u, 1u, 2u, 3u], sorted.Select(u => u.Id));
        var threads = await client.Inbox.ThreadAsync(ThreadingAlgorithm.References, SearchQuery.All);
        Assert.Equal(2, threads.Count);
        Assert.Equal(3u, threads[0].UniqueId!.Value.Id);
        Assert.Equal(5u, Assert.Single(threads[0].Children).UniqueId!.Value.Id);
        await client.DisconnectAsync(true);
    }
}
