using System.Text;
using Microsoft.Extensions.Logging;
using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>
/// Malformed input for every command: over-long line, missing argument, bad syntax, NUL, bare LF, bare CR.
/// Each gets one precise reply and the session lives on; none of it is logged above Debug (STYLE §11).
/// </summary>
public sealed class MalformedInputTests
{
    private static readonly string[] s_commands = ["EHLO", "HELO", "MAIL", "RCPT", "DATA", "RSET", "NOOP", "QUIT",
        "HELP", "VRFY", "EXPN"];

    public static TheoryData<string, string> Transcripts()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in s_commands)
        {
            data.Add(command + " " + new string('x', 600) + "\r\n", "500 5.5.2");
            data.Add(command + " a\0b\r\n", "500 5.5.2");
            data.Add(command + "\0\r\n", "500 5.5.2");
            data.Add(command + " x\n", "500 5.5.2");
            data.Add(command + "\n", "500 5.5.2");
            data.Add(command + " a\rb\r\n", "500 5.5.2");
            data.Add(command + " \xFF\xFE\r\n", "500 5.5.2");
        }

        data.Add("EHLO\r\n", "501 5.5.4");
        data.Add("HELO\r\n", "501 5.5.4");
        data.Add("EHLO a b\r\n", "501 5.5.4");
        data.Add("MAIL\r\n", "501 5.5.4");
        data.Add("MAIL FROM\r\n", "501 5.5.4");
        data.Add("MAIL FROM:<a@b@c>\r\n", "501 5.1.7");
        data.Add("MAIL FROM:<a@b.c> SIZE=x\r\n", "501 5.5.4");
        data.Add("MAIL FROM:<a@b.c> UNKNOWN=1\r\n", "555 5.5.4");
        data.Add("VRFY\r\n", "501 5.5.4");
        data.Add("RSET x\r\n", "501 5.5.4");
        data.Add("QUIT x\r\n", "501 5.5.4");
        data.Add("\r\n", "500 5.5.1");
        data.Add(" NOOP\r\n", "500 5.5.1");
        data.Add("GET / HTTP/1.1\r\n", "500 5.5.1");
        return data;
    }

    [Theory]
    [MemberData(nameof(Transcripts))]
    public async Task MalformedCommandGetsOneReplyAndSessionLives(string input, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectRawAsync(Encoding.Latin1.GetBytes(input), expected);
        await client.AssertAliveAsync();
    }

    [Fact]
    public async Task MalformedRcptAndDataInATransactionKeepTheTransaction()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT", "501 5.5.4");
        await client.ExpectAsync("RCPT TO:<alice@", "501 5.1.3");
        await client.ExpectRawAsync("RCPT TO:<alice@example.com>\n", "500 5.5.2");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA x", "501 5.5.4");
        await client.ExpectRawAsync("DATA\n", "500 5.5.2");
        await client.ExpectAsync("DATA", "354 ");
        await client.ExpectRawAsync("x\r\n.\r\n", "250 2.0.0");
    }

    [Fact]
    public async Task MalformedInputIsNeverLoggedAboveDebug()
    {
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxMessageBytes = 2000);
        foreach (var (input, expected) in Transcripts().Select(row => ((string)row[0], (string)row[1])))
        {
            await using var client = await SmtpTestClient.ConnectAsync(server);
            await client.ExpectRawAsync(Encoding.Latin1.GetBytes(input), expected);
        }

        await using (var client = await SmtpTestClient.ConnectAsync(server))
        {
            foreach (var data in new[] { "a\nb\r\n.\r\n", "a\0b\r\n.\r\n", new string('y', 3000) + "\r\n.\r\n" })
            {
                var reply = await client.SendMessageAsync("carol@example.net", "alice@example.com", data);
                Assert.StartsWith("5", reply);
            }

            await client.ExpectAsync("MAIL FROM:<carol@example.net> SIZE=999999", "552 5.3.4");
        }

        var loud = server.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(loud.Count == 0, string.Join("\n", loud.Select(e => $"{e.Level}: {e.Message}")));
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Debug && e.Message.Contains("protocol error"));
    }
}
