using Paloma.Tests.Support;

namespace Paloma.Tests.Imap.SyncClients;

/// <summary>
/// One sync program against Paloma: a first sync of the 1,000-message account, then changes on both sides
/// (local deletions, flag changes, a new message and a new folder; server flags, expunges, new messages and a new
/// folder), a second sync after which both sides must be the same, and a third that must change nothing. Every
/// run must exit 0 and print no error.
/// </summary>
public sealed class SyncScenario : IAsyncDisposable
{
    private SyncScenario(TestServer server, SyncAccount account, string directory)
    {
        Server = server;
        Account = account;
        Directory = directory;
    }

    public TestServer Server { get; }

    public SyncAccount Account { get; }

    /// <summary>A fresh directory for the program's configuration, state and Maildir.</summary>
    public string Directory { get; }

    public int Port => Server.Imap.Port;

    public static async Task<SyncScenario> StartAsync()
    {
        var server = await TestServer.StartAsync();
        var account = await SyncAccount.CreateAsync(server);
        var directory = Path.Combine(Path.GetTempPath(), "paloma-sync-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return new SyncScenario(server, account, directory);
    }

    /// <param name="sync">Runs the program once.</param>
    /// <param name="folders">The Maildir folders by mailbox name, as the program lays them out.</param>
    /// <param name="folderPath">The directory a mailbox name maps to.</param>
    public async Task RunAsync(Func<Task<(int ExitCode, string Output)>> sync,
        Func<IReadOnlyDictionary<string, string>> folders, Func<string, string> folderPath)
    {
        await SyncOnceAsync(sync, "first sync");
        Assert.Equal(await Account.SnapshotAsync(), MaildirFolder.Snapshot(folders()));
        Assert.Equal(SyncAccount.InboxMessages, MaildirFolder.Snapshot(folders())["INBOX"].Count);

        MaildirFolder.ChangeLocally(folderPath("INBOX"), folderPath("Work"), folderPath("LocalNew"));
        await Account.ChangeOnServerAsync();
        await SyncOnceAsync(sync, "second sync");
        var server = await Account.SnapshotAsync();
        Assert.Equal(server, MaildirFolder.Snapshot(folders()));
        // 20 deleted locally, 20 expunged on the server, 3 new on the server.
        Assert.Equal(SyncAccount.InboxMessages - 40 + 3, server["INBOX"].Count);
        Assert.Contains("<local-1@sync> ", server["Work"]);
        Assert.Equal(["<local-2@sync> "], server["LocalNew"]);
        Assert.Equal(2, MaildirFolder.Snapshot(folders())["Remote/New"].Count);
        Assert.Contains(server["INBOX"], l => l.StartsWith("<inbox-2@sync> ", StringComparison.Ordinal)
            && l.Contains('F', StringComparison.Ordinal));
        Assert.Contains(server["INBOX"], l => l.StartsWith("<inbox-4@sync> ", StringComparison.Ordinal)
            && l.Contains('F', StringComparison.Ordinal));

        await SyncOnceAsync(sync, "third sync");
        Assert.Equal(server, await Account.SnapshotAsync());
        Assert.Equal(server, MaildirFolder.Snapshot(folders()));
    }

    private static async Task SyncOnceAsync(Func<Task<(int ExitCode, string Output)>> sync, string what)
    {
        var (exitCode, output) = await sync();
        Assert.True(exitCode == 0, $"{what} exited with {exitCode}:\n{output}");
        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
