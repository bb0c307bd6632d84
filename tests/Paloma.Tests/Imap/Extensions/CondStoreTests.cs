using Paloma.Tests.Support;
using static System.StringComparison;

namespace Paloma.Tests.Imap.Extensions;

/// <summary>CONDSTORE and QRESYNC (RFC 7162) as raw transcripts, one and two sessions.</summary>
public sealed class CondStoreTests
{
    private static async Task<ImapTestClient> WithMessagesAsync(TestServer server, int count)
    {
        var client = await ImapTestClient.LoginAsync(server);
        for (var i = 1; i <= count; i++)
        {
            await client.AppendAsync("INBOX", $"Subject: m{i}\r\n\r\nbody {i}\r\n");
        }

        return client;
    }

    private static ulong ModSeqOf(string line)
    {
        var start = line.IndexOf("MODSEQ (", Ordinal) + 8;
        return ulong.Parse(line[start..line.IndexOf(')', start)]);
    }

    [Fact]
    public async Task SelectStatusAndFetchReportModSeqAndStoreBumpsIt()
    {
        await using var server = await TestServer.StartAsync();
        await using var c = await WithMessagesAsync(server, 2);
        var status = await c.ExpectOkAsync("a0 STATUS INBOX (HIGHESTMODSEQ MESSAGES SIZE APPENDLIMIT)");
        Assert.Matches(@"^\* STATUS ""INBOX"" \(HIGHESTMODSEQ \d+ MESSAGES 2 SIZE \d+ APPENDLIMIT 26214400\)$",
            status[0]);
        var select = await c.ExpectOkAsync("a1 SELECT INBOX (CONDSTORE)");
        var highest = select.Single(l => l.StartsWith("* OK [HIGHESTMODSEQ ", Ordinal));
        var fetch = await c.ExpectOkAsync("a2 FETCH 1:* (UID MODSEQ)");
        var before = ModSeqOf(fetch[1]);
        Assert.Contains($"HIGHESTMODSEQ {before}]", highest);
        Assert.True(ModSeqOf(fetch[0]) < before);

        var store = await c.ExpectOkAsync("a3 STORE 1 +FLAGS (\\Flagged)");
        Assert.Matches(@"^\* 1 FETCH \(FLAGS \(\\Flagged \\Recent\) MODSEQ \(\d+\)\)$", store[0]);
        var after = ModSeqOf(store[0]);
        Assert.True(after > before);
        var changed = await c.ExpectOkAsync($"a4 UID FETCH 1:* (FLAGS) (CHANGEDSINCE {before})");
        Assert.Equal(2, changed.Count);
        Assert.StartsWith("* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent) MODSEQ (", changed[0]);
    }

    [Fact]
    public async Task StoreUnchangedSinceRefusesModifiedMessages()
    {
        await using var server = await TestServer.StartAsync();
        await using var c = await WithMessagesAsync(server, 2);
        await c.ExpectOkAsync("a1 SELECT INBOX");
        var fetch = await c.ExpectOkAsync("a2 FETCH 2 (MODSEQ)");
        var m2 = ModSeqOf(fetch[0]);
        await c.ExpectOkAsync("a3 STORE 1 +FLAGS.SILENT (\\Seen)");
        var m1 = ModSeqOf((await c.ExpectOkAsync("a4 FETCH 1 (MODSEQ)"))[0]);
        var lines = await c.ExpectOkAsync($"a5 STORE 1:2 (UNCHANGEDSINCE {m2}) +FLAGS.SILENT (\\Deleted)");
        Assert.Equal($"a5 OK [MODIFIED 1] conditional STORE failed for some messages", lines[^1]);
        // RFC 7162 §3.1.3: the changed message is reported even with .SILENT, with its MODSEQ.
        Assert.Single(lines, l => l.StartsWith("* 2 FETCH (FLAGS (\\Deleted \\Recent) MODSEQ (", Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("* 1 FETCH", Ordinal));
        Assert.True(m1 > m2);
        await c.ExpectAsync("a6 STORE 1 (UNCHANGEDSINCE x) +FLAGS (\\Seen)", "BAD");
        await c.ExpectAsync("a7 FETCH 1 (FLAGS) (VANISHED)", "BAD");
        await c.ExpectAsync("a8 UID FETCH 1 (FLAGS) (CHANGEDSINCE 1 VANISHED)", "BAD");
        await c.StillAliveAsync();
    }

    [Fact]
    public async Task QResyncSelectReportsVanishedEarlierAndChangedFlags()
    {
        await using var server = await TestServer.StartAsync();
        await using var c = await WithMessagesAsync(server, 4);
        await c.ExpectAsync("a0 SELECT INBOX (QRESYNC (1 1))", "BAD");
        Assert.Contains("* ENABLED QRESYNC", await c.ExpectOkAsync("a1 ENABLE QRESYNC"));
        var select = await c.ExpectOkAsync("a2 SELECT INBOX");
        var uidValidity = select.Single(l => l.Contains("[UIDVALIDITY ", Ordinal)).Split(' ')[3].TrimEnd(']');
        var modSeq = select.Single(l => l.Contains("[HIGHESTMODSEQ ", Ordinal)).Split(' ')[3].TrimEnd(']');
        await c.ExpectOkAsync("a3 STORE 2 +FLAGS.SILENT (\\Deleted)");
        var expunge = await c.ExpectOkAsync("a4 EXPUNGE");
        Assert.Contains("* VANISHED 2", expunge);
        Assert.DoesNotContain(expunge, l => l.EndsWith(" EXPUNGE", Ordinal));
        await c.ExpectOkAsync("a5 STORE 3 +FLAGS.SILENT (\\Answered)");

        var resync = await c.ExpectOkAsync($"a6 SELECT INBOX (QRESYNC ({uidValidity} {modSeq} 1:4))");
        Assert.Contains("* OK [CLOSED] previous mailbox closed", resync);
        Assert.Contains("* VANISHED (EARLIER) 2", resync);
        Assert.Single(resync, l => l.StartsWith("* 3 FETCH (UID 4 FLAGS (\\Answered", Ordinal));
        var fetch = await c.ExpectOkAsync($"a7 UID FETCH 1:* (FLAGS) (CHANGEDSINCE {modSeq} VANISHED)");
        Assert.Equal("* VANISHED (EARLIER) 2", fetch[0]);

        // A stale UIDVALIDITY gets a plain SELECT: no VANISHED, no FETCH.
        var stale = await c.ExpectOkAsync($"a8 SELECT INBOX (QRESYNC (1 {modSeq}))");
        Assert.DoesNotContain(stale, l => l.Contains("VANISHED", Ordinal) || l.Contains("FETCH", Ordinal));
    }

    [Fact]
    public async Task TwoSessionsQResyncClientGetsVanishedAndCondStoreClientGetsModSeq()
    {
        await using var server = await TestServer.StartAsync();
        await using var a = await WithMessagesAsync(server, 3);
        await a.ExpectOkAsync("a1 SELECT INBOX");
        await using var q = await ImapTestClient.LoginAsync(server);
        await q.ExpectOkAsync("q1 ENABLE QRESYNC");
        await q.ExpectOkAsync("q2 SELECT INBOX");
        await using var s = await ImapTestClient.LoginAsync(server);
        await s.ExpectOkAsync("s1 SELECT INBOX (CONDSTORE)");

        await a.ExpectOkAsync("a2 STORE 1 +FLAGS.SILENT (\\Flagged)");
        var flags = await s.ExpectOkAsync("s2 NOOP");
        var first = ModSeqOf(Assert.Single(flags,
            l => l.StartsWith("* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ", Ordinal)));
        await a.ExpectOkAsync("a3 STORE 1 -FLAGS.SILENT (\\Flagged)");
        var second = ModSeqOf((await s.ExpectOkAsync("s3 NOOP"))[0]);
        Assert.True(second > first, "MODSEQ must grow");

        await a.ExpectOkAsync("a4 STORE 2 +FLAGS.SILENT (\\Deleted)");
        await a.ExpectOkAsync("a5 EXPUNGE");
        // RFC 3501 §7.4.1: nothing about the expunge during FETCH by sequence number, then VANISHED on NOOP.
        var during = await q.ExpectOkAsync("q3 FETCH 1:* (FLAGS)");
        Assert.DoesNotContain(during, l => l.Contains("VANISHED", Ordinal) || l.EndsWith("EXPUNGE", Ordinal));
        Assert.Contains("* VANISHED 2", await q.ExpectOkAsync("q4 NOOP"));
        Assert.Contains("* 2 EXPUNGE", await s.ExpectOkAsync("s4 NOOP"));
    }
}
