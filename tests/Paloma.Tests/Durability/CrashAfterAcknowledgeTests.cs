using System.Net.Sockets;
using System.Text;
using Paloma.Accounts;
using Paloma.Storage;
using Paloma.Tests.Support;

namespace Paloma.Tests.Durability;

/// <summary>
/// "A message acknowledged with 250 is on disk and survives a crash": the real server process is killed with
/// SIGKILL right after the 250, then the data directory is opened again and the message must be there.
/// </summary>
public sealed class CrashAfterAcknowledgeTests : IDisposable
{
    /// <summary>2 KB of body in lines of 100 octets.</summary>
    private static readonly string Body = string.Join("\r\n", Enumerable.Repeat(new string('x', 98), 20));

    private readonly string _dir = Directory.CreateTempSubdirectory("paloma-crash-").FullName;

    [Fact]
    public async Task MessageAcknowledgedWith250SurvivesKill9()
    {
        var config = await WriteConfigWithAliceAsync();

        const int count = 5;
        await using (var server = await PalomaProcess.StartServerAsync(_dir, config, "smtp"))
        {
            await using var client = await RawClient.ConnectAsync(server.Listeners["smtp"]);
            Assert.StartsWith("220", await client.ReadSmtpReplyAsync());
            await client.SendAsync("EHLO client.example.net\r\n");
            Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
            for (var i = 0; i < count; i++)
            {
                await client.SendAsync("MAIL FROM:<bob@example.net>\r\n");
                Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
                await client.SendAsync("RCPT TO:<alice@example.com>\r\n");
                Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
                await client.SendAsync("DATA\r\n");
                Assert.StartsWith("354", await client.ReadSmtpReplyAsync());
                await client.SendAsync($"Subject: crash test {i}\r\n\r\nmessage number {i}\r\n.\r\n");
                Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
            }

            // No QUIT, no graceful stop: the process dies the instant after the last 250.
            await server.KillAsync();
        }

        using var database = SqliteDatabase.Open(Path.Combine(_dir, "data"));
        var store = new SqliteMailStore(database, Path.Combine(_dir, "data"));
        var accounts = new SqliteAccountStore(database, store);
        var alice = (await accounts.FindUserAsync("alice@example.com"))!;
        var inbox = (await store.GetMailboxAsync(alice.Id, "INBOX"))!;
        var messages = await store.GetMessagesAsync(inbox.Id);
        Assert.Equal(count, messages.Count);
        for (var i = 0; i < count; i++)
        {
            using var reader = new StreamReader(store.OpenMessage(messages[i].BlobId), Encoding.Latin1);
            var text = await reader.ReadToEndAsync();
            Assert.Contains($"Subject: crash test {i}\r\n", text);
            Assert.EndsWith($"message number {i}\r\n", text);
        }
    }

    [Fact]
    public async Task MessagesAcknowledgedFromSharedCommitsSurviveKill9MidStream()
    {
        var config = await WriteConfigWithAliceAsync();

        // Eight sessions at once, so deliveries share commits (group commit); the process is killed while they
        // are still sending, some in the middle of DATA, some waiting for their commit.
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using (var server = await PalomaProcess.StartServerAsync(_dir, config, "smtp"))
        {
            var clients = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
            {
                try
                {
                    await using var client = await RawClient.ConnectAsync(server.Listeners["smtp"]);
                    Assert.StartsWith("220", await client.ReadSmtpReplyAsync());
                    await client.SendAsync("EHLO client.example.net\r\n");
                    Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
                    for (var i = 0; ; i++)
                    {
                        var subject = $"client {c} message {i}";
                        await client.SendAsync("MAIL FROM:<bob@example.net>\r\nRCPT TO:<alice@example.com>\r\n"
                            + "DATA\r\n");
                        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
                        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
                        Assert.StartsWith("354", await client.ReadSmtpReplyAsync());
                        await client.SendAsync($"Subject: {subject}\r\n\r\n{Body}\r\n.\r\n");
                        Assert.StartsWith("250", await client.ReadSmtpReplyAsync());
                        acknowledged.Add(subject);
                    }
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
                {
                    // The server died under this session: what it acknowledged before is what counts.
                }
            })).ToList();

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (acknowledged.Count < 80 && DateTime.UtcNow < deadline && clients.All(t => !t.IsCompleted))
            {
                await Task.Delay(5);
            }

            await server.KillAsync();
            await Task.WhenAll(clients);
        }

        Assert.True(acknowledged.Count >= 80, $"only {acknowledged.Count} messages acknowledged before the kill");
        using var database = SqliteDatabase.Open(Path.Combine(_dir, "data"));
        var store = new SqliteMailStore(database, Path.Combine(_dir, "data"));
        var alice = (await new SqliteAccountStore(database, store).FindUserAsync("alice@example.com"))!;
        var inbox = (await store.GetMailboxAsync(alice.Id, "INBOX"))!;
        var subjects = new List<string>();
        foreach (var message in await store.GetMessagesAsync(inbox.Id))
        {
            using var reader = new StreamReader(store.OpenMessage(message.BlobId), Encoding.Latin1);
            var text = await reader.ReadToEndAsync();
            Assert.EndsWith(Body + "\r\n", text);
            subjects.Add(text.Split("Subject: ")[1].Split("\r\n")[0]);
        }

        // Every 250 is in the mailbox, whole, once; a message committed whose 250 the kill cut off may be too.
        Assert.Equal(subjects.Count, subjects.Distinct().Count());
        Assert.Empty(acknowledged.Except(subjects));
    }

    /// <summary>paloma.toml in the test's directory, and the user alice@example.com made with the real program.
    /// </summary>
    private async Task<string> WriteConfigWithAliceAsync()
    {
        var config = await ProcessConfig.WriteAsync(_dir);
        Assert.Equal(0, (await PalomaProcess.RunAsync(_dir, null, "domain", "add", "example.com", "--config", config))
            .ExitCode);
        Assert.Equal(0, (await PalomaProcess.RunAsync(_dir, "Secret-1\n", "user", "add", "alice@example.com",
            "--password-stdin", "--config", config)).ExitCode);
        return config;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
