namespace Paloma.Storage;

/// <summary>
/// The last <see cref="MailboxIndex"/> read of each mailbox, shared by every session of the process, so that a
/// SELECT reads only what changed since (rows above its MODSEQ and the expunge tombstones) instead of every row.
/// Entries are weak: an index stays cached while someone holds it (a session that selected the mailbox keeps
/// the index it started from), and a mailbox nobody has open costs no memory after the next full collection.
/// </summary>
public sealed class MailboxIndexCache
{
    private readonly Dictionary<long, WeakReference<MailboxIndex>> _entries = [];
    private int _pruneAt = 64;

    /// <summary>The cached index of a mailbox, or null.</summary>
    public MailboxIndex? Find(long mailboxId)
    {
        lock (_entries)
        {
            return _entries.TryGetValue(mailboxId, out var weak) && weak.TryGetTarget(out var index) ? index : null;
        }
    }

    /// <summary>Keeps <paramref name="index"/> unless the cache already holds a newer state of the mailbox.
    /// </summary>
    public void Publish(MailboxIndex index)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue(index.Info.Id, out var weak) && weak.TryGetTarget(out var current)
                && current.Info.UidValidity == index.Info.UidValidity
                && current.Info.HighestModSeq > index.Info.HighestModSeq)
            {
                return;
            }

            _entries[index.Info.Id] = new WeakReference<MailboxIndex>(index);
            if (_entries.Count >= _pruneAt)
            {
                Prune();
            }
        }
    }

    /// <summary>Drops entries whose index was collected; amortised by doubling the size that triggers it.</summary>
    private void Prune()
    {
        foreach (var (id, weak) in _entries)
        {
            if (!weak.TryGetTarget(out _))
            {
                _entries.Remove(id);
            }
        }

        _pruneAt = Math.Max(64, _entries.Count * 2);
    }

    /// <summary>
    /// The index of <paramref name="info"/>'s state from an older index of the same mailbox (same UIDVALIDITY)
    /// and what changed since its MODSEQ: <paramref name="changed"/>, every row whose MODSEQ is above it (new
    /// and re-flagged messages, ascending UID), and <paramref name="expunged"/>, the UIDs removed since. Every
    /// removal records a tombstone under a new MODSEQ and every insert or flag change gives the row one, so
    /// the two lists are the whole difference.
    /// </summary>
    public static MailboxIndex Apply(MailboxIndex older, MailboxInfo info, IReadOnlyList<MessageInfo> changed,
        IReadOnlyList<uint> expunged)
    {
        if (changed.Count == 0 && expunged.Count == 0)
        {
            return older with { Info = info };
        }

        var gone = expunged.Count == 0 ? null : new HashSet<uint>(expunged);
        var messages = new List<MessageInfo>(older.Messages.Count + changed.Count);
        var next = 0;
        foreach (var message in older.Messages)
        {
            // Rows with a smaller UID that are not in the older index are messages added since.
            while (next < changed.Count && changed[next].Uid < message.Uid)
            {
                messages.Add(changed[next++]);
            }

            if (next < changed.Count && changed[next].Uid == message.Uid)
            {
                messages.Add(changed[next++]);
            }
            else if (gone is null || !gone.Contains(message.Uid))
            {
                messages.Add(message);
            }
        }

        while (next < changed.Count)
        {
            messages.Add(changed[next++]);
        }

        return new MailboxIndex(info, messages);
    }
}
