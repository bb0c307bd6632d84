namespace Paloma.Storage;

/// <summary>
/// Mailboxes and the messages in them. Every method that changes state commits before it returns, and
/// calls <see cref="MailboxNotifier.Notify"/> for each changed mailbox after the commit.
/// Mailbox names are full '/'-delimited names; "INBOX" matches case-insensitively (RFC 3501 §5.1).
/// Name validation (modified UTF-7, "..", empty components) is the protocol's job; the store only refuses
/// names it cannot hold.
/// </summary>
public interface IMailStore
{
    MailboxNotifier Notifier { get; }

    MessageSpool Spool { get; }

    /// <summary>Creates INBOX, Sent, Drafts, Trash and Junk (with their RFC 6154 attributes) if missing.</summary>
    Task EnsureDefaultMailboxesAsync(long userId, CancellationToken ct = default);

    Task<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(long userId, CancellationToken ct = default);

    Task<MailboxInfo?> GetMailboxAsync(long userId, string name, CancellationToken ct = default);

    Task<MailboxInfo?> GetMailboxByIdAsync(long mailboxId, CancellationToken ct = default);

    /// <summary>Creates a mailbox, giving it a UIDVALIDITY never used before for this user.</summary>
    /// <exception cref="MailStoreException">MailboxExists, InvalidName.</exception>
    Task<MailboxInfo> CreateMailboxAsync(long userId, string name, string? specialUse = null,
        CancellationToken ct = default);

    /// <summary>Deletes a mailbox and its messages. INBOX cannot be deleted.</summary>
    Task DeleteMailboxAsync(long userId, string name, CancellationToken ct = default);

    /// <summary>
    /// Renames a mailbox and its children. Renaming INBOX moves its messages into a new mailbox of the new
    /// name and leaves INBOX empty (RFC 3501 §6.3.5).
    /// </summary>
    Task RenameMailboxAsync(long userId, string oldName, string newName, CancellationToken ct = default);

    /// <summary>Subscriptions are by name and may name a mailbox that does not exist (RFC 3501 §6.3.6).</summary>
    Task SetSubscribedAsync(long userId, string name, bool subscribed, CancellationToken ct = default);

    Task<IReadOnlyList<string>> ListSubscriptionsAsync(long userId, CancellationToken ct = default);

    /// <summary>All messages of a mailbox in ascending UID order.</summary>
    Task<IReadOnlyList<MessageInfo>> GetMessagesAsync(long mailboxId, CancellationToken ct = default);

    /// <summary>
    /// The mailbox and all its messages as of one committed state, or null when it no longer exists. Repeated
    /// calls cost what changed since the last one (of any caller), not a read of every message.
    /// </summary>
    Task<MailboxIndex?> GetMailboxIndexAsync(long mailboxId, CancellationToken ct = default);

    /// <summary>
    /// The mailbox row and what changed since <paramref name="modSeq"/>, read in one committed state, or null when
    /// the mailbox no longer exists. Nothing is read but the row while its HIGHESTMODSEQ is still
    /// <paramref name="modSeq"/>.
    /// </summary>
    Task<MailboxChanges?> GetChangesSinceAsync(long mailboxId, ulong modSeq, CancellationToken ct = default);

    /// <summary>UIDs expunged from the mailbox with a MODSEQ above <paramref name="modSeq"/>, ascending
    /// (QRESYNC VANISHED, RFC 7162 §3.2.10).</summary>
    Task<IReadOnlyList<uint>> GetExpungedSinceAsync(long mailboxId, ulong modSeq, CancellationToken ct = default);

    /// <summary>
    /// \Recent (RFC 3501 §2.3.2), persistent: atomically moves the mailbox's watermark up to
    /// <paramref name="uidNext"/> and returns the first UID that is recent for the caller; every UID below it was
    /// claimed by an earlier read-write session, this process's or an earlier one's.
    /// </summary>
    Task<uint> ClaimRecentAsync(MailboxInfo mailbox, uint uidNext, CancellationToken ct = default);

    /// <summary>The first UID no read-write session has claimed yet (EXAMINE and STATUS look without claiming).
    /// </summary>
    Task<uint> PeekRecentAsync(MailboxInfo mailbox, CancellationToken ct = default);

    /// <summary>Message, unseen, recent, deleted counts and total size, without loading each message.</summary>
    Task<MailboxStats> GetMailboxStatsAsync(long mailboxId, uint firstRecentUid, CancellationToken ct = default);

    /// <summary>
    /// Storage in use by a user, all mailboxes, and the limit: the user's own, else the default
    /// (<c>[quota] default_storage</c>). SMTP calls this before accepting a recipient or the data, and answers
    /// <c>552 5.2.2</c> when <see cref="QuotaUsage.Allows"/> is false; APPEND is refused by the store itself.
    /// </summary>
    Task<QuotaUsage> GetQuotaAsync(long userId, CancellationToken ct = default);

    /// <summary>Sets a user's own storage limit in octets; null returns the user to the default.</summary>
    Task SetQuotaAsync(long userId, long? storageBytes, CancellationToken ct = default);

    /// <summary>Opens the stored octets of a message for reading.</summary>
    Stream OpenMessage(long blobId);

    /// <summary>
    /// Moves a spooled message into the store and adds it to one mailbox. Returns after the commit; only then
    /// may the protocol answer OK.
    /// </summary>
    Task<AppendResult> AppendAsync(long mailboxId, SpooledMessage message, IEnumerable<string> flags,
        DateTimeOffset internalDate, CancellationToken ct = default);

    /// <summary>
    /// MULTIAPPEND (RFC 3502 §6.3.11): adds every message in one transaction, all or none. Refused with
    /// <see cref="MailStoreError.OverQuota"/> when the owner's quota would be exceeded.
    /// </summary>
    Task<IReadOnlyList<AppendResult>> AppendManyAsync(long mailboxId, IReadOnlyList<AppendItem> messages,
        CancellationToken ct = default);

    /// <summary>
    /// Final delivery: moves a spooled message (trace headers already in it) into the store and adds it to the
    /// INBOX of every given user in one transaction. Returns after the commit; only then may SMTP answer 250.
    /// </summary>
    Task<long> DeliverAsync(SpooledMessage message, IReadOnlyCollection<long> userIds, DateTimeOffset internalDate,
        CancellationToken ct = default);

    /// <summary>Changes flags; returns the messages whose flags actually changed, with their new MODSEQ.</summary>
    Task<IReadOnlyList<MessageInfo>> StoreFlagsAsync(long mailboxId, IReadOnlyCollection<uint> uids,
        FlagStoreMode mode, IReadOnlyCollection<string> flags, CancellationToken ct = default);

    /// <summary>
    /// Changes flags only on messages whose MODSEQ is at most <paramref name="unchangedSince"/> (RFC 7162
    /// §3.1.3); the others are returned as modified. Null applies to every message, as StoreFlagsAsync does.
    /// </summary>
    Task<StoreFlagsResult> StoreFlagsIfUnchangedAsync(long mailboxId, IReadOnlyCollection<uint> uids,
        FlagStoreMode mode, IReadOnlyCollection<string> flags, ulong? unchangedSince, CancellationToken ct = default);

    /// <summary>Copies messages; UIDs that do not exist are skipped.</summary>
    Task<CopyResult> CopyAsync(long sourceMailboxId, IReadOnlyCollection<uint> uids, long targetMailboxId,
        CancellationToken ct = default);

    /// <summary>Copies then removes from the source, in one transaction (RFC 6851).</summary>
    Task<CopyResult> MoveAsync(long sourceMailboxId, IReadOnlyCollection<uint> uids, long targetMailboxId,
        CancellationToken ct = default);

    /// <summary>
    /// Removes messages. With <paramref name="uids"/> null, every message flagged \Deleted goes; otherwise only
    /// those of the given UIDs, and only if flagged \Deleted when <paramref name="onlyDeleted"/> is true
    /// (POP3 passes false: its deletions are not flags). Returns the removed UIDs in ascending order.
    /// </summary>
    Task<IReadOnlyList<uint>> ExpungeAsync(long mailboxId, IReadOnlyCollection<uint>? uids, bool onlyDeleted = true,
        CancellationToken ct = default);
}
