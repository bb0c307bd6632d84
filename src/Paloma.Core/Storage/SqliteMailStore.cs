using Microsoft.Data.Sqlite;

namespace Paloma.Storage;

/// <summary>
/// Mailboxes and messages in SQLite, message octets in files under {data_dir}/messages.
///
/// Layout: each stored message ("blob") is one file, messages/{xx}/{guid}.eml, written once and never changed;
/// a mailbox entry (mailbox, UID) points at a blob, and several entries may share one (COPY, delivery to
/// several users). A blob whose last entry goes is deleted after the commit that removed the entry.
///
/// Invariants: (1) the file is fsynced and renamed into place, and its directory fsynced, before the index
/// transaction that refers to it commits; (2) notifications go out after the commit; (3) UIDs only grow: a
/// mailbox's uid_next never goes back, and a new mailbox takes a UIDVALIDITY from a counter that only grows,
/// so a reused name always gets a new one (RFC 3501 §2.3.1.1).
/// </summary>
public sealed partial class SqliteMailStore : IMailStore
{
    private static readonly (string Name, string? SpecialUse)[] s_defaultMailboxes =
    [
        ("INBOX", null), ("Sent", @"\Sent"), ("Drafts", @"\Drafts"), ("Trash", @"\Trash"), ("Junk", @"\Junk"),
    ];

    private readonly SqliteDatabase _db;
    private readonly string _messagesDirectory;

    public SqliteMailStore(SqliteDatabase database, string dataDirectory)
    {
        _db = database;
        _messagesDirectory = Path.Combine(dataDirectory, "messages");
        Directory.CreateDirectory(_messagesDirectory);
        Spool = new MessageSpool(dataDirectory);
    }

    public MailboxNotifier Notifier { get; } = new();

    public MessageSpool Spool { get; }

    public async Task EnsureDefaultMailboxesAsync(long userId, CancellationToken ct = default)
    {
        foreach (var (name, specialUse) in s_defaultMailboxes)
        {
            if (await GetMailboxAsync(userId, name, ct).ConfigureAwait(false) is null)
            {
                await CreateMailboxAsync(userId, name, specialUse, ct).ConfigureAwait(false);
                await SetSubscribedAsync(userId, name, true, ct).ConfigureAwait(false);
            }
        }
    }

    public Task<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(long userId, CancellationToken ct = default)
    {
        using var connection = _db.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = MailboxSelect + " WHERE m.user_id = $user ORDER BY m.name";
        command.Parameters.AddWithValue("$user", userId);
        return Task.FromResult<IReadOnlyList<MailboxInfo>>(ReadMailboxes(command));
    }

    public Task<MailboxInfo?> GetMailboxAsync(long userId, string name, CancellationToken ct = default)
    {
        using var connection = _db.OpenConnection();
        return Task.FromResult(FindMailbox(connection, null, userId, Canonical(name)));
    }

    public Task<MailboxInfo?> GetMailboxByIdAsync(long mailboxId, CancellationToken ct = default)
    {
        using var connection = _db.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = MailboxSelect + " WHERE m.id = $id";
        command.Parameters.AddWithValue("$id", mailboxId);
        return Task.FromResult(ReadMailboxes(command).FirstOrDefault());
    }

    public async Task<MailboxInfo> CreateMailboxAsync(long userId, string name, string? specialUse = null,
        CancellationToken ct = default)
    {
        name = Canonical(name);
        ValidateName(name);
        await _db.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = _db.OpenConnection();
            using var transaction = connection.BeginTransaction();
            if (FindMailbox(connection, transaction, userId, name) is not null)
            {
                throw new MailStoreException(MailStoreError.MailboxExists, $"mailbox {name} already exists");
            }

            var id = InsertMailbox(connection, transaction, userId, name, specialUse);
            var created = FindMailboxById(connection, transaction, id)!;
            transaction.Commit();
            return created;
        }
        finally
        {
            _db.WriteLock.Release();
        }
    }

    public async Task DeleteMailboxAsync(long userId, string name, CancellationToken ct = default)
    {
        name = Canonical(name);
        if (name == "INBOX")
        {
            throw new MailStoreException(MailStoreError.NotPermitted, "INBOX cannot be deleted");
        }

        List<string> orphanFiles;
        long mailboxId;
        await _db.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = _db.OpenConnection();
            using var transaction = connection.BeginTransaction();
            var mailbox = FindMailbox(connection, transaction, userId, name)
                ?? throw new MailStoreException(MailStoreError.MailboxNotFound, $"no mailbox named {name}");
            mailboxId = mailbox.Id;
            var blobs = BlobsOf(connection, transaction, mailbox.Id);
            Execute(connection, transaction, "DELETE FROM messages WHERE mailbox_id = $m", ("$m", mailbox.Id));
            Execute(connection, transaction, "DELETE FROM expunged WHERE mailbox_id = $m", ("$m", mailbox.Id));
            Execute(connection, transaction, "DELETE FROM mailboxes WHERE id = $m", ("$m", mailbox.Id));
            orphanFiles = DeleteOrphanBlobs(connection, transaction, blobs);
            transaction.Commit();
        }
        finally
        {
            _db.WriteLock.Release();
        }

        DeleteFiles(orphanFiles);
        Notifier.Notify(mailboxId);
    }

    public async Task RenameMailboxAsync(long userId, string oldName, string newName, CancellationToken ct = default)
    {
        oldName = Canonical(oldName);
        newName = Canonical(newName);
        ValidateName(newName);
        var notify = new List<long>();
        await _db.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = _db.OpenConnection();
            using var transaction = connection.BeginTransaction();
            var source = FindMailbox(connection, transaction, userId, oldName)
                ?? throw new MailStoreException(MailStoreError.MailboxNotFound, $"no mailbox named {oldName}");
            if (FindMailbox(connection, transaction, userId, newName) is not null)
            {
                throw new MailStoreException(MailStoreError.MailboxExists, $"mailbox {newName} already exists");
            }

            if (oldName == "INBOX")
            {
                // RFC 3501 §6.3.5: renaming INBOX moves its messages to a new mailbox and leaves INBOX empty.
                var targetId = InsertMailbox(connection, transaction, userId, newName, null);
                var messages = QueryMessages(connection, transaction, source.Id, 0);
                MoveEntries(connection, transaction, source.Id, messages, targetId);
                notify.Add(source.Id);
            }
            else
            {
                var children = ReadMailboxesOf(connection, transaction, userId)
                    .Where(m => m.Name.StartsWith(oldName + "/", StringComparison.Ordinal)).ToList();
                Execute(connection, transaction, "UPDATE mailboxes SET name = $n WHERE id = $id",
                    ("$n", newName), ("$id", source.Id));
                foreach (var child in children)
                {
                    Execute(connection, transaction, "UPDATE mailboxes SET name = $n WHERE id = $id",
                        ("$n", newName + child.Name[oldName.Length..]), ("$id", child.Id));
                }
            }

            transaction.Commit();
        }
        finally
        {
            _db.WriteLock.Release();
        }

        notify.ForEach(Notifier.Notify);
    }

    public async Task SetSubscribedAsync(long userId, string name, bool subscribed, CancellationToken ct = default)
    {
        name = Canonical(name);
        await _db.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = _db.OpenConnection();
            Execute(connection, null, subscribed
                    ? "INSERT OR IGNORE INTO subscriptions (user_id, name) VALUES ($u, $n)"
                    : "DELETE FROM subscriptions WHERE user_id = $u AND name = $n",
                ("$u", userId), ("$n", name));
        }
        finally
        {
            _db.WriteLock.Release();
        }
    }

    public Task<IReadOnlyList<string>> ListSubscriptionsAsync(long userId, CancellationToken ct = default)
    {
        using var connection = _db.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM subscriptions WHERE user_id = $u ORDER BY name";
        command.Parameters.AddWithValue("$u", userId);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return Task.FromResult<IReadOnlyList<string>>(names);
    }

    public Task<IReadOnlyList<MessageInfo>> GetMessagesAsync(long mailboxId, CancellationToken ct = default)
    {
        using var connection = _db.OpenConnection();
        return Task.FromResult<IReadOnlyList<MessageInfo>>(QueryMessages(connection, null, mailboxId, 0));
    }

    public Stream OpenMessage(long blobId)
    {
        string relative;
        using (var connection = _db.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT path FROM blobs WHERE id = $id";
            command.Parameters.AddWithValue("$id", blobId);
            relative = command.ExecuteScalar() as string
                ?? throw new MailStoreException(MailStoreError.MailboxNotFound, $"message blob {blobId} is gone");
        }

        return new FileStream(Path.Combine(_messagesDirectory, relative), FileMode.Open, FileAccess.Read,
            FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    public async Task<AppendResult> AppendAsync(long mailboxId, SpooledMessage message, IEnumerable<string> flags,
        DateTimeOffset internalDate, CancellationToken ct = default) =>
        (await AppendManyAsync(mailboxId, [new AppendItem(message, flags.ToList(), internalDate)], ct)
            .ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<MessageInfo>> StoreFlagsAsync(long mailboxId, IReadOnlyCollection<uint> uids,
        FlagStoreMode mode, IReadOnlyCollection<string> flags, CancellationToken ct = default) =>
        (await StoreFlagsIfUnchangedAsync(mailboxId, uids, mode, flags, null, ct).ConfigureAwait(false)).Changed;

    public Task<CopyResult> CopyAsync(long sourceMailboxId, IReadOnlyCollection<uint> uids, long targetMailboxId,
        CancellationToken ct = default) => CopyOrMoveAsync(sourceMailboxId, uids, targetMailboxId, move: false, ct);

    public Task<CopyResult> MoveAsync(long sourceMailboxId, IReadOnlyCollection<uint> uids, long targetMailboxId,
        CancellationToken ct = default) => CopyOrMoveAsync(sourceMailboxId, uids, targetMailboxId, move: true, ct);

    public async Task<IReadOnlyList<uint>> ExpungeAsync(long mailboxId, IReadOnlyCollection<uint>? uids,
        bool onlyDeleted = true, CancellationToken ct = default)
    {
        List<uint> removed;
        List<string> orphanFiles;
        await _db.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = _db.OpenConnection();
            using var transaction = connection.BeginTransaction();
            var wanted = uids?.ToHashSet();
            var victims = QueryMessages(connection, transaction, mailboxId, 0)
                .Where(m => wanted is null || wanted.Contains(m.Uid))
                .Where(m => !onlyDeleted || m.HasFlag(@"\Deleted"))
                .ToList();
            RemoveEntries(connection, transaction, mailboxId, victims.Select(v => v.Uid).ToList());

            orphanFiles = DeleteOrphanBlobs(connection, transaction, victims.Select(v => v.BlobId).Distinct());
            transaction.Commit();
            removed = victims.Select(v => v.Uid).ToList();
        }
        finally
        {
            _db.WriteLock.Release();
        }

        DeleteFiles(orphanFiles);
        if (removed.Count > 0)
        {
            Notifier.Notify(mailboxId);
        }

        return removed;
    }

    private async Task<CopyResult> CopyOrMoveAsync(long sourceMailboxId, IReadOnlyCollection<uint> uids,
        long targetMailboxId, bool move, CancellationToken ct)
    {
        CopyResult result;
        await _db.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = _db.OpenConnection();
            using var transaction = connection.BeginTransaction();
            var target = FindMailboxById(connection, transaction, targetMailboxId)
                ?? throw new MailStoreException(MailStoreError.MailboxNotFound, "the target mailbox does not exist");
            var wanted = uids.ToHashSet();
            var messages = QueryMessages(connection, transaction, sourceMailboxId, 0)
                .Where(m => wanted.Contains(m.Uid)).ToList();

            // RFC 9208 §4.3.1: a COPY that would put the target's user over the limit fails as a whole with
            // OVERQUOTA; so does a MOVE into another user's mailbox. A MOVE within one account adds nothing.
            var adds = !move || FindMailboxById(connection, transaction, sourceMailboxId)?.UserId != target.UserId;
            if (adds && !ReadQuota(connection, transaction, target.UserId).Allows(messages.Sum(m => m.Size)))
            {
                throw new MailStoreException(MailStoreError.OverQuota, "the storage quota would be exceeded");
            }

            var pairs = move
                ? MoveEntries(connection, transaction, sourceMailboxId, messages, targetMailboxId)
                : messages.Select(m => (m.Uid, InsertEntry(connection, transaction, targetMailboxId, m.BlobId,
                    m.InternalDate, JoinFlags(m.Flags)))).ToList();
            transaction.Commit();
            result = new CopyResult(target.UidValidity, pairs);
        }
        finally
        {
            _db.WriteLock.Release();
        }

        Notifier.Notify(targetMailboxId);
        if (move)
        {
            Notifier.Notify(sourceMailboxId);
        }

        return result;
    }

    private List<(uint, uint)> MoveEntries(SqliteConnection connection, SqliteTransaction transaction,
        long sourceMailboxId, IReadOnlyList<MessageInfo> messages, long targetMailboxId)
    {
        var pairs = new List<(uint, uint)>();
        foreach (var m in messages)
        {
            var uid = InsertEntry(connection, transaction, targetMailboxId, m.BlobId, m.InternalDate,
                JoinFlags(m.Flags));
            pairs.Add((m.Uid, uid));
        }

        RemoveEntries(connection, transaction, sourceMailboxId, messages.Select(m => m.Uid).ToList());
        return pairs;
    }
}
