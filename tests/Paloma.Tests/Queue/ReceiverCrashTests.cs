using System.Net;
using System.Text;
using Paloma.Accounts;
using Paloma.Storage;
using Paloma.Tests.Support;

namespace Paloma.Tests.Queue;

/// <summary>
/// Two real Paloma processes: A accepts a message from a RELAY client and relays it by MX to B, which is killed
/// with SIGKILL right after its 250 reached A. After B restarts on the same data directory the message is in
/// the recipient's INBOX exactly once, and A does not send it again.
/// </summary>
public sealed class ReceiverCrashTests : IAsyncLifetime
{
    private readonly string _dirA = Directory.CreateTempSubdirectory("paloma-relay-a-").FullName;
    private readonly string _dirB = Directory.CreateTempSubdirectory("paloma-relay-b-").FullName;
    private readonly FakeDnsServer _dns = new();
    private readonly List<PalomaProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _dns.DisposeAsync();
        Directory.Delete(_dirA, recursive: true);
        Directory.Delete(_dirB, recursive: true);
    }

    [Fact]
    public async Task MessageIsInTheMailboxOnceAfterTheReceiverIsKilledRightAfterIts250()
    {
        var configB = await ProcessConfig.WriteAsync(_dirB, "mx.example.org");
        Assert.Equal(0, (await PalomaProcess.RunAsync(_dirB, null, "domain", "add", "example.org", "--config",
            configB)).ExitCode);
        Assert.Equal(0, (await PalomaProcess.RunAsync(_dirB, "Secret-1\n", "user", "add", "dave@example.org",
            "--password-stdin", "--config", configB)).ExitCode);
        var b = await StartAsync(_dirB, configB);

        _dns.Mx("example.org", 10, "mx.example.org").A("mx.example.org", IPAddress.Loopback);
        var configA = await ProcessConfig.WriteAsync(_dirA, "mx.example.com", $"""
            [access]
            rules = ["Connect:127.0.0.1 RELAY"]
            [dns]
            servers = ["{_dns.EndPoint}"]
            [transport]
            smtp_port = {b.Listeners["smtp"].Port}
            [queue]
            retry_schedule = ["1s"]
            scan_interval = "1s"
            """);
        var a = await StartAsync(_dirA, configA);

        await using (var client = await RawClient.ConnectAsync(a.Listeners["smtp"]))
        {
            Assert.StartsWith("220", await client.ReadSmtpReplyAsync());
            await client.SendAsync("EHLO client.example.net\r\n");
            Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
            await client.SendAsync("MAIL FROM:<alice@example.com>\r\n");
            Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
            await client.SendAsync("RCPT TO:<dave@example.org>\r\n");
            Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
            await client.SendAsync("DATA\r\n");
            Assert.StartsWith("354", await client.ReadSmtpReplyAsync());
            await client.SendAsync("Subject: relayed once\r\n\r\nacross the crash\r\n.\r\n");
            Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
        }

        // A logs the delivery as soon as B's 250 to DATA has reached it; B dies the instant after.
        await PollAsync(() => a.Output.Any(l => l.Contains("queue delivered") && l.Contains("dave@example.org")));
        await b.KillAsync();

        // B's start-up recovery (spool clean-up, database) must neither lose nor repeat the stored message.
        await StartAsync(_dirB, configB);
        // A recorded the delivery, so it has nothing left to send again.
        var queue = await PalomaProcess.RunAsync(_dirA, null, "queue", "list", "--config", configA);
        Assert.DoesNotContain("dave@example.org", queue.Stdout);

        var inbox = await ReadInboxAsync(_dirB, "dave@example.org");
        var message = Assert.Single(inbox);
        Assert.Contains("Subject: relayed once\r\n", message);
        Assert.EndsWith("across the crash\r\n", message);
    }

    private async Task<PalomaProcess> StartAsync(string dir, string config)
    {
        var process = await PalomaProcess.StartServerAsync(dir, config, "smtp");
        _processes.Add(process);
        return process;
    }

    /// <summary>Reads the mailbox straight from the data directory, as the crash tests do; SQLite lets this run
    /// beside the restarted server.</summary>
    private static async Task<List<string>> ReadInboxAsync(string dir, string address)
    {
        var data = Path.Combine(dir, "data");
        using var database = SqliteDatabase.Open(data);
        var store = new SqliteMailStore(database, data);
        var accounts = new SqliteAccountStore(database, store);
        var user = (await accounts.FindUserAsync(address))!;
        var inbox = (await store.GetMailboxAsync(user.Id, "INBOX"))!;
        var result = new List<string>();
        foreach (var message in await store.GetMessagesAsync(inbox.Id))
        {
            using var reader = new StreamReader(store.OpenMessage(message.BlobId), Encoding.Latin1);
            result.Add(await reader.ReadToEndAsync());
        }

        return result;
    }

    private static async Task PollAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
