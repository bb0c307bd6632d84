using System.Net;
using System.Net.Sockets;
using Paloma.Config;

namespace Paloma.Hosting;

/// <summary>
/// The listener set, kept apart so that a reload can open added addresses and close removed ones while the
/// sessions already accepted run on. Listeners are matched by protocol entry and configured address, so
/// "127.0.0.1:0" stays the same socket across reloads.
/// </summary>
public sealed partial class PalomaServer
{
    private readonly object _listenersLock = new();

    // One handler per entry of Protocols.All, shared by every address of that protocol and kept across reloads,
    // because handlers hold per-protocol state (POP3's maildrop locks).
    private readonly Dictionary<int, IProtocolHandler> _handlers = [];
    private readonly Dictionary<Listener, int> _entryOf = [];
    private readonly List<Listener> _retired = [];

    /// <summary>The listeners accepting now.</summary>
    private Listener[] Listeners
    {
        get
        {
            lock (_listenersLock)
            {
                return [.. _listeners];
            }
        }
    }

    /// <summary>Listeners a reload closed; their sessions may still be running and a stop waits for them.</summary>
    private Listener[] RetiredListeners
    {
        get
        {
            lock (_listenersLock)
            {
                return [.. _retired];
            }
        }
    }

    /// <summary>Open sessions per protocol, counting those on listeners a reload has closed.</summary>
    public IReadOnlyDictionary<string, int> OpenSessions =>
        Listeners.Concat(RetiredListeners)
            .GroupBy(l => l.Protocol)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.OpenSessions), StringComparer.Ordinal);

    /// <summary>Binds every address of <paramref name="config"/> that has no listener yet. On a bind failure the
    /// listeners opened by this call are closed again and the error, naming protocol and address, is thrown.
    /// </summary>
    private List<Listener> OpenListeners(PalomaConfig config)
    {
        var opened = new List<Listener>();
        var entries = Protocols.All(config).ToList();
        for (var entry = 0; entry < entries.Count; entry++)
        {
            var (endPoints, create) = entries[entry];
            foreach (var endPoint in endPoints.Where(e => FindListener(entry, e) is null))
            {
                var handler = HandlerFor(entry, create);
                var listener = new Listener(handler, endPoint, _logger);
                try
                {
                    listener.Start(_stopping.Token);
                }
                catch (SocketException e)
                {
                    foreach (var undo in opened)
                    {
                        Forget(undo, retire: false);
                        undo.CloseAsync().GetAwaiter().GetResult();
                    }

                    throw new InvalidOperationException(
                        $"cannot listen for {handler.Protocol} on {endPoint}: {e.Message}", e);
                }

                lock (_listenersLock)
                {
                    _listeners.Add(listener);
                    _entryOf[listener] = entry;
                }

                opened.Add(listener);
            }
        }

        return opened;
    }

    /// <summary>Stops accepting on every address <paramref name="config"/> no longer lists; sessions continue.
    /// </summary>
    private async Task CloseRemovedListenersAsync(PalomaConfig config)
    {
        var wanted = Protocols.All(config).Select(p => p.EndPoints).ToList();
        lock (_listenersLock)
        {
            _retired.RemoveAll(l => l.OpenSessions == 0);
        }

        foreach (var listener in Listeners)
        {
            int entry;
            lock (_listenersLock)
            {
                entry = _entryOf[listener];
            }

            if (!wanted[entry].Contains(listener.ConfiguredEndPoint))
            {
                Forget(listener, retire: true);
                await listener.CloseAsync().ConfigureAwait(false);
                OperationsLog.ListenerClosed(_logger, listener.Protocol, listener.BoundEndPoint);
            }
        }
    }

    private Listener? FindListener(int entry, IPEndPoint configured)
    {
        lock (_listenersLock)
        {
            return _listeners.FirstOrDefault(l => _entryOf[l] == entry && l.ConfiguredEndPoint.Equals(configured));
        }
    }

    private IProtocolHandler HandlerFor(int entry, Func<ServerContext, IProtocolHandler> create)
    {
        lock (_listenersLock)
        {
            if (!_handlers.TryGetValue(entry, out var handler))
            {
                handler = create(Context);
                _handlers[entry] = handler;
            }

            return handler;
        }
    }

    private void Forget(Listener listener, bool retire)
    {
        lock (_listenersLock)
        {
            _listeners.Remove(listener);
            _entryOf.Remove(listener);
            if (retire)
            {
                _retired.Add(listener);
            }
        }
    }
}
