using System.Text;
using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>LIST and LSUB (RFC 3501 §6.3.8-9) with the RFC 6154 special-use attributes and the RFC 3348 child
/// attributes.</summary>
internal static class ListHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, ListCommand command,
        CancellationToken ct)
    {
        var reference = Encoding.Latin1.GetString(command.Reference);
        var patternText = Encoding.Latin1.GetString(command.Pattern);
        if (patternText.Length == 0)
        {
            // RFC 3501 §6.3.8: an empty pattern asks for the delimiter and the root of the reference.
            session.Writer.Raw("* ").Raw(command.Name).Raw(" (\\Noselect) ")
                .String(MailboxName.Delimiter.ToString()).Raw(" ").String("").Line();
            return ImapCompletion.Ok($"{command.Name} completed");
        }

        var pattern = new MailboxPattern(reference, patternText);
        var mailboxes = await session.Store.ListMailboxesAsync(session.User!.Id, ct).ConfigureAwait(false);
        var names = mailboxes.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        IEnumerable<string> candidates = command.Name == "LSUB"
            ? await session.Store.ListSubscriptionsAsync(session.User.Id, ct).ConfigureAwait(false)
            : names.Order(StringComparer.Ordinal);
        foreach (var name in candidates)
        {
            var wire = MailboxName.Encode(name);
            if (!pattern.Matches(wire))
            {
                continue;
            }

            var attributes = new List<string>();
            var info = mailboxes.FirstOrDefault(m => m.Name == name);
            if (command.SpecialUseOnly && info?.SpecialUse is null)
            {
                continue;
            }

            if (info is null)
            {
                attributes.Add("\\Noselect");
            }
            else
            {
                var hasChildren = names.Any(n => n.StartsWith(name + MailboxName.Delimiter, StringComparison.Ordinal));
                attributes.Add(hasChildren ? "\\HasChildren" : "\\HasNoChildren");
                if (info.SpecialUse is { } use)
                {
                    attributes.Add(use);
                }
            }

            session.Writer.Raw("* ").Raw(command.Name).Raw(" (").Raw(string.Join(' ', attributes)).Raw(") ")
                .String(MailboxName.Delimiter.ToString()).Raw(" ").String(wire).Line();
            await session.FlushIfLargeAsync(ct).ConfigureAwait(false);
        }

        return ImapCompletion.Ok($"{command.Name} completed");
    }
}
