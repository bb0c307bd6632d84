using System.Text;
using Paloma.Tests.Support;

namespace Paloma.Tests.Imap;

/// <summary>
/// A transcript helper over <see cref="RawClient"/>: sends exactly the given octets and collects the response lines
/// up to the tagged completion, so tests read like the RFC 3501 examples.
/// </summary>
public sealed class ImapTestClient : IAsyncDisposable
{
    private ImapTestClient(RawClient raw, string greeting)
    {
        Raw = raw;
        Greeting = greeting;
    }

    public RawClient Raw { get; }

    public string Greeting { get; }

    public static async Task<ImapTestClient> ConnectAsync(TestServer server)
    {
        var raw = await RawClient.ConnectAsync(server.Imap);
        var greeting = await raw.ReadLineAsync() ?? throw new IOException("no greeting");
        return new ImapTestClient(raw, greeting);
    }

    /// <summary>Connects and logs in as <paramref name="user"/>, and selects <paramref name="select"/> if given.
    /// </summary>
    public static async Task<ImapTestClient> LoginAsync(TestServer server, string user = "alice@example.com",
        string? select = null)
    {
        var client = await ConnectAsync(server);
        await client.ExpectOkAsync($"L1 LOGIN {user} {TestServer.Password}");
        if (select is not null)
        {
            await client.ExpectOkAsync($"S1 SELECT {select}");
        }

        return client;
    }

    /// <summary>Sends "<paramref name="line"/>\r\n" and returns every line up to and including the tagged one.
    /// </summary>
    public Task<List<string>> CommandAsync(string line) => SendAndReadAsync(line + "\r\n", line.Split(' ')[0]);

    public async Task<List<string>> SendAndReadAsync(string octets, string tag)
    {
        await Raw.SendAsync(octets);
        return await ReadTaggedAsync(tag);
    }

    public Task<List<string>> ReadTaggedAsync(string tag) => Raw.ReadUntilAsync(tag + " ");

    /// <summary>Sends a command and asserts its tagged response is OK; returns all lines.</summary>
    public async Task<List<string>> ExpectOkAsync(string line)
    {
        var lines = await CommandAsync(line);
        Assert.StartsWith(line.Split(' ')[0] + " OK", lines[^1]);
        return lines;
    }

    /// <summary>Sends a command and asserts the tagged status ("NO", "BAD").</summary>
    public async Task<List<string>> ExpectAsync(string line, string status)
    {
        var lines = await CommandAsync(line);
        Assert.StartsWith(line.Split(' ')[0] + " " + status, lines[^1]);
        return lines;
    }

    /// <summary>The session still works: NOOP gets OK.</summary>
    public Task StillAliveAsync() => ExpectOkAsync("Z9 NOOP");

    /// <summary>Appends a message through APPEND with a synchronising literal; returns the tagged line.</summary>
    public async Task<string> AppendAsync(string mailbox, string message, string options = "")
    {
        var bytes = Encoding.UTF8.GetByteCount(message);
        await Raw.SendAsync($"AP APPEND {mailbox} {options}{(options.Length > 0 ? " " : "")}{{{bytes}}}\r\n");
        var cont = await Raw.ReadLineAsync();
        Assert.StartsWith("+", cont);
        await Raw.SendAsync(Encoding.UTF8.GetBytes(message + "\r\n"));
        var lines = await ReadTaggedAsync("AP");
        Assert.StartsWith("AP OK", lines[^1]);
        return lines[^1];
    }

    public ValueTask DisposeAsync() => Raw.DisposeAsync();
}
