using Microsoft.Extensions.Logging;
using Paloma.Tests.Support;
using static Paloma.Tests.Pop3.Pop3Test;

namespace Paloma.Tests.Pop3;

public sealed class MalformedInputTests
{
    [Fact]
    public async Task C11_NulAndNonUtf8OctetsGetOneErrorAndSessionContinues()
    {
        await using var server = await TestServer.StartAsync();
        await RunC11Async(server);
    }

    [Fact]
    public async Task C09_OverlongLinesGetLineTooLongAndExactLimitIsAccepted()
    {
        await using var server = await TestServer.StartAsync();
        await RunC09Async(server);
    }

    [Fact]
    public async Task BareLfAndOtherLineShapesGetPreciseErrors()
    {
        await using var server = await TestServer.StartAsync();
        await RunLineShapesAsync(server);
    }

    [Fact]
    public async Task MalformedInputLogsNothingAtWarningOrAbove()
    {
        await using var server = await TestServer.StartAsync();
        await RunC11Async(server);
        await RunC09Async(server);
        await RunLineShapesAsync(server);
        await using (var client = await ConnectAsync(server))
        {
            Assert.StartsWith("-ERR [AUTH]", await SendLoginAsync(client, "alice@example.com", "wrong"));
        }

        Assert.Contains(server.Logs.Entries, e => e.Message.Contains("pop3 refused"));
        var loud = server.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.True(loud.Count == 0, string.Join("\n", loud));
    }

    private static async Task RunC11Async(TestServer server)
    {
        await using var client = await ConnectAsync(server);
        await client.SendAsync([.. "USER alice@example.com"u8, 0xC0, .. "\r\n"u8]);
        Assert.Equal("-ERR command is not valid UTF-8", await client.ReadLineAsync());
        await client.SendAsync("NOOP\0\r\n");
        Assert.Equal("-ERR NUL octet in command", await client.ReadLineAsync());
        await client.SendAsync("USER alice@example.com\0\r\n");
        Assert.Equal("-ERR NUL octet in command", await client.ReadLineAsync());
        await client.SendAsync("US\0ER x\r\n");
        Assert.Equal("-ERR NUL octet in command", await client.ReadLineAsync());

        Assert.Equal("+OK maildrop locked and ready", await SendLoginAsync(client, "alice@example.com",
            TestServer.Password));
        await client.SendAsync("STAT\0\r\n");
        Assert.Equal("-ERR NUL octet in command", await client.ReadLineAsync());
        await client.SendAsync([.. "RETR 1"u8, 0xE9, .. "\r\n"u8]);
        Assert.Equal("-ERR command is not valid UTF-8", await client.ReadLineAsync());
        await client.SendAsync([.. "PASS "u8, 0xFF, 0xFE, .. "\r\n"u8]);
        Assert.Equal("-ERR command is not valid UTF-8", await client.ReadLineAsync());
        Assert.StartsWith("+OK", await CommandAsync(client, "STAT"));
        Assert.StartsWith("+OK", await CommandAsync(client, "QUIT"));
    }

    private static async Task RunC09Async(TestServer server)
    {
        await using var client = await ConnectAsync(server);

        // RFC 2449 §4: 255 octets including CRLF must be accepted; one more is too long.
        var exact = "USER " + new string('a', 255 - 5 - 2);
        Assert.Equal("+OK send PASS", await CommandAsync(client, exact));
        Assert.Equal("-ERR line too long", await CommandAsync(client, exact + "a"));
        Assert.Equal("-ERR line too long", await CommandAsync(client, "USER " + new string('x', 10_000)));
        Assert.Equal("-ERR line too long", await CommandAsync(client, new string('x', 100_000)));

        Assert.Equal("+OK maildrop locked and ready", await SendLoginAsync(client, "alice@example.com",
            TestServer.Password));
        Assert.Equal("-ERR line too long", await CommandAsync(client, "LIST " + new string('1', 300)));
        Assert.Equal("-ERR no such message", await CommandAsync(client, "LIST " + new string('1', 200)));

        // An overlong line sent in small pieces is still one error.
        await client.SendAsync("NOOP " + new string(' ', 200));
        await client.SendAsync(new string(' ', 200));
        await client.SendAsync("\r\n");
        Assert.Equal("-ERR line too long", await client.ReadLineAsync());
        Assert.Equal("+OK", await CommandAsync(client, "NOOP"));
        Assert.StartsWith("+OK", await CommandAsync(client, "QUIT"));
    }

    private static async Task RunLineShapesAsync(TestServer server)
    {
        await using var client = await ConnectAsync(server);
        await client.SendAsync("CAPA\n");
        Assert.Equal("-ERR command line must end with CRLF", await client.ReadLineAsync());
        await client.SendAsync("NO\rOP\r\n");
        Assert.Equal("-ERR control character in command", await client.ReadLineAsync());
        Assert.Equal("-ERR unknown command", await CommandAsync(client, ""));
        Assert.Equal("-ERR unknown command", await CommandAsync(client, "HELO x"));
        Assert.Equal("-ERR unknown command", await CommandAsync(client, "APOP alice 0123456789abcdef"));
        Assert.Equal("-ERR unknown command", await CommandAsync(client, "GET / HTTP/1.1"));
        Assert.Equal("-ERR command not valid in this state", await CommandAsync(client, "RETR 1"));

        Assert.Equal("+OK maildrop locked and ready", await SendLoginAsync(client, "alice@example.com",
            TestServer.Password));
        await client.SendAsync("STAT\n");
        Assert.Equal("-ERR command line must end with CRLF", await client.ReadLineAsync());
        await client.SendAsync("LIST\t1\r\n");
        Assert.Equal("-ERR control character in command", await client.ReadLineAsync());
        Assert.Equal("-ERR unknown command", await CommandAsync(client, "STATS"));
        Assert.StartsWith("+OK", await CommandAsync(client, "stat"));
        Assert.StartsWith("+OK", await CommandAsync(client, "QUIT"));
    }

    private static async Task<string> SendLoginAsync(RawClient client, string user, string password)
    {
        Assert.StartsWith("+OK", await CommandAsync(client, "USER " + user));
        return await CommandAsync(client, "PASS " + password);
    }
}
