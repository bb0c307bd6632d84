using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Paloma.Storage;

/// <summary>
/// Local delivery with group commit. Every delivery must be durable before its 250 (RFC 5321 §6.1), and a
/// durable SQLite commit costs an fsync of the write-ahead log, plus one of the message's directory for its
/// rename. Deliveries that arrive while a commit is running wait for the write lock anyway; whichever of them
/// gets it next commits all of them in one transaction, each in its own savepoint so that one failing delivery
/// (say its user was just removed) fails alone. The directories of the batch are fsynced once each, before the
/// commit, so invariant (1) of <see cref="SqliteMailStore"/> holds for every message of the batch.
/// </summary>
public sealed partial class SqliteMailStore
{
    private readonly ConcurrentDictionary<string, bool> _knownDirectories = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<PendingDelivery> _pendingDeliveries = new();

    /// <summary>Deliveries waiting for the next batch; for tests that hold <see cref="WriteLock"/>.</summary>
    internal int PendingDeliveries => _pendingDeliveries.Count;

    /// <summary>The lock a batch is committed under (the database's one writer).</summary>
    internal SemaphoreSlim WriteLock => _db.WriteLock;

    public async Task<long> DeliverAsync(SpooledMessage message, IReadOnlyCollection<long> userIds,
        DateTimeOffset internalDate, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new PendingDelivery(message, userIds.Distinct().ToList(), internalDate);
        _pendingDeliveries.Enqueue(pending);

        // Not cancellable from here on: a batch led by another delivery may take this one at any moment; the
        // caller learns the outcome either way.
        await _db.WriteLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        List<PendingDelivery> batch = [];
        try
        {
            while (_pendingDeliveries.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count > 0)
            {
                CommitBatch(batch);
            }
        }
        catch (Exception e)
        {
            // CommitBatch records every fault per delivery and is not meant to throw; this is the last guard,
            // so that no delivery of the batch waits for an outcome forever.
            batch.ForEach(p => p.Failure ??= e);
        }
        finally
        {
            _db.WriteLock.Release();
        }

        // Every delivery of the batch learns its outcome before anything else can go wrong; then, after the
        // lock, the sessions of the mailboxes learn of the committed messages.
        foreach (var delivered in batch)
        {
            if (delivered.Failure is { } failure)
            {
                delivered.Completion.TrySetException(failure);
            }
            else
            {
                delivered.Completion.TrySetResult(delivered.BlobId);
            }
        }

        foreach (var delivered in batch.Where(p => p.Failure is null))
        {
            delivered.Inboxes.ForEach(Notifier.Notify);
        }

        return await pending.Completion.Task.ConfigureAwait(false);
    }

    private void CommitBatch(List<PendingDelivery> batch)
    {
        try
        {
            // The whole batch goes into one directory, chosen afresh for each batch, so that one directory
            // fsync covers every rename of the batch while the files still spread over all the directories.
            var directory = NewBlobDirectory();
            foreach (var pending in batch)
            {
                try
                {
                    pending.RelativePath = MoveIntoStore(pending.Message, directory);
                }
                catch (Exception e)
                {
                    // Whatever the reason (I/O, permissions), this file failed alone; the rest go on.
                    pending.Failure = e;
                }
            }

            SqliteDatabase.SyncDirectory(Path.Combine(_messagesDirectory, directory));

            using var connection = _db.OpenConnection();
            using var transaction = connection.BeginTransaction();
            foreach (var pending in batch.Where(p => p.Failure is null))
            {
                transaction.Save("delivery");
                try
                {
                    pending.BlobId = InsertDelivery(connection, transaction, pending);
                    transaction.Release("delivery");
                }
                catch (Exception e)
                {
                    transaction.Rollback("delivery");
                    transaction.Release("delivery");
                    pending.Failure = e;
                }
            }

            transaction.Commit();
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Failure ??= e;
                pending.Inboxes.Clear();
            }
        }

        foreach (var failed in batch.Where(p => p.Failure is not null && p.RelativePath is not null))
        {
            RemoveCommittedFile(failed.RelativePath!);
        }
    }

    private static long InsertDelivery(SqliteConnection connection, SqliteTransaction transaction,
        PendingDelivery pending)
    {
        pending.Inboxes.Clear();
        var blobId = InsertBlob(connection, transaction, pending.RelativePath!, pending.Message.Length);
        foreach (var userId in pending.UserIds)
        {
            var inbox = FindMailbox(connection, transaction, userId, "INBOX")
                ?? FindMailboxById(connection, transaction,
                    InsertMailbox(connection, transaction, userId, "INBOX", null))!;
            InsertEntry(connection, transaction, inbox.Id, blobId, pending.InternalDate, "");
            pending.Inboxes.Add(inbox.Id);
        }

        return blobId;
    }

    /// <summary>One delivery waiting for, or in, a batch.</summary>
    private sealed class PendingDelivery(SpooledMessage message, List<long> userIds, DateTimeOffset internalDate)
    {
        public SpooledMessage Message { get; } = message;

        /// <summary>Where the file went in the store; null until it has been moved there.</summary>
        public string? RelativePath { get; set; }

        public List<long> UserIds { get; } = userIds;

        public DateTimeOffset InternalDate { get; } = internalDate;

        public List<long> Inboxes { get; } = [];

        public long BlobId { get; set; }

        public Exception? Failure { get; set; }

        public TaskCompletionSource<long> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
