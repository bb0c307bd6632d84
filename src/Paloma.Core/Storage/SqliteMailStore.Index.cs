using Microsoft.Data.Sqlite;

namespace Paloma.Storage;

/// <summary>
/// What an IMAP session reads of its mailbox: the whole index at SELECT, brought up to date from the last one read
/// (<see cref="IndexCache"/>) with the rows changed since, so it costs O(changes) rather than a read of every
/// message row; and what changed since its MODSEQ at each command. Each is one read transaction on one connection.
/// </summary>
public sealed partial class SqliteMailStore
{
    /// <summary>The indexes shared by the sessions of this process.</summary>
    public MailboxIndexCache IndexCache { get; } = new();

    public Task<MailboxIndex?> GetMailboxIndexAsync(long mailboxId, CancellationToken ct = default)
    {
        using var connection = _db.OpenConnection();
        // One read transaction: the mailbox row and the rows read after it are one committed state (WAL snapshot),
        // so the index's HIGHESTMODSEQ and UIDNEXT match its messages exactly. Deferred: it must not take the
        // database's write lock.
        using var transaction = connection.BeginTransaction(deferred: true);
        if (FindMailboxById(connection, transaction, mailboxId) is not { } info)
        {
            return Task.FromResult<MailboxIndex?>(null);
        }

        MailboxIndex index;
        var older = IndexCache.Find(mailboxId);
        if (older is not null && older.Info.UidValidity == info.UidValidity
            && older.Info.HighestModSeq <= info.HighestModSeq)
        {
            var since = older.Info.HighestModSeq;
            index = since == info.HighestModSeq
                ? older with { Info = info }
                : MailboxIndexCache.Apply(older, info, QueryMessages(connection, transaction, mailboxId, since),
                    ReadExpungedSince(connection, transaction, mailboxId, since));
        }
        else
        {
            index = new MailboxIndex(info, QueryMessages(connection, transaction, mailboxId, 0).ToArray());
        }

        transaction.Commit();
        IndexCache.Publish(index);
        return Task.FromResult<MailboxIndex?>(index);
    }

    public Task<MailboxChanges?> GetChangesSinceAsync(long mailboxId, ulong modSeq, CancellationToken ct = default)
    {
        using var connection = _db.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: true);
        if (FindMailboxById(connection, transaction, mailboxId) is not { } info)
        {
            return Task.FromResult<MailboxChanges?>(null);
        }

        // Nothing changed while the HIGHESTMODSEQ has not moved: every change takes a new one.
        var changes = info.HighestModSeq == modSeq
            ? new MailboxChanges(info, [], [])
            : new MailboxChanges(info, QueryMessages(connection, transaction, mailboxId, modSeq),
                ReadExpungedSince(connection, transaction, mailboxId, modSeq));
        transaction.Commit();
        return Task.FromResult<MailboxChanges?>(changes);
    }

    private static List<uint> ReadExpungedSince(SqliteConnection c, SqliteTransaction? t, long mailboxId,
        ulong modSeq)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = "SELECT uid FROM expunged WHERE mailbox_id = $m AND modseq > $s ORDER BY uid";
        command.Parameters.AddWithValue("$m", mailboxId);
        command.Parameters.AddWithValue("$s", (long)modSeq);
        using var reader = command.ExecuteReader();
        var list = new List<uint>();
        while (reader.Read())
        {
            list.Add((uint)reader.GetInt64(0));
        }

        return list;
    }
}
