using Microsoft.Extensions.Logging;
using Paloma.Tests.Support;

namespace Paloma.Tests.Imap;

/// <summary>Malformed input in every state: one BAD (or NO), the session goes on, and nothing is logged at Warning or
/// above (STYLE point 11). Includes the IMAP parts of C09 (overlong lines) and C11 (NUL, 8-bit).</summary>
public sealed class ImapMalformedInputTests
{
    private static readonly string[] s_malformed =
    [
        "m1 LOGIN\r\n",
        "m2 LOGIN onlyuser\r\n",
        "m3 NOOP\0\r\n",
        "m4 NOOP\n",
        "m5 FETCH 1:x FLAGS\r\n",
        "m6 FETCH 0 FLAGS\r\n",
        "m7 FETCH 1 (FLAGS\r\n",
        "m8 SEARCH (ALL\r\n",
        "m9 STATUS INBOX (MESSAGES\r\n",
        "n1 SELECT\r\n",
        "n2 LIST \"\"\r\n",
        "n3 STORE 1 FLAGZ (\\Seen)\r\n",
        "n4 APPEND INBOX (\\Seen {3}\r\n",
        "n5 LOGIN {-1}\r\n",
        "n6 UID FROB 1\r\n",
        "n7 SELECT \"unterminated\r\n",
        "n8 CREATE caf\xC3\xA9\r\n",
        "n9 SEARCH CHARSET\r\n",
        "p1 MAIL FROM:<carol@example.net>\xC0\r\n",
        "p2 FETCH 99 FLAGS\r\n",
        "p3\r\n",
        "\r\n",
        "p4 COPY 1\r\n",
        "p5 AUTHENTICATE\r\n",
    ];

    [Fact]
    public async Task EveryMalformedCommandGetsOneBadOrNoAndTheSessionContinues()
    {
        await using var server = await TestServer.StartAsync();
        await using var unauthenticated = await ImapTestClient.ConnectAsync(server);
        await using var selected = await ImapTestClient.LoginAsync(server, select: "INBOX");
        await selected.AppendAsync("INBOX", "Subject: x\r\n\r\nx\r\n");
        await selected.ExpectOkAsync("s2 NOOP");
        foreach (var client in new[] { unauthenticated, selected })
        {
            foreach (var command in s_malformed)
            {
                await client.Raw.SendAsync(System.Text.Encoding.Latin1.GetBytes(command));
                var tag = command.Split(' ', '\r', '\n')[0];
                var lines = await client.Raw.ReadUntilAsync(tag.Length > 0 ? tag + " " : "* BAD");
                Assert.Matches("^(\\S+) (BAD|NO)", lines[^1]);
                await client.StillAliveAsync();
            }
        }

        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task C09_OverlongCommandLineIsBadWithoutBufferingAndSessionContinues()
    {
        await using var server = await TestServer.StartAsync(c => c.Imap.MaxCommandBytes = 8192);
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.Raw.SendAsync("a1 LOGIN " + new string('x', 100_000) + "\r\n");
        var lines = await client.Raw.ReadUntilAsync("* BAD");
        Assert.Contains("longer than 8192", lines[^1]);
        await client.StillAliveAsync();

        // A line of exactly the limit is still a command.
        var exact = "a2 SEARCH SUBJECT " + new string('y', 8192 - 18 - 2) + "\"\"";
        Assert.Equal(8192, exact.Length);
        await client.ExpectAsync(exact, "BAD");
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task C11_NulAndEightBitOctetsInCommandsGetOneBad()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server, select: "INBOX");
        var nul = await client.SendAndReadAsync("a1 NOOP\0\r\n", "a1");
        Assert.Single(nul);
        Assert.StartsWith("a1 BAD", nul[0]);
        var high = await client.SendAndReadAsync("a2 SELECT INBOX\xC0\r\n", "a2");
        Assert.StartsWith("a2 BAD", high[^1]);
        await client.StillAliveAsync();
    }

    [Fact]
    public async Task C11_StoredMessageWithNulIsByteExactAndSizeMatchesBody()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        var message = "Subject: nul\r\n\r\nbefore\0after\r\nlatin1 caf\xE9\r\n";
        await client.Raw.SendAsync($"a1 APPEND INBOX {{{message.Length}}}\r\n");
        Assert.StartsWith("+", await client.Raw.ReadLineAsync());
        Assert.StartsWith("a1 OK", (await client.SendAndReadAsync(message + "\r\n", "a1"))[^1]);
        await client.ExpectOkAsync("a2 SELECT INBOX");
        var fetch = await client.ExpectOkAsync("a3 FETCH 1 (RFC822.SIZE BODY.PEEK[])");
        Assert.Equal($"* 1 FETCH (RFC822.SIZE {message.Length} BODY[] {{{message.Length}}}", fetch[0]);
        Assert.Equal("before\0after", fetch[3]);
        Assert.Equal("latin1 caf\xE9", fetch[4]);
        Assert.Equal(")", fetch[5]);
    }
}
