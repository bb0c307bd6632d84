using System.Text;
using Paloma.Storage;
using Paloma.Tests.Support;

namespace Paloma.Tests.Imap.SyncClients;

/// <summary>
/// The server side of a sync test: alice's mailboxes filled through the store (INBOX with 1,000 messages, two
/// folders, varied flags), the changes another client makes on the server between syncs, and a snapshot of every
/// mailbox as (Message-ID, flags) to compare with the client's Maildir.
/// </summary>
public sealed class SyncAccount(TestServer server, long userId)
{
    public const int InboxMessages = 1000;

    private IMailStore Store => server.Server.Context.Store;

    public static async Task<SyncAccount> CreateAsync(TestServer server)
    {
        var user = await server.Server.Context.Accounts.FindUserAsync("alice@example.com")
            ?? throw new InvalidOperationException("no alice");
        var account = new SyncAccount(server, user.Id);
        await account.FillAsync("INBOX", "inbox", InboxMessages);
        await server.Server.Context.Store.CreateMailboxAsync(user.Id, "Work");
        await account.FillAsync("Work", "work", 20);
        await server.Server.Context.Store.CreateMailboxAsync(user.Id, "Work/Projects");
        await account.FillAsync("Work/Projects", "project", 5);
        return account;
    }

    /// <summary>Appends messages &lt;{prefix}-{i}@sync&gt;, i from 1; every 3rd \Seen, every 7th \Flagged, every
    /// 11th \Answered.</summary>
    public async Task FillAsync(string mailbox, string prefix, int count)
    {
        var info = await Store.GetMailboxAsync(userId, mailbox) ?? await Store.CreateMailboxAsync(userId, mailbox);
        var items = new List<AppendItem>();
        for (var i = 1; i <= count; i++)
        {
            var flags = new List<string>();
            flags.AddRange(i % 3 == 0 ? [@"\Seen"] : []);
            flags.AddRange(i % 7 == 0 ? [@"\Flagged"] : []);
            flags.AddRange(i % 11 == 0 ? [@"\Answered"] : []);
            await using var writer = Store.Spool.Create();
            await writer.Stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"From: sender@example.net\r\nTo: alice@example.com\r\nSubject: {prefix} {i}\r\n"
                + $"Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <{prefix}-{i}@sync>\r\n\r\nbody {i}\r\n"));
            items.Add(new AppendItem(await writer.CompleteAsync(), flags, DateTimeOffset.UtcNow));
        }

        await Store.AppendManyAsync(info.Id, items);
        items.ForEach(item => item.Message.Dispose());
    }

    /// <summary>What another client does on the server between syncs: flags 20 messages, expunges 20 others,
    /// appends 3 and creates a folder with 2. Touches only messages the local changes leave alone.</summary>
    public async Task ChangeOnServerAsync()
    {
        var inbox = (await Store.GetMailboxAsync(userId, "INBOX"))!;
        var byId = await MessageIdsAsync(inbox.Id);
        var flag = byId.Where(p => Number(p.Key) % 50 == 4).Select(p => p.Value.Uid).ToList();
        var expunge = byId.Where(p => Number(p.Key) % 50 == 5).Select(p => p.Value.Uid).ToList();
        await Store.StoreFlagsAsync(inbox.Id, flag, FlagStoreMode.Add, [@"\Flagged"]);
        await Store.ExpungeAsync(inbox.Id, expunge, onlyDeleted: false);
        await FillAsync("INBOX", "server-new", 3);
        await FillAsync("Remote/New", "remote", 2);
    }

    /// <summary>Mailbox name → sorted "Message-ID flags" lines, flags as Maildir letters.</summary>
    public async Task<SortedDictionary<string, List<string>>> SnapshotAsync()
    {
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var mailbox in await Store.ListMailboxesAsync(userId))
        {
            var lines = (await MessageIdsAsync(mailbox.Id))
                .Select(p => p.Key + " " + MaildirFolder.Letters(p.Value.Flags)).Order(StringComparer.Ordinal)
                .ToList();
            // Empty default mailboxes (Sent, Trash...) exist on the server; the clients may or may not create
            // them locally, so only mailboxes with messages are compared.
            if (lines.Count > 0)
            {
                result[mailbox.Name] = lines;
            }
        }

        return result;
    }

    private async Task<Dictionary<string, MessageInfo>> MessageIdsAsync(long mailboxId)
    {
        var map = new Dictionary<string, MessageInfo>(StringComparer.Ordinal);
        foreach (var message in await Store.GetMessagesAsync(mailboxId))
        {
            await using var stream = Store.OpenMessage(message.BlobId);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            map[MaildirFolder.MessageId(reader)] = message;
        }

        return map;
    }

    /// <summary>The i of &lt;prefix-i@sync&gt;; 0 for any other id.</summary>
    public static int Number(string messageId)
    {
        var dash = messageId.LastIndexOf('-');
        var at = messageId.IndexOf('@', StringComparison.Ordinal);
        return dash > 0 && at > dash && int.TryParse(messageId.AsSpan(dash + 1, at - dash - 1), out var n) ? n : 0;
    }
}
