using System.Text.RegularExpressions;
using Paloma.Tests.Support;

namespace Paloma.Tests.Queue;

/// <summary>
/// Issue 6: <c>kill -9</c> of the sending instance mid-queue. The real program accepts several messages from a
/// RELAY client for a remote domain whose next hop answers 4xx, dies by SIGKILL while they wait, and after a
/// restart on the same data directory (the next hop now accepting) delivers every one exactly once.
/// </summary>
public sealed partial class SenderCrashTests : IAsyncLifetime
{
    private const int Count = 5;

    private readonly string _dir = Directory.CreateTempSubdirectory("paloma-sender-crash-").FullName;
    private readonly FakeSmtpServer _next = new();
    private volatile bool _accepting;

    public Task InitializeAsync()
    {
        // Until the switch, every MAIL gets a transient refusal, so the queue keeps the messages and retries.
        _next.Script = line => !_accepting && line.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase)
            ? "451 4.3.0 try again later"
            : null;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _next.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task EveryQueuedMessageIsDeliveredExactlyOnceAfterKill9AndRestart()
    {
        var config = await ProcessConfig.WriteAsync(_dir, extra: $"""
            [access]
            rules = ["Connect:127.0.0.1 RELAY"]
            [transport]
            routes = ["example.org=127.0.0.1:{_next.EndPoint.Port}"]
            [queue]
            retry_schedule = ["1s"]
            scan_interval = "1s"
            """);

        var ids = new List<string>();
        await using (var server = await PalomaProcess.StartServerAsync(_dir, config, "smtp"))
        {
            await using var client = await RawClient.ConnectAsync(server.Listeners["smtp"]);
            Assert.StartsWith("220", await client.ReadSmtpReplyAsync());
            await client.SendAsync("EHLO client.example.net\r\n");
            Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
            for (var i = 0; i < Count; i++)
            {
                await client.SendAsync("MAIL FROM:<alice@example.com>\r\n");
                Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
                await client.SendAsync($"RCPT TO:<r{i}@example.org>\r\n");
                Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
                await client.SendAsync("DATA\r\n");
                Assert.StartsWith("354", await client.ReadSmtpReplyAsync());
                await client.SendAsync($"Subject: queued {i}\r\n\r\nmessage {i}\r\n.\r\n");
                var reply = await client.ReadSmtpReplyAsync();
                Assert.StartsWith("250", reply);
                ids.Add(QueuedAs().Match(reply).Groups[1].Value);
            }

            // Mid-queue: the next hop has refused at least one attempt, and nothing has been delivered.
            await PollAsync(() => _next.Commands.Any(c => c.StartsWith("MAIL", StringComparison.Ordinal)));
            await server.KillAsync();
        }

        Assert.Empty(_next.Messages);
        Assert.Equal(Count, ids.Where(id => id.Length > 0).Distinct().Count());
        var listed = await PalomaProcess.RunAsync(_dir, null, "queue", "list", "--config", config);
        Assert.All(ids, id => Assert.Contains(id, listed.Stdout));

        _accepting = true;
        await using (var server = await PalomaProcess.StartServerAsync(_dir, config, "smtp"))
        {
            await PollAsync(() => _next.Messages.Count >= Count);
            // An empty queue means no further attempt can come, so the count below is final.
            await PollAsync(async () => QueuedIds((await PalomaProcess.RunAsync(_dir, null, "queue", "list",
                "--config", config)).Stdout) == 0);
        }

        var received = _next.Messages.ToList();
        Assert.Equal(Count, received.Count);
        var rcpts = received.Select(m => Assert.Single(m.RcptTo)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"RCPT TO:<r{i}@example.org>"), rcpts);
        for (var i = 0; i < Count; i++)
        {
            Assert.Single(received, m => m.Text.Contains($"Subject: queued {i}\r\n"));
        }
    }

    private static int QueuedIds(string listing) =>
        listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => !l.StartsWith("ID "));

    private static Task PollAsync(Func<bool> done) => PollAsync(() => Task.FromResult(done()));

    private static async Task PollAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"queued as (\S+)")]
    private static partial Regex QueuedAs();
}
