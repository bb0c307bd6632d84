using System.Text;
using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>A <see cref="RawClient"/> with SMTP helpers: send one command, check the reply's code.</summary>
internal sealed class SmtpTestClient : IAsyncDisposable
{
    private SmtpTestClient(RawClient raw)
    {
        Raw = raw;
    }

    public RawClient Raw { get; }

    /// <summary>Connects, checks the 220 greeting and, unless told otherwise, says EHLO.</summary>
    public static async Task<SmtpTestClient> ConnectAsync(TestServer server, bool ehlo = true,
        System.Net.IPEndPoint? endPoint = null)
    {
        var client = new SmtpTestClient(await RawClient.ConnectAsync(endPoint ?? server.Smtp));
        Assert.StartsWith("220 ", await client.Raw.ReadSmtpReplyAsync());
        if (ehlo)
        {
            await client.ExpectAsync("EHLO client.example.net", "250 ");
        }

        return client;
    }

    /// <summary>Sends <paramref name="line"/> plus CRLF and returns the whole reply.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await Raw.SendAsync(line + "\r\n");
        return await Raw.ReadSmtpReplyAsync();
    }

    /// <summary>Sends a command and asserts the last reply line starts with <paramref name="expected"/>.</summary>
    public async Task<string> ExpectAsync(string line, string expected)
    {
        var reply = await CommandAsync(line);
        AssertReply(expected, reply);
        return reply;
    }

    public async Task<string> ExpectRawAsync(string raw, string expected)
    {
        await Raw.SendAsync(raw);
        var reply = await Raw.ReadSmtpReplyAsync();
        AssertReply(expected, reply);
        return reply;
    }

    public async Task<string> ExpectRawAsync(byte[] raw, string expected)
    {
        await Raw.SendAsync(raw);
        var reply = await Raw.ReadSmtpReplyAsync();
        AssertReply(expected, reply);
        return reply;
    }

    /// <summary>Asserts the session still answers commands.</summary>
    public Task AssertAliveAsync() => ExpectAsync("NOOP", "250 2.0.0");

    /// <summary>MAIL, RCPT, DATA, the data (already stuffed, ending with CRLF.CRLF) and the final reply.</summary>
    public async Task<string> SendMessageAsync(string from, string to, string data)
    {
        await ExpectAsync($"MAIL FROM:<{from}>", "250 2.1.0");
        await ExpectAsync($"RCPT TO:<{to}>", "250 2.1.5");
        await ExpectAsync("DATA", "354 ");
        await Raw.SendAsync(data);
        return await Raw.ReadSmtpReplyAsync();
    }

    public static void AssertReply(string expected, string reply)
    {
        var last = reply.Split('\n')[^1];
        Assert.True(last.StartsWith(expected, StringComparison.Ordinal),
            $"expected a reply starting \"{expected}\", got \"{reply}\"");
    }

    public ValueTask DisposeAsync() => Raw.DisposeAsync();
}

/// <summary>Reads what the store holds for a user, as Latin-1 text (byte-exact both ways).</summary>
internal static class Inbox
{
    public static async Task<List<string>> ReadAsync(TestServer server, string address)
    {
        var context = server.Server.Context;
        var user = (await context.Accounts.FindUserAsync(address))!;
        var inbox = (await context.Store.GetMailboxAsync(user.Id, "INBOX"))!;
        var messages = new List<string>();
        foreach (var message in await context.Store.GetMessagesAsync(inbox.Id))
        {
            await using var stream = context.Store.OpenMessage(message.BlobId);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            messages.Add(Encoding.Latin1.GetString(copy.ToArray()));
        }

        return messages;
    }

    /// <summary>The part after our Return-Path: and Received: lines.</summary>
    public static string Content(string message)
    {
        Assert.StartsWith("Return-Path: ", message);
        var received = message.IndexOf("\r\nReceived: ", StringComparison.Ordinal);
        Assert.True(received > 0, "no Received: header");
        var end = message.IndexOf(";\r\n\t", received, StringComparison.Ordinal);
        var lineEnd = message.IndexOf("\r\n", end + 4, StringComparison.Ordinal);
        return message[(lineEnd + 2)..];
    }
}
