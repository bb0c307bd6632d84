using Paloma.Tests.Support;
using static Paloma.Tests.Pop3.Pop3Test;

namespace Paloma.Tests.Pop3;

public sealed class AuthorizationTests
{
    [Fact]
    public async Task UserPassEntersTransactionState()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ConnectAsync(server);
        Assert.Equal("-ERR command not valid in this state", await CommandAsync(client, "STAT"));
        Assert.StartsWith("+OK", await CommandAsync(client, "USER alice@example.com"));
        Assert.Equal("+OK maildrop locked and ready", await CommandAsync(client, "PASS " + TestServer.Password));
        Assert.Equal("+OK 0 0", await CommandAsync(client, "STAT"));
        Assert.Equal("-ERR command not valid in this state", await CommandAsync(client, "USER bob@example.com"));
        Assert.Equal("-ERR command not valid in this state", await CommandAsync(client, "PASS x"));
    }

    [Theory]
    [InlineData("alice@example.com", "wrong")]
    [InlineData("nobody@example.com", "Secret-1")]
    [InlineData("not an address", "Secret-1")]
    public async Task FailedLoginGetsTheSameAuthAnswerAndSessionContinues(string user, string password)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ConnectAsync(server);
        await client.SendAsync("USER " + user + "\r\n");
        Assert.StartsWith(user.Contains(' ') ? "-ERR too many arguments" : "+OK", await client.ReadLineAsync());
        Assert.Equal(user.Contains(' ') ? "-ERR send USER first" : "-ERR [AUTH] invalid user name or password",
            await CommandAsync(client, "PASS " + password));

        // RFC 1939 §7: after a failed PASS the client must start again with USER.
        Assert.Equal("-ERR send USER first", await CommandAsync(client, "PASS " + TestServer.Password));
        Assert.StartsWith("+OK", await CommandAsync(client, "USER alice@example.com"));
        Assert.StartsWith("+OK", await CommandAsync(client, "PASS " + TestServer.Password));
    }

    [Fact]
    public async Task PassWithoutUserIsRefused()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ConnectAsync(server);
        Assert.Equal("-ERR send USER first", await CommandAsync(client, "PASS " + TestServer.Password));
        Assert.Equal("-ERR missing argument: password", await CommandAsync(client, "PASS"));
        Assert.Equal("-ERR missing argument: user name", await CommandAsync(client, "USER"));
    }

    [Fact]
    public async Task SecondSessionOfSameUserGetsInUseUntilFirstEnds()
    {
        await using var server = await TestServer.StartAsync();
        await using var first = await LoginAsync(server);
        await using (var second = await ConnectAsync(server))
        {
            Assert.StartsWith("+OK", await CommandAsync(second, "USER alice@example.com"));
            Assert.Equal("-ERR [IN-USE] maildrop already locked",
                await CommandAsync(second, "PASS " + TestServer.Password));
            Assert.StartsWith("+OK", await CommandAsync(second, "CAPA"));
        }

        // Another user's maildrop is not affected.
        await using (var bob = await LoginAsync(server, "bob@example.com"))
        {
            Assert.Equal("+OK 0 0", await CommandAsync(bob, "STAT"));
        }

        Assert.StartsWith("+OK", await CommandAsync(first, "QUIT"));
        Assert.True(await first.IsClosedAsync());
        await using var third = await LoginAsync(server);
        Assert.Equal("+OK 0 0", await CommandAsync(third, "STAT"));
    }

    [Fact]
    public async Task TheMaildropIsFreeAsSoonAsQuitIsAnswered()
    {
        // A client that logs in again right after the +OK of QUIT (Python's poplib does), without waiting for
        // the connection to close, must not find its own previous session still holding the lock. With the lock
        // released after the reply this failed only when the old session's thread lost the CPU between the two
        // (seen in CI, poplib test); thirty tight rounds make that likelier, not certain.
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, "Subject: 0\r\n\r\nx\r\n");
        var client = await LoginAsync(server);
        for (var round = 1; round <= 30; round++)
        {
            // Every other round deletes a message, so QUIT goes through UPDATE (a store commit) before its +OK.
            if (round % 2 == 1)
            {
                Assert.StartsWith("+OK", await CommandAsync(client, "DELE 1"));
            }

            // The next session is connected and past USER already; its PASS goes out the moment QUIT is answered.
            await AddMessageAsync(server, $"Subject: {round}\r\n\r\nx\r\n");
            var next = await ConnectAsync(server);
            Assert.StartsWith("+OK", await CommandAsync(next, "USER " + Alice));
            Assert.StartsWith("+OK", await CommandAsync(client, "QUIT"));
            Assert.Equal("+OK maildrop locked and ready", await CommandAsync(next, "PASS " + TestServer.Password));
            await client.DisposeAsync();
            client = next;
        }

        await client.DisposeAsync();
        Assert.Equal(16, (await InboxAsync(server)).Count);
    }

    [Fact]
    public async Task DroppedConnectionReleasesTheLock()
    {
        await using var server = await TestServer.StartAsync();
        var first = await LoginAsync(server);
        await first.DisposeAsync();

        await using var next = await LoginWhenUnlockedAsync(server);
        Assert.Equal("+OK 0 0", await CommandAsync(next, "STAT"));
    }

    [Fact]
    public async Task CapaListsTheSameCapabilitiesInBothStates()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ConnectAsync(server);
        string[] expected =
        [
            "TOP", "UIDL", "USER", "SASL SCRAM-SHA-256 SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN", "STLS", "RESP-CODES",
            "AUTH-RESP-CODE", "PIPELINING", "IMPLEMENTATION Paloma",
        ];
        Assert.Equal(expected, await MultiLineAsync(client, "CAPA"));
        await CommandAsync(client, "USER alice@example.com");
        await CommandAsync(client, "PASS " + TestServer.Password);
        Assert.Equal(expected, await MultiLineAsync(client, "capa"));
        Assert.Equal("-ERR too many arguments: CAPA takes none", await CommandAsync(client, "CAPA x"));
    }

    [Fact]
    public async Task QuitInAuthorizationClosesTheSession()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ConnectAsync(server);
        Assert.StartsWith("+OK", await CommandAsync(client, "QUIT"));
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task PipelinedCommandsAreAnsweredInOrder()
    {
        await using var server = await TestServer.StartAsync();
        await AddMessageAsync(server, "Subject: one\r\n\r\nbody\r\n");
        await using var client = await ConnectAsync(server);

        // RFC 2449 §6.6 PIPELINING: all commands in one write.
        await client.SendAsync("USER alice@example.com\r\nPASS " + TestServer.Password
            + "\r\nSTAT\r\nLIST\r\nNOOP\r\nQUIT\r\n");
        string[] expected =
        [
            "+OK send PASS", "+OK maildrop locked and ready", "+OK 1 22", "+OK 1 messages (22 octets)", "1 22", ".",
            "+OK",
        ];
        foreach (var line in expected)
        {
            Assert.Equal(line, await client.ReadLineAsync());
        }

        Assert.StartsWith("+OK", await client.ReadLineAsync());
        Assert.True(await client.IsClosedAsync());
    }
}
