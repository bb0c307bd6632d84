using Paloma.Imap.Protocol;
using Paloma.Storage;

namespace Paloma.Imap.Server.Commands;

/// <summary>SELECT and EXAMINE (RFC 3501 §6.3.1-2), CLOSE (§6.4.2) and UNSELECT (RFC 3691).</summary>
internal static class SelectHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, MailboxCommand command,
        CancellationToken ct)
    {
        // RFC 3501 §6.3.1: a SELECT deselects first, so a failed one leaves no mailbox selected; RFC 7162 §3.2.11
        // (and RFC 9051 §6.3.2 for IMAP4rev2): the client is told where the old mailbox's responses end.
        if (session.Selected is not null && (session.Enabled.QResync || session.Enabled.Rev2))
        {
            session.Writer.Untagged($"OK [{ImapResponseCode.Closed}] previous mailbox closed");
        }

        session.Deselect();
        var readOnly = command.Name == "EXAMINE";
        if (command.Select?.QResync is not null && !session.Enabled.QResync)
        {
            // RFC 7162 §3.2.5: the QRESYNC parameter without ENABLE QRESYNC first is a BAD.
            return ImapCompletion.Bad("QRESYNC must be enabled before SELECT (QRESYNC ...)");
        }

        session.Enabled.CondStore |= command.Select?.CondStore == true;
        var info = await MailboxArgument.FindAsync(session, command.Mailbox, ImapResponseCode.NonExistent, ct)
            .ConfigureAwait(false);
        var selected = await SelectedMailbox.OpenAsync(session.Store, info, readOnly, session.Enabled, ct)
            .ConfigureAwait(false);
        session.Select(selected);
        WriteState(session.Writer, selected);
        if (session.Enabled.Rev2)
        {
            await WriteListAsync(session, selected.Info, ct).ConfigureAwait(false);
        }

        if (command.Select?.QResync is { } qresync && qresync.UidValidity == selected.Info.UidValidity)
        {
            await QResyncAsync(session, selected, qresync, ct).ConfigureAwait(false);
        }

        ImapLog.Selected(session.Logger, session.SessionId, session.UserName, selected.Info.Name, readOnly,
            selected.Count);
        return ImapCompletion.Ok($"{command.Name} completed",
            readOnly ? ImapResponseCode.ReadOnly : ImapResponseCode.ReadWrite);
    }

    private static void WriteState(ImapResponseWriter writer, SelectedMailbox selected)
    {
        var flags = string.Join(' ', ImapFlags.Settable.Concat(Keywords(selected)));
        writer.Untagged($"FLAGS ({flags})");
        writer.Raw("* ").Number(selected.Count).Raw(" EXISTS").Line();
        if (selected.ReportsRecent)
        {
            writer.Raw("* ").Number(selected.RecentCount).Raw(" RECENT").Line();
        }

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
        // RFC 7162 §3.1.2.1: every mailbox here has MODSEQs, so HIGHESTMODSEQ is always sent.
        writer.Untagged($"OK [{ImapResponseCode.HighestModSeq} {selected.ModSeq}] highest mod-sequence");
    }

    /// <summary>The keywords in use in the mailbox, each once, in the order they first appear.</summary>
    private static List<string> Keywords(SelectedMailbox selected)
    {
        var keywords = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<string>? previous = null;
        for (var seq = 1; seq <= selected.Count; seq++)
        {
            // Messages with the same flags mostly share one list (StoredFlags): look at each list once in a row.
            var flags = selected.At(seq).Flags;
            if (ReferenceEquals(flags, previous))
            {
                continue;
            }

            previous = flags;
            for (var i = 0; i < flags.Count; i++)
            {
                if (!flags[i].StartsWith('\\') && seen.Add(flags[i]))
                {
                    keywords.Add(flags[i]);
                }
            }
        }

        return keywords;
    }

    /// <summary>RFC 9051 §6.3.2: under IMAP4rev2, SELECT and EXAMINE return the mailbox's LIST response, with
    /// accurate attributes (children and special use, as LIST gives them).</summary>
    private static async Task WriteListAsync(ImapSession session, MailboxInfo info, CancellationToken ct)
    {
        var all = await session.Store.ListMailboxesAsync(info.UserId, ct).ConfigureAwait(false);
        var hasChildren = all.Any(m => m.Name.StartsWith(info.Name + MailboxName.Delimiter, StringComparison.Ordinal));
        var attributes = hasChildren ? "\\HasChildren" : "\\HasNoChildren";
        attributes += info.SpecialUse is { } use ? " " + use : "";
        session.Writer.Raw("* LIST (").Raw(attributes).Raw(") ").String(MailboxName.Delimiter.ToString()).Raw(" ")
            .String(session.EncodeName(info.Name)).Line();
    }

    /// <summary>RFC 7162 §3.2.5.1: what changed since the client's cached MODSEQ, as VANISHED (EARLIER) for the
    /// expunged UIDs (limited to the known UIDs it sent) then FETCH for the changed messages.</summary>
    private static async Task QResyncAsync(ImapSession session, SelectedMailbox selected,
        QResyncParameters qresync, CancellationToken ct)
    {
        var vanished = (await session.Store.GetExpungedSinceAsync(selected.Info.Id, qresync.ModSeq, ct)
                .ConfigureAwait(false))
            .Where(uid => qresync.KnownUids?.Contains(uid, uint.MaxValue) ?? true).ToList();
        if (vanished.Count > 0)
        {
            session.Writer.Raw("* VANISHED (EARLIER) ").Raw(SequenceSet.Format(vanished)).Line();
        }

        for (var seq = 1; seq <= selected.Count; seq++)
        {
            var message = selected.At(seq);
            if (message.ModSeq > qresync.ModSeq)
            {
                selected.WriteFlags(session.Writer, seq, message, withUid: true);
                await session.FlushIfLargeAsync(ct).ConfigureAwait(false);
            }
        }
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
