using Paloma.Smtp.Protocol;
using Paloma.Storage;

namespace Paloma.Smtp.Dsn;

/// <summary>DSN parameters in the tables dsn_envelopes and dsn_recipients of the shared database.</summary>
public sealed class SqliteDsnStore(SqliteDatabase database) : IDsnStore
{
    public async Task SaveAsync(DsnEnvelope envelope, CancellationToken ct = default)
    {
        await database.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var c = database.OpenConnection();
            using var transaction = c.BeginTransaction();
            using (var command = c.CreateCommand())
            {
                command.CommandText = "INSERT INTO dsn_envelopes (queue_id, reverse_path, envid, ret, received) "
                    + "VALUES ($q, $r, $e, $t, $d)";
                command.Parameters.AddWithValue("$q", envelope.QueueId);
                command.Parameters.AddWithValue("$r", envelope.ReversePath);
                command.Parameters.AddWithValue("$e", (object?)envelope.EnvelopeId ?? DBNull.Value);
                command.Parameters.AddWithValue("$t", (object?)envelope.Ret ?? DBNull.Value);
                command.Parameters.AddWithValue("$d", envelope.Received.ToUnixTimeSeconds());
                command.ExecuteNonQuery();
            }

            for (var i = 0; i < envelope.Recipients.Count; i++)
            {
                var (forwardPath, dsn) = envelope.Recipients[i];
                using var command = c.CreateCommand();
                command.CommandText = "INSERT INTO dsn_recipients (queue_id, position, forward_path, notify, orcpt) "
                    + "VALUES ($q, $p, $f, $n, $o)";
                command.Parameters.AddWithValue("$q", envelope.QueueId);
                command.Parameters.AddWithValue("$p", i);
                command.Parameters.AddWithValue("$f", forwardPath);
                command.Parameters.AddWithValue("$n", (object?)dsn?.Notify ?? DBNull.Value);
                command.Parameters.AddWithValue("$o", (object?)dsn?.OriginalRecipient ?? DBNull.Value);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    public Task<DsnEnvelope?> FindAsync(string queueId, CancellationToken ct = default)
    {
        using var c = database.OpenConnection();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT reverse_path, envid, ret, received FROM dsn_envelopes WHERE queue_id = $q";
        command.Parameters.AddWithValue("$q", queueId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<DsnEnvelope?>(null);
        }

        var reversePath = reader.GetString(0);
        var envid = reader.IsDBNull(1) ? null : reader.GetString(1);
        var ret = reader.IsDBNull(2) ? null : reader.GetString(2);
        var received = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3));

        using var rows = c.CreateCommand();
        rows.CommandText = "SELECT forward_path, notify, orcpt FROM dsn_recipients WHERE queue_id = $q "
            + "ORDER BY position";
        rows.Parameters.AddWithValue("$q", queueId);
        using var recipientReader = rows.ExecuteReader();
        var recipients = new List<(string, DsnRecipient?)>();
        while (recipientReader.Read())
        {
            var notify = recipientReader.IsDBNull(1) ? null : recipientReader.GetString(1);
            var orcpt = recipientReader.IsDBNull(2) ? null : recipientReader.GetString(2);
            recipients.Add((recipientReader.GetString(0),
                notify is null && orcpt is null ? null : new DsnRecipient(notify, orcpt)));
        }

        return Task.FromResult<DsnEnvelope?>(new DsnEnvelope(queueId, reversePath, envid, ret, recipients, received));
    }
}
