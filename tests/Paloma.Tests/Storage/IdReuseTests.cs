using Paloma.Storage;
using Paloma.Tests.Support;

namespace Paloma.Tests.Storage;

/// <summary>A live session holds account and mailbox ids; a deleted account's ids must never come back.</summary>
public sealed class IdReuseTests
{
    [Fact]
    public async Task RecreatedAccountGetsNewIdsAndTheOldIdIsRefused()
    {
        await using var server = await TestServer.StartAsync();
        var accounts = server.Server.Context.Accounts;
        var store = server.Server.Context.Store;
        var old = await accounts.AddUserAsync("eve@example.com", "Eve-Old-1");
        var oldInbox = (await store.GetMailboxAsync(old.Id, "INBOX"))!;

        await accounts.RemoveUserAsync("eve@example.com");
        var renewed = await accounts.AddUserAsync("eve@example.com", "Eve-New-2");

        Assert.NotEqual(old.Id, renewed.Id);
        Assert.NotEqual(oldInbox.Id, (await store.GetMailboxAsync(renewed.Id, "INBOX"))!.Id);
        Assert.Null(await store.GetMailboxAsync(old.Id, "INBOX"));
        var refused = await Assert.ThrowsAsync<MailStoreException>(() => store.CreateMailboxAsync(old.Id, "New"));
        Assert.Equal(MailStoreError.NotPermitted, refused.Error);
    }
}
