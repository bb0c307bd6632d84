using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Paloma.Storage;

/// <summary>
/// The SQLite file that holds accounts, mailboxes and the message index: {data_dir}/paloma.db.
/// Invariants: WAL journal with synchronous=FULL, so a committed transaction survives a power cut; one writer
/// at a time inside the process (<see cref="WriteLock"/>), so SQLITE_BUSY never reaches a client; readers run
/// concurrently on pooled connections.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private static int SchemaVersion => s_migrations.Length;

    /// <summary>The physical connections whose pragmas are set (see <see cref="OpenConnection"/>). Static: every
    /// SqliteDatabase of a file shares the same pools of connections.</summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> s_prepared = new();

    private readonly string _connectionString;
    private readonly string _flagsConnectionString;

    private SqliteDatabase(string path)
    {
        Path = path;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        };
        _connectionString = builder.ToString();
        // The same settings, with the cache mode's default spelled out: another string, so another pool, whose
        // connections stay in synchronous=NORMAL for flag changes while the others stay FULL.
        builder.Cache = SqliteCacheMode.Default;
        _flagsConnectionString = builder.ToString();
    }

    public string Path { get; }

    /// <summary>Held by every write transaction.</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    public static SqliteDatabase Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var database = new SqliteDatabase(System.IO.Path.Combine(dataDirectory, "paloma.db"));
        database.Migrate();
        return database;
    }

    /// <param name="durable">True (the default) syncs every commit to disk before it returns. False is for flag
    /// changes only: in WAL mode a commit then survives a crash of the process but may be lost in a power cut,
    /// and the next durable commit syncs it too. Messages and accounts are always written durably.</param>
    public SqliteConnection OpenConnection(bool durable = true)
    {
        var connection = new SqliteConnection(durable ? _connectionString : _flagsConnectionString);
        connection.Open();
        try
        {
            // Pragmas are settings of the physical connection, which the pool keeps from one open to the next, so
            // they are set once, when it is new (known by its handle, which lives exactly as long as it). Durable
            // and flag-change connections come from two pools (two connection strings), so a connection never
            // changes mode; ConnectionPragmaTests fails if the two ever share connections.
            var handle = connection.Handle!;
            if (!s_prepared.TryGetValue(handle, out _))
            {
                Execute(connection, Synchronous(durable) + " PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
                s_prepared.AddOrUpdate(handle, handle);
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    private static string Synchronous(bool durable) =>
        durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void Migrate()
    {
        using var connection = OpenConnection();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        var current = Convert.ToInt32(version.ExecuteScalar());
        if (current == SchemaVersion)
        {
            return;
        }

        if (current > SchemaVersion)
        {
            throw new InvalidOperationException(
                $"{Path}: database schema {current} is newer than this Paloma understands ({SchemaVersion})");
        }

        // Each step brings the schema from version i to i + 1, in its own transaction; a database of any older
        // version is brought up to date step by step at start-up.
        for (var from = current; from < SchemaVersion; from++)
        {
            using var transaction = connection.BeginTransaction();
            using var step = connection.CreateCommand();
            step.Transaction = transaction;
            step.CommandText = s_migrations[from] + $"\nPRAGMA user_version = {from + 1};";
            step.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <summary>The schema, as the steps that build it: index i takes version i to version i + 1.</summary>
    /// <remarks>Ids of users, mailboxes and blobs are AUTOINCREMENT so that they are never reused: a live session
    /// holding the id of a deleted account or mailbox must never reach a newer one created after it.</remarks>
    private static readonly string[] s_migrations =
    [
        $"""
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta (key, value) VALUES ('next_uid_validity', '{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}');
            CREATE TABLE domains (name TEXT PRIMARY KEY, created INTEGER NOT NULL);
            CREATE TABLE users (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                address TEXT NOT NULL UNIQUE,
                domain TEXT NOT NULL REFERENCES domains(name),
                password_hash TEXT NOT NULL,
                created INTEGER NOT NULL);
            CREATE TABLE mailboxes (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id INTEGER NOT NULL REFERENCES users(id),
                name TEXT NOT NULL,
                uid_validity INTEGER NOT NULL,
                uid_next INTEGER NOT NULL DEFAULT 1,
                special_use TEXT,
                highest_modseq INTEGER NOT NULL DEFAULT 1,
                UNIQUE (user_id, name));
            CREATE TABLE subscriptions (
                user_id INTEGER NOT NULL REFERENCES users(id),
                name TEXT NOT NULL,
                PRIMARY KEY (user_id, name));
            CREATE TABLE blobs (id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, size INTEGER NOT NULL);
            CREATE TABLE messages (
                mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id),
                uid INTEGER NOT NULL,
                blob_id INTEGER NOT NULL REFERENCES blobs(id),
                internal_date INTEGER NOT NULL,
                internal_offset INTEGER NOT NULL,
                flags TEXT NOT NULL DEFAULT '',
                modseq INTEGER NOT NULL,
                PRIMARY KEY (mailbox_id, uid)) WITHOUT ROWID;
            CREATE INDEX messages_by_modseq ON messages (mailbox_id, modseq);
            CREATE INDEX messages_by_blob ON messages (blob_id);
            """,
        // The outbound queue (docs/queue.md): one row per message, one per recipient; times in Unix ms.
        """
            CREATE TABLE queue_messages (
                id TEXT PRIMARY KEY,
                path TEXT NOT NULL,
                size INTEGER NOT NULL,
                reverse_path TEXT NOT NULL,
                envid TEXT,
                ret INTEGER NOT NULL,
                eight_bit_mime INTEGER NOT NULL,
                smtputf8 INTEGER NOT NULL,
                arrival INTEGER NOT NULL,
                delay_notified INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE queue_recipients (
                id INTEGER PRIMARY KEY,
                message_id TEXT NOT NULL REFERENCES queue_messages(id) ON DELETE CASCADE,
                address TEXT NOT NULL,
                orcpt TEXT,
                notify INTEGER NOT NULL,
                status INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_reply TEXT,
                remote_mta TEXT,
                next_attempt INTEGER NOT NULL,
                reported INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX queue_recipients_due ON queue_recipients (status, next_attempt);
            CREATE INDEX queue_recipients_by_message ON queue_recipients (message_id);
            """,

        // SMTP policy (issue 3): aliases managed by `paloma alias`, and the DSN parameters (RFC 3461) of each
        // accepted message, keyed by its queue id, for the delivery issue. Self-contained: no other table
        // refers to these. dsn_envelopes and dsn_recipients are no longer written (issue 6): the queue keeps
        // the DSN parameters with each queued message, and local NOTIFY=SUCCESS recipients go through the queue.
        """
            CREATE TABLE aliases (name TEXT PRIMARY KEY, targets TEXT NOT NULL, created INTEGER NOT NULL);
            CREATE TABLE dsn_envelopes (
                queue_id TEXT PRIMARY KEY,
                reverse_path TEXT NOT NULL,
                envid TEXT,
                ret TEXT,
                received INTEGER NOT NULL);
            CREATE TABLE dsn_recipients (
                queue_id TEXT NOT NULL REFERENCES dsn_envelopes(queue_id),
                position INTEGER NOT NULL,
                forward_path TEXT NOT NULL,
                notify TEXT,
                orcpt TEXT,
                PRIMARY KEY (queue_id, position));
            """,

        // IMAP extensions (docs/imap.md): expunge tombstones for QRESYNC VANISHED (RFC 7162 §3.2.10), with the
        // MODSEQ of the expunge; a per-user storage quota overriding [quota] default_storage (RFC 9208).
        """
            CREATE TABLE expunged (
                mailbox_id INTEGER NOT NULL,
                uid INTEGER NOT NULL,
                modseq INTEGER NOT NULL,
                PRIMARY KEY (mailbox_id, uid)) WITHOUT ROWID;
            CREATE INDEX expunged_by_modseq ON expunged (mailbox_id, modseq);
            CREATE TABLE user_quotas (user_id INTEGER PRIMARY KEY, storage_bytes INTEGER);
            """,

        // SASL credentials derived when the password is set (SaslCredentials.Serialize; docs/sasl-credentials.md).
        // NULL for users whose password was set before this step: they can use PLAIN and LOGIN only until
        // `paloma user passwd`.
        """
            ALTER TABLE users ADD COLUMN sasl_credentials TEXT;
            """,

        // IMAP \Recent (RFC 3501 §2.3.2): per mailbox, the first UID no read-write session has been told about,
        // so a restart does not make old messages recent again. Keyed with the UIDVALIDITY as well: a row left by
        // a deleted mailbox whose id SQLite reuses is then ignored. Self-contained: nothing refers to it.
        """
            CREATE TABLE recent_watermarks (
                mailbox_id INTEGER PRIMARY KEY,
                uid_validity INTEGER NOT NULL,
                first_unclaimed INTEGER NOT NULL);
            """,

        // Each user's storage in use (RFC 9208 STORAGE: the sum of the sizes of the user's messages, a copy
        // counting again), kept by triggers on every insert, delete and move of a message row, so that the
        // quota check of every SMTP RCPT and IMAP APPEND reads one row instead of summing the whole account.
        // The blob row still exists when a message row goes: orphan blobs are deleted after their messages.
        """
            CREATE TABLE user_usage (user_id INTEGER PRIMARY KEY, bytes INTEGER NOT NULL);
            INSERT INTO user_usage (user_id, bytes)
                SELECT m.user_id, SUM(b.size) FROM messages e
                JOIN mailboxes m ON m.id = e.mailbox_id JOIN blobs b ON b.id = e.blob_id GROUP BY m.user_id;
            CREATE TRIGGER user_usage_insert AFTER INSERT ON messages BEGIN
                INSERT INTO user_usage (user_id, bytes)
                    SELECT m.user_id, b.size FROM mailboxes m, blobs b
                    WHERE m.id = NEW.mailbox_id AND b.id = NEW.blob_id
                    ON CONFLICT (user_id) DO UPDATE SET bytes = bytes + excluded.bytes;
            END;
            CREATE TRIGGER user_usage_delete AFTER DELETE ON messages BEGIN
                UPDATE user_usage SET bytes = bytes - COALESCE((SELECT size FROM blobs WHERE id = OLD.blob_id), 0)
                    WHERE user_id = (SELECT user_id FROM mailboxes WHERE id = OLD.mailbox_id);
            END;
            CREATE TRIGGER user_usage_move AFTER UPDATE OF mailbox_id, blob_id ON messages BEGIN
                UPDATE user_usage SET bytes = bytes - COALESCE((SELECT size FROM blobs WHERE id = OLD.blob_id), 0)
                    WHERE user_id = (SELECT user_id FROM mailboxes WHERE id = OLD.mailbox_id);
                INSERT INTO user_usage (user_id, bytes)
                    SELECT m.user_id, b.size FROM mailboxes m, blobs b
                    WHERE m.id = NEW.mailbox_id AND b.id = NEW.blob_id
                    ON CONFLICT (user_id) DO UPDATE SET bytes = bytes + excluded.bytes;
            END;
            """,

        // A counter per table that the SMTP policy reads before every decision (domains, aliases): triggers bump
        // it on every change, so a session reads one row to learn that nothing changed since its last look,
        // instead of the whole table (which `paloma domain add` and `paloma alias add` change from another
        // process).
        """
            CREATE TABLE change_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT INTO change_counters (name, value) VALUES ('domains', 0), ('aliases', 0);
            CREATE TRIGGER domains_changed_insert AFTER INSERT ON domains BEGIN
                UPDATE change_counters SET value = value + 1 WHERE name = 'domains'; END;
            CREATE TRIGGER domains_changed_update AFTER UPDATE ON domains BEGIN
                UPDATE change_counters SET value = value + 1 WHERE name = 'domains'; END;
            CREATE TRIGGER domains_changed_delete AFTER DELETE ON domains BEGIN
                UPDATE change_counters SET value = value + 1 WHERE name = 'domains'; END;
            CREATE TRIGGER aliases_changed_insert AFTER INSERT ON aliases BEGIN
                UPDATE change_counters SET value = value + 1 WHERE name = 'aliases'; END;
            CREATE TRIGGER aliases_changed_update AFTER UPDATE ON aliases BEGIN
                UPDATE change_counters SET value = value + 1 WHERE name = 'aliases'; END;
            CREATE TRIGGER aliases_changed_delete AFTER DELETE ON aliases BEGIN
                UPDATE change_counters SET value = value + 1 WHERE name = 'aliases'; END;
            """,
    ];

    /// <summary>The change counter of a table (domains, aliases): it moves whenever a row is added, changed or
    /// removed, by any process.</summary>
    public long ReadChangeCounter(string table)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM change_counters WHERE name = $n";
        command.Parameters.AddWithValue("$n", table);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// fsync(2) on a directory, so that a rename into it is durable before we acknowledge the message.
    /// .NET has no API for this; on non-Unix systems it is a no-op.
    /// </summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return;
        }

        var fd = NativeMethods.open(directory, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        try
        {
            NativeMethods.fsync(fd);
        }
        finally
        {
            NativeMethods.close(fd);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        WriteLock.Dispose();
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
