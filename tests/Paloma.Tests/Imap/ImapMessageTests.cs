using Paloma.Tests.Support;

namespace Paloma.Tests.Imap;

/// <summary>SELECT/EXAMINE, FETCH, STORE, SEARCH, COPY, MOVE, EXPUNGE, CLOSE, UNSELECT over a real socket.</summary>
public sealed class ImapMessageTests
{
    private static async Task<ImapTestClient> ThreeMessagesAsync(TestServer server)
    {
        var client = await ImapTestClient.LoginAsync(server);
        await client.AppendAsync("INBOX", "Subject: one\r\n\r\nfirst\r\n", "(\\Seen) \"01-Feb-2024 10:00:00 +0000\"");
        await client.AppendAsync("INBOX", "Subject: two\r\n\r\nsecond body\r\n", "(\\Flagged $Work)");
        await client.AppendAsync("INBOX", "Subject: three\r\n\r\nthird\r\n", "\"03-Mar-2024 10:00:00 +0000\"");
        return client;
    }

    [Fact]
    public async Task SelectReportsTheMailboxStateAndExamineIsReadOnly()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ThreeMessagesAsync(server);
        var select = await client.ExpectOkAsync("a1 SELECT INBOX");
        Assert.Contains("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)", select);
        Assert.Contains("* 3 EXISTS", select);
        Assert.Contains("* 3 RECENT", select);
        Assert.Contains("* OK [UNSEEN 2] first unseen message", select);
        Assert.Contains("* OK [UIDNEXT 4] predicted next UID", select);
        Assert.Contains(select, l => l.StartsWith("* OK [PERMANENTFLAGS (\\Answered", StringComparison.Ordinal));
        Assert.StartsWith("a1 OK [READ-WRITE]", select[^1]);
        var examine = await client.ExpectOkAsync("a2 EXAMINE INBOX");
        Assert.StartsWith("a2 OK [READ-ONLY]", examine[^1]);
        Assert.Contains("* 0 RECENT", examine);
        await client.ExpectAsync("a3 STORE 1 +FLAGS (\\Deleted)", "NO");
        await client.ExpectAsync("a4 EXPUNGE", "NO");
        Assert.Contains("[NONEXISTENT]", (await client.ExpectAsync("a5 SELECT Nope", "NO"))[^1]);
        await client.ExpectAsync("a6 FETCH 1 FLAGS", "BAD");
    }

    [Fact]
    public async Task FetchFlagsUidDateSizeAndBodySetsSeen()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ThreeMessagesAsync(server);
        await client.ExpectOkAsync("a1 SELECT INBOX");
        var fast = await client.ExpectOkAsync("a2 FETCH 1 FAST");
        Assert.Equal("* 1 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE \"01-Feb-2024 10:00:00 +0000\" RFC822.SIZE 23)",
            fast[0]);
        var uid = await client.ExpectOkAsync("a3 UID FETCH 2:* FLAGS");
        Assert.Equal("* 2 FETCH (UID 2 FLAGS (\\Flagged $Work \\Recent))", uid[0]);
        Assert.Equal("* 3 FETCH (UID 3 FLAGS (\\Recent))", uid[1]);
        var body = await client.ExpectOkAsync("a4 FETCH 3 BODY[]");
        Assert.Equal(["* 3 FETCH (BODY[] {25}", "Subject: three", "", "third", " FLAGS (\\Seen \\Recent))"],
            body.SkipLast(1));
        var rfc822 = await client.ExpectOkAsync("a5 UID FETCH 2 RFC822");
        Assert.Equal("* 2 FETCH (UID 2 RFC822 {29}", rfc822[0]);
        Assert.Contains(rfc822, l => l.Contains("\\Seen", StringComparison.Ordinal));
        await client.ExpectAsync("a6 FETCH 4 FLAGS", "BAD");
        Assert.Single(await client.ExpectOkAsync("a7 UID FETCH 99 FLAGS"));
    }

    [Fact]
    public async Task StoreReplacesAddsRemovesAndSilentSuppressesFetch()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ThreeMessagesAsync(server);
        await client.ExpectOkAsync("a1 SELECT INBOX");
        Assert.Equal("* 1 FETCH (FLAGS (\\Seen \\Answered \\Recent))",
            (await client.ExpectOkAsync("a2 STORE 1 +FLAGS (\\Answered)"))[0]);
        Assert.Equal("* 1 FETCH (FLAGS (\\Answered \\Recent))",
            (await client.ExpectOkAsync("a3 STORE 1 -FLAGS \\Seen"))[0]);
        Assert.Equal("* 1 FETCH (FLAGS (\\Draft \\Recent))",
            (await client.ExpectOkAsync("a4 STORE 1 FLAGS (\\Draft)"))[0]);
        Assert.Single(await client.ExpectOkAsync("a5 STORE 1:3 +FLAGS.SILENT (\\Deleted)"));
        Assert.Equal("* 2 FETCH (UID 2 FLAGS (\\Flagged $Work \\Deleted \\Recent))",
            (await client.ExpectOkAsync("a6 UID STORE 2 +FLAGS ()"))[0]);
    }

    [Fact]
    public async Task SearchByFlagsSizeDatesSetsAndBooleans()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ThreeMessagesAsync(server);
        await client.ExpectOkAsync("a1 SELECT INBOX");
        async Task Expect(string criteria, string hits)
        {
            var lines = await client.ExpectOkAsync("s1 SEARCH " + criteria);
            Assert.Equal("* SEARCH" + hits, lines[0]);
        }

        await Expect("ALL", " 1 2 3");
        await Expect("SEEN", " 1");
        await Expect("UNSEEN", " 2 3");
        await Expect("FLAGGED KEYWORD $Work", " 2");
        await Expect("UNKEYWORD $Work", " 1 3");
        await Expect("OR SEEN FLAGGED", " 1 2");
        await Expect("NOT (OR SEEN FLAGGED)", " 3");
        await Expect("LARGER 25", " 2");
        await Expect("SMALLER 25", " 1");
        await Expect("BEFORE 2-Feb-2024", " 1");
        await Expect("ON 3-Mar-2024", " 3");
        await Expect("SINCE \"01-Mar-2024\"", " 2 3");
        await Expect("2:*", " 2 3");
        await Expect("UID 1,3", " 1 3");
        await Expect("NEW", " 2 3");
        await Expect("OLD", "");
        await Expect("RECENT DELETED", "");
        await Expect("CHARSET US-ASCII ALL", " 1 2 3");
        Assert.Equal("* SEARCH 3", (await client.ExpectOkAsync("u1 UID SEARCH UID 3:*"))[0]);
    }

    /// <summary>Needs MessageContent (SUBJECT, BODY and TEXT keys).</summary>
    [Fact]
    public async Task SearchOnHeadersAndText()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ThreeMessagesAsync(server);
        await client.ExpectOkAsync("a1 SELECT INBOX");
        Assert.Equal("* SEARCH 2", (await client.ExpectOkAsync("a2 SEARCH SUBJECT TWO"))[0]);
        Assert.Equal("* SEARCH 2", (await client.ExpectOkAsync("a3 SEARCH BODY \"second\""))[0]);
        Assert.Equal("* SEARCH 3", (await client.ExpectOkAsync("a4 SEARCH TEXT three"))[0]);
        Assert.Equal("* SEARCH 1", (await client.ExpectOkAsync("a5 SEARCH HEADER Subject one"))[0]);
    }

    [Fact]
    public async Task C40_SearchCharsetAndEightBitStrings()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.AppendAsync("INBOX", "Subject: =?UTF-8?Q?R=C3=A9union_caf=C3=A9?=\r\n\r\nx\r\n");
        await client.ExpectOkAsync("a0 SELECT INBOX");
        await client.Raw.SendAsync("a1 SEARCH CHARSET UTF-8 SUBJECT {5}\r\n");
        Assert.StartsWith("+", await client.Raw.ReadLineAsync());
        var a1 = await client.SendAndReadAsync("caf\xC3\xA9\r\n", "a1");
        Assert.Equal(["* SEARCH 1", "a1 OK SEARCH completed"], a1);
        Assert.Equal("* SEARCH 1", (await client.ExpectOkAsync("a2 SEARCH CHARSET US-ASCII SUBJECT \"union\""))[0]);
        Assert.Equal("* SEARCH 1", (await client.ExpectOkAsync("a3 SEARCH SUBJECT \"UNION\""))[0]);
    }

    [Fact]
    public async Task C40_UnknownCharsetIsNoBadCharset()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server, select: "INBOX");
        var lines = await client.ExpectAsync("a4 SEARCH CHARSET X-NOPE SUBJECT \"x\"", "NO");
        Assert.StartsWith("a4 NO [BADCHARSET (US-ASCII UTF-8)]", lines[^1]);
        await client.ExpectOkAsync("a5 SEARCH CHARSET utf-8 ALL");
    }

    [Fact]
    public async Task CopyMoveExpungeReportUidsAndSequenceNumbers()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ThreeMessagesAsync(server);
        var select = await client.ExpectOkAsync("a1 SELECT Trash");
        var validity = select.Single(l => l.Contains("[UIDVALIDITY", StringComparison.Ordinal)).Split(' ')[3]
            .TrimEnd(']');
        await client.ExpectOkAsync("a2 SELECT INBOX");
        var copy = await client.ExpectOkAsync("a3 COPY 1:2 Trash");
        Assert.StartsWith($"a3 OK [COPYUID {validity} 1,2 1,2]", copy[^1]);
        Assert.Contains("[TRYCREATE]", (await client.ExpectAsync("a4 COPY 1 Nope", "NO"))[^1]);
        var move = await client.ExpectOkAsync("a5 UID MOVE 2 Trash");
        Assert.Equal([$"* OK [COPYUID {validity} 2 3] moved", "* 2 EXPUNGE"], move.SkipLast(1));
        await client.ExpectOkAsync("a6 STORE 1:2 +FLAGS.SILENT (\\Deleted)");
        var expunge = await client.ExpectOkAsync("a7 EXPUNGE");
        Assert.Equal(["* 2 EXPUNGE", "* 1 EXPUNGE"], expunge.SkipLast(1));
        Assert.Contains("* STATUS \"Trash\" (MESSAGES 3)", await client.ExpectOkAsync("a8 STATUS Trash (MESSAGES)"));
        Assert.Contains("* STATUS \"INBOX\" (MESSAGES 0)", await client.ExpectOkAsync("a9 STATUS INBOX (MESSAGES)"));
    }

    [Fact]
    public async Task UidExpungeOnlyRemovesTheNamedDeletedMessages()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ThreeMessagesAsync(server);
        await client.ExpectOkAsync("a1 SELECT INBOX");
        await client.ExpectOkAsync("a2 STORE 1:3 +FLAGS.SILENT (\\Deleted)");
        Assert.Equal(["* 2 EXPUNGE"], (await client.ExpectOkAsync("a3 UID EXPUNGE 2"))[..^1]);
        await client.ExpectOkAsync("a4 UNSELECT");
        Assert.Contains("* STATUS \"INBOX\" (MESSAGES 2)", await client.ExpectOkAsync("a5 STATUS INBOX (MESSAGES)"));
        await client.ExpectOkAsync("a6 SELECT INBOX");
        Assert.Single(await client.ExpectOkAsync("a7 CLOSE"));
        Assert.Contains("* STATUS \"INBOX\" (MESSAGES 0)", await client.ExpectOkAsync("a8 STATUS INBOX (MESSAGES)"));
        await client.ExpectAsync("a9 FETCH 1 FLAGS", "BAD");
    }

    /// <summary>Needs MessageContent (ENVELOPE, BODYSTRUCTURE, BODY, sections).</summary>
    [Fact]
    public async Task FetchEnvelopeStructureAndSections()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ThreeMessagesAsync(server);
        await client.ExpectOkAsync("a1 SELECT INBOX");
        var all = await client.ExpectOkAsync("a2 FETCH 1 (ENVELOPE BODYSTRUCTURE BODY)");
        Assert.Contains("ENVELOPE (", all[0]);
        Assert.Contains("\"one\"", all[0]);
        Assert.Contains("BODYSTRUCTURE (\"TEXT\" \"PLAIN\"", all[0], StringComparison.OrdinalIgnoreCase);
        var header = await client.ExpectOkAsync("a3 FETCH 1 (RFC822.HEADER BODY.PEEK[TEXT])");
        Assert.Contains(header, l => l.Contains("RFC822.HEADER {16}", StringComparison.Ordinal));
        Assert.Contains(header, l => l.Contains("BODY[TEXT] {7}", StringComparison.Ordinal));
    }
}
