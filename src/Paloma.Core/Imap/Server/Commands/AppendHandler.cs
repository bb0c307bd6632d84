using Paloma.Imap.Protocol;
using Paloma.Net;

namespace Paloma.Imap.Server.Commands;

/// <summary>
/// APPEND (RFC 3501 §6.3.11, LITERAL+ RFC 7888, APPENDUID RFC 4315 §3). Everything that can be refused is refused
/// before "+" is sent; the message octets go straight from the connection into a spool file, and OK is written only
/// after the store has committed (PRODUCT L). A refused non-synchronising literal is read and dropped (C28, C30).
/// </summary>
internal static class AppendHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, AppendCommand command,
        CancellationToken ct)
    {
        var limit = session.Context.Config.Limits.MaxMessageBytes;
        Storage.MailboxInfo mailbox;
        try
        {
            mailbox = await MailboxArgument.FindAsync(session, command.Mailbox, ImapResponseCode.TryCreate, ct)
                .ConfigureAwait(false);
            if (command.Message.Size > limit)
            {
                ImapLog.AppendTooBig(session.Logger, session.SessionId, command.Message.Size, limit);
                ImapCommandException.No($"message is larger than the limit of {limit} octets",
                    ImapResponseCode.TooBig);
            }
        }
        catch (ImapCommandException)
        {
            await session.DiscardUnusedLiteralAsync(command, ct).ConfigureAwait(false);
            throw;
        }

        if (command.Message.Synchronizing)
        {
            session.Writer.Continuation("Ready for literal data");
            await session.FlushAsync(ct).ConfigureAwait(false);
        }

        await using var spool = session.Store.Spool.Create();
        await session.ReadExactAsync(command.Message.Size,
            segment => spool.Stream.WriteAsync(segment, ct), ct).ConfigureAwait(false);
        await ExpectEndOfCommandAsync(session, ct).ConfigureAwait(false);

        using var message = await spool.CompleteAsync(ct).ConfigureAwait(false);
        var date = command.Date ?? session.Context.Time.GetUtcNow();
        var result = await session.Store.AppendAsync(mailbox.Id, message, command.Flags, date, ct)
            .ConfigureAwait(false);
        ImapLog.AppendStored(session.Logger, session.SessionId, session.UserName, mailbox.Name, result.Uid,
            message.Length);
        return ImapCompletion.Ok("APPEND completed",
            $"{ImapResponseCode.AppendUid} {result.UidValidity} {result.Uid}");
    }

    /// <summary>The command ends with CRLF right after the literal; MULTIAPPEND (RFC 3502) is not offered.</summary>
    private static async Task ExpectEndOfCommandAsync(ImapSession session, CancellationToken ct)
    {
        var rest = await session.ReadLineAsync(ct).ConfigureAwait(false);
        if (rest.Status == LineStatus.EndOfStream)
        {
            throw new IOException("connection closed after the APPEND literal");
        }

        if (rest.Status != LineStatus.Line || rest.Text.Length != 0 || rest.BareLf)
        {
            ImapCommandException.Bad("unexpected data after the message literal; MULTIAPPEND is not supported");
        }
    }
}
