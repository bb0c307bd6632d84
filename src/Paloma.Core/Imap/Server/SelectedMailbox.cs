using Paloma.Imap.Protocol;
using Paloma.Storage;

namespace Paloma.Imap.Server;

/// <summary>
/// This session's view of its selected mailbox (RFC 3501 §5.2, §7.4.1): the messages in sequence order with the
/// flags last reported, the MODSEQ seen, and the messages another session expunged that this session has not
/// been told about yet. Sequence numbers change only when this session writes an EXPUNGE response, never behind
/// its back (the C37 fault).
/// </summary>
internal sealed class SelectedMailbox : IDisposable
{
    private readonly List<MessageInfo> _messages;
    private readonly HashSet<uint> _recent;
    private readonly HashSet<uint> _expungedElsewhere = [];
    private readonly IDisposable _subscription;
    private readonly EnabledExtensions _enabled;

    // The shared index this view started from, never read: held so that the store's cache, which keeps indexes
    // only while a session holds one (weak references), can serve the next SELECT of this mailbox from it. The
    // cost: a session selected for long keeps that starting index alive after its own view has moved on.
    private readonly MailboxIndex _origin;
    private TaskCompletionSource _changed = NewSignal();
    private ulong _modSeq;
    private Dictionary<IReadOnlyList<string>, byte[]>? _flagListText;

    private SelectedMailbox(MailboxInfo info, bool readOnly, List<MessageInfo> messages, HashSet<uint> recent,
        MailboxNotifier notifier, EnabledExtensions enabled, MailboxIndex origin)
    {
        _origin = origin;
        _enabled = enabled;
        Info = info;
        ReadOnly = readOnly;
        _messages = messages;
        _recent = recent;
        _modSeq = info.HighestModSeq;
        _subscription = notifier.Subscribe(info.Id, OnChanged);
    }

    public MailboxInfo Info { get; private set; }

    public bool ReadOnly { get; }

    public int Count => _messages.Count;

    public int RecentCount => _recent.Count;

    /// <summary>False under IMAP4rev2, which has neither \Recent nor the RECENT response (RFC 9051 §2.3.2).
    /// </summary>
    public bool ReportsRecent => !_enabled.Rev2;

    /// <summary>Completes when the store reports a change; take it before syncing so nothing slips between.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public uint LargestUid => _messages.Count == 0 ? 0 : _messages[^1].Uid;

    /// <summary>The HIGHESTMODSEQ this view is up to date with (RFC 7162 §3.1.2.1).</summary>
    public ulong ModSeq => _modSeq;

    /// <summary>The UIDs of the last SEARCH RETURN (SAVE), "$" (RFC 5182 §2.1); empty after SELECT.</summary>
    public IReadOnlySet<uint> Saved { get; set; } = new HashSet<uint>();

    public static async Task<SelectedMailbox> OpenAsync(IMailStore store, MailboxInfo info, bool readOnly,
        EnabledExtensions enabled, CancellationToken ct)
    {
        // One consistent state: UIDNEXT and MODSEQ match the messages exactly, so the first sync reports precisely
        // what changed after it. The index is shared with the other sessions and only brought up to date here.
        var index = await store.GetMailboxIndexAsync(info.Id, ct).ConfigureAwait(false)
            ?? throw new MailStoreException(MailStoreError.MailboxNotFound, $"no mailbox named {info.Name}");
        info = index.Info;
        var messages = new List<MessageInfo>(index.Messages);
        // RFC 3501 §2.3.2: \Recent goes to exactly one session, the first read-write one to see the message; the
        // watermark is in the store, so neither another session nor a restart makes a message recent twice.
        // RFC 9051 §2.3.2: IMAP4rev2 has no \Recent; such a session neither claims nor reports it.
        var recent = new HashSet<uint>();
        if (!enabled.Rev2)
        {
            var firstRecent = readOnly
                ? await store.PeekRecentAsync(info, ct).ConfigureAwait(false)
                : await store.ClaimRecentAsync(info, info.UidNext, ct).ConfigureAwait(false);
            // Ascending UIDs: the recent ones are at the end.
            for (var i = messages.Count - 1; i >= 0 && messages[i].Uid >= firstRecent; i--)
            {
                recent.Add(messages[i].Uid);
            }
        }

        return new SelectedMailbox(info, readOnly, messages, recent, store.Notifier, enabled, index);
    }

    /// <summary>The message at a 1-based sequence number.</summary>
    public MessageInfo At(int sequence) => _messages[sequence - 1];

    public bool IsRecent(uint uid) => _recent.Contains(uid);

    /// <summary>True when another session expunged the message and this one has not reported it yet.</summary>
    public bool IsExpungedElsewhere(uint uid) => _expungedElsewhere.Contains(uid);

    public int? SequenceOf(uint uid)
    {
        var index = IndexAtOrAbove(uid);
        return index < _messages.Count && _messages[index].Uid == uid ? index + 1 : null;
    }

    /// <summary>The position of the first message whose UID is at least <paramref name="uid"/> (UIDs ascend).
    /// </summary>
    private int IndexAtOrAbove(uint uid)
    {
        int low = 0, high = _messages.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_messages[middle].Uid < uid)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>
    /// The messages a set names, in sequence order. By sequence number every explicit number must exist (RFC 3501
    /// §9 seq-number: a number above the count is invalid, BAD); by UID, numbers that do not exist are ignored.
    /// </summary>
    public List<(int Sequence, MessageInfo Message)> Resolve(SequenceSet set, bool byUid) =>
        Resolve(Positions(set, byUid));

    /// <summary>The messages of runs from <see cref="Positions"/>, for a caller that already has them.</summary>
    public List<(int Sequence, MessageInfo Message)> Resolve(List<(int Start, int End)> positions)
    {
        var result = new List<(int, MessageInfo)>();
        foreach (var (start, end) in positions)
        {
            for (var i = start; i < end; i++)
            {
                result.Add((i + 1, _messages[i]));
            }
        }

        return result;
    }

    /// <summary>
    /// What <see cref="Resolve"/> lists, as ascending runs of positions (0-based, end excluded), so that a
    /// command on the whole mailbox can walk it without a list of every message.
    /// </summary>
    public List<(int Start, int End)> Positions(SequenceSet set, bool byUid)
    {
        if (!byUid && (set.MaxExplicit() > Count || (Count == 0 && set.Ranges.Count > 0)))
        {
            ImapCommandException.Bad("no such message: the sequence set names numbers above the message count");
        }

        var runs = new List<(int, int)>();
        if (set.Saved)
        {
            for (var i = 0; i < _messages.Count; i++)
            {
                if (Saved.Contains(_messages[i].Uid))
                {
                    runs.Add((i, i + 1));
                }
            }

            return runs;
        }

        // Each range is found directly (by position, or by binary search on the ascending UIDs), so "FETCH 7" costs
        // the same in a mailbox of ten messages as in one of a hundred thousand.
        foreach (var (first, last) in set.Intervals(byUid ? LargestUid : (uint)Count))
        {
            var start = byUid ? IndexAtOrAbove(first) : (int)Math.Max(first, 1) - 1;
            var end = byUid
                ? (last == uint.MaxValue ? _messages.Count : IndexAtOrAbove(last + 1))
                : (int)Math.Min(last, (uint)_messages.Count);
            if (start < end)
            {
                runs.Add((start, end));
            }
        }

        return runs;
    }

    /// <summary>Records flags this session changed itself, so the next sync does not report them back.</summary>
    public void Update(MessageInfo changed)
    {
        if (SequenceOf(changed.Uid) is { } seq)
        {
            _messages[seq - 1] = changed;
        }
    }

    /// <summary>Drops a message this session expunged itself and returns the sequence number to report.</summary>
    public int? Remove(uint uid)
    {
        if (SequenceOf(uid) is not { } seq)
        {
            return null;
        }

        _messages.RemoveAt(seq - 1);
        _recent.Remove(uid);
        _expungedElsewhere.Remove(uid);
        return seq;
    }

    /// <summary>The BYE text when another session deleted the selected mailbox.</summary>
    public const string DeletedText = "Selected mailbox was deleted, have to disconnect";

    /// <summary>
    /// RFC 2180 §3 leaves a mailbox deleted or renamed under another session to the server. Renamed (§3.3): the
    /// mailbox, its UIDs and UIDVALIDITY are unchanged, only the name, so the session keeps using it. Deleted
    /// (§3.2): the session is ended with an untagged BYE, since no message in its view can be fetched or changed
    /// any more. SQLite may give a deleted mailbox's id to a new one: that one has another UIDVALIDITY.
    /// </summary>
    public static bool IsSameMailbox(MailboxInfo known, MailboxInfo? current) =>
        current is not null && current.UidValidity == known.UidValidity && current.UserId == known.UserId;

    /// <summary>
    /// Brings the view up to date and writes what changed: EXPUNGE (only when <paramref name="allowExpunge"/>;
    /// RFC 3501 §7.4.1 forbids it during FETCH, STORE and SEARCH), FETCH FLAGS, EXISTS and RECENT. Returns false,
    /// writing nothing, when the mailbox was deleted (see <see cref="IsSameMailbox"/>).
    /// </summary>
    public async Task<bool> SyncAsync(IMailStore store, ImapResponseWriter writer, bool allowExpunge,
        CancellationToken ct)
    {
        // One read of the mailbox row and, only when its HIGHESTMODSEQ moved, of what changed since the MODSEQ
        // this view last saw: new and re-flagged messages, and the expunge tombstones (every expunge, MOVE and
        // rename records one under a new MODSEQ). Reading the whole mailbox here made every command cost
        // O(mailbox size) as soon as any other session changed anything.
        var changes = await store.GetChangesSinceAsync(Info.Id, _modSeq, ct).ConfigureAwait(false);
        if (changes is null || !IsSameMailbox(Info, changes.Info))
        {
            return false;
        }

        var pendingExpunges = allowExpunge && _expungedElsewhere.Count > 0;
        if (changes.Info.HighestModSeq == _modSeq && !pendingExpunges)
        {
            Info = changes.Info;
            return true;
        }

        var (changed, expunged) = (changes.Changed, changes.Expunged);
        Info = changes.Info;
        _modSeq = changes.Info.HighestModSeq;
        foreach (var uid in expunged)
        {
            if (SequenceOf(uid) is not null)
            {
                _expungedElsewhere.Add(uid);
            }
        }

        if (allowExpunge)
        {
            WriteExpunges(writer);
        }

        WriteFlagChanges(writer, changed);
        await AddNewMessagesAsync(store, writer, changed, ct).ConfigureAwait(false);
        return true;
    }

    private void WriteExpunges(ImapResponseWriter writer)
    {
        if (_enabled.QResync && _expungedElsewhere.Count > 0)
        {
            // RFC 7162 §3.2.10: a QRESYNC client is told by UID, in one VANISHED response, instead of EXPUNGE.
            _messages.RemoveAll(m => _expungedElsewhere.Contains(m.Uid));
            _recent.ExceptWith(_expungedElsewhere);
            writer.Raw("* VANISHED ").Raw(SequenceSet.Format(_expungedElsewhere.Order())).Line();
            _expungedElsewhere.Clear();
            return;
        }

        // Highest sequence number first, so each number written is still right when the client applies it.
        for (var seq = _messages.Count; seq >= 1; seq--)
        {
            var uid = _messages[seq - 1].Uid;
            if (_expungedElsewhere.Contains(uid))
            {
                writer.Raw("* ").Number(seq).Raw(" EXPUNGE").Line();
                _messages.RemoveAt(seq - 1);
                _recent.Remove(uid);
            }
        }

        _expungedElsewhere.Clear();
    }

    private void WriteFlagChanges(ImapResponseWriter writer, IReadOnlyList<MessageInfo> changed)
    {
        foreach (var message in changed)
        {
            if (SequenceOf(message.Uid) is not { } seq || _expungedElsewhere.Contains(message.Uid))
            {
                continue;
            }

            var known = _messages[seq - 1];
            _messages[seq - 1] = message;
            if (!StoredFlags.Same(known.Flags, message.Flags) || (_enabled.CondStore && known.ModSeq != message.ModSeq))
            {
                WriteFlags(writer, seq, message, withUid: true);
            }
        }
    }

    private async Task AddNewMessagesAsync(IMailStore store, ImapResponseWriter writer,
        IReadOnlyList<MessageInfo> changed, CancellationToken ct)
    {
        var largest = LargestUid;
        var added = changed.Where(m => m.Uid > largest).ToList();
        if (added.Count == 0)
        {
            return;
        }

        _messages.AddRange(added);
        writer.Raw("* ").Number(_messages.Count).Raw(" EXISTS").Line();
        if (!ReportsRecent)
        {
            return;
        }

        var firstRecent = ReadOnly
            ? await store.PeekRecentAsync(Info, ct).ConfigureAwait(false)
            : await store.ClaimRecentAsync(Info, added[^1].Uid + 1, ct).ConfigureAwait(false);
        _recent.UnionWith(added.Where(m => m.Uid >= firstRecent).Select(m => m.Uid));
        writer.Raw("* ").Number(_recent.Count).Raw(" RECENT").Line();
    }

    /// <summary>"* n FETCH ([UID u ]FLAGS (...)[ MODSEQ (m)])": MODSEQ once CONDSTORE is on (RFC 7162 §3.1.4).
    /// </summary>
    public void WriteFlags(ImapResponseWriter writer, int seq, MessageInfo message, bool withUid)
    {
        writer.Raw("* ").Number(seq).Raw(" FETCH (");
        if (withUid)
        {
            writer.Raw("UID ").Number(message.Uid).Raw(" ");
        }

        WriteFlagList(writer.Raw("FLAGS "), message);
        if (_enabled.CondStore)
        {
            writer.Raw(" MODSEQ (").Number((long)message.ModSeq).Raw(")");
        }

        writer.Raw(")").Line();
    }

    /// <summary>The flag list of a message as this session reports it, \Recent included: "(\Seen \Recent)".
    /// Written in place, without building a string per message (FETCH 1:* FLAGS asks it of every message).
    /// </summary>
    public ImapResponseWriter WriteFlagList(ImapResponseWriter writer, MessageInfo message)
    {
        if (_recent.Contains(message.Uid))
        {
            return WriteFlagList(writer, message.Flags, recent: true);
        }

        // Messages with the same flags mostly share one list (StoredFlags), so its text is made once per list.
        _flagListText ??= new Dictionary<IReadOnlyList<string>, byte[]>(ReferenceEqualityComparer.Instance);
        if (!_flagListText.TryGetValue(message.Flags, out var text))
        {
            if (_flagListText.Count >= 256)
            {
                _flagListText.Clear();
            }

            text = WriteFlagList(new ImapResponseWriter(), message.Flags, recent: false).ToArray();
            _flagListText[message.Flags] = text;
        }

        return writer.Bytes(text);
    }

    private static ImapResponseWriter WriteFlagList(ImapResponseWriter writer, IReadOnlyList<string> flags,
        bool recent)
    {
        writer.Raw("(");
        for (var i = 0; i < flags.Count; i++)
        {
            writer = i > 0 ? writer.Raw(" ") : writer;
            writer.Raw(ImapFlags.Canonical(flags[i]));
        }

        if (recent)
        {
            writer.Raw(flags.Count > 0 ? " " : "").Raw(ImapFlags.Recent);
        }

        return writer.Raw(")");
    }

    private void OnChanged() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose() => _subscription.Dispose();
}
