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
        ReportRemoved(session, removed);

        return ImapCompletion.Ok(uidSet is null ? "EXPUNGE completed" : "UID EXPUNGE completed");
    }

    /// <summary>Drops messages this session removed and tells the client: one VANISHED for a QRESYNC client (RFC
    /// 7162 §3.2.10), else EXPUNGE highest first, so each sequence number is right when the client reads it.
    /// </summary>
    public static void ReportRemoved(ImapSession session, IEnumerable<uint> removed)
    {
        var selected = session.Selected!;
        var gone = new List<uint>();
        foreach (var uid in removed.OrderDescending())
        {
            if (selected.Remove(uid) is { } seq)
            {
                gone.Add(uid);
                if (!session.Enabled.QResync)
                {
                    session.Writer.Raw("* ").Number(seq).Raw(" EXPUNGE").Line();
                }
            }
        }

        if (session.Enabled.QResync && gone.Count > 0)
        {
            session.Writer.Raw("* VANISHED ").Raw(SequenceSet.Format(gone.Order())).Line();
        }
    }
}
