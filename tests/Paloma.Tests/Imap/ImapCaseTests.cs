using System.Text;
using Paloma.Tests.Support;

namespace Paloma.Tests.Imap;

/// <summary>The IMAP failure cases of ../shared/cases, each named after its id.</summary>
public sealed class ImapCaseTests
{
    [Fact]
    public async Task C28_LiteralSizesHugeNegativeOverflowingEmptyAreBadAndSessionContinues()
    {
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxMessageBytes = 1_000_000);
        await using (var first = await ImapTestClient.ConnectAsync(server))
        {
            var a1 = await first.CommandAsync("a1 LOGIN {400000000}");
            Assert.StartsWith("a1 BAD", a1[^1]);
            Assert.DoesNotContain(a1, l => l.StartsWith('+'));
            await first.StillAliveAsync();
        }

        await using var client = await ImapTestClient.ConnectAsync(server);
        foreach (var (tag, size) in new[] { ("a2", "4294967296"), ("a3", "-1"), ("a4", ""),
                     ("a5", "99999999999999999999999") })
        {
            var lines = await client.CommandAsync($"{tag} LOGIN {{{size}}}");
            Assert.StartsWith($"{tag} BAD", lines[^1]);
        }

        await client.ExpectOkAsync("a6 NOOP");
        await client.ExpectOkAsync($"L1 LOGIN alice@example.com {TestServer.Password}");
        await client.ExpectOkAsync("S1 SELECT INBOX");
        await client.ExpectAsync("a7 SEARCH {-100}zzz", "BAD");

        // A non-synchronising literal over the limit: refused, its octets dropped, never read as commands.
        var big = 5_000_000;
        await client.Raw.SendAsync($"a8 APPEND INBOX {{{big}+}}\r\n");
        var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("a9 NOOP\r\n", 1000)));
        for (var sent = 0; sent < big; sent += chunk.Length)
        {
            await client.Raw.SendAsync(chunk.AsSpan(0, Math.Min(chunk.Length, big - sent)).ToArray());
        }

        await client.Raw.SendAsync("\r\n");
        var a8 = await client.ReadTaggedAsync("a8");
        Assert.Contains("[TOOBIG]", a8[^1]);
        Assert.DoesNotContain(a8, l => l.StartsWith("a9", StringComparison.Ordinal));
        await client.StillAliveAsync();
    }

    [Fact]
    public async Task C28_NonSynchronisingLiteralOverTheCommandLimitIsDropped()
    {
        await using var server = await TestServer.StartAsync(c => c.Imap.MaxCommandBytes = 1000);
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.Raw.SendAsync("a1 CREATE {5000+}\r\n" + new string('x', 5000) + "\r\n");
        var lines = await client.ReadTaggedAsync("a1");
        Assert.StartsWith("a1 BAD", lines[^1]);
        await client.StillAliveAsync();
    }

    [Fact]
    public async Task C30_AppendOptionalArgumentsInAnyCombination()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        const string message = "Subject: c30\r\n\r\nhi\r\n";
        Assert.Equal(20, message.Length);
        foreach (var (tag, options) in new[] { ("a1", ""), ("a2", "(\\Seen) "),
                     ("a3", "\"05-Jan-2024 10:00:00 +0000\" "), ("a4", "() \" 5-Jan-2024 10:00:00 +0000\" ") })
        {
            await client.Raw.SendAsync($"{tag} APPEND INBOX {options}{{20}}\r\n");
            Assert.StartsWith("+", await client.Raw.ReadLineAsync());
            var lines = await client.SendAndReadAsync(message + "\r\n", tag);
            Assert.StartsWith($"{tag} OK [APPENDUID ", lines[^1]);
        }

        foreach (var (tag, command, status) in new[]
                 {
                     ("a5", "a5 APPEND INBOX (\\Seen \\Bogus\\) {20}", "BAD"),
                     ("a6", "a6 APPEND \"No Such Box\" {20}", "NO [TRYCREATE]"),
                     ("a7", "a7 APPEND INBOX \"32-Jan-2024 10:00:00 +0000\" {20}", "BAD"),
                     // RFC 6855 §4: the UTF8 form is refused until UTF8=ACCEPT is enabled.
                     ("a9", "a9 APPEND INBOX UTF8 (~{20}", "BAD"),
                 })
        {
            var lines = await client.CommandAsync(command);
            Assert.StartsWith($"{tag} {status}", lines[^1]);
            Assert.DoesNotContain(lines, l => l.StartsWith('+'));
        }

        Assert.Contains("* ENABLED UTF8=ACCEPT", await client.ExpectOkAsync("a8 ENABLE UTF8=ACCEPT"));
        await client.Raw.SendAsync("a9 APPEND INBOX UTF8 (~{20}\r\n");
        Assert.StartsWith("+", await client.Raw.ReadLineAsync());
        Assert.StartsWith("a9 OK [APPENDUID ", (await client.SendAndReadAsync(message + ")\r\n", "a9"))[^1]);

        await client.ExpectAsync("b1 STATUS INBOX (MESSAGES UIDNEXT UNSEEN", "BAD");
        var counts = await client.ExpectOkAsync("b2 STATUS INBOX (MESSAGES UNSEEN)");
        Assert.Contains("* STATUS \"INBOX\" (MESSAGES 5 UNSEEN 4)", counts);
        await client.ExpectOkAsync("b3 SELECT INBOX");
        var fetch = await client.ExpectOkAsync("b4 FETCH 3:4 INTERNALDATE");
        Assert.Contains("* 3 FETCH (INTERNALDATE \"05-Jan-2024 10:00:00 +0000\")", fetch);
        Assert.Contains("* 4 FETCH (INTERNALDATE \"05-Jan-2024 10:00:00 +0000\")", fetch);
    }

    [Fact]
    public async Task C30_RefusedNonSynchronisingAppendHasItsOctetsDropped()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        var lines = await client.SendAndReadAsync(
            "a6 APPEND \"No Such Box\" {20+}\r\nZ8 LOGOUT\r\n\r\nhello\r\n\r\n", "a6");
        Assert.StartsWith("a6 NO [TRYCREATE]", lines[^1]);
        await client.StillAliveAsync();
    }

    [Fact]
    public async Task C31_MailboxNamePathTraversalIsRefused()
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await ImapTestClient.LoginAsync(server, "bob@example.com");
        await bob.AppendAsync("INBOX", "Subject: bob\r\n\r\nsecret\r\n");
        await using var client = await ImapTestClient.LoginAsync(server);
        foreach (var name in new[] { "../bob/INBOX", "INBOX/../../../tmp/c31", "/tmp/c31abs", "a//b", "./x" })
        {
            var lines = await client.ExpectAsync($"a1 CREATE \"{name}\"", "NO");
            Assert.Contains("[CANNOT]", lines[^1]);
        }

        var select = await client.ExpectAsync("a7 SELECT \"../bob/INBOX\"", "NO");
        Assert.DoesNotContain(select, l => l.EndsWith("EXISTS", StringComparison.Ordinal));
        await client.ExpectAsync("a8 RENAME INBOX \"../../c31moved\"", "NO");
        var list = await client.ExpectOkAsync("a9 LIST \"\" \"../*\"");
        Assert.Single(list);
        await client.Raw.SendAsync("b1 CREATE {3}\r\n");
        Assert.StartsWith("+", await client.Raw.ReadLineAsync());
        var nul = await client.SendAndReadAsync("a\0b\r\n", "b1");
        Assert.Matches("^b1 (BAD|NO)", nul[^1]);
        var all = await client.ExpectOkAsync("b2 LIST \"\" *");
        Assert.Equal(new[] { "INBOX", "Drafts", "Junk", "Sent", "Trash" }.Order(),
            all.SkipLast(1).Select(l => l.Split(' ')[^1].Trim('"')).Order());
        Assert.False(Directory.Exists("/tmp/c31"));
    }

    [Fact]
    public async Task C31_OpaqueNamesStayInsideTheUsersNamespace()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.ExpectOkAsync("a3 CREATE \"INBOX...tmp\"");
        await client.ExpectOkAsync("a6 CREATE \"~bob/x\"");
        var list = await client.ExpectOkAsync("a9 LIST \"\" \"*\"");
        Assert.Contains(list, l => l.EndsWith("\"INBOX...tmp\"", StringComparison.Ordinal));
        Assert.Contains(list, l => l.EndsWith("\"~bob/x\"", StringComparison.Ordinal));
        await using var bob = await ImapTestClient.LoginAsync(server, "bob@example.com");
        var bobList = await bob.ExpectOkAsync("b1 LIST \"\" \"*\"");
        Assert.DoesNotContain(bobList, l => l.Contains("~bob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task C32_ModifiedUtf7IsValidatedAndRoundTrips()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.ExpectOkAsync("a1 CREATE \"Caf&AOk-\"");
        await client.ExpectOkAsync("a2 CREATE \"AT&-T\"");
        await client.Raw.SendAsync("a3 CREATE {6}\r\n");
        Assert.StartsWith("+", await client.Raw.ReadLineAsync());
        var a3 = await client.SendAndReadAsync("&AAE-\x80\r\n", "a3");
        Assert.Matches("^a3 (BAD|NO)", a3[^1]);
        foreach (var name in new[] { "bad&Jjo!", "&AGE-", "x&-&-&" })
        {
            var lines = await client.CommandAsync($"a4 CREATE \"{name}\"");
            Assert.Matches("^a4 (BAD|NO)", lines[^1]);
        }

        await client.ExpectOkAsync("a7 LIST \"\" \"!#$$&'+,-.0123456789:;<=>?@^_`|[}%*\"");
        var list = await client.ExpectOkAsync("a8 LIST \"\" \"*\"");
        Assert.Contains("* LIST (\\HasNoChildren) \"/\" \"Caf&AOk-\"", list);
        Assert.Contains("* LIST (\\HasNoChildren) \"/\" \"AT&-T\"", list);
        Assert.Equal(7, list.Count - 1);
    }

    private const string C34Message = "Subject: c34\r\n\r\n";

    private static async Task<ImapTestClient> C34ClientAsync(TestServer server)
    {
        var client = await ImapTestClient.LoginAsync(server);
        var message = C34Message + new string('x', 282) + "\r\n";
        await client.AppendAsync("INBOX", message);
        await client.ExpectOkAsync("S1 SELECT INBOX");
        return client;
    }

    [Fact]
    public async Task C34_PartialFetchStartSize()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await C34ClientAsync(server);
        Assert.Equal(["* 1 FETCH (BODY[]<0> {10}", "Subject: c)"],
            (await client.ExpectOkAsync("a1 FETCH 1 BODY.PEEK[]<0.10>")).SkipLast(1));
        Assert.Equal(["* 1 FETCH (BODY[]<10> {10}", "34", "", "xxxx)"],
            (await client.ExpectOkAsync("a2 FETCH 1 BODY.PEEK[]<10.10>")).SkipLast(1));
        Assert.Equal(["* 1 FETCH (BODY[]<295> {5}", "xxx", ")"],
            (await client.ExpectOkAsync("a3 FETCH 1 BODY.PEEK[]<295.10>")).SkipLast(1));
        Assert.Equal(["* 1 FETCH (BODY[]<300> \"\")"],
            (await client.ExpectOkAsync("a4 FETCH 1 BODY.PEEK[]<300.10>")).SkipLast(1));
        Assert.Equal(["* 1 FETCH (BODY[]<0> {5}", "Subje BODY[]<5> {5}", "ct: c)"],
            (await client.ExpectOkAsync("a6 FETCH 1 (BODY.PEEK[]<0.5> BODY.PEEK[]<5.5>)")).SkipLast(1));
        Assert.Equal(["* 1 FETCH (BODY[]<4294967295> \"\")"],
            (await client.ExpectOkAsync("a7 FETCH 1 BODY.PEEK[]<4294967295.4294967295>")).SkipLast(1));
        await client.ExpectAsync("a8 FETCH 1 BODY.PEEK[]<10.0>", "BAD");
        var flags = await client.ExpectOkAsync("a9 FETCH 1 FLAGS");
        Assert.DoesNotContain("\\Seen", flags[0]);
    }

    [Fact]
    public async Task C34_PartialChunksConcatenateToTheWholeBody()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await C34ClientAsync(server);
        var whole = new StringBuilder();
        foreach (var start in new[] { 0, 100, 200 })
        {
            await client.Raw.SendAsync($"p{start} FETCH 1 BODY.PEEK[]<{start}.100>\r\n");
            var header = await client.Raw.ReadLineAsync();
            Assert.EndsWith("{100}", header);
            whole.Append(await ReadOctetsAsync(client, 100));
            await client.ReadTaggedAsync($"p{start}");
        }

        Assert.Equal(C34Message + new string('x', 282) + "\r\n", whole.ToString());
        var size = await client.ExpectOkAsync("s1 FETCH 1 RFC822.SIZE");
        Assert.Contains("RFC822.SIZE 300", size[0]);
    }

    /// <summary>Needs MessageContent (BODY[HEADER]).</summary>
    [Fact]
    public async Task C34_PartialOfAHeaderSection()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await C34ClientAsync(server);
        Assert.Equal(["* 1 FETCH (BODY[HEADER]<4> {5}", "ect: )"],
            (await client.ExpectOkAsync("a5 FETCH 1 BODY.PEEK[HEADER]<4.5>")).SkipLast(1));
    }

    private static async Task<string> ReadOctetsAsync(ImapTestClient client, int count)
    {
        var text = new StringBuilder();
        while (text.Length < count)
        {
            var line = await client.Raw.ReadLineAsync() ?? throw new IOException("closed");
            text.Append(line);
            if (text.Length < count)
            {
                text.Append("\r\n");
            }
        }

        return text.ToString(0, count);
    }
}
