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
    private void OpenListeners(PalomaConfig config)
    {
        var opened = new List<Listener>();
        foreach (var (entry, endPoint, create) in Plan(config).ToOpen)
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

    /// <summary>Stops accepting on every address <paramref name="config"/> no longer lists; sessions continue.
    /// </summary>
    private async Task CloseRemovedListenersAsync(PalomaConfig config)
    {
        lock (_listenersLock)
        {
            _retired.RemoveAll(l => l.OpenSessions == 0);
        }

        foreach (var listener in Plan(config).ToClose)
        {
            Forget(listener, retire: true);
            await listener.CloseAsync().ConfigureAwait(false);
            OperationsLog.ListenerClosed(_logger, listener.Protocol, listener.BoundEndPoint);
        }
    }

    /// <summary>Pairs each configured address with one existing listener of the same protocol entry: what is
    /// left over on the configuration side must be opened, on the listener side closed. Pairing one to one
    /// keeps an address listed twice (two "127.0.0.1:0" listeners) as two sockets.</summary>
    private (List<(int Entry, IPEndPoint EndPoint, Func<ServerContext, IProtocolHandler> Create)> ToOpen,
        List<Listener> ToClose) Plan(PalomaConfig config)
    {
        lock (_listenersLock)
        {
            var unmatched = _listeners.ToList();
            var toOpen = new List<(int, IPEndPoint, Func<ServerContext, IProtocolHandler>)>();
            var entries = Protocols.All(config).ToList();
            for (var entry = 0; entry < entries.Count; entry++)
            {
                var (endPoints, create) = entries[entry];
                foreach (var endPoint in endPoints)
                {
                    var match = unmatched.FirstOrDefault(l =>
                        _entryOf[l] == entry && l.ConfiguredEndPoint.Equals(endPoint));
                    if (match is null)
                    {
                        toOpen.Add((entry, endPoint, create));
                    }
                    else
                    {
                        unmatched.Remove(match);
                    }
                }
            }

            return (toOpen, unmatched);
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
