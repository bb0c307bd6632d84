namespace Paloma.Tests.Support;

/// <summary>
/// Counts the connections one or more <see cref="FakeSmtpServer"/>s have open at once, and can hold each new
/// connection before its greeting until <see cref="Release"/>, so that a client which opens more connections
/// than it may has them all open at the same moment. Share one gauge between servers to see a global limit.
/// </summary>
public sealed class ConnectionGauge
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _release = NewSignal();
    private int _active;
    private int _max;
    private int _total;
    private bool _hold;

    /// <summary>Connections accepted and not yet finished (QUIT received or closed).</summary>
    public int Active
    {
        get
        {
            lock (_lock)
            {
                return _active;
            }
        }
    }

    /// <summary>The highest <see cref="Active"/> seen.</summary>
    public int MaxConcurrent
    {
        get
        {
            lock (_lock)
            {
                return _max;
            }
        }
    }

    /// <summary>Connections accepted so far.</summary>
    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>From now on, every new connection waits before its greeting until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_lock)
        {
            _hold = true;
            if (_release.Task.IsCompleted)
            {
                _release = NewSignal();
            }
        }
    }

    /// <summary>Lets every held connection go on, and stops holding new ones.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _hold = false;
            _release.TrySetResult();
        }
    }

    /// <summary>Completes once <see cref="Total"/> has reached <paramref name="count"/>.</summary>
    public async Task WaitForTotalAsync(int count, CancellationToken ct = default)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_total >= count)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(ct);
        }
    }

    /// <summary>Called by the accept loop as soon as a connection is accepted: counting happens there, not in the
    /// session task, so that a connection is counted even while the thread pool has not started its session.
    /// Returns what the session must await before greeting.</summary>
    internal Task Enter()
    {
        lock (_lock)
        {
            _active++;
            _total++;
            _max = Math.Max(_max, _active);
            Signal();
            return _hold ? _release.Task : Task.CompletedTask;
        }
    }

    internal void Exit()
    {
        lock (_lock)
        {
            _active--;
            Signal();
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
