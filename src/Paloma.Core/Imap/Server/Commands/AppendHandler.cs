using Paloma.Imap.Protocol;
using Paloma.Net;
using Paloma.Storage;

namespace Paloma.Imap.Server.Commands;

/// <summary>
/// APPEND (RFC 3501 §6.3.11, LITERAL+ RFC 7888, APPENDUID RFC 4315 §3) and MULTIAPPEND (RFC 3502). Everything that
/// can be refused is refused before "+" is sent; the message octets go straight from the connection into spool
/// files, and OK is written only after the store has committed all of them in one transaction, or none (PRODUCT L).
/// A refused non-synchronising literal is read and dropped (C28, C30).
/// </summary>
internal static class AppendHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, AppendCommand command,
        CancellationToken ct)
    {
        MailboxInfo mailbox;
        try
        {
            CheckUtf8(session, command.Utf8);
            mailbox = await MailboxArgument.FindAsync(session, command.Mailbox, ImapResponseCode.TryCreate, ct)
                .ConfigureAwait(false);
            CheckSize(session, command.Message);
        }
        catch (ImapCommandException)
        {
            await session.DiscardUnusedLiteralAsync(command, ct).ConfigureAwait(false);
            throw;
        }

        var spooled = new List<AppendItem>();
        try
        {
            AppendPart? part = new(command.Flags, command.Date, command.Message, command.Utf8);
            while (part is not null)
            {
                spooled.Add(await ReadMessageAsync(session, part, ct).ConfigureAwait(false));
                part = await NextPartAsync(session, command, part.Utf8, ct).ConfigureAwait(false);
            }

            var results = await session.Store.AppendManyAsync(mailbox.Id, spooled, ct).ConfigureAwait(false);
            foreach (var (result, item) in results.Zip(spooled))
            {
                ImapLog.AppendStored(session.Logger, session.SessionId, session.UserName, mailbox.Name, result.Uid,
                    item.Message.Length);
            }

            // RFC 4315 §3: a MULTIAPPEND's APPENDUID gives the set of new UIDs, in order.
            return ImapCompletion.Ok("APPEND completed",
                $"{ImapResponseCode.AppendUid} {results[0].UidValidity} "
                + SequenceSet.Format(results.Select(r => r.Uid)));
        }
        finally
        {
            spooled.ForEach(s => s.Message.Dispose());
        }
    }

    /// <summary>RFC 6855 §4: the UTF8 form of APPEND is valid only once UTF8=ACCEPT is enabled.</summary>
    private static void CheckUtf8(ImapSession session, bool utf8)
    {
        if (utf8 && !session.Enabled.Utf8Accept)
        {
            ImapCommandException.Bad("APPEND UTF8 needs ENABLE UTF8=ACCEPT first");
        }
    }

    private static void CheckSize(ImapSession session, LiteralSpec message)
    {
        var limit = session.Context.Config.Limits.MaxMessageBytes;
        if (message.Size > limit)
        {
            ImapLog.AppendTooBig(session.Logger, session.SessionId, message.Size, limit);
            ImapCommandException.No($"message is larger than the limit of {limit} octets", ImapResponseCode.TooBig);
        }
    }

    private static async Task<AppendItem> ReadMessageAsync(ImapSession session, AppendPart part, CancellationToken ct)
    {
        if (part.Message.Synchronizing)
        {
            session.Writer.Continuation("Ready for literal data");
            await session.FlushAsync(ct).ConfigureAwait(false);
        }

        await using var spool = session.Store.Spool.Create();
        await session.ReadExactAsync(part.Message.Size,
            segment => spool.Stream.WriteAsync(segment, ct), ct).ConfigureAwait(false);
        var message = await spool.CompleteAsync(ct).ConfigureAwait(false);
        return new AppendItem(message, part.Flags, part.Date ?? session.Context.Time.GetUtcNow());
    }

    /// <summary>After a message literal: CRLF ends the command; anything else is the next message (RFC 3502 §6.3.11).
    /// </summary>
    private static async Task<AppendPart?> NextPartAsync(ImapSession session, AppendCommand command, bool utf8,
        CancellationToken ct)
    {
        var rest = await session.ReadLineAsync(ct).ConfigureAwait(false);
        if (rest.Status == LineStatus.EndOfStream)
        {
            throw new IOException("connection closed after the APPEND literal");
        }

        if (rest.Status != LineStatus.Line || rest.BareLf || (utf8 && (rest.Text.Length == 0 || rest.Text[0] != ')')))
        {
            ImapCommandException.Bad("the APPEND line after the message literal is malformed");
        }

        // RFC 6855 §4: "UTF8 (" literal8 ")": the parenthesis closes after the octets.
        var text = utf8 ? rest.Text[1..] : rest.Text;
        if (text.Length == 0)
        {
            return null;
        }

        AppendPart part;
        try
        {
            part = ImapCommandParser.ParseAppendPart(text);
        }
        catch (ImapSyntaxException e)
        {
            ImapCommandException.Bad($"after the message literal: {e.Message}");
            throw;
        }

        try
        {
            CheckSize(session, part.Message);
        }
        catch (ImapCommandException)
        {
            await session.DiscardUnusedLiteralAsync(command with { Message = part.Message }, ct).ConfigureAwait(false);
            throw;
        }

        return part;
    }
}
