using Paloma.Storage;
using Paloma.Tests.Support;

namespace Paloma.Tests.Storage;

public sealed class MailStoreTests
{
    [Fact]
    public async Task AppendCopyStoreExpungeKeepUidsAndFlags()
    {
        await using var server = await TestServer.StartAsync();
        var store = server.Server.Context.Store;
        var alice = (await server.Server.Context.Accounts.FindUserAsync("alice@example.com"))!;
        var inbox = (await store.GetMailboxAsync(alice.Id, "inbox"))!;
        var trash = (await store.GetMailboxAsync(alice.Id, "Trash"))!;
        Assert.Equal(@"\Trash", trash.SpecialUse);

        var first = await AppendAsync(store, inbox.Id, "Subject: one\r\n\r\nbody\r\n");
        var second = await AppendAsync(store, inbox.Id, "Subject: two\r\n\r\nbody\r\n");
        Assert.Equal(1u, first.Uid);
        Assert.Equal(2u, second.Uid);
        Assert.Equal(inbox.UidValidity, first.UidValidity);

        var changed = await store.StoreFlagsAsync(inbox.Id, [1], FlagStoreMode.Add, [@"\Seen", @"\Deleted"]);
        Assert.Single(changed);
        Assert.Empty(await store.StoreFlagsAsync(inbox.Id, [1], FlagStoreMode.Add, [@"\seen"]));

        var copy = await store.CopyAsync(inbox.Id, [1, 2, 99], trash.Id);
        Assert.Equal([(1u, 1u), (2u, 2u)], copy.Pairs);

        Assert.Equal([1u], await store.ExpungeAsync(inbox.Id, null));
        var left = await store.GetMessagesAsync(inbox.Id);
        Assert.Equal([2u], left.Select(m => m.Uid));

        var third = await AppendAsync(store, inbox.Id, "Subject: three\r\n\r\n");
        Assert.Equal(3u, third.Uid);

        // The copy in Trash shares the stored file and is still readable after the original went.
        var trashMessages = await store.GetMessagesAsync(trash.Id);
        using var reader = new StreamReader(store.OpenMessage(trashMessages[0].BlobId));
        Assert.StartsWith("Subject: one", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task ReusedMailboxNameGetsNewUidValidity()
    {
        await using var server = await TestServer.StartAsync();
        var store = server.Server.Context.Store;
        var alice = (await server.Server.Context.Accounts.FindUserAsync("alice@example.com"))!;
        var first = await store.CreateMailboxAsync(alice.Id, "Projects");
        await store.DeleteMailboxAsync(alice.Id, "Projects");
        var second = await store.CreateMailboxAsync(alice.Id, "Projects");
        Assert.NotEqual(first.UidValidity, second.UidValidity);
        var ex = await Assert.ThrowsAsync<MailStoreException>(() => store.CreateMailboxAsync(alice.Id, "a/../b"));
        Assert.Equal(MailStoreError.InvalidName, ex.Error);
    }

    private static async Task<AppendResult> AppendAsync(IMailStore store, long mailboxId, string text)
    {
        await using var writer = store.Spool.Create();
        await writer.Stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text));
        using var spooled = await writer.CompleteAsync();
        return await store.AppendAsync(mailboxId, spooled, [], DateTimeOffset.UtcNow);
    }
}
