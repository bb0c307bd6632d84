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
    private readonly string _dir = Directory.CreateTempSubdirectory("paloma-crash-").FullName;

    [Fact]
    public async Task MessageAcknowledgedWith250SurvivesKill9()
    {
        var config = await ProcessConfig.WriteAsync(_dir);
        Assert.Equal(0, (await PalomaProcess.RunAsync(_dir, null, "domain", "add", "example.com", "--config", config))
            .ExitCode);
        Assert.Equal(0, (await PalomaProcess.RunAsync(_dir, "Secret-1\n", "user", "add", "alice@example.com",
            "--password-stdin", "--config", config)).ExitCode);

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

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
