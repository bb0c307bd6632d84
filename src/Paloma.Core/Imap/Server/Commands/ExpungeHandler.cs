using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>EXPUNGE (RFC 3501 §6.4.3) and UID EXPUNGE (RFC 4315 §2.1).</summary>
internal static class ExpungeHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, SequenceSet? uidSet,
        CancellationToken ct)
    {
        var selected = session.Selected!;
        if (selected.ReadOnly)
        {
            return ImapCompletion.No("the mailbox is read-only", ImapResponseCode.ReadOnly);
        }

        // Only messages this session knows: one that arrived unseen is not expunged before it was reported.
        var uids = uidSet is null
            ? Enumerable.Range(1, selected.Count).Select(i => selected.At(i).Uid).ToList()
            : selected.Resolve(uidSet, byUid: true).Select(t => t.Message.Uid).ToList();
        var removed = await session.Store.ExpungeAsync(selected.Info.Id, uids, onlyDeleted: true, ct)
            .ConfigureAwait(false);
        // Highest first: each sequence number is right at the moment the client reads it.
        foreach (var uid in removed.OrderDescending())
        {
            if (selected.Remove(uid) is { } seq)
            {
                session.Writer.Raw("* ").Number(seq).Raw(" EXPUNGE").Line();
            }
        }

        return ImapCompletion.Ok(uidSet is null ? "EXPUNGE completed" : "UID EXPUNGE completed");
    }
}
