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

    private static async Task<SpooledMessage> SpoolAsync(IMailStore store, string text)
    {
        await using var writer = store.Spool.Create();
        await writer.Stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text));
        return await writer.CompleteAsync();
    }
}
