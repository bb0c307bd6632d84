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
        if (command.Vanished && !session.Enabled.QResync)
        {
            return ImapCompletion.Bad("VANISHED needs ENABLE QRESYNC first");
        }

        // RFC 7162 §3.1: MODSEQ and CHANGEDSINCE are CONDSTORE enabling; CHANGEDSINCE implies MODSEQ (§3.1.4.1).
        var modSeqItem = new FetchSimple(FetchAttribute.ModSeq);
        if (command.ChangedSince is not null || command.Items.Contains(modSeqItem))
        {
            session.Enabled.CondStore = true;
            command = command.Items.Contains(modSeqItem)
                ? command
                : command with { Items = [.. command.Items, modSeqItem] };
        }

        var positions = selected.Positions(command.Set, command.Uid);
        if (command.ChangedSince is { } since && command.Vanished)
        {
            await WriteVanishedAsync(session, command.Set, since, ct).ConfigureAwait(false);
        }

        if (command.Items.All(IsIndexOnly))
        {
            await WriteIndexOnlyAsync(session, positions, command, ct).ConfigureAwait(false);
            return ImapCompletion.Ok($"{command.Name} completed");
        }

        var targets = selected.Resolve(positions);
        if (command.ChangedSince is { } changedSince)
        {
            targets = targets.Where(t => t.Message.ModSeq > changedSince).ToList();
        }

        // RFC 3501 §6.4.5: BODY[...] without .PEEK (and RFC822, RFC822.TEXT) sets \Seen.
        // RFC 3516 §4.2: so does BINARY[...] without .PEEK; BINARY.SIZE does not.
        var setsSeen = !selected.ReadOnly && (command.Items.OfType<FetchSection>().Any(s => !s.Peek)
            || command.Items.OfType<FetchBinary>().Any(b => !b.Peek && !b.SizeOnly));
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

    /// <summary>RFC 7162 §3.2.6: the UIDs in the set expunged since the given MODSEQ.</summary>
    private static async Task WriteVanishedAsync(ImapSession session, SequenceSet set, ulong since,
        CancellationToken ct)
    {
        var selected = session.Selected!;
        var largest = Math.Max(selected.LargestUid, selected.Info.UidNext - 1);
        var vanished = (await session.Store.GetExpungedSinceAsync(selected.Info.Id, since, ct).ConfigureAwait(false))
            .Where(uid => set.Saved ? selected.Saved.Contains(uid) : set.Contains(uid, largest)).ToList();
        if (vanished.Count > 0)
        {
            session.Writer.Raw("* VANISHED (EARLIER) ").Raw(SequenceSet.Format(vanished)).Line();
        }
    }

    /// <summary>Items answered from the session's index alone, without the message's octets.</summary>
    private static bool IsIndexOnly(FetchItem item) => item is FetchSimple
    {
        Attribute: FetchAttribute.Flags or FetchAttribute.Uid or FetchAttribute.ModSeq or FetchAttribute.InternalDate
            or FetchAttribute.Rfc822Size,
    };

    /// <summary>The common sync fetch, "FETCH 1:* (UID FLAGS)": written straight into the session's buffer and
    /// flushed as it grows, with no per-message response object and no list of the messages (docs/performance.md).
    /// </summary>
    private static async Task WriteIndexOnlyAsync(ImapSession session, List<(int Start, int End)> positions,
        FetchCommand command, CancellationToken ct)
    {
        var selected = session.Selected!;
        var withUid = command.Uid && !command.Items.Contains(new FetchSimple(FetchAttribute.Uid));
        var attributes = command.Items.Select(i => ((FetchSimple)i).Attribute).ToArray();
        foreach (var (start, end) in positions)
        {
            // Lines are written synchronously until the buffer is large, then it is flushed: no await per message.
            for (var next = start; next < end;)
            {
                next = WriteIndexRun(session.Writer, selected, next, end, attributes, withUid, command.ChangedSince);
                await session.FlushIfLargeAsync(ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the responses of the messages at positions from <paramref name="start"/> on, until
    /// <paramref name="end"/> or until the buffer is large (<see cref="ImapResponseWriter.IsLarge"/>); returns the
    /// position to go on from.</summary>
    private static int WriteIndexRun(ImapResponseWriter writer, SelectedMailbox selected, int start, int end,
        FetchAttribute[] attributes, bool withUid, ulong? changedSince)
    {
        var i = start;
        for (; i < end && !writer.IsLarge; i++)
        {
            var message = selected.At(i + 1);
            if (message.ModSeq > changedSince || changedSince is null)
            {
                WriteIndexResponse(writer, i + 1, message, attributes, withUid, selected);
            }
        }

        return i;
    }

    private static void WriteIndexResponse(ImapResponseWriter writer, int seq, MessageInfo message,
        FetchAttribute[] attributes, bool withUid, SelectedMailbox selected)
    {
        writer.Bytes("* "u8).Number(seq).Bytes(" FETCH ("u8);
        if (withUid)
        {
            writer.Bytes("UID "u8).Number(message.Uid).Bytes(" "u8);
        }

        for (var i = 0; i < attributes.Length; i++)
        {
            writer = i > 0 ? writer.Bytes(" "u8) : writer;
            WriteIndexItem(writer, attributes[i], message, selected);
        }

        writer.Bytes(")\r\n"u8);
    }

    private static void WriteIndexItem(ImapResponseWriter writer, FetchAttribute attribute, MessageInfo message,
        SelectedMailbox selected)
    {
        _ = attribute switch
        {
            FetchAttribute.Flags => selected.WriteFlagList(writer.Bytes("FLAGS "u8), message),
            FetchAttribute.Uid => writer.Bytes("UID "u8).Number(message.Uid),
            FetchAttribute.ModSeq => writer.Bytes("MODSEQ ("u8).Number((long)message.ModSeq).Bytes(")"u8),
            FetchAttribute.InternalDate =>
                writer.Bytes("INTERNALDATE "u8).String(ImapDateTime.Format(message.InternalDate)),
            _ => writer.Bytes("RFC822.SIZE "u8).Number(message.Size),
        };
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

        // RFC 7162 §3.1.4: a flag change reported to a CONDSTORE client carries its MODSEQ.
        if (flagsChanged && session.Enabled.CondStore && !items.Contains(new FetchSimple(FetchAttribute.ModSeq)))
        {
            items.Add(new FetchSimple(FetchAttribute.ModSeq));
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
                selected.WriteFlagList(writer.Raw("FLAGS "), message);
                return true;
            case FetchSimple { Attribute: FetchAttribute.Uid }:
                writer.Raw("UID ").Number(message.Uid);
                return true;
            case FetchSimple { Attribute: FetchAttribute.InternalDate }:
                writer.Raw("INTERNALDATE ").String(ImapDateTime.Format(message.InternalDate));
                return true;
            case FetchSimple { Attribute: FetchAttribute.Rfc822Size or FetchAttribute.ModSeq } index:
                WriteIndexItem(writer, index.Attribute, message, selected);
                return true;
            case FetchSimple simple:
                return await WriteStructureAsync(writer, simple.Attribute, data, ct).ConfigureAwait(false);
            case FetchSection section:
                var octets = await SectionAsync(section.Section, data, ct).ConfigureAwait(false);
                if (octets is null)
                {
                    return false;
                }

                writer.Raw(section.ResponseName).Raw(" ").Literal(Partial(octets, section.PartialStart,
                    section.PartialLength));
                return true;
            case FetchBinary binary:
                return await WriteBinaryAsync(writer, binary, data, ct).ConfigureAwait(false);
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

    /// <summary>
    /// BINARY and BINARY.SIZE (RFC 3516 §4.2): the decoded part, as literal8 when it holds a NUL (§4.3), else as
    /// a literal. An encoding the server cannot undo fails the whole command with NO [UNKNOWN-CTE] (§4.3).
    /// </summary>
    private static async Task<bool> WriteBinaryAsync(ImapResponseWriter writer, FetchBinary binary,
        MessageData data, CancellationToken ct)
    {
        if (await data.ContentAsync(ct).ConfigureAwait(false) is not { } content)
        {
            return false;
        }

        var section = content.GetBinary(binary.Part);
        if (section.UnknownEncoding is { } encoding)
        {
            ImapCommandException.No($"cannot decode the transfer encoding {encoding} of BINARY[{string.Join('.',
                binary.Part)}]", ImapResponseCode.UnknownCte);
        }

        // A part that does not exist is empty, as for BODY[] (RFC 3501 §6.4.5).
        var octets = section.Octets ?? [];
        writer.Raw(binary.ResponseName).Raw(" ");
        if (binary.SizeOnly)
        {
            writer.Number(octets.Length);
            return true;
        }

        var slice = Partial(octets, binary.PartialStart, binary.PartialLength);
        if (slice.Contains((byte)0))
        {
            writer.Literal8(slice);
        }
        else
        {
            writer.Literal(slice);
        }

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
    private static ReadOnlySpan<byte> Partial(byte[] octets, uint? partialStart, uint? partialLength)
    {
        if (partialStart is not { } start)
        {
            return octets;
        }

        if (start >= (ulong)octets.Length)
        {
            return [];
        }

        var end = Math.Min((ulong)octets.Length, (ulong)start + partialLength!.Value);
        return octets.AsSpan((int)start, (int)(end - start));
    }
}
