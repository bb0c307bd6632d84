using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Paloma.Storage;

/// <summary>Row-level helpers of <see cref="SqliteMailStore"/>: every SQL statement the store runs is here.</summary>
public sealed partial class SqliteMailStore
{
    private const string MailboxSelect =
        "SELECT m.id, m.user_id, m.name, m.uid_validity, m.uid_next, m.special_use, m.highest_modseq, "
        + "EXISTS (SELECT 1 FROM subscriptions s WHERE s.user_id = m.user_id AND s.name = m.name) FROM mailboxes m";

    /// <summary>The longest mailbox name, in UTF-8 octets, that the store accepts.</summary>
    public const int MaxNameBytes = 1024;

    /// <summary>INBOX is case-insensitive (RFC 3501 §5.1), including as the first component of a child.</summary>
    public static string Canonical(string name)
    {
        if (name.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return "INBOX";
        }

        return name.Length > 6 && name.StartsWith("INBOX/", StringComparison.OrdinalIgnoreCase)
            ? "INBOX" + name[5..]
            : name;
    }

    private static void ValidateName(string name)
    {
        if (name.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
        {
            throw new MailStoreException(MailStoreError.InvalidName, "mailbox name is empty or too long");
        }

        foreach (var component in name.Split('/'))
        {
            if (component.Length == 0 || component is "." or ".." || component.Any(char.IsControl))
            {
                throw new MailStoreException(MailStoreError.InvalidName,
                    "mailbox name has an empty, \".\", \"..\" or control-character component");
            }
        }
    }

    private static List<MailboxInfo> ReadMailboxes(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<MailboxInfo>();
        while (reader.Read())
        {
            list.Add(new MailboxInfo(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetString(2),
                (uint)reader.GetInt64(3),
                (uint)reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetBoolean(7),
                (ulong)reader.GetInt64(6)));
        }

        return list;
    }

    private static List<MailboxInfo> ReadMailboxesOf(SqliteConnection c, SqliteTransaction? t, long userId)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = MailboxSelect + " WHERE m.user_id = $user";
        command.Parameters.AddWithValue("$user", userId);
        return ReadMailboxes(command);
    }

    private static MailboxInfo? FindMailbox(SqliteConnection c, SqliteTransaction? t, long userId, string name)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = MailboxSelect + " WHERE m.user_id = $user AND m.name = $name";
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$name", name);
        return ReadMailboxes(command).FirstOrDefault();
    }

    private static MailboxInfo? FindMailboxById(SqliteConnection c, SqliteTransaction? t, long id)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = MailboxSelect + " WHERE m.id = $id";
        command.Parameters.AddWithValue("$id", id);
        return ReadMailboxes(command).FirstOrDefault();
    }

    private static long InsertMailbox(SqliteConnection c, SqliteTransaction t, long userId, string name,
        string? specialUse)
    {
        using (var owner = c.CreateCommand())
        {
            // A session of an account deleted meanwhile must get a clear refusal, not a foreign-key failure.
            owner.Transaction = t;
            owner.CommandText = "SELECT 1 FROM users WHERE id = $u";
            owner.Parameters.AddWithValue("$u", userId);
            if (owner.ExecuteScalar() is null)
            {
                throw new MailStoreException(MailStoreError.NotPermitted, "the account no longer exists");
            }
        }

        using var next = c.CreateCommand();
        next.Transaction = t;
        next.CommandText = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'next_uid_validity' "
            + "RETURNING CAST(value AS INTEGER) - 1";
        var uidValidity = Convert.ToInt64(next.ExecuteScalar());

        using var insert = c.CreateCommand();
        insert.Transaction = t;
        insert.CommandText = "INSERT INTO mailboxes (user_id, name, uid_validity, special_use) "
            + "VALUES ($u, $n, $v, $s) RETURNING id";
        insert.Parameters.AddWithValue("$u", userId);
        insert.Parameters.AddWithValue("$n", name);
        insert.Parameters.AddWithValue("$v", uidValidity & 0xFFFFFFFF);
        insert.Parameters.AddWithValue("$s", (object?)specialUse ?? DBNull.Value);
        return Convert.ToInt64(insert.ExecuteScalar());
    }

    private static List<MessageInfo> QueryMessages(SqliteConnection c, SqliteTransaction? t, long mailboxId,
        ulong aboveModSeq, uint? onlyUid = null)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = "SELECT e.uid, e.blob_id, b.size, e.internal_date, e.internal_offset, e.flags, "
            + "e.modseq FROM messages e JOIN blobs b ON b.id = e.blob_id "
            + "WHERE e.mailbox_id = $m AND e.modseq > $s" + (onlyUid is null ? "" : " AND e.uid = $u")
            + " ORDER BY e.uid";
        command.Parameters.AddWithValue("$m", mailboxId);
        command.Parameters.AddWithValue("$u", (long)(onlyUid ?? 0));
        command.Parameters.AddWithValue("$s", (long)aboveModSeq);
        using var reader = command.ExecuteReader();
        var list = new List<MessageInfo>();
        while (reader.Read())
        {
            var offset = TimeSpan.FromMinutes(reader.GetInt64(4));
            var date = DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3)).ToOffset(offset);
            var flags = reader.GetString(5);
            list.Add(new MessageInfo(
                mailboxId,
                (uint)reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetInt64(2),
                date,
                StoredFlags.Parse(flags),
                (ulong)reader.GetInt64(6)));
        }

        return list;
    }

    /// <summary>Allocates the next MODSEQ of a mailbox (RFC 7162 §3.1.1: strictly increasing).</summary>
    private static ulong NextModSeq(SqliteConnection c, SqliteTransaction t, long mailboxId)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText =
            "UPDATE mailboxes SET highest_modseq = highest_modseq + 1 WHERE id = $m RETURNING highest_modseq";
        command.Parameters.AddWithValue("$m", mailboxId);
        return (ulong)Convert.ToInt64(command.ExecuteScalar());
    }

    private static uint InsertEntry(SqliteConnection c, SqliteTransaction t, long mailboxId, long blobId,
        DateTimeOffset internalDate, string flags)
    {
        // One statement takes both the next MODSEQ and the next UID of the mailbox.
        long uid, modSeq;
        using (var next = c.CreateCommand())
        {
            next.Transaction = t;
            next.CommandText = "UPDATE mailboxes SET highest_modseq = highest_modseq + 1, uid_next = uid_next + 1 "
                + "WHERE id = $m RETURNING highest_modseq, uid_next - 1";
            next.Parameters.AddWithValue("$m", mailboxId);
            using var reader = next.ExecuteReader();
            if (!reader.Read())
            {
                throw new MailStoreException(MailStoreError.MailboxNotFound, "the mailbox no longer exists");
            }

            modSeq = reader.GetInt64(0);
            uid = reader.GetInt64(1);
        }

        Execute(c, t, "INSERT INTO messages (mailbox_id, uid, blob_id, internal_date, internal_offset, flags, modseq) "
            + "VALUES ($m, $u, $b, $d, $o, $f, $s)",
            ("$m", mailboxId), ("$u", uid), ("$b", blobId), ("$d", internalDate.ToUnixTimeSeconds()),
            ("$o", (long)internalDate.Offset.TotalMinutes), ("$f", flags), ("$s", modSeq));
        return (uint)uid;
    }

    private static long InsertBlob(SqliteConnection c, SqliteTransaction t, string relativePath, long size)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = "INSERT INTO blobs (path, size) VALUES ($p, $s) RETURNING id";
        command.Parameters.AddWithValue("$p", relativePath);
        command.Parameters.AddWithValue("$s", size);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static List<long> BlobsOf(SqliteConnection c, SqliteTransaction t, long mailboxId)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = "SELECT DISTINCT blob_id FROM messages WHERE mailbox_id = $m";
        command.Parameters.AddWithValue("$m", mailboxId);
        using var reader = command.ExecuteReader();
        var list = new List<long>();
        while (reader.Read())
        {
            list.Add(reader.GetInt64(0));
        }

        return list;
    }

    /// <summary>Deletes the rows of blobs no entry refers to any more; returns their files for deletion after
    /// the commit (a crash in between leaves an unreferenced file, never a dangling reference).</summary>
    private static List<string> DeleteOrphanBlobs(SqliteConnection c, SqliteTransaction t, IEnumerable<long> blobIds)
    {
        var files = new List<string>();
        foreach (var blobId in blobIds)
        {
            using var command = c.CreateCommand();
            command.Transaction = t;
            command.CommandText = "DELETE FROM blobs WHERE id = $b "
                + "AND NOT EXISTS (SELECT 1 FROM messages WHERE blob_id = $b) RETURNING path";
            command.Parameters.AddWithValue("$b", blobId);
            if (command.ExecuteScalar() is string path)
            {
                files.Add(path);
            }
        }

        return files;
    }

    private void DeleteFiles(IEnumerable<string> relativePaths)
    {
        foreach (var relative in relativePaths)
        {
            SpoolWriter.TryDelete(Path.Combine(_messagesDirectory, relative));
        }
    }

    /// <summary>Renames a spooled (already fsynced) file into the message store and fsyncs the directory, so
    /// that the file is durable before the index transaction that refers to it commits.</summary>
    private string CommitFile(SpooledMessage message)
    {
        var directory = NewBlobDirectory();
        var relative = MoveIntoStore(message, directory);
        SqliteDatabase.SyncDirectory(Path.Combine(_messagesDirectory, directory));
        return relative;
    }

    /// <summary>One of the 256 directories of the store (two hex digits), at random, created if need be.</summary>
    private string NewBlobDirectory()
    {
        var directory = Random.Shared.Next(256).ToString("x2", CultureInfo.InvariantCulture);
        if (!_knownDirectories.ContainsKey(directory))
        {
            Directory.CreateDirectory(Path.Combine(_messagesDirectory, directory));
            _knownDirectories.TryAdd(directory, true);
        }

        return directory;
    }

    /// <summary>The rename of <see cref="CommitFile"/> into <paramref name="directory"/>, without the directory
    /// fsync, which the caller owes before its commit.</summary>
    private string MoveIntoStore(SpooledMessage message, string directory)
    {
        var relative = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".eml");
        File.Move(message.Path, Path.Combine(_messagesDirectory, relative));
        message.Consumed = true;
        return relative;
    }

    private void RemoveCommittedFile(string relative) =>
        SpoolWriter.TryDelete(Path.Combine(_messagesDirectory, relative));

    private static void Execute(SqliteConnection c, SqliteTransaction? t, string sql,
        params (string Name, object Value)[] parameters)
    {
        using var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static string JoinFlags(IEnumerable<string> flags) =>
        string.Join(' ', flags.Distinct(StringComparer.OrdinalIgnoreCase));

    private static IReadOnlyList<string> Combine(IReadOnlyList<string> current, FlagStoreMode mode,
        IReadOnlyCollection<string> flags) => mode switch
    {
        FlagStoreMode.Replace => flags.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        FlagStoreMode.Add => current.Concat(flags).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        _ => current.Where(f => !flags.Contains(f, StringComparer.OrdinalIgnoreCase)).ToList(),
    };
}
