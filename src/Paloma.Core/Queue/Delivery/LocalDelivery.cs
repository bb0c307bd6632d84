using Paloma.Accounts;
using Paloma.Storage;

namespace Paloma.Queue.Delivery;

/// <summary>Queue recipients in a local domain (bounces to local senders, mostly) go to their INBOX through
/// <see cref="IMailStore.DeliverAsync"/>, all of one message's users in one transaction.</summary>
public sealed class LocalDelivery(IAccountStore accounts, IMailStore store, TimeProvider time)
{
    public async Task<IReadOnlyList<DeliveryResult>> DeliverAsync(QueueEntry entry, CancellationToken ct)
    {
        var results = new List<DeliveryResult>();
        var users = new List<(QueuedRecipient Recipient, long UserId)>();
        foreach (var recipient in entry.Recipients)
        {
            var account = await accounts.FindUserAsync(recipient.Address, ct).ConfigureAwait(false);
            if (account is null)
            {
                results.Add(new DeliveryResult(recipient,
                    SmtpReply.Permanent("5.1.1", $"no such user here: {recipient.Address}"), null, false));
            }
            else
            {
                users.Add((recipient, account.Id));
            }
        }

        if (users.Count == 0)
        {
            return results;
        }

        // The store takes over a spool file by renaming it, so it gets a copy and the queue keeps its own.
        var writer = store.Spool.Create();
        await using (writer.ConfigureAwait(false))
        {
            // RFC 5321 §4.4: final delivery records the reverse-path; the queued copy carries none (the next hop
            // would add its own), so it is added here, "<>" for a DSN.
            var returnPath = System.Text.Encoding.UTF8.GetBytes($"Return-Path: <{entry.Message.ReversePath}>\r\n");
            await writer.Stream.WriteAsync(returnPath, ct).ConfigureAwait(false);
            await using (var source = File.OpenRead(entry.Message.Path))
            {
                await source.CopyToAsync(writer.Stream, ct).ConfigureAwait(false);
            }

            using var spooled = await writer.CompleteAsync(ct).ConfigureAwait(false);
            await store.DeliverAsync(spooled, users.Select(u => u.UserId).Distinct().ToList(), time.GetUtcNow(), ct)
                .ConfigureAwait(false);
        }

        results.AddRange(users.Select(u => new DeliveryResult(u.Recipient,
            new SmtpReply(250, "2.0.0 delivered to mailbox"), null, false)));
        return results;
    }
}
