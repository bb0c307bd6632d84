using Paloma.Imap.Protocol;
using Paloma.Storage;

namespace Paloma.Imap.Server.Commands;

/// <summary>Turns a mailbox argument into a store name or a store mailbox, with the NO each handler needs.</summary>
internal static class MailboxArgument
{
    /// <summary>Decodes a wire name; an invalid one is NO [CANNOT] with the precise reason (C31, C32).</summary>
    public static string Decode(ImapSession session, byte[] wire, bool allowTrailingDelimiter = false)
    {
        if (!MailboxName.TryDecode(wire, allowTrailingDelimiter, session.Enabled.Utf8Accept, out var name,
                out var error))
        {
            ImapCommandException.No(error, ImapResponseCode.Cannot);
        }

        return name;
    }

    /// <summary>An existing mailbox, or NO with <paramref name="missingCode"/> (NONEXISTENT, or TRYCREATE for
    /// APPEND, COPY and MOVE targets, RFC 3501 §6.3.11, §6.4.7).</summary>
    public static async Task<MailboxInfo> FindAsync(ImapSession session, byte[] wire, string missingCode,
        CancellationToken ct)
    {
        var name = Decode(session, wire);
        var mailbox = await session.Store.GetMailboxAsync(session.User!.Id, name, ct).ConfigureAwait(false);
        if (mailbox is null)
        {
            ImapCommandException.No($"no mailbox named {session.EncodeName(name)}", missingCode);
        }

        return mailbox;
    }
}
