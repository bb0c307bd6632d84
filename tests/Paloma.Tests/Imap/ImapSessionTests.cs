using Paloma.Tests.Support;

namespace Paloma.Tests.Imap;

/// <summary>Greeting, CAPABILITY, NOOP, LOGOUT, LOGIN and the state table over a real socket.</summary>
public sealed class ImapSessionTests
{
    [Fact]
    public async Task GreetingAdvertisesCapabilities()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.ConnectAsync(server);
        Assert.StartsWith("* OK [CAPABILITY IMAP4rev1 ", client.Greeting);
        var lines = await client.ExpectOkAsync("a1 CAPABILITY");
        var capabilities = Assert.Single(lines, l => l.StartsWith("* CAPABILITY ", StringComparison.Ordinal))
            .Split(' ');
        Assert.Equal("IMAP4rev1", capabilities[2]);
        const string Expected = "LITERAL+ IDLE UIDPLUS MOVE UNSELECT ID ENABLE NAMESPACE SPECIAL-USE SASL-IR "
            + "AUTH=PLAIN "
            + "CONDSTORE QRESYNC ESEARCH SEARCHRES CHILDREN LIST-EXTENDED LIST-STATUS CREATE-SPECIAL-USE "
            + "STATUS=SIZE APPENDLIMIT MULTIAPPEND";
        foreach (var name in Expected.Split(' '))
        {
            Assert.Contains(name, capabilities);
        }
    }

    [Fact]
    public async Task LoginWithGoodPasswordSucceedsAndBadPasswordFails()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.ConnectAsync(server);
        var bad = await client.ExpectAsync("a1 LOGIN alice@example.com wrong", "NO");
        Assert.Contains("[AUTHENTICATIONFAILED]", bad[^1]);
        await client.ExpectAsync("a2 SELECT INBOX", "BAD");
        await client.ExpectOkAsync("a3 LOGIN \"alice@example.com\" \"Secret-1\"");
        await client.ExpectAsync("a4 LOGIN alice@example.com Secret-1", "BAD");
        await client.ExpectOkAsync("a5 SELECT INBOX");
    }

    [Fact]
    public async Task LogoutSendsByeThenOkThenCloses()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        var lines = await client.ExpectOkAsync("a1 LOGOUT");
        Assert.StartsWith("* BYE", lines[0]);
        Assert.True(await client.Raw.IsClosedAsync());
    }

    [Fact]
    public async Task UnknownCommandIsBadAndSessionContinues()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.ConnectAsync(server);
        await client.ExpectAsync("a1 FROBNICATE", "BAD");
        await client.ExpectAsync("a2 STARTTLS now", "BAD");
        await client.StillAliveAsync();
    }

    [Fact]
    public async Task SelectedStateCommandsNeedASelectedMailbox()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        foreach (var command in new[] { "FETCH 1 FLAGS", "STORE 1 +FLAGS (\\Seen)", "SEARCH ALL", "EXPUNGE",
                     "CLOSE", "UNSELECT", "COPY 1 Trash", "UID FETCH 1 FLAGS", "CHECK" })
        {
            await client.ExpectAsync("b1 " + command, "BAD");
        }

        await client.StillAliveAsync();
    }
}
