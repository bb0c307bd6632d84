using Paloma.Imap.Message;
using Paloma.Imap.Protocol;
using Paloma.Storage;

namespace Paloma.Imap.Server.Commands;

/// <summary>
/// FETCH and UID FETCH (RFC 3501 §6.4.5, §6.4.8). Each message's response is built whole before it is written,
/// so a message that vanished half-way leaves no broken line: it is skipped and the command ends
/// NO [EXPUNGEISSUED] (RFC 5530, RFC 2180 §4.1.2, C37).
/// </summary>
internal static class FetchHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, FetchCommand command,
        CancellationToken ct)
    {
        var selected = session.Selected!;
        var targets = selected.Resolve(command.Set, command.Uid);
        // RFC 3501 §6.4.5: BODY[...] without .PEEK (and RFC822, RFC822.TEXT) sets \Seen.
        var setsSeen = !selected.ReadOnly && command.Items.OfType<FetchSection>().Any(s => !s.Peek);
        var expungeIssued = false;
        foreach (var (seq, listed) in targets)
        {
            var message = listed;
            var flagsChanged = false;
            if (setsSeen && !message.HasFlag(ImapFlags.Seen) && !selected.IsExpungedElsewhere(message.Uid))
            {
                var changed = await session.Store.StoreFlagsAsync(selected.Info.Id, [message.Uid],
                    FlagStoreMode.Add, [ImapFlags.Seen], ct).ConfigureAwait(false);
                foreach (var updated in changed)
                {
                    selected.Update(updated);
                    message = updated;
                    flagsChanged = true;
                }
            }

            var response = await BuildAsync(session, seq, message, command, flagsChanged, ct).ConfigureAwait(false);
            if (response is null)
            {
                expungeIssued = true;
                continue;
            }

            session.Writer.Bytes(response);
            await session.FlushIfLargeAsync(ct).ConfigureAwait(false);
        }

        return expungeIssued
            ? ImapCompletion.No("some messages were expunged by another session", ImapResponseCode.ExpungeIssued)
            : ImapCompletion.Ok($"{command.Name} completed");
    }

    private static async Task<byte[]?> BuildAsync(ImapSession session, int seq, MessageInfo message,
        FetchCommand command, bool flagsChanged, CancellationToken ct)
    {
        var selected = session.Selected!;
        var data = new MessageData(session.Store, message);
        var items = new List<FetchItem>(command.Items);
        // RFC 3501 §6.4.8: UID FETCH always reports UID; §6.4.5: a \Seen change is reported with FLAGS.
        if (command.Uid && !items.Contains(new FetchSimple(FetchAttribute.Uid)))
        {
            items.Insert(0, new FetchSimple(FetchAttribute.Uid));
        }

        if (flagsChanged && !items.Contains(new FetchSimple(FetchAttribute.Flags)))
        {
            items.Add(new FetchSimple(FetchAttribute.Flags));
        }

        var writer = new ImapResponseWriter();
        writer.Raw("* ").Number(seq).Raw(" FETCH (");
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                writer.Raw(" ");
            }

            if (!await WriteItemAsync(writer, items[i], data, selected, ct).ConfigureAwait(false))
            {
                return null;
            }
        }

        writer.Raw(")").Line();
        return writer.ToArray();
    }

    /// <summary>Writes one item; false when the message's content is gone.</summary>
    private static async Task<bool> WriteItemAsync(ImapResponseWriter writer, FetchItem item, MessageData data,
        SelectedMailbox selected, CancellationToken ct)
    {
        var message = data.Message;
        switch (item)
        {
            case FetchSimple { Attribute: FetchAttribute.Flags }:
                writer.Raw("FLAGS ").Raw(selected.FormatFlags(message));
                return true;
            case FetchSimple { Attribute: FetchAttribute.Uid }:
                writer.Raw("UID ").Number(message.Uid);
                return true;
            case FetchSimple { Attribute: FetchAttribute.InternalDate }:
                writer.Raw("INTERNALDATE ").String(ImapDateTime.Format(message.InternalDate));
                return true;
            case FetchSimple { Attribute: FetchAttribute.Rfc822Size }:
                writer.Raw("RFC822.SIZE ").Number(message.Size);
                return true;
            case FetchSimple simple:
                return await WriteStructureAsync(writer, simple.Attribute, data, ct).ConfigureAwait(false);
            case FetchSection section:
                var octets = await SectionAsync(section.Section, data, ct).ConfigureAwait(false);
                if (octets is null)
                {
                    return false;
                }

                writer.Raw(section.ResponseName).Raw(" ").Literal(Partial(octets, section));
                return true;
            default:
                return true;
        }
    }

    private static async Task<bool> WriteStructureAsync(ImapResponseWriter writer, FetchAttribute attribute,
        MessageData data, CancellationToken ct)
    {
        if (await data.ContentAsync(ct).ConfigureAwait(false) is not { } content)
        {
            return false;
        }

        writer.Raw(attribute switch
        {
            FetchAttribute.Envelope => "ENVELOPE " + content.Envelope,
            FetchAttribute.BodyStructure => "BODYSTRUCTURE " + content.BodyStructure(extended: true),
            _ => "BODY " + content.BodyStructure(extended: false),
        });
        return true;
    }

    /// <summary>BODY[] is the stored octets as they are; any other section comes from the parsed message, and a
    /// section that does not exist is empty (RFC 3501 §6.4.5).</summary>
    private static async Task<byte[]?> SectionAsync(SectionSpec section, MessageData data, CancellationToken ct)
    {
        if (section.Part.Count == 0 && section.Kind == SectionKind.All)
        {
            return await data.RawAsync(ct).ConfigureAwait(false);
        }

        var content = await data.ContentAsync(ct).ConfigureAwait(false);
        return content is null ? null : content.GetSection(section) ?? [];
    }

    /// <summary>RFC 3501 §6.4.5: &lt;start.size&gt; is zero-based; a start at or past the end gives "", and the
    /// range is cut at the end (computed in 64 bits, so 4294967295.4294967295 cannot wrap, C34).</summary>
    private static ReadOnlySpan<byte> Partial(byte[] octets, FetchSection section)
    {
        if (section.PartialStart is not { } start)
        {
            return octets;
        }

        if (start >= (ulong)octets.Length)
        {
            return [];
        }

        var end = Math.Min((ulong)octets.Length, (ulong)start + section.PartialLength!.Value);
        return octets.AsSpan((int)start, (int)(end - start));
    }
}
