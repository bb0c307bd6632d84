using Paloma.Imap.Protocol;
using Paloma.Storage;

namespace Paloma.Imap.Server.Commands;

/// <summary>COPY, MOVE and their UID forms (RFC 3501 §6.4.7, RFC 6851, COPYUID from RFC 4315 §3).</summary>
internal static class CopyMoveHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, CopyCommand command,
        CancellationToken ct)
    {
        var selected = session.Selected!;
        var targets = selected.Resolve(command.Set, command.Uid);
        if (command.Move && selected.ReadOnly)
        {
            return ImapCompletion.No("the mailbox is read-only", ImapResponseCode.ReadOnly);
        }

        var target = await MailboxArgument.FindAsync(session, command.Mailbox, ImapResponseCode.TryCreate, ct)
            .ConfigureAwait(false);
        var uids = targets.Select(t => t.Message.Uid).ToList();
        var result = command.Move
            ? await session.Store.MoveAsync(selected.Info.Id, uids, target.Id, ct).ConfigureAwait(false)
            : await session.Store.CopyAsync(selected.Info.Id, uids, target.Id, ct).ConfigureAwait(false);
        var code = result.Pairs.Count == 0 ? null : CopyUid(result);
        if (!command.Move)
        {
            return ImapCompletion.Ok($"{command.Name} completed", code);
        }

        // RFC 6851 §4.3: COPYUID goes in an untagged OK before the EXPUNGE responses.
        if (code is not null)
        {
            session.Writer.Untagged($"OK [{code}] moved");
        }

        ExpungeHandler.ReportRemoved(session, result.Pairs.Select(p => p.SourceUid));

        return ImapCompletion.Ok($"{command.Name} completed");
    }

    private static string CopyUid(CopyResult result) =>
        $"{ImapResponseCode.CopyUid} {result.TargetUidValidity} "
        + $"{string.Join(',', result.Pairs.Select(p => p.SourceUid))} "
        + $"{string.Join(',', result.Pairs.Select(p => p.TargetUid))}";
}
