using Microsoft.Data.Sqlite;

namespace Paloma.Storage;

/// <summary>
/// The \Recent watermark of each mailbox (RFC 3501 §2.3.2), kept in the database so that a message announced as
/// recent to one read-write session is never recent again, not even after a restart.
/// </summary>
public sealed partial class SqliteMailStore
{
    public async Task<uint> ClaimRecentAsync(MailboxInfo mailbox, uint uidNext, CancellationToken ct = default)
    {
        // The watermark only grows: when it is already at uidNext or past it there is nothing to claim, and no
        // concurrent claim can change that answer, so the common SELECT of a mailbox without new mail skips the
        // write lock (and the write transaction it would wait for behind every STORE).
        using (var reader = _db.OpenConnection())
        {
            var seen = ReadWatermark(reader, null, mailbox);
            if (uidNext <= seen)
            {
                return seen;
            }
        }

        await _db.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = _db.OpenConnection();
            using var transaction = connection.BeginTransaction();
            var current = ReadWatermark(connection, transaction, mailbox);
            if (uidNext > current)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO recent_watermarks (mailbox_id, uid_validity, first_unclaimed) "
                    + "VALUES ($m, $v, $n) ON CONFLICT (mailbox_id) DO UPDATE "
                    + "SET uid_validity = excluded.uid_validity, first_unclaimed = excluded.first_unclaimed";
                command.Parameters.AddWithValue("$m", mailbox.Id);
                command.Parameters.AddWithValue("$v", (long)mailbox.UidValidity);
                command.Parameters.AddWithValue("$n", (long)uidNext);
                command.ExecuteNonQuery();
                transaction.Commit();
            }

            return current;
        }
        finally
        {
            _db.WriteLock.Release();
        }
    }

    public Task<uint> PeekRecentAsync(MailboxInfo mailbox, CancellationToken ct = default)
    {
        using var connection = _db.OpenConnection();
        return Task.FromResult(ReadWatermark(connection, null, mailbox));
    }

    /// <summary>A row of another UIDVALIDITY belongs to a deleted mailbox whose id was reused: nothing claimed.
    /// </summary>
    private static uint ReadWatermark(SqliteConnection connection, SqliteTransaction? transaction,
        MailboxInfo mailbox)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "SELECT first_unclaimed FROM recent_watermarks WHERE mailbox_id = $m AND uid_validity = $v";
        command.Parameters.AddWithValue("$m", mailbox.Id);
        command.Parameters.AddWithValue("$v", (long)mailbox.UidValidity);
        return command.ExecuteScalar() is long value ? (uint)value : 1;
    }
}
