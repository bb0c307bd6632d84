using System.Collections.Concurrent;

namespace Paloma.Storage;

/// <summary>
/// Tells live sessions that a mailbox changed (new message, flags, expunge), so that IMAP IDLE and NOOP can
/// report it at once. The store calls <see cref="Notify"/> only after the change is committed; subscribers
/// then read the committed state themselves, so a lost or merged notification never loses information.
/// </summary>
public sealed class MailboxNotifier
{
    private readonly ConcurrentDictionary<long, ImmutableSubscribers> _subscribers = new();

    public IDisposable Subscribe(long mailboxId, Action callback)
    {
        var subscription = new Subscription(this, mailboxId, callback);
        _subscribers.AddOrUpdate(mailboxId, _ => new ImmutableSubscribers([subscription]),
            (_, existing) => existing.Add(subscription));
        return subscription;
    }

    public void Notify(long mailboxId)
    {
        if (!_subscribers.TryGetValue(mailboxId, out var list))
        {
            return;
        }

        foreach (var subscription in list.Items)
        {
            subscription.Callback();
        }
    }

    private void Remove(Subscription subscription)
    {
        while (_subscribers.TryGetValue(subscription.MailboxId, out var list))
        {
            var updated = list.Remove(subscription);
            var done = updated.Items.Length == 0
                ? _subscribers.TryRemove(new KeyValuePair<long, ImmutableSubscribers>(subscription.MailboxId, list))
                : _subscribers.TryUpdate(subscription.MailboxId, updated, list);
            if (done)
            {
                return;
            }
        }
    }

    private sealed record ImmutableSubscribers(Subscription[] Items)
    {
        public ImmutableSubscribers Add(Subscription s) => new([.. Items, s]);

        public ImmutableSubscribers Remove(Subscription s) => new(Items.Where(i => i != s).ToArray());
    }

    private sealed class Subscription(MailboxNotifier owner, long mailboxId, Action callback) : IDisposable
    {
        private int _disposed;

        public long MailboxId { get; } = mailboxId;

        public Action Callback { get; } = callback;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }
}
