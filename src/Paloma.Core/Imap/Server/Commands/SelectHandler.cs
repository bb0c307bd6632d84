using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>SELECT and EXAMINE (RFC 3501 §6.3.1-2), CLOSE (§6.4.2) and UNSELECT (RFC 3691).</summary>
internal static class SelectHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, MailboxCommand command,
        CancellationToken ct)
    {
        // RFC 3501 §6.3.1: a SELECT deselects first, so a failed one leaves no mailbox selected.
        session.Deselect();
        var readOnly = command.Name == "EXAMINE";
        var info = await MailboxArgument.FindAsync(session, command.Mailbox, ImapResponseCode.NonExistent, ct)
            .ConfigureAwait(false);
        var selected = await SelectedMailbox.OpenAsync(session.Store, info, readOnly, ct).ConfigureAwait(false);
        session.Select(selected);
        WriteState(session.Writer, selected);
        ImapLog.Selected(session.Logger, session.SessionId, session.UserName, selected.Info.Name, readOnly,
            selected.Count);
        return ImapCompletion.Ok($"{command.Name} completed",
            readOnly ? ImapResponseCode.ReadOnly : ImapResponseCode.ReadWrite);
    }

    private static void WriteState(ImapResponseWriter writer, SelectedMailbox selected)
    {
        var keywords = Enumerable.Range(1, selected.Count).SelectMany(i => selected.At(i).Flags)
            .Where(f => !f.StartsWith('\\')).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var flags = string.Join(' ', ImapFlags.Settable.Concat(keywords));
        writer.Untagged($"FLAGS ({flags})");
        writer.Raw("* ").Number(selected.Count).Raw(" EXISTS").Line();
        writer.Raw("* ").Number(selected.RecentCount).Raw(" RECENT").Line();
        for (var seq = 1; seq <= selected.Count; seq++)
        {
            if (!selected.At(seq).HasFlag(ImapFlags.Seen))
            {
                writer.Untagged($"OK [{ImapResponseCode.Unseen} {seq}] first unseen message");
                break;
            }
        }

        writer.Untagged($"OK [{ImapResponseCode.UidValidity} {selected.Info.UidValidity}] UIDs valid");
        writer.Untagged($"OK [{ImapResponseCode.UidNext} {selected.Info.UidNext}] predicted next UID");
        // RFC 3501 §7.1: "\*" says new keywords may be created; a read-only mailbox keeps no flag changes.
        var permanent = selected.ReadOnly ? "" : string.Join(' ', ImapFlags.Settable) + " \\*";
        writer.Untagged($"OK [{ImapResponseCode.PermanentFlags} ({permanent})] permanent flags");
    }

    /// <summary>CLOSE expunges silently when the mailbox is read-write (RFC 3501 §6.4.2); UNSELECT never does.
    /// </summary>
    public static async Task<ImapCompletion> CloseAsync(ImapSession session, SimpleCommand command,
        CancellationToken ct)
    {
        var selected = session.Selected!;
        if (command.Name == "CLOSE" && !selected.ReadOnly)
        {
            var uids = Enumerable.Range(1, selected.Count).Select(i => selected.At(i).Uid).ToList();
            await session.Store.ExpungeAsync(selected.Info.Id, uids, onlyDeleted: true, ct).ConfigureAwait(false);
        }

        session.Deselect();
        return ImapCompletion.Ok($"{command.Name} completed");
    }
}
