using Paloma.Tests.Support;

namespace Paloma.Tests.Imap;

/// <summary>
/// Sequence sets are resolved range by range (by position, or by binary search on the UIDs) rather than by testing
/// every message: the messages named must be exactly those of the set, in sequence order, each once, whatever
/// the order, overlap and gaps of the ranges (RFC 3501 §9 sequence-set, §6.4.8).
/// </summary>
public sealed class SequenceSetResolutionTests
{
    private static async Task<ImapTestClient> MailboxWithGapsAsync(TestServer server)
    {
        var client = await ImapTestClient.LoginAsync(server);
        for (var i = 1; i <= 8; i++)
        {
            await client.AppendAsync("INBOX", $"Subject: {i}\r\n\r\nbody {i}\r\n");
        }

        // UIDs 1..8, then 3 and 6 expunged: sequence numbers 1..6 are UIDs 1 2 4 5 7 8.
        await client.ExpectOkAsync("g1 SELECT INBOX");
        await client.ExpectOkAsync("g2 STORE 3,6 +FLAGS.SILENT (\\Deleted)");
        await client.ExpectOkAsync("g3 EXPUNGE");
        return client;
    }

    private static async Task<List<string>> UidsAsync(ImapTestClient client, string command) =>
        (await client.ExpectOkAsync(command)).SkipLast(1).ToList();

    [Fact]
    public async Task OverlappingReversedAndStarRangesNameEachMessageOnceInOrder()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await MailboxWithGapsAsync(server);

        Assert.Equal(["* 2 FETCH (UID 2)", "* 3 FETCH (UID 4)", "* 4 FETCH (UID 5)", "* 5 FETCH (UID 7)"],
            await UidsAsync(client, "f1 FETCH 4,5:2,3:4 (UID)"));
        Assert.Equal(["* 1 FETCH (UID 1)", "* 5 FETCH (UID 7)", "* 6 FETCH (UID 8)"],
            await UidsAsync(client, "f2 FETCH 5:*,1,6 (UID)"));
        Assert.Equal(["* 6 FETCH (UID 8)"], await UidsAsync(client, "f3 FETCH * (UID)"));
        Assert.Contains("f4 BAD", (await client.CommandAsync("f4 FETCH 2:7 (UID)"))[^1]);
    }

    [Fact]
    public async Task UidRangesSkipMissingUidsAndStarIsTheLargestUid()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await MailboxWithGapsAsync(server);

        Assert.Equal(["* 2 FETCH (UID 2)", "* 3 FETCH (UID 4)"], await UidsAsync(client, "u1 UID FETCH 2:4 (UID)"));
        Assert.Equal(["* 3 FETCH (UID 4)", "* 4 FETCH (UID 5)", "* 5 FETCH (UID 7)"],
            await UidsAsync(client, "u2 UID FETCH 6,7:3,3 (UID)"));
        Assert.Equal(["* 6 FETCH (UID 8)"], await UidsAsync(client, "u3 UID FETCH 100:* (UID)"));
        Assert.Equal([], await UidsAsync(client, "u4 UID FETCH 3,6,9:20 (UID)"));
        Assert.Equal(["* 1 FETCH (UID 1)", "* 6 FETCH (UID 8)"], await UidsAsync(client, "u5 UID FETCH 8:*,1 (UID)"));
        Assert.Equal(["* 3 FETCH (UID 4 FLAGS (\\Recent))"],
            await UidsAsync(client, "u6 UID FETCH 4 (FLAGS)"));
    }

    [Fact]
    public async Task SearchOnFlagsAndSetsMatchesAsBeforeAndMixedWithContentKeys()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await MailboxWithGapsAsync(server);
        await client.ExpectOkAsync("s0 STORE 2,4 +FLAGS.SILENT (\\Flagged)");

        Assert.Contains("* SEARCH 2 4", await client.ExpectOkAsync("s1 SEARCH FLAGGED"));
        Assert.Contains("* SEARCH 1 3 5 6", await client.ExpectOkAsync("s2 SEARCH UNFLAGGED"));
        Assert.Contains("* SEARCH 2 5", await client.ExpectOkAsync("s3 SEARCH OR UID 7 FLAGGED NOT 4"));
        // A bare set in SEARCH is of sequence numbers, even in UID SEARCH (RFC 3501 §6.4.8): UIDs 2 and 5 come back.
        Assert.Contains("* SEARCH 2 5", await client.ExpectOkAsync("s4 UID SEARCH 2:4 FLAGGED"));
        Assert.Contains("* SEARCH 4", await client.ExpectOkAsync("s5 SEARCH FLAGGED SUBJECT 5"));
        Assert.Contains("* SEARCH 2", await client.ExpectOkAsync("s6 SEARCH OR SUBJECT 2 SUBJECT 99 FLAGGED"));
    }
}
