using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>CREATE, DELETE, RENAME, SUBSCRIBE and UNSUBSCRIBE (RFC 3501 §6.3.3-7).</summary>
internal static class MailboxHandlers
{
    public static Task<ImapCompletion> RunAsync(ImapSession session, MailboxCommand command, CancellationToken ct) =>
        command.Name switch
        {
            "CREATE" => CreateAsync(session, command.Mailbox, command.Use, ct),
            "DELETE" => DeleteAsync(session, command.Mailbox, ct),
            _ => SubscribeAsync(session, command.Mailbox, command.Name == "SUBSCRIBE", ct),
        };

    /// <summary>The special-use attributes CREATE (USE (...)) may give (RFC 6154 §2).</summary>
    private static readonly string[] s_specialUses =
        ["\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash"];

    private static async Task<ImapCompletion> CreateAsync(ImapSession session, byte[] wire,
        IReadOnlyList<string>? use, CancellationToken ct)
    {
        string? specialUse = null;
        if (use is not null)
        {
            // RFC 6154 §3: an attribute the server does not know is refused with USEATTR.
            var known = use
                .Select(u => s_specialUses.FirstOrDefault(s => s.Equals(u, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            if (known.Any(k => k is null))
            {
                return ImapCompletion.No("unknown special-use attribute", ImapResponseCode.UseAttr);
            }

            specialUse = string.Join(' ', known.Distinct());
        }

        // RFC 3501 §6.3.3: a trailing delimiter only declares the intent to create children.
        var name = MailboxArgument.Decode(session, wire, allowTrailingDelimiter: true);
        var userId = session.User!.Id;
        if (await session.Store.GetMailboxAsync(userId, name, ct).ConfigureAwait(false) is not null)
        {
            return ImapCompletion.No($"{session.EncodeName(name)} already exists", ImapResponseCode.AlreadyExists);
        }

        await CreateParentsAsync(session, name, ct).ConfigureAwait(false);
        await session.Store.CreateMailboxAsync(userId, name, specialUse, ct).ConfigureAwait(false);
        return ImapCompletion.Ok("CREATE completed");
    }

    /// <summary>RFC 3501 §6.3.3: CREATE (and RENAME) make any missing superior names.</summary>
    private static async Task CreateParentsAsync(ImapSession session, string name, CancellationToken ct)
    {
        var userId = session.User!.Id;
        for (var slash = name.IndexOf(MailboxName.Delimiter); slash > 0;
             slash = name.IndexOf(MailboxName.Delimiter, slash + 1))
        {
            var parent = name[..slash];
            if (await session.Store.GetMailboxAsync(userId, parent, ct).ConfigureAwait(false) is null)
            {
                await session.Store.CreateMailboxAsync(userId, parent, ct: ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task<ImapCompletion> DeleteAsync(ImapSession session, byte[] wire, CancellationToken ct)
    {
        var name = MailboxArgument.Decode(session, wire);
        if (name == "INBOX")
        {
            return ImapCompletion.No("INBOX cannot be deleted", ImapResponseCode.Cannot);
        }

        var userId = session.User!.Id;
        var all = await session.Store.ListMailboxesAsync(userId, ct).ConfigureAwait(false);
        if (!all.Any(m => m.Name == name))
        {
            return ImapCompletion.No($"no mailbox named {session.EncodeName(name)}", ImapResponseCode.NonExistent);
        }

        // SPEC(RFC 3501 §6.3.4): a mailbox with children could stay as a \Noselect name; the store cannot keep
        // such names, so the delete is refused instead (RFC 5530 HASCHILDREN).
        if (all.Any(m => m.Name.StartsWith(name + MailboxName.Delimiter, StringComparison.Ordinal)))
        {
            return ImapCompletion.No("delete the child mailboxes first", ImapResponseCode.HasChildren);
        }

        if (session.Selected?.Info.Id is { } selectedId && all.First(m => m.Name == name).Id == selectedId)
        {
            session.Deselect();
        }

        await session.Store.DeleteMailboxAsync(userId, name, ct).ConfigureAwait(false);
        return ImapCompletion.Ok("DELETE completed");
    }

    public static async Task<ImapCompletion> RenameAsync(ImapSession session, RenameCommand command,
        CancellationToken ct)
    {
        var from = MailboxArgument.Decode(session, command.From);
        var to = MailboxArgument.Decode(session, command.To);
        var userId = session.User!.Id;
        if (await session.Store.GetMailboxAsync(userId, from, ct).ConfigureAwait(false) is null)
        {
            return ImapCompletion.No($"no mailbox named {session.EncodeName(from)}", ImapResponseCode.NonExistent);
        }

        if (await session.Store.GetMailboxAsync(userId, to, ct).ConfigureAwait(false) is not null)
        {
            return ImapCompletion.No($"{session.EncodeName(to)} already exists", ImapResponseCode.AlreadyExists);
        }

        if (to.StartsWith(from + MailboxName.Delimiter, StringComparison.Ordinal))
        {
            return ImapCompletion.No("a mailbox cannot become its own child", ImapResponseCode.Cannot);
        }

        await CreateParentsAsync(session, to, ct).ConfigureAwait(false);
        await session.Store.RenameMailboxAsync(userId, from, to, ct).ConfigureAwait(false);
        return ImapCompletion.Ok("RENAME completed");
    }

    /// <summary>RFC 3501 §6.3.6: a subscription may name a mailbox that does not exist.</summary>
    private static async Task<ImapCompletion> SubscribeAsync(ImapSession session, byte[] wire, bool subscribe,
        CancellationToken ct)
    {
        var name = MailboxArgument.Decode(session, wire);
        await session.Store.SetSubscribedAsync(session.User!.Id, name, subscribe, ct).ConfigureAwait(false);
        return ImapCompletion.Ok(subscribe ? "SUBSCRIBE completed" : "UNSUBSCRIBE completed");
    }
}
