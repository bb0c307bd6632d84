using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>STORE and UID STORE (RFC 3501 §6.4.6, §6.4.8), with UNCHANGEDSINCE (RFC 7162 §3.1.3).</summary>
internal static class StoreHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, StoreCommand command,
        CancellationToken ct)
    {
        var selected = session.Selected!;
        var targets = selected.Resolve(command.Set, command.Uid);
        if (selected.ReadOnly)
        {
            return ImapCompletion.No("the mailbox is read-only", ImapResponseCode.ReadOnly);
        }

        // RFC 7162 §3.1: UNCHANGEDSINCE is a CONDSTORE enabling command.
        session.Enabled.CondStore |= command.UnchangedSince is not null;
        var uids = targets.Where(t => !selected.IsExpungedElsewhere(t.Message.Uid)).Select(t => t.Message.Uid)
            .ToList();
        var result = await session.Store.StoreFlagsIfUnchangedAsync(selected.Info.Id, uids, command.Mode,
            command.Flags, command.UnchangedSince, ct).ConfigureAwait(false);
        foreach (var message in result.Changed)
        {
            selected.Update(message);
        }

        var changed = result.Changed.Select(m => m.Uid).ToHashSet();
        var modified = result.Modified.ToHashSet();
        foreach (var (seq, _) in targets)
        {
            var message = selected.At(seq);
            // RFC 3501 §6.4.6: the new flags of every message named unless .SILENT; RFC 7162 §3.1.3: with
            // UNCHANGEDSINCE each changed message is reported, .SILENT or not, with its MODSEQ.
            var report = !modified.Contains(message.Uid)
                && (!command.Silent || (command.UnchangedSince is not null && changed.Contains(message.Uid)));
            if (report)
            {
                selected.WriteFlags(session.Writer, seq, message, command.Uid);
            }
        }

        if (modified.Count > 0)
        {
            var failed = command.Uid
                ? modified.Order()
                : targets.Where(t => modified.Contains(t.Message.Uid)).Select(t => (uint)t.Sequence);
            return ImapCompletion.Ok("conditional STORE failed for some messages",
                $"{ImapResponseCode.Modified} {SequenceSet.Format(failed)}");
        }

        var missed = targets.Count - uids.Count;
        return missed > 0
            ? ImapCompletion.No("some messages were expunged by another session", ImapResponseCode.ExpungeIssued)
            : ImapCompletion.Ok($"{command.Name} completed");
    }
}
