using Paloma.Imap.Protocol;
using Paloma.Storage;

namespace Paloma.Imap.Server.Commands;

/// <summary>STATUS (RFC 3501 §6.3.10) with HIGHESTMODSEQ (RFC 7162 §3.1.6), SIZE (RFC 8438), APPENDLIMIT (RFC 7889
/// §4) and DELETED (RFC 9051). Counted by the store in SQL, never by loading the messages.</summary>
internal static class StatusHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, StatusCommand command,
        CancellationToken ct)
    {
        var info = await MailboxArgument.FindAsync(session, command.Mailbox, ImapResponseCode.NonExistent, ct)
            .ConfigureAwait(false);
        session.Enabled.CondStore |= command.Items.Contains("HIGHESTMODSEQ");
        await WriteAsync(session, info, command.Items, ct).ConfigureAwait(false);
        return ImapCompletion.Ok("STATUS completed");
    }

    /// <summary>"* STATUS name (item value ...)"; LIST-STATUS (RFC 5819) writes the same response.</summary>
    public static async Task WriteAsync(ImapSession session, MailboxInfo info, IReadOnlyList<string> items,
        CancellationToken ct)
    {
        var firstRecent = await session.Store.PeekRecentAsync(info, ct).ConfigureAwait(false);
        var stats = await session.Store.GetMailboxStatsAsync(info.Id, firstRecent, ct).ConfigureAwait(false);
        var values = items.Select(item => item + " " + item switch
        {
            "MESSAGES" => stats.Messages,
            "RECENT" => stats.Recent,
            "UIDNEXT" => info.UidNext,
            "UIDVALIDITY" => info.UidValidity,
            "HIGHESTMODSEQ" => (long)info.HighestModSeq,
            "SIZE" => stats.Size,
            "APPENDLIMIT" => session.Context.Config.Limits.MaxMessageBytes,
            "DELETED" => stats.Deleted,
            _ => stats.Unseen,
        });
        session.Writer.Raw("* STATUS ").String(session.EncodeName(info.Name)).Raw(" (")
            .Raw(string.Join(' ', values)).Raw(")").Line();
    }
}
