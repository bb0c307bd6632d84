using Microsoft.Data.Sqlite;

namespace Paloma.Storage;

/// <summary>
/// The parts of <see cref="SqliteMailStore"/> the IMAP extensions need: expunge tombstones (QRESYNC), conditional
/// flag changes (CONDSTORE), mailbox counts computed in SQL (STATUS), quota (RFC 9208) and MULTIAPPEND.
/// </summary>
public sealed partial class SqliteMailStore
{
    private long _defaultStorageQuota;

    /// <summary>The storage limit of users without their own, in octets; 0 means unlimited. Set again by a
    /// reload while sessions read it.</summary>
    public long DefaultStorageQuota
    {
        get => Volatile.Read(ref _defaultStorageQuota);
        set => Volatile.Write(ref _defaultStorageQuota, value);
    }

    public Task<IReadOnlyList<uint>> GetExpungedSinceAsync(long mailboxId, ulong modSeq,
        CancellationToken ct = default)
    {
        using var connection = _db.OpenConnection();
        return Task.FromResult<IReadOnlyList<uint>>(ReadExpungedSince(connection, null, mailboxId, modSeq));
    }

    public Task<MailboxStats> GetMailboxStatsAsync(long mailboxId, uint firstRecentUid,
        CancellationToken ct = default)
    {
        using var connection = _db.OpenConnection();
        using var command = connection.CreateCommand();
        // Flags are space-separated and system flags are stored in their canonical spelling; LIKE is
        // case-insensitive for ASCII, as flag comparison is (RFC 3501 §2.3.2).
        command.CommandText = "SELECT COUNT(*), "
            + "COALESCE(SUM(CASE WHEN (' ' || e.flags || ' ') LIKE '% \\Seen %' ESCAPE '|' THEN 0 ELSE 1 END), 0), "
            + "COALESCE(SUM(CASE WHEN e.uid >= $r THEN 1 ELSE 0 END), 0), "
            + "COALESCE(SUM(CASE WHEN (' ' || e.flags || ' ') LIKE '% \\Deleted %' ESCAPE '|' THEN 1 ELSE 0 END), 0), "
            + "COALESCE(SUM(b.size), 0) FROM messages e JOIN blobs b ON b.id = e.blob_id WHERE e.mailbox_id = $m";
        command.Parameters.AddWithValue("$m", mailboxId);
        command.Parameters.AddWithValue("$r", (long)firstRecentUid);
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new MailboxStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
            reader.GetInt64(3), reader.GetInt64(4)));
    }

    public Task<QuotaUsage> GetQuotaAsync(long userId, CancellationToken ct = default)
    {
        using var connection = _db.OpenConnection();
        return Task.FromResult(ReadQuota(connection, null, userId));
    }

    public async Task SetQuotaAsync(long userId, long? storageBytes, CancellationToken ct = default)
    {
        await _db.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = _db.OpenConnection();
            Execute(connection, null, storageBytes is null
                    ? "DELETE FROM user_quotas WHERE user_id = $u"
                    : "INSERT OR REPLACE INTO user_quotas (user_id, storage_bytes) VALUES ($u, $s)",
                ("$u", userId), ("$s", (object?)storageBytes ?? DBNull.Value));
        }
        finally
        {
            _db.WriteLock.Release();
        }
    }

    public async Task<IReadOnlyList<AppendResult>> AppendManyAsync(long mailboxId, IReadOnlyList<AppendItem> messages,
        CancellationToken ct = default)
    {
        var files = messages.Select(m => CommitFile(m.Message)).ToList();
        var results = new List<AppendResult>();
        await _db.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = _db.OpenConnection();
            using var transaction = connection.BeginTransaction();
            var mailbox = FindMailboxById(connection, transaction, mailboxId)
                ?? throw new MailStoreException(MailStoreError.MailboxNotFound, "the mailbox no longer exists");
            if (!ReadQuota(connection, transaction, mailbox.UserId).Allows(messages.Sum(m => m.Message.Length)))
            {
                throw new MailStoreException(MailStoreError.OverQuota, "the storage quota would be exceeded");
            }

            for (var i = 0; i < messages.Count; i++)
            {
                var blobId = InsertBlob(connection, transaction, files[i], messages[i].Message.Length);
                var uid = InsertEntry(connection, transaction, mailboxId, blobId, messages[i].InternalDate,
                    JoinFlags(messages[i].Flags));
                results.Add(new AppendResult(mailbox.UidValidity, uid));
            }

            transaction.Commit();
        }
        catch
        {
            files.ForEach(RemoveCommittedFile);
            throw;
        }
        finally
        {
            _db.WriteLock.Release();
        }

        Notifier.Notify(mailboxId);
        return results;
    }

    public async Task<StoreFlagsResult> StoreFlagsIfUnchangedAsync(long mailboxId, IReadOnlyCollection<uint> uids,
        FlagStoreMode mode, IReadOnlyCollection<string> flags, ulong? unchangedSince, CancellationToken ct = default)
    {
        var changed = new List<MessageInfo>();
        var modified = new List<uint>();
        await _db.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Flags are state the client can set again, not a message: no fsync per STORE (docs/architecture.md).
            using var connection = _db.OpenConnection(durable: false);
            using var transaction = connection.BeginTransaction();
            ulong modSeq = 0;
            foreach (var message in QueryMessagesByUid(connection, transaction, mailboxId, uids))
            {
                if (message.ModSeq > unchangedSince)
                {
                    modified.Add(message.Uid);
                    continue;
                }

                var updated = Combine(message.Flags, mode, flags);
                if (StoredFlags.Same(updated, message.Flags))
                {
                    continue;
                }

                // One MODSEQ for the whole command: RFC 7162 §3.1.1 needs it to grow, not to differ per message.
                modSeq = modSeq == 0 ? NextModSeq(connection, transaction, mailboxId) : modSeq;
                Execute(connection, transaction,
                    "UPDATE messages SET flags = $f, modseq = $s WHERE mailbox_id = $m AND uid = $u",
                    ("$f", JoinFlags(updated)), ("$s", (long)modSeq), ("$m", mailboxId), ("$u", (long)message.Uid));
                changed.Add(message with { Flags = updated, ModSeq = modSeq });
            }

            transaction.Commit();
        }
        finally
        {
            _db.WriteLock.Release();
        }

        if (changed.Count > 0)
        {
            Notifier.Notify(mailboxId);
        }

        return new StoreFlagsResult(changed, modified);
    }

    /// <summary>Deletes entries and records their tombstones under one new MODSEQ (RFC 7162 §3.2.10).</summary>
    private static void RemoveEntries(SqliteConnection c, SqliteTransaction t, long mailboxId, List<uint> uids)
    {
        if (uids.Count == 0)
        {
            return;
        }

        var modSeq = NextModSeq(c, t, mailboxId);
        foreach (var uid in uids)
        {
            Execute(c, t, "DELETE FROM messages WHERE mailbox_id = $m AND uid = $u", ("$m", mailboxId),
                ("$u", (long)uid));
            Execute(c, t, "INSERT OR REPLACE INTO expunged (mailbox_id, uid, modseq) VALUES ($m, $u, $s)",
                ("$m", mailboxId), ("$u", (long)uid), ("$s", (long)modSeq));
        }
    }

    private QuotaUsage ReadQuota(SqliteConnection c, SqliteTransaction? t, long userId)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        // user_usage is kept by triggers on the messages table (SqliteDatabase, schema step 7).
        command.CommandText = "SELECT (SELECT COALESCE(MAX(bytes), 0) FROM user_usage WHERE user_id = $u), "
            + "(SELECT storage_bytes FROM user_quotas WHERE user_id = $u)";
        command.Parameters.AddWithValue("$u", userId);
        using var reader = command.ExecuteReader();
        reader.Read();
        long? limit = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        limit ??= DefaultStorageQuota > 0 ? DefaultStorageQuota : null;
        return new QuotaUsage(reader.GetInt64(0), limit);
    }

    private static List<MessageInfo> QueryMessagesByUid(SqliteConnection c, SqliteTransaction t, long mailboxId,
        IReadOnlyCollection<uint> uids)
    {
        // A few UIDs are looked up one by one; many are filtered from one scan, cheaper than thousands of queries.
        if (uids.Count > 64)
        {
            var wanted = uids.ToHashSet();
            return QueryMessages(c, t, mailboxId, 0).Where(m => wanted.Contains(m.Uid)).ToList();
        }

        return uids.Distinct().Order().SelectMany(uid => QueryMessages(c, t, mailboxId, 0, uid)).ToList();
    }
}
