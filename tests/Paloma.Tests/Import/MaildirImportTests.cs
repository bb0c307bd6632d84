using System.Diagnostics;
using System.Text;
using Paloma.Accounts;
using Paloma.Storage;
using Paloma.Tests.Support;
using Xunit.Abstractions;

namespace Paloma.Tests.Import;

/// <summary><c>paloma import maildir</c> on a generated Maildir++ tree of 10,000 small messages: folders,
/// flags and dates arrive, memory stays bounded, and a second run imports nothing new.</summary>
public sealed class MaildirImportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 10_000;
    private static readonly DateTime s_base = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "paloma-maildir-" + Guid.NewGuid().ToString("N"));

    private string Data => Path.Combine(_root, "data");

    private string Maildir => Path.Combine(_root, "Maildir");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        PasswordHasher.Iterations = 1000;
        using (var database = SqliteDatabase.Open(Data))
        {
            var accounts = new SqliteAccountStore(database, new SqliteMailStore(database, Data));
            await accounts.AddDomainAsync("example.com");
            await accounts.AddUserAsync("alice@example.com", "Secret-1");
        }

        string[] folders = [Maildir, Path.Combine(Maildir, ".Work"), Path.Combine(Maildir, ".Work.Projects")];
        foreach (var folder in folders)
        {
            foreach (var sub in new[] { "cur", "new", "tmp" })
            {
                Directory.CreateDirectory(Path.Combine(folder, sub));
            }
        }

        for (var i = 0; i < Messages; i++)
        {
            // Every third message in INBOX, then Work, then Work/Projects; every fifth still in new/.
            var folder = folders[i % 3];
            var unique = $"{1577836800 + i}.M{i}P1.host";
            var path = i % 5 == 0
                ? Path.Combine(folder, "new", unique)
                : Path.Combine(folder, "cur", unique + ":2," + (i % 2 == 0 ? "FS" : "RST"));
            await File.WriteAllTextAsync(path, $"From: x@example.org\nSubject: message {i}\n\nbody {i}\n");
            File.SetLastWriteTimeUtc(path, s_base.AddMinutes(i));
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TenThousandMessagesImportInBoundedMemoryAndARerunImportsNothing()
    {
        var config = Path.Combine(_root, "paloma.toml");
        await File.WriteAllTextAsync(config, $"[server]\ndata_dir = \"{Data}\"\n");

        var (exit, stdout, peak) = await RunImportAsync(config);
        output.WriteLine($"peak working set of the import: {peak / (1024 * 1024)} MB");
        Assert.True(exit == 0, stdout);
        Assert.Contains($"imported {Messages} message(s) in 3 folder(s); 0 already imported", stdout);
        Assert.True(peak < 300L * 1024 * 1024, $"peak working set {peak} octets");

        using (var database = SqliteDatabase.Open(Data))
        {
            var store = new SqliteMailStore(database, Data);
            var user = (await new SqliteAccountStore(database, store).FindUserAsync("alice@example.com"))!;
            var counts = new Dictionary<string, int>();
            foreach (var (name, index) in new[] { ("INBOX", 0), ("Work", 1), ("Work/Projects", 2) })
            {
                var mailbox = (await store.GetMailboxAsync(user.Id, name))!;
                var messages = await store.GetMessagesAsync(mailbox.Id);
                counts[name] = messages.Count;
                foreach (var message in messages.Take(50))
                {
                    await using var stream = store.OpenMessage(message.BlobId);
                    var text = await new StreamReader(stream, Encoding.Latin1).ReadToEndAsync();
                    var i = int.Parse(text.Split("Subject: message ")[1].Split("\r\n")[0]);
                    Assert.Equal(index, i % 3);
                    Assert.EndsWith($"\r\n\r\nbody {i}\r\n", text);
                    Assert.Equal(s_base.AddMinutes(i), message.InternalDate.UtcDateTime);
                    string[] expected = i % 5 == 0 ? []
                        : i % 2 == 0 ? ["\\Flagged", "\\Seen"] : ["\\Answered", "\\Deleted", "\\Seen"];
                    Assert.Equal(expected, message.Flags.Order(StringComparer.Ordinal));
                }
            }

            Assert.Equal(Messages, counts.Values.Sum());
            Assert.Equal(Messages / 3 + 1, counts["INBOX"]);
        }

        var (again, secondOut, _) = await RunImportAsync(config);
        Assert.Equal(0, again);
        Assert.Contains($"imported 0 message(s) in 3 folder(s); {Messages} already imported", secondOut);
    }

    /// <summary>Runs the import as a child process, sampling its peak working set while it runs.</summary>
    private async Task<(int Exit, string Stdout, long PeakWorkingSet)> RunImportAsync(string config)
    {
        var start = PalomaProcess.StartInfo(_root,
            ["import", "maildir", Maildir, "--user", "alice@example.com", "--config", config]);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            while (!process.HasExited)
            {
                try
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.PeakWorkingSet64);
                }
                catch (InvalidOperationException)
                {
                    // Exited between the check and the read.
                }

                await Task.Delay(200, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr, peak);
    }
}
