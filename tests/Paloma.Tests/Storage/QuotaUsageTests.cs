using Microsoft.Data.Sqlite;
using Paloma.Storage;
using Paloma.Tests.Support;

namespace Paloma.Tests.Storage;

/// <summary>
/// The storage in use that quota checks read (RFC 9208 STORAGE) is a running total kept by triggers; after every
/// kind of change it must equal the sum of the sizes of the user's messages, counted afresh from the tables.
/// </summary>
public sealed class QuotaUsageTests
{
    [Fact]
    public async Task RunningTotalMatchesTheMessagesAfterEveryKindOfChange()
    {
        await using var server = await TestServer.StartAsync();
        var store = server.Server.Context.Store;
        var accounts = server.Server.Context.Accounts;
        var alice = (await accounts.FindUserAsync("alice@example.com"))!;
        var bob = (await accounts.FindUserAsync("bob@example.com"))!;
        var inbox = (await store.GetMailboxAsync(alice.Id, "INBOX"))!;
        var archive = await store.CreateMailboxAsync(alice.Id, "Archive");
        var bobInbox = (await store.GetMailboxAsync(bob.Id, "INBOX"))!;

        async Task CheckAsync(long expectedAlice)
        {
            Assert.Equal(expectedAlice, (await store.GetQuotaAsync(alice.Id)).UsedBytes);
            Assert.Equal(expectedAlice, CountAfresh(server.DataDirectory, alice.Id));
            Assert.Equal(CountAfresh(server.DataDirectory, bob.Id), (await store.GetQuotaAsync(bob.Id)).UsedBytes);
        }

        await CheckAsync(0);
        await AppendAsync(store, inbox.Id, new string('a', 100));
        await AppendAsync(store, inbox.Id, new string('b', 50));
        await CheckAsync(150);

        // One delivery to both users: the same file counts once for each.
        await DeliverAsync(store, [alice.Id, bob.Id], new string('c', 30));
        await CheckAsync(180);
        Assert.Equal(30, (await store.GetQuotaAsync(bob.Id)).UsedBytes);

        await store.CopyAsync(inbox.Id, [1, 2], archive.Id);
        await CheckAsync(330);
        await store.MoveAsync(inbox.Id, [3], archive.Id);
        await CheckAsync(330);

        await store.StoreFlagsAsync(inbox.Id, [1], FlagStoreMode.Add, [@"\Deleted"]);
        await store.ExpungeAsync(inbox.Id, null);
        await CheckAsync(230);

        await store.DeleteMailboxAsync(alice.Id, "Archive");
        await CheckAsync(50);

        // No command moves a row by UPDATE today (MOVE inserts and deletes); a repair by hand, or a later
        // command, that does must still move the bytes from one user to the other.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "paloma.db")}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE messages SET mailbox_id = $b, uid = 1000 WHERE mailbox_id = $a";
            command.Parameters.AddWithValue("$a", inbox.Id);
            command.Parameters.AddWithValue("$b", bobInbox.Id);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        await CheckAsync(0);
        Assert.Equal(80, (await store.GetQuotaAsync(bob.Id)).UsedBytes);

        await accounts.RemoveUserAsync("bob@example.com");
        Assert.Equal(0, (await store.GetQuotaAsync(bob.Id)).UsedBytes);
        await CheckAsync(0);
    }

    [Fact]
    public async Task UpgradeFromTheSchemaBeforeTheRunningTotalCountsTheExistingMessages()
    {
        var directory = Path.Combine(Path.GetTempPath(), "paloma-usage-" + Guid.NewGuid().ToString("N"));
        try
        {
            long userId;
            using (var database = SqliteDatabase.Open(directory))
            {
                var store = new SqliteMailStore(database, directory);
                var accounts = new Paloma.Accounts.SqliteAccountStore(database, store);
                await accounts.AddDomainAsync("example.com");
                userId = (await accounts.AddUserAsync("carol@example.com", TestServer.Password)).Id;
                var inbox = (await store.GetMailboxAsync(userId, "INBOX"))!;
                await AppendAsync(store, inbox.Id, new string('x', 70));
                await AppendAsync(store, inbox.Id, new string('y', 5));
            }

            // Back to the schema of the release before: no running total, no triggers.
            using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "paloma.db")}"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                // The later steps go too: the upgrade runs them again after this one.
                command.CommandText = "DROP TRIGGER user_usage_insert; DROP TRIGGER user_usage_delete; "
                    + "DROP TRIGGER user_usage_move; DROP TABLE user_usage; DROP TABLE change_counters; "
                    + "DROP TRIGGER domains_changed_insert; DROP TRIGGER domains_changed_update; "
                    + "DROP TRIGGER domains_changed_delete; DROP TRIGGER aliases_changed_insert; "
                    + "DROP TRIGGER aliases_changed_update; DROP TRIGGER aliases_changed_delete; "
                    + "PRAGMA user_version = 6;";
                command.ExecuteNonQuery();
            }

            SqliteConnection.ClearAllPools();
            using (var database = SqliteDatabase.Open(directory))
            {
                var store = new SqliteMailStore(database, directory);
                Assert.Equal(75, (await store.GetQuotaAsync(userId)).UsedBytes);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static long CountAfresh(string dataDirectory, long userId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "paloma.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(b.size), 0) FROM messages e JOIN mailboxes m ON m.id = e.mailbox_id "
            + "JOIN blobs b ON b.id = e.blob_id WHERE m.user_id = $u";
        command.Parameters.AddWithValue("$u", userId);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static async Task AppendAsync(IMailStore store, long mailboxId, string text)
    {
        using var spooled = await SpoolAsync(store, text);
        await store.AppendAsync(mailboxId, spooled, [], DateTimeOffset.UtcNow);
    }

    private static async Task DeliverAsync(IMailStore store, long[] userIds, string text)
    {
        using var spooled = await SpoolAsync(store, text);
        await store.DeliverAsync(spooled, userIds, DateTimeOffset.UtcNow);
    }

    private static async Task<SpooledMessage> SpoolAsync(IMailStore store, string text)
    {
        await using var writer = store.Spool.Create();
        await writer.Stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text));
        return await writer.CompleteAsync();
    }
}
