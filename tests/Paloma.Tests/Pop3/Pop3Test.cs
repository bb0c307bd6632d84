using System.Text;
using Paloma.Storage;
using Paloma.Tests.Support;

namespace Paloma.Tests.Pop3;

/// <summary>Shared steps of the POP3 transcript tests: filling alice's INBOX, logging in, reading responses.</summary>
internal static class Pop3Test
{
    public const string Alice = "alice@example.com";

    public static async Task<uint> AddMessageAsync(TestServer server, string text, string user = Alice)
    {
        var store = server.Server.Context.Store;
        var account = (await server.Server.Context.Accounts.FindUserAsync(user))!;
        var inbox = (await store.GetMailboxAsync(account.Id, "INBOX"))!;
        await using var writer = store.Spool.Create();
        await writer.Stream.WriteAsync(Encoding.Latin1.GetBytes(text));
        using var spooled = await writer.CompleteAsync();
        return (await store.AppendAsync(inbox.Id, spooled, [], DateTimeOffset.UtcNow)).Uid;
    }

    public static async Task<IReadOnlyList<MessageInfo>> InboxAsync(TestServer server, string user = Alice)
    {
        var store = server.Server.Context.Store;
        var account = (await server.Server.Context.Accounts.FindUserAsync(user))!;
        var inbox = (await store.GetMailboxAsync(account.Id, "INBOX"))!;
        return await store.GetMessagesAsync(inbox.Id);
    }

    public static async Task<RawClient> ConnectAsync(TestServer server)
    {
        var client = await RawClient.ConnectAsync(server.Pop3);
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        return client;
    }

    public static async Task<RawClient> LoginAsync(TestServer server, string user = Alice)
    {
        var client = await ConnectAsync(server);
        Assert.StartsWith("+OK", await CommandAsync(client, "USER " + user));
        Assert.StartsWith("+OK", await CommandAsync(client, "PASS " + TestServer.Password));
        return client;
    }

    /// <summary>
    /// Logs in once the previous session's lock is gone: a dropped connection releases it only when the server
    /// notices the close, so this retries on [IN-USE] until the client timeout.
    /// </summary>
    public static async Task<RawClient> LoginWhenUnlockedAsync(TestServer server)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var client = await ConnectAsync(server);
            await CommandAsync(client, "USER " + Alice);
            var reply = await CommandAsync(client, "PASS " + TestServer.Password);
            if (reply.StartsWith("+OK", StringComparison.Ordinal))
            {
                return client;
            }

            Assert.Equal("-ERR [IN-USE] maildrop already locked", reply);
            await client.DisposeAsync();
            await Task.Delay(20, cts.Token);
        }
    }

    /// <summary>Sends one line with CRLF and returns the status line.</summary>
    public static async Task<string> CommandAsync(RawClient client, string line)
    {
        await client.SendAsync(line + "\r\n");
        return await client.ReadLineAsync() ?? throw new IOException("connection closed after " + line);
    }

    /// <summary>Sends a command expecting a multi-line answer; returns the lines between status and ".".</summary>
    public static async Task<List<string>> MultiLineAsync(RawClient client, string line)
    {
        var status = await CommandAsync(client, line);
        Assert.StartsWith("+OK", status);
        var lines = new List<string>();
        while (true)
        {
            var next = await client.ReadLineAsync() ?? throw new IOException("closed inside a multi-line answer");
            if (next == ".")
            {
                return lines;
            }

            lines.Add(next);
        }
    }

    /// <summary>
    /// Sends a command and returns the raw octets of its whole answer up to and including CRLF.CRLF, so tests
    /// can check line ends and stuffing exactly. Valid only when nothing else is buffered in the client.
    /// </summary>
    public static async Task<string> RawMultiLineAsync(RawClient client, string line)
    {
        await client.SendAsync(line + "\r\n");
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(client.Timeout);
        while (!EndsWithTerminator(received))
        {
            var n = await client.Stream.ReadAsync(buffer, cts.Token);
            if (n == 0)
            {
                throw new IOException("closed inside a multi-line answer");
            }

            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    private static bool EndsWithTerminator(List<byte> received)
    {
        var text = Encoding.Latin1.GetString(received.ToArray());
        return text.StartsWith("-ERR", StringComparison.Ordinal) && text.EndsWith("\r\n", StringComparison.Ordinal)
            || text.EndsWith("\r\n.\r\n", StringComparison.Ordinal);
    }
}
