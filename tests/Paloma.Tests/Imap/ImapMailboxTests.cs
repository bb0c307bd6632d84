using Paloma.Tests.Support;

namespace Paloma.Tests.Imap;

/// <summary>LIST, LSUB, CREATE, DELETE, RENAME, SUBSCRIBE, STATUS, NAMESPACE, ID, ENABLE.</summary>
public sealed class ImapMailboxTests
{
    [Fact]
    public async Task ListShowsSpecialUseAndChildAttributes()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.ExpectOkAsync("a1 CREATE Projects/2024/");
        var list = await client.ExpectOkAsync("a2 LIST \"\" *");
        Assert.Contains("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"", list);
        Assert.Contains("* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"", list);
        Assert.Contains("* LIST (\\HasNoChildren \\Junk) \"/\" \"Junk\"", list);
        Assert.Contains("* LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"", list);
        Assert.Contains("* LIST (\\HasChildren) \"/\" \"Projects\"", list);
        Assert.Contains("* LIST (\\HasNoChildren) \"/\" \"Projects/2024\"", list);
        var top = await client.ExpectOkAsync("a3 LIST \"\" %");
        Assert.DoesNotContain(top, l => l.Contains("Projects/2024", StringComparison.Ordinal));
        var referenced = await client.ExpectOkAsync("a4 LIST Projects/ %");
        Assert.Equal(["* LIST (\\HasNoChildren) \"/\" \"Projects/2024\""], referenced.SkipLast(1));
        Assert.Equal(["* LIST (\\Noselect) \"/\" \"\""], (await client.ExpectOkAsync("a5 LIST \"\" \"\"")).SkipLast(1));
        Assert.Contains("* LIST (\\HasNoChildren) \"/\" \"INBOX\"", await client.ExpectOkAsync("a6 LIST \"\" inbox"));
    }

    [Fact]
    public async Task CreateDeleteRenameAndTheirRefusals()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.ExpectOkAsync("a1 CREATE Work");
        Assert.Contains("[CANNOT]", (await client.ExpectAsync("a2 CREATE work/../Work", "NO"))[^1]);
        Assert.Contains("[ALREADYEXISTS]", (await client.ExpectAsync("a3 CREATE Work", "NO"))[^1]);
        await client.ExpectOkAsync("a4 CREATE Work/Sub");
        Assert.Contains("[HASCHILDREN]", (await client.ExpectAsync("a5 DELETE Work", "NO"))[^1]);
        await client.ExpectOkAsync("a6 RENAME Work Play");
        var list = await client.ExpectOkAsync("a7 LIST \"\" Play*");
        Assert.Contains(list, l => l.EndsWith("\"Play/Sub\"", StringComparison.Ordinal));
        Assert.Contains("[NONEXISTENT]", (await client.ExpectAsync("a8 DELETE Nope", "NO"))[^1]);
        Assert.Contains("[NONEXISTENT]", (await client.ExpectAsync("a9 RENAME Nope X", "NO"))[^1]);
        await client.ExpectAsync("b1 DELETE INBOX", "NO");
        await client.ExpectAsync("b2 RENAME Play Play/Inner", "NO");
        await client.ExpectOkAsync("b3 DELETE Play/Sub");
        await client.ExpectOkAsync("b4 DELETE Play");
    }

    [Fact]
    public async Task RenameInboxMovesItsMessagesAndKeepsInbox()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.AppendAsync("INBOX", "Subject: r\r\n\r\nx\r\n");
        await client.ExpectOkAsync("a1 RENAME INBOX Old");
        Assert.Contains("* STATUS \"INBOX\" (MESSAGES 0)", await client.ExpectOkAsync("a2 STATUS INBOX (MESSAGES)"));
        Assert.Contains("* STATUS \"Old\" (MESSAGES 1)", await client.ExpectOkAsync("a3 STATUS Old (MESSAGES)"));
    }

    [Fact]
    public async Task SubscribeUnsubscribeAndLsub()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.ExpectOkAsync("a1 CREATE News");
        await client.ExpectOkAsync("a2 SUBSCRIBE News");
        await client.ExpectOkAsync("a3 SUBSCRIBE Gone");
        var lsub = await client.ExpectOkAsync("a4 LSUB \"\" *");
        Assert.Contains(lsub, l => l.StartsWith("* LSUB (\\HasNoChildren) \"/\" \"News\"", StringComparison.Ordinal));
        Assert.Contains("* LSUB (\\Noselect) \"/\" \"Gone\"", lsub);
        await client.ExpectOkAsync("a5 UNSUBSCRIBE News");
        Assert.DoesNotContain(await client.ExpectOkAsync("a6 LSUB \"\" News"),
            l => l.StartsWith("* LSUB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatusReportsEveryItem()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.AppendAsync("INBOX", "Subject: s\r\n\r\nx\r\n", "(\\Seen)");
        await client.AppendAsync("INBOX", "Subject: t\r\n\r\nx\r\n");
        var status = await client.ExpectOkAsync("a1 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)");
        Assert.Matches("^\\* STATUS \"INBOX\" \\(MESSAGES 2 RECENT 2 UIDNEXT 3 UIDVALIDITY [1-9][0-9]* UNSEEN 1\\)$",
            status[0]);
        Assert.Contains("[NONEXISTENT]", (await client.ExpectAsync("a2 STATUS Nope (MESSAGES)", "NO"))[^1]);
    }

    [Fact]
    public async Task NamespaceIdEnableAndCapabilityAfterLogin()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.ConnectAsync(server);
        Assert.Contains("* ID (\"name\" \"Paloma\" \"vendor\" \"Paloma\")",
            await client.ExpectOkAsync("a0 ID (\"name\" \"test\")"));
        await client.ExpectAsync("a1 NAMESPACE", "BAD");
        await client.ExpectOkAsync($"a2 LOGIN alice@example.com {TestServer.Password}");
        Assert.Contains("* NAMESPACE ((\"\" \"/\")) NIL NIL", await client.ExpectOkAsync("a3 NAMESPACE"));
        Assert.Contains("* ENABLED CONDSTORE", await client.ExpectOkAsync("a4 ENABLE CONDSTORE X-UNKNOWN"));
        await client.ExpectOkAsync("a5 ID NIL");
        await client.ExpectOkAsync("a6 SELECT INBOX");
        await client.ExpectAsync("a7 ENABLE CONDSTORE", "BAD");
    }

    [Fact]
    public async Task ListSpecialUseSelectionOptionListsOnlySpecialMailboxes()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        var list = await client.ExpectOkAsync("a1 LIST (SPECIAL-USE) \"\" \"*\" RETURN (SPECIAL-USE)");
        Assert.Equal(4, list.Count - 1);
        Assert.DoesNotContain(list, l => l.EndsWith("\"INBOX\"", StringComparison.Ordinal));
        await client.ExpectAsync("a2 LIST (X-BOGUS) \"\" \"*\"", "BAD");
    }
}
