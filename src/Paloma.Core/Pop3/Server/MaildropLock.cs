using System.Collections.Concurrent;

namespace Paloma.Pop3.Server;

/// <summary>
/// The exclusive-access lock on each user's maildrop (RFC 1939 §8: "the server acquires an exclusive-access
/// lock on the maildrop"). In process and keyed by user id: one Paloma process serves a data directory.
/// </summary>
public sealed class MaildropLock
{
    private readonly ConcurrentDictionary<long, Lease> _held = new();

    /// <summary>Returns a lease that releases the lock when disposed, or null when another session holds it.</summary>
    public IDisposable? TryAcquire(long userId)
    {
        var lease = new Lease(this, userId);
        return _held.TryAdd(userId, lease) ? lease : null;
    }

    private sealed class Lease(MaildropLock owner, long userId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner._held.TryRemove(new KeyValuePair<long, Lease>(userId, this));
            }
        }
    }
}
