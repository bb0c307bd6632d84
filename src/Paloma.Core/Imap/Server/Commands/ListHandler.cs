using System.Text;
using Paloma.Imap.Protocol;
using Paloma.Storage;

namespace Paloma.Imap.Server.Commands;

/// <summary>LIST and LSUB (RFC 3501 §6.3.8-9), LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819), with the RFC 6154
/// special-use attributes and the RFC 3348 child attributes.</summary>
internal static class ListHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, ListCommand command,
        CancellationToken ct)
    {
        var reference = session.WireText(command.Reference);
        if (command.Patterns.Count == 1 && command.Pattern.Length == 0)
        {
            // RFC 3501 §6.3.8: an empty pattern asks for the delimiter and the root of the reference.
            session.Writer.Raw("* ").Raw(command.Name).Raw(" (\\Noselect) ")
                .String(MailboxName.Delimiter.ToString()).Raw(" ").String("").Line();
            return ImapCompletion.Ok($"{command.Name} completed");
        }

        var patterns = command.Patterns.Select(p => new MailboxPattern(reference, session.WireText(p)))
            .ToList();
        var userId = session.User!.Id;
        var mailboxes = (await session.Store.ListMailboxesAsync(userId, ct).ConfigureAwait(false))
            .ToDictionary(m => m.Name, StringComparer.Ordinal);
        var subscribed = (await session.Store.ListSubscriptionsAsync(userId, ct).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        var onlySubscribed = command.Name == "LSUB" || command.Selection.Contains("SUBSCRIBED");
        var recursive = command.Selection.Contains("RECURSIVEMATCH");
        var candidates = new SortedSet<string>(mailboxes.Keys, StringComparer.Ordinal);
        candidates.UnionWith(subscribed);
        foreach (var name in candidates)
        {
            var wire = session.EncodeName(name);
            if (!patterns.Any(p => p.Matches(wire)))
            {
                continue;
            }

            mailboxes.TryGetValue(name, out var info);
            var selected = Selected(command, name, info, subscribed, onlySubscribed);
            // RFC 5258 §3.5: with RECURSIVEMATCH a name not itself selected is listed when a child is.
            var childInfo = recursive && !selected && HasSelectedChild(command, name, mailboxes, subscribed);
            if (!selected && !childInfo)
            {
                continue;
            }

            WriteLine(session, command, name, info, subscribed.Contains(name) && (selected || onlySubscribed),
                mailboxes.Keys, childInfo);
            if (command.StatusItems is { } items && info is not null && selected)
            {
                await StatusHandler.WriteAsync(session, info, items, ct).ConfigureAwait(false);
            }

            await session.FlushIfLargeAsync(ct).ConfigureAwait(false);
        }

        return ImapCompletion.Ok($"{command.Name} completed");
    }

    private static bool Selected(ListCommand command, string name, MailboxInfo? info, HashSet<string> subscribed,
        bool onlySubscribed)
    {
        if (onlySubscribed && !subscribed.Contains(name))
        {
            return false;
        }

        if (command.Selection.Contains("SPECIAL-USE") && info?.SpecialUse is null)
        {
            return false;
        }

        return info is not null || onlySubscribed;
    }

    private static bool HasSelectedChild(ListCommand command, string name, Dictionary<string, MailboxInfo> mailboxes,
        HashSet<string> subscribed)
    {
        var prefix = name + MailboxName.Delimiter;
        var children = subscribed.Concat(mailboxes.Keys).Where(n => n.StartsWith(prefix, StringComparison.Ordinal));
        return children.Any(child => Selected(command, child, mailboxes.GetValueOrDefault(child), subscribed,
            command.Selection.Contains("SUBSCRIBED")));
    }

    private static void WriteLine(ImapSession session, ListCommand command, string name, MailboxInfo? info,
        bool isSubscribed, IEnumerable<string> existing, bool childInfo)
    {
        var attributes = new List<string>();
        if (info is null)
        {
            // RFC 5258 §3.4: a subscribed name without a mailbox; LSUB keeps RFC 3501's \Noselect.
            attributes.Add(command.Name == "LSUB" ? "\\Noselect" : "\\NonExistent");
        }
        else
        {
            var hasChildren = existing.Any(n => n.StartsWith(name + MailboxName.Delimiter, StringComparison.Ordinal));
            attributes.Add(hasChildren ? "\\HasChildren" : "\\HasNoChildren");
            if (info.SpecialUse is { } use)
            {
                attributes.Add(use);
            }
        }

        var wantsSubscribed = command.Selection.Contains("SUBSCRIBED") || command.Return.Contains("SUBSCRIBED");
        if (command.Name == "LIST" && wantsSubscribed && isSubscribed)
        {
            attributes.Add("\\Subscribed");
        }

        session.Writer.Raw("* ").Raw(command.Name).Raw(" (").Raw(string.Join(' ', attributes)).Raw(") ")
            .String(MailboxName.Delimiter.ToString()).Raw(" ").String(session.EncodeName(name));
        if (childInfo)
        {
            var reason = command.Selection.Contains("SUBSCRIBED") ? "SUBSCRIBED" : "SPECIAL-USE";
            session.Writer.Raw($" (\"CHILDINFO\" (\"{reason}\"))");
        }

        session.Writer.Line();
    }
}
