using Microsoft.Data.Sqlite;
using Paloma.Storage;

namespace Paloma.Queue;

/// <summary>
/// The queue's rows in paloma.db and its message files in {data_dir}/queue/{id}.eml. Every change commits
/// before it returns. Used by the server's <see cref="QueueRunner"/> and by <c>paloma queue</c> from another
/// process: both share the database (WAL), and a command that changes rows only makes the runner see the change
/// at its next scan.
/// </summary>
public sealed class QueueStore : IOutboundQueue
{
    private const string MessageColumns =
        "id, path, size, reverse_path, envid, ret, eight_bit_mime, smtputf8, arrival, delay_notified";

    private const string RecipientColumns =
        "id, message_id, address, orcpt, notify, status, attempts, last_reply, remote_mta, next_attempt, reported";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public QueueStore(SqliteDatabase database, string dataDirectory, TimeProvider time)
    {
        _database = database;
        _time = time;
        Directory = Path.Combine(dataDirectory, "queue");
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>Raised after a commit of new work, so that the runner does not wait for its next scan.</summary>
    public event Action? Enqueued;

    public async Task<string> EnqueueAsync(OutboundEnvelope envelope, SpooledMessage message,
        CancellationToken ct = default)
    {
        if (envelope.Recipients.Count == 0)
        {
            throw new ArgumentException("a message needs at least one recipient", nameof(envelope));
        }

        var id = envelope.Id is { } given && QueueId.IsValid(given) ? given : QueueId.New();
        var path = Path.Combine(Directory, id + ".eml");
        // The spool file is already fsynced; the rename and the directory fsync make its new name durable before
        // the rows that point at it are committed.
        File.Move(message.Path, path);
        message.Consumed = true;
        SqliteDatabase.SyncDirectory(Directory);

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _database.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var connection = _database.OpenConnection();
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, """
                INSERT INTO queue_messages (id, path, size, reverse_path, envid, ret, eight_bit_mime, smtputf8, arrival)
                VALUES ($id, $path, $size, $rp, $envid, $ret, $eight, $utf8, $now)
                """, ("$id", id), ("$path", path), ("$size", message.Length), ("$rp", envelope.ReversePath),
                ("$envid", envelope.EnvelopeId), ("$ret", (int)envelope.Return), ("$eight", envelope.EightBitMime),
                ("$utf8", envelope.SmtpUtf8), ("$now", now));
            foreach (var r in envelope.Recipients)
            {
                Execute(connection, transaction, """
                    INSERT INTO queue_recipients (message_id, address, orcpt, notify, next_attempt)
                    VALUES ($id, $address, $orcpt, $notify, $now)
                    """, ("$id", id), ("$address", r.Address), ("$orcpt", r.OriginalRecipient),
                    ("$notify", (int)r.Notify), ("$now", now));
            }

            transaction.Commit();
        }
        catch
        {
            SpoolWriter.TryDelete(path);
            throw;
        }
        finally
        {
            _database.WriteLock.Release();
        }

        Enqueued?.Invoke();
        return id;
    }

    /// <summary>Ids of messages that have a pending recipient due at <paramref name="now"/>.</summary>
    public Task<IReadOnlyList<string>> GetDueMessageIdsAsync(DateTimeOffset now) => Task.FromResult<
        IReadOnlyList<string>>(QueryStrings("""
            SELECT DISTINCT message_id FROM queue_recipients
            WHERE status = 0 AND next_attempt <= $now ORDER BY next_attempt
            """, ("$now", now.ToUnixTimeMilliseconds())));

    /// <summary>Ids of messages with no pending recipient left: to report and remove.</summary>
    public Task<IReadOnlyList<string>> GetFinishedMessageIdsAsync() => Task.FromResult<IReadOnlyList<string>>(
        QueryStrings("""
            SELECT id FROM queue_messages m
            WHERE NOT EXISTS (SELECT 1 FROM queue_recipients r WHERE r.message_id = m.id AND r.status = 0)
            """));

    /// <summary>Ids of messages older than <paramref name="arrivedBefore"/> not yet warned about.</summary>
    public Task<IReadOnlyList<string>> GetDelayCandidatesAsync(DateTimeOffset arrivedBefore) =>
        Task.FromResult<IReadOnlyList<string>>(QueryStrings("""
            SELECT id FROM queue_messages m WHERE delay_notified = 0 AND arrival <= $before
            AND EXISTS (SELECT 1 FROM queue_recipients r WHERE r.message_id = m.id AND r.status = 0
                        AND r.attempts > 0)
            """, ("$before", arrivedBefore.ToUnixTimeMilliseconds())));

    public Task<QueueEntry?> GetAsync(string id)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {MessageColumns} FROM queue_messages WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        QueuedMessage message;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return Task.FromResult<QueueEntry?>(null);
            }

            message = ReadMessage(reader);
        }

        return Task.FromResult<QueueEntry?>(new QueueEntry(message, ReadRecipients(connection, id)));
    }

    /// <summary>Messages in the queue, for <c>paloma status</c> and the paloma_queue_size metric.</summary>
    public long Count()
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM queue_messages";
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public async Task<IReadOnlyList<QueueEntry>> ListAsync()
    {
        var entries = new List<QueueEntry>();
        foreach (var id in QueryStrings("SELECT id FROM queue_messages ORDER BY arrival"))
        {
            if (await GetAsync(id).ConfigureAwait(false) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>Stores the outcome of one attempt for one recipient.</summary>
    public Task RecordAttemptAsync(long recipientId, RecipientStatus status, string? reply, string? remoteMta,
        DateTimeOffset nextAttempt) => WriteAsync("""
            UPDATE queue_recipients SET status = $status, attempts = attempts + 1, last_reply = $reply,
                remote_mta = $mta, next_attempt = $next WHERE id = $id
            """, ("$status", (int)status), ("$reply", reply), ("$mta", remoteMta),
            ("$next", nextAttempt.ToUnixTimeMilliseconds()), ("$id", recipientId));

    public async Task MarkReportedAsync(IEnumerable<long> recipientIds)
    {
        foreach (var id in recipientIds)
        {
            await WriteAsync("UPDATE queue_recipients SET reported = 1 WHERE id = $id", ("$id", id))
                .ConfigureAwait(false);
        }
    }

    public Task MarkDelayNotifiedAsync(string messageId) =>
        WriteAsync("UPDATE queue_messages SET delay_notified = 1 WHERE id = $id", ("$id", messageId));

    /// <summary>Makes pending recipients due now: of one message, or of all when <paramref name="id"/> is null.
    /// Returns how many recipients were changed.</summary>
    public Task<int> FlushAsync(string? id) => id is null
        ? WriteAsync("UPDATE queue_recipients SET next_attempt = 0 WHERE status = 0")
        : WriteAsync("UPDATE queue_recipients SET next_attempt = 0 WHERE status = 0 AND message_id = $id",
            ("$id", id));

    /// <summary>Removes a message, its recipients and its file; false if there is no such message.</summary>
    public async Task<bool> DeleteAsync(string id)
    {
        var entry = await GetAsync(id).ConfigureAwait(false);
        if (entry is null)
        {
            return false;
        }

        await WriteAsync("DELETE FROM queue_messages WHERE id = $id", ("$id", id)).ConfigureAwait(false);
        SpoolWriter.TryDelete(entry.Message.Path);
        return true;
    }

    private async Task<int> WriteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await _database.WriteLock.WaitAsync().ConfigureAwait(false);
        try
        {
            using var connection = _database.OpenConnection();
            return Execute(connection, null, sql, parameters);
        }
        finally
        {
            _database.WriteLock.Release();
        }
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    private List<string> QueryStrings(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private static List<QueuedRecipient> ReadRecipients(SqliteConnection connection, string messageId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RecipientColumns} FROM queue_recipients WHERE message_id = $id ORDER BY id";
        command.Parameters.AddWithValue("$id", messageId);
        var result = new List<QueuedRecipient>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            result.Add(new QueuedRecipient(r.GetInt64(0), r.GetString(1), r.GetString(2), NullableString(r, 3),
                (DsnNotify)r.GetInt32(4), (RecipientStatus)r.GetInt32(5), r.GetInt32(6), NullableString(r, 7),
                NullableString(r, 8), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)), r.GetInt64(10) != 0));
        }

        return result;
    }

    private static QueuedMessage ReadMessage(SqliteDataReader r) => new(r.GetString(0), r.GetString(1),
        r.GetInt64(2), r.GetString(3), NullableString(r, 4), (DsnReturn)r.GetInt32(5), r.GetInt64(6) != 0,
        r.GetInt64(7) != 0, DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)), r.GetInt64(9) != 0);

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
