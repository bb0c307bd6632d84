using Paloma.Storage;
using Paloma.Tests.Support;

namespace Paloma.Tests.Storage;

/// <summary>
/// The mailbox index SELECT starts from is brought up to date from the last one read, with only the rows changed
/// since and the expunge tombstones. After every kind of change, made by this store or by another process (a
/// second store on the same database: its writes neither notify nor touch this store's cache), it must equal a
/// fresh read of every row, and its HIGHESTMODSEQ and UIDNEXT must be those of the same state.
/// </summary>
public sealed class MailboxIndexTests
{
    [Fact]
    public async Task IndexMatchesAFreshReadAfterChangesByThisStoreAndByAnotherProcess()
    {
        await using var server = await TestServer.StartAsync();
        var store = (SqliteMailStore)server.Server.Context.Store;
        var alice = (await server.Server.Context.Accounts.FindUserAsync("alice@example.com"))!;
        var inbox = (await store.GetMailboxAsync(alice.Id, "INBOX"))!;
        var archive = await store.CreateMailboxAsync(alice.Id, "Archive");
        using var otherDatabase = SqliteDatabase.Open(server.DataDirectory);
        var other = new SqliteMailStore(otherDatabase, server.DataDirectory);

        // Each index is held, as a session holds the one it selected, so the cache keeps it for the next read.
        var held = new List<MailboxIndex> { await CheckAsync(store, inbox.Id) };
        for (var i = 0; i < 6; i++)
        {
            await AppendAsync(store, inbox.Id, $"Subject: {i}\r\n\r\nbody\r\n");
        }

        var first = await CheckAsync(store, inbox.Id);
        held.Add(first);
        await store.StoreFlagsAsync(inbox.Id, [2, 3], FlagStoreMode.Add, [@"\Seen", "$Work"]);
        held.Add(await CheckAsync(store, inbox.Id));
        await other.StoreFlagsAsync(inbox.Id, [1], FlagStoreMode.Add, [@"\Flagged"]);
        await AppendAsync(other, inbox.Id, "Subject: from another process\r\n\r\nx\r\n");
        held.Add(await CheckAsync(store, inbox.Id));
        await other.StoreFlagsAsync(inbox.Id, [4], FlagStoreMode.Add, [@"\Deleted"]);
        await other.ExpungeAsync(inbox.Id, null);
        await other.MoveAsync(inbox.Id, [5], archive.Id);
        var last = await CheckAsync(store, inbox.Id);
        held.Add(last);
        Assert.Equal([1u, 2, 3, 6, 7], last.Messages.Select(m => m.Uid));

        // An added message that is expunged again before the next read leaves no trace; flags removed go too.
        await AppendAsync(store, inbox.Id, "Subject: short-lived\r\n\r\nx\r\n");
        await store.StoreFlagsAsync(inbox.Id, [8], FlagStoreMode.Add, [@"\Deleted"]);
        await other.ExpungeAsync(inbox.Id, null);
        await other.StoreFlagsAsync(inbox.Id, [2], FlagStoreMode.Remove, ["$Work"]);
        last = await CheckAsync(store, inbox.Id);
        Assert.Equal([@"\Seen"], last.Messages.Single(m => m.Uid == 2).Flags);

        // The older index a session still holds is not changed by the newer ones.
        Assert.Equal(6, first.Messages.Count);
        Assert.All(first.Messages, m => Assert.Empty(m.Flags));
    }

    [Fact]
    public async Task DeletedMailboxHasNoIndex()
    {
        await using var server = await TestServer.StartAsync();
        var store = (SqliteMailStore)server.Server.Context.Store;
        var alice = (await server.Server.Context.Accounts.FindUserAsync("alice@example.com"))!;
        var archive = await store.CreateMailboxAsync(alice.Id, "Archive");
        await AppendAsync(store, archive.Id, "Subject: a\r\n\r\nx\r\n");
        Assert.Single((await store.GetMailboxIndexAsync(archive.Id))!.Messages);

        await store.DeleteMailboxAsync(alice.Id, "Archive");
        Assert.Null(await store.GetMailboxIndexAsync(archive.Id));

        // A new mailbox of the same name is another mailbox: its own UIDVALIDITY, none of the old messages.
        var again = await store.CreateMailboxAsync(alice.Id, "Archive");
        var index = (await store.GetMailboxIndexAsync(again.Id))!;
        Assert.Empty(index.Messages);
        Assert.NotEqual(archive.UidValidity, index.Info.UidValidity);
    }

    [Fact]
    public async Task ChangesSinceAModSeqAreWhatAnotherProcessChanged()
    {
        await using var server = await TestServer.StartAsync();
        var store = server.Server.Context.Store;
        var alice = (await server.Server.Context.Accounts.FindUserAsync("alice@example.com"))!;
        var inbox = (await store.GetMailboxAsync(alice.Id, "INBOX"))!;
        for (var i = 0; i < 3; i++)
        {
            await AppendAsync(store, inbox.Id, $"Subject: {i}\r\n\r\nbody\r\n");
        }

        var seen = (await store.GetMailboxByIdAsync(inbox.Id))!.HighestModSeq;
        var unchanged = (await store.GetChangesSinceAsync(inbox.Id, seen))!;
        Assert.Equal(seen, unchanged.Info.HighestModSeq);
        Assert.Empty(unchanged.Changed);
        Assert.Empty(unchanged.Expunged);

        using (var otherDatabase = SqliteDatabase.Open(server.DataDirectory))
        {
            var other = new SqliteMailStore(otherDatabase, server.DataDirectory);
            await other.StoreFlagsAsync(inbox.Id, [1], FlagStoreMode.Add, [@"\Seen"]);
            await other.StoreFlagsAsync(inbox.Id, [2], FlagStoreMode.Add, [@"\Deleted"]);
            await other.ExpungeAsync(inbox.Id, null);
        }

        var changes = (await store.GetChangesSinceAsync(inbox.Id, seen))!;
        Assert.Equal((await store.GetMailboxByIdAsync(inbox.Id))!.HighestModSeq, changes.Info.HighestModSeq);
        Assert.Equal([1u], changes.Changed.Select(m => m.Uid));
        Assert.Equal([@"\Seen"], changes.Changed[0].Flags);
        Assert.Equal([2u], changes.Expunged);

        var archive = await store.CreateMailboxAsync(alice.Id, "Archive");
        await store.DeleteMailboxAsync(alice.Id, "Archive");
        Assert.Null(await store.GetChangesSinceAsync(archive.Id, 0));
    }

    [Fact]
    public void ApplyMergesChangedRowsAndDropsExpungedOnes()
    {
        static MessageInfo M(uint uid, ulong modSeq, params string[] flags) =>
            new(1, uid, uid, 10, DateTimeOffset.UnixEpoch, flags, modSeq);

        var info = new MailboxInfo(1, 1, "INBOX", 7, 10, null, true, 5);
        var older = new MailboxIndex(info, [M(2, 1), M(4, 2), M(6, 3), M(8, 4)]);
        var newer = info with { UidNext = 12, HighestModSeq = 9 };
        var changed = new[] { M(4, 6, @"\Seen"), M(9, 7), M(11, 9) };

        var index = MailboxIndexCache.Apply(older, newer, changed, [6, 10]);

        Assert.Same(newer, index.Info);
        Assert.Equal([2u, 4, 8, 9, 11], index.Messages.Select(m => m.Uid));
        Assert.Equal([@"\Seen"], index.Messages[1].Flags);
        Assert.Equal(4, older.Messages.Count);
    }

    /// <summary>Compares the index with every row read afresh, in one state, and returns it.</summary>
    private static async Task<MailboxIndex> CheckAsync(SqliteMailStore store, long mailboxId)
    {
        var older = store.IndexCache.Find(mailboxId);
        var index = (await store.GetMailboxIndexAsync(mailboxId))!;
        Assert.Same(index, store.IndexCache.Find(mailboxId));
        if (older is not null)
        {
            // Built from the older index, not read afresh: the rows that did not change are the same objects.
            var unchanged = older.Messages.ToDictionary(m => m.Uid);
            Assert.All(index.Messages.Where(m => m.ModSeq <= older.Info.HighestModSeq),
                m => Assert.Same(unchanged[m.Uid], m));
        }

        var fresh = await store.GetMessagesAsync(mailboxId);
        var info = (await store.GetMailboxByIdAsync(mailboxId))!;
        Assert.Equal(fresh.Select(Describe), index.Messages.Select(Describe));
        Assert.Equal(info.HighestModSeq, index.Info.HighestModSeq);
        Assert.Equal(info.UidNext, index.Info.UidNext);
        Assert.All(index.Messages, m => Assert.True(m.Uid < index.Info.UidNext));
        return index;
    }

    private static string Describe(MessageInfo m) =>
        $"{m.Uid} {m.BlobId} {m.Size} {m.InternalDate:O} {m.ModSeq} ({string.Join(' ', m.Flags)})";

    private static async Task AppendAsync(IMailStore store, long mailboxId, string text)
    {
        await using var writer = store.Spool.Create();
        await writer.Stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text));
        using var spooled = await writer.CompleteAsync();
        await store.AppendAsync(mailboxId, spooled, [], DateTimeOffset.UtcNow);
    }
}
