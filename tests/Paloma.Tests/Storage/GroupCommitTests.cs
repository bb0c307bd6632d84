using Paloma.Storage;
using Paloma.Tests.Support;

namespace Paloma.Tests.Storage;

/// <summary>
/// Concurrent local deliveries share commits (SqliteMailStore.Deliveries.cs); each must still end on its own:
/// committed with a UID of its own, or failed alone with its file removed.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task ConcurrentDeliveriesAllCommitAndOneBadDeliveryFailsAlone()
    {
        await using var server = await TestServer.StartAsync();
        var store = server.Server.Context.Store;
        var accounts = server.Server.Context.Accounts;
        var alice = (await accounts.FindUserAsync("alice@example.com"))!;
        var bob = (await accounts.FindUserAsync("bob@example.com"))!;
        const long NoSuchUser = 987_654;

        var tasks = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            using var spooled = await SpoolAsync(store, $"Subject: {i}\r\n\r\nbody {i}\r\n");
            long[] users = i == 30 ? [alice.Id, NoSuchUser] : i % 2 == 0 ? [alice.Id] : [alice.Id, bob.Id];
            return await store.DeliverAsync(spooled, users, DateTimeOffset.UtcNow);
        })).ToList();

        var failed = await Assert.ThrowsAnyAsync<Exception>(() => tasks[30]);
        Assert.IsNotType<OperationCanceledException>(failed);
        var blobIds = new List<long>();
        foreach (var task in tasks.Where((_, i) => i != 30))
        {
            blobIds.Add(await task);
        }

        Assert.Equal(59, blobIds.Distinct().Count());
        var aliceInbox = (await store.GetMailboxAsync(alice.Id, "INBOX"))!;
        var bobInbox = (await store.GetMailboxAsync(bob.Id, "INBOX"))!;
        var aliceMessages = await store.GetMessagesAsync(aliceInbox.Id);
        var bobMessages = await store.GetMessagesAsync(bobInbox.Id);

        // The failed delivery left nothing: not alice's copy (rolled back with its savepoint), not its file.
        Assert.Equal(59, aliceMessages.Count);
        Assert.Equal(30, bobMessages.Count);
        Assert.Equal(aliceMessages.Count, aliceMessages.Select(m => m.Uid).Distinct().Count());
        Assert.Equal(59, Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "messages"), "*.eml",
            SearchOption.AllDirectories).Count());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "tmp")));

        // Every committed message reads back whole.
        foreach (var message in aliceMessages)
        {
            using var reader = new StreamReader(store.OpenMessage(message.BlobId));
            Assert.StartsWith("Subject: ", await reader.ReadToEndAsync());
        }
    }

    [Fact]
    public async Task DeliveriesQueuedBehindACommitShareOneBatchAndFailAlone()
    {
        await using var server = await TestServer.StartAsync();
        var store = (SqliteMailStore)server.Server.Context.Store;
        var alice = (await server.Server.Context.Accounts.FindUserAsync("alice@example.com"))!;
        var messagesDirectory = Path.Combine(server.DataDirectory, "messages");
        var before = Directory.EnumerateFiles(messagesDirectory, "*.eml", SearchOption.AllDirectories).ToHashSet();

        // While the write lock is held (a commit running), ten deliveries queue up: eight good ones, one for a
        // user that does not exist (fails in its savepoint) and one whose spool file is gone (fails to move).
        var spooled = new List<SpooledMessage>();
        for (var i = 0; i < 10; i++)
        {
            spooled.Add(await SpoolAsync(store, $"Subject: batch {i}\r\n\r\nbody {i}\r\n"));
        }

        File.Delete(spooled[9].Path);
        await store.WriteLock.WaitAsync();
        List<Task<long>> tasks;
        try
        {
            tasks = spooled.Select((message, i) => Task.Run(() =>
                store.DeliverAsync(message, i == 8 ? [987_654] : [alice.Id], DateTimeOffset.UtcNow))).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (store.PendingDeliveries < 10 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.Equal(10, store.PendingDeliveries);
        }
        finally
        {
            store.WriteLock.Release();
        }

        await Assert.ThrowsAnyAsync<Exception>(() => tasks[8]);
        await Assert.ThrowsAnyAsync<Exception>(() => tasks[9]);
        var committed = new List<long>();
        foreach (var task in tasks.Take(8))
        {
            committed.Add(await task);
        }

        // One batch: the eight files went into one directory, fsynced once before the one commit.
        var inbox = (await store.GetMailboxAsync(alice.Id, "INBOX"))!;
        var messages = await store.GetMessagesAsync(inbox.Id);
        Assert.Equal(8, messages.Count);
        Assert.Equal(committed.Order(), messages.Select(m => m.BlobId).Order());
        var files = Directory.EnumerateFiles(messagesDirectory, "*.eml", SearchOption.AllDirectories)
            .Where(f => !before.Contains(f)).ToList();
        Assert.Equal(8, files.Count);
        Assert.Single(files.Select(Path.GetDirectoryName).Distinct());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "tmp")));
        spooled.ForEach(s => s.Dispose());
    }

    private static async Task<SpooledMessage> SpoolAsync(IMailStore store, string text)
    {
        await using var writer = store.Spool.Create();
        await writer.Stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text));
        return await writer.CompleteAsync();
    }
}
