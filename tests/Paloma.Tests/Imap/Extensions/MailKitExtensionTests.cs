using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;
using Paloma.Tests.Support;

namespace Paloma.Tests.Imap.Extensions;

/// <summary>MailKit's ImapClient driving CONDSTORE, QRESYNC, ESEARCH, SEARCHRES-free search options and QUOTA.
/// </summary>
public sealed class MailKitExtensionTests
{
    private static MimeMessage Message(string subject) => new(
        [new MailboxAddress("Bob", "bob@example.com")], [new MailboxAddress("Alice", "alice@example.com")], subject,
        new TextPart("plain") { Text = "Hello " + subject });

    [Fact]
    public async Task MailKitQuickResyncAfterChangesInAnotherSession()
    {
        await using var server = await TestServer.StartAsync(c => c.Quota.DefaultStorage = 1 << 20);
        using var client = new ImapClient();
        await client.ConnectAsync(server.Imap.Address.ToString(), server.Imap.Port,
            MailKit.Security.SecureSocketOptions.None);
        await client.AuthenticateAsync("alice@example.com", TestServer.Password);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.QuickResync));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.ESearch));
        for (var i = 0; i < 4; i++)
        {
            await client.Inbox.AppendAsync(Message("m" + i));
        }

        await client.EnableQuickResyncAsync();
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite);
        var validity = inbox.UidValidity;
        var modSeq = inbox.HighestModSeq;
        var uids = await inbox.SearchAsync(SearchQuery.All);
        await inbox.CloseAsync();

        await using (var other = await ImapTestClient.LoginAsync(server, select: "INBOX"))
        {
            await other.ExpectOkAsync("o1 STORE 1 +FLAGS.SILENT (\\Deleted)");
            await other.ExpectOkAsync("o2 EXPUNGE");
            await other.ExpectOkAsync("o3 STORE 2 +FLAGS.SILENT (\\Flagged)");
        }

        var vanished = new List<UniqueId>();
        var changed = new List<int>();
        inbox.MessagesVanished += (_, e) => vanished.AddRange(e.UniqueIds);
        inbox.MessageFlagsChanged += (_, e) => changed.Add(e.Index);
        await inbox.OpenAsync(FolderAccess.ReadWrite, validity, modSeq, uids);
        Assert.Equal([uids[0]], vanished);
        Assert.Equal([1], changed);
        Assert.True(inbox.HighestModSeq > modSeq);

        var since = await inbox.FetchAsync(0, -1, modSeq, MessageSummaryItems.Flags | MessageSummaryItems.ModSeq
            | MessageSummaryItems.UniqueId);
        Assert.Equal(uids[2], Assert.Single(since).UniqueId);
        var result = await inbox.SearchAsync(SearchOptions.All | SearchOptions.Count | SearchOptions.Min
            | SearchOptions.Max, SearchQuery.NotFlagged);
        Assert.Equal(2, result.Count);
        Assert.Equal(uids[1], result.Min);
        Assert.Equal(uids[3], result.Max);

        var unchanged = await inbox.StoreAsync([uids[1], uids[2]], new StoreFlagsRequest(StoreAction.Add,
            MessageFlags.Seen) { UnchangedSince = modSeq });
        Assert.Equal([uids[2]], unchanged);

        var quota = await inbox.GetQuotaAsync();
        Assert.Equal(1024u, quota.StorageLimit);
        await client.DisconnectAsync(true);
    }
}
