using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>STATUS (RFC 3501 §6.3.10).</summary>
internal static class StatusHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, StatusCommand command,
        CancellationToken ct)
    {
        var info = await MailboxArgument.FindAsync(session, command.Mailbox, ImapResponseCode.NonExistent, ct)
            .ConfigureAwait(false);
        var messages = await session.Store.GetMessagesAsync(info.Id, ct).ConfigureAwait(false);
        var firstRecent = RecentRegistry.For(session.Store).Peek(info.Id);
        var values = command.Items.Select(item => item + " " + item switch
        {
            "MESSAGES" => messages.Count,
            "RECENT" => messages.Count(m => m.Uid >= firstRecent),
            "UIDNEXT" => info.UidNext,
            "UIDVALIDITY" => info.UidValidity,
            _ => (long)messages.Count(m => !m.HasFlag(ImapFlags.Seen)),
        });
        session.Writer.Raw("* STATUS ").String(MailboxName.Encode(info.Name)).Raw(" (")
            .Raw(string.Join(' ', values)).Raw(")").Line();
        return ImapCompletion.Ok("STATUS completed");
    }
}
