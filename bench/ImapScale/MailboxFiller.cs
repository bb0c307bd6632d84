using System.Text;
using Paloma.Accounts;
using Paloma.Storage;

namespace Paloma.Bench.ImapScale;

/// <summary>
/// Fills one user's INBOX through the store, not through IMAP: a few hundred distinct messages appended, then
/// copied within the mailbox (entries sharing stored files, as COPY makes them) until the count is reached, and
/// every other message flagged \Seen. The measured commands read only the index, so shared files change nothing.
/// </summary>
internal static class MailboxFiller
{
    private const int DistinctMessages = 500;

    public static async Task FillAsync(string dataDirectory, string user, string password, int count)
    {
        using var database = SqliteDatabase.Open(dataDirectory);
        var store = new SqliteMailStore(database, dataDirectory);
        var accounts = new SqliteAccountStore(database, store);
        await accounts.AddDomainAsync(user.Split('@')[1]);
        var account = await accounts.AddUserAsync(user, password);
        var inbox = await store.GetMailboxAsync(account.Id, "INBOX") ?? throw new InvalidOperationException("no INBOX");

        var items = new List<AppendItem>();
        for (var i = 0; i < Math.Min(DistinctMessages, count); i++)
        {
            items.Add(await SpoolAsync(store, i));
        }

        await store.AppendManyAsync(inbox.Id, items);
        items.ForEach(item => item.Message.Dispose());

        var total = items.Count;
        while (total < count)
        {
            var take = Math.Min(total, count - total);
            var uids = Enumerable.Range(1, take).Select(u => (uint)u).ToList();
            await store.CopyAsync(inbox.Id, uids, inbox.Id);
            total += take;
        }

        var seen = Enumerable.Range(1, count).Where(u => u % 2 == 0).Select(u => (uint)u).ToList();
        await store.StoreFlagsAsync(inbox.Id, seen, FlagStoreMode.Add, [@"\Seen"]);
    }

    private static async Task<AppendItem> SpoolAsync(SqliteMailStore store, int index)
    {
        var text = $"From: sender{index}@example.net\r\nTo: bench@example.com\r\nSubject: message {index}\r\n"
            + $"Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <{index}@bench>\r\n\r\n"
            + string.Concat(Enumerable.Repeat($"line of body text for message {index}\r\n", 20));
        await using var writer = store.Spool.Create();
        await writer.Stream.WriteAsync(Encoding.ASCII.GetBytes(text));
        var message = await writer.CompleteAsync();
        return new AppendItem(message, [], DateTimeOffset.UtcNow);
    }
}
