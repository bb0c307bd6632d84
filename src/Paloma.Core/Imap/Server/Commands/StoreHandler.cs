using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>STORE and UID STORE (RFC 3501 §6.4.6, §6.4.8).</summary>
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

        var uids = targets.Where(t => !selected.IsExpungedElsewhere(t.Message.Uid)).Select(t => t.Message.Uid)
            .ToList();
        var changed = await session.Store.StoreFlagsAsync(selected.Info.Id, uids, command.Mode, command.Flags, ct)
            .ConfigureAwait(false);
        foreach (var message in changed)
        {
            selected.Update(message);
        }

        if (!command.Silent)
        {
            // RFC 3501 §6.4.6: the new flags of every message named, as FETCH responses.
            foreach (var (seq, _) in targets)
            {
                var message = selected.At(seq);
                session.Writer.Raw("* ").Number(seq).Raw(" FETCH (");
                if (command.Uid)
                {
                    session.Writer.Raw("UID ").Number(message.Uid).Raw(" ");
                }

                session.Writer.Raw("FLAGS ").Raw(selected.FormatFlags(message)).Raw(")").Line();
            }
        }

        var missed = targets.Count - uids.Count;
        return missed > 0
            ? ImapCompletion.No("some messages were expunged by another session", ImapResponseCode.ExpungeIssued)
            : ImapCompletion.Ok($"{command.Name} completed");
    }
}
