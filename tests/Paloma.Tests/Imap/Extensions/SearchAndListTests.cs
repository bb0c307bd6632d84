using Paloma.Tests.Support;
using static System.StringComparison;

namespace Paloma.Tests.Imap.Extensions;

/// <summary>ESEARCH (RFC 4731), SEARCHRES (RFC 5182), LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819),
/// CREATE-SPECIAL-USE (RFC 6154) and MULTIAPPEND (RFC 3502) as raw transcripts.</summary>
public sealed class SearchAndListTests
{
    [Fact]
    public async Task EsearchReturnsMinMaxCountAllAndSaveFeedsDollar()
    {
        await using var server = await TestServer.StartAsync();
        await using var c = await ImapTestClient.LoginAsync(server);
        for (var i = 1; i <= 5; i++)
        {
            await c.AppendAsync("INBOX", $"Subject: m{i}\r\n\r\nx\r\n", i % 2 == 1 ? "(\\Flagged)" : "");
        }

        await c.ExpectOkAsync("a1 SELECT INBOX");
        var all = await c.ExpectOkAsync("a2 SEARCH RETURN (MIN MAX COUNT ALL) FLAGGED");
        Assert.Equal("* ESEARCH (TAG \"a2\") MIN 1 MAX 5 COUNT 3 ALL 1,3,5", all[0]);
        Assert.Equal("* ESEARCH (TAG \"a3\") UID ALL 1,3,5",
            (await c.ExpectOkAsync("a3 UID SEARCH RETURN () FLAGGED"))[0]);
        Assert.Equal("* ESEARCH (TAG \"a4\") COUNT 0",
            (await c.ExpectOkAsync("a4 SEARCH RETURN (COUNT MIN) DELETED"))[0]);

        var save = await c.ExpectOkAsync("a5 SEARCH RETURN (SAVE) UNFLAGGED");
        Assert.Single(save);
        var fetch = await c.ExpectOkAsync("a6 FETCH $ (UID)");
        Assert.Equal(["* 2 FETCH (UID 2)", "* 4 FETCH (UID 4)"], fetch.SkipLast(1));
        Assert.Equal("* SEARCH 4", (await c.ExpectOkAsync("a7 SEARCH $ UID 3:*"))[0]);
        await c.ExpectOkAsync("a8 SEARCH RETURN (SAVE MIN) UNFLAGGED");
        Assert.Equal("* SEARCH 2", (await c.ExpectOkAsync("a9 UID SEARCH UID $"))[0]);
        await c.ExpectAsync("b1 SEARCH RETURN (BOGUS) ALL", "BAD");
        Assert.Matches(@"^\* SEARCH 1 3 5 \(MODSEQ \d+\)$", (await c.ExpectOkAsync("b2 SEARCH FLAGGED MODSEQ 1"))[0]);
    }

    [Fact]
    public async Task ListExtendedSelectsSubscribedReturnsChildrenAndStatus()
    {
        await using var server = await TestServer.StartAsync();
        await using var c = await ImapTestClient.LoginAsync(server);
        await c.ExpectOkAsync("a1 CREATE Work/Projects");
        await c.ExpectOkAsync("a2 SUBSCRIBE Work/Projects");
        await c.ExpectOkAsync("a3 SUBSCRIBE Gone");
        await c.AppendAsync("Work/Projects", "Subject: p\r\n\r\nabc\r\n");

        var subscribed = await c.ExpectOkAsync("a4 LIST (SUBSCRIBED) \"\" \"*\"");
        Assert.Contains("* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Work/Projects\"", subscribed);
        Assert.Contains("* LIST (\\NonExistent \\Subscribed) \"/\" \"Gone\"", subscribed);
        Assert.DoesNotContain(subscribed, l => l.EndsWith(" \"Work\"", Ordinal));

        var recursive = await c.ExpectOkAsync("a5 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\"");
        Assert.Contains("* LIST (\\HasChildren) \"/\" \"Work\" (\"CHILDINFO\" (\"SUBSCRIBED\"))", recursive);

        var status = await c.ExpectOkAsync("a6 LIST \"\" (Work Work/*) RETURN (CHILDREN STATUS (MESSAGES SIZE))");
        Assert.Contains("* LIST (\\HasChildren) \"/\" \"Work\"", status);
        Assert.Contains("* STATUS \"Work/Projects\" (MESSAGES 1 SIZE 19)", status);
        Assert.Equal(5, status.Count);

        await c.ExpectAsync("a7 LIST (RECURSIVEMATCH) \"\" \"*\"", "BAD");
        await c.ExpectAsync("a8 LIST \"\" \"*\" RETURN (BOGUS)", "BAD");
        await c.StillAliveAsync();
    }

    [Fact]
    public async Task CreateSpecialUseSetsTheAttributeAndRefusesUnknownOnes()
    {
        await using var server = await TestServer.StartAsync();
        await using var c = await ImapTestClient.LoginAsync(server);
        await c.ExpectOkAsync("a1 CREATE Old (USE (\\Archive))");
        var list = await c.ExpectOkAsync("a2 LIST (SPECIAL-USE) \"\" Old");
        Assert.Contains("* LIST (\\HasNoChildren \\Archive) \"/\" \"Old\"", list);
        Assert.Equal("a3 NO [USEATTR] unknown special-use attribute",
            (await c.ExpectAsync("a3 CREATE Odd (USE (\\Bogus))", "NO"))[^1]);
        await c.ExpectAsync("a4 CREATE Odd (USE \\Sent)", "BAD");
        await c.ExpectAsync("a5 SELECT Odd", "NO");
    }

    [Fact]
    public async Task MultiAppendStoresAllOrNone()
    {
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxMessageBytes = 2048);
        await using var c = await ImapTestClient.LoginAsync(server);
        await c.Raw.SendAsync(
            "m1 APPEND INBOX (\\Seen) {14+}\r\nSubject: a\r\n\r\n (\\Flagged) {14+}\r\nSubject: b\r\n\r\n\r\n");
        var ok = await c.ReadTaggedAsync("m1");
        Assert.Matches(@"^m1 OK \[APPENDUID \d+ 1:2\] APPEND completed$", ok[^1]);

        await c.Raw.SendAsync(
            "m2 APPEND INBOX {14+}\r\nSubject: c\r\n\r\n {4000+}\r\n" + new string('x', 4000) + "\r\n");
        Assert.StartsWith("m2 NO [TOOBIG]", (await c.ReadTaggedAsync("m2"))[^1]);
        await c.Raw.SendAsync("m3 APPEND INBOX {14+}\r\nSubject: d\r\n\r\n BOGUS\r\n");
        Assert.StartsWith("m3 BAD", (await c.ReadTaggedAsync("m3"))[^1]);
        var status = await c.ExpectOkAsync("s1 STATUS INBOX (MESSAGES UIDNEXT)");
        Assert.Equal("* STATUS \"INBOX\" (MESSAGES 2 UIDNEXT 3)", status[0]);
        var fetch = await c.ExpectOkAsync("s2 EXAMINE INBOX");
        Assert.Contains("* 2 EXISTS", fetch);
    }
}
