using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Paloma.Metrics;

namespace Paloma.Hosting;

/// <summary>
/// One listening socket for one protocol. Accepted connections run as tasks on the thread pool (no thread per
/// connection); the listener keeps track of them so that shutdown can wait for them to finish.
/// </summary>
internal sealed class Listener(IProtocolHandler handler, IPEndPoint endPoint, ILogger logger)
{
    // <sys/socket.h> on Linux.
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    private readonly Socket _socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private readonly HashSet<Task> _sessions = [];
    private Task? _acceptLoop;
    private IPEndPoint? _bound;
    private int _openSessions;

    /// <summary>The actual address (port 0 resolved), kept so that it can still be read after the socket closed.
    /// </summary>
    public IPEndPoint BoundEndPoint => _bound ?? endPoint;

    /// <summary>The address as configured; a reload matches listeners by it.</summary>
    public IPEndPoint ConfiguredEndPoint => endPoint;

    public IProtocolHandler Handler => handler;

    public string Protocol => handler.Protocol;

    /// <summary>Sessions accepted here that have not ended yet, for <c>paloma status</c>.</summary>
    public int OpenSessions => Volatile.Read(ref _openSessions);

    public void Start(CancellationToken stopping)
    {
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = endPoint.Address.Equals(IPAddress.IPv6Any);
        }

        // SO_REUSEADDR alone, so a restart can bind while old connections linger in TIME_WAIT. .NET's ReuseAddress
        // option would also set SO_REUSEPORT on Linux, letting a second server silently share the port.
        if (OperatingSystem.IsLinux())
        {
            _socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }
        _socket.Bind(endPoint);
        _socket.Listen(512);
        _bound = (IPEndPoint)_socket.LocalEndPoint!;
        HostingLog.Listening(logger, handler.Protocol, BoundEndPoint);
        _acceptLoop = AcceptLoopAsync(stopping);
    }

    /// <summary>Stops accepting, then waits for the running sessions (which see the stop token) to end.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        var bound = BoundEndPoint;
        await CloseAsync().ConfigureAwait(false);

        Task[] running;
        lock (_sessions)
        {
            running = [.. _sessions];
        }

        await Task.WhenAny(Task.WhenAll(running), Task.Delay(grace)).ConfigureAwait(false);
        HostingLog.StoppedListening(logger, handler.Protocol, bound);
    }

    /// <summary>Stops accepting and leaves the running sessions alone (a reload removed this address).</summary>
    public async Task CloseAsync()
    {
        _socket.Close();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted
                                                or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and friends: log, pause briefly so we do not spin, and carry on.
                HostingLog.AcceptFailed(logger, handler.Protocol, endPoint, e.Message);
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            client.NoDelay = true;
            var task = Task.Run(() => RunSessionAsync(client, stopping), CancellationToken.None);
            lock (_sessions)
            {
                _sessions.Add(task);
            }

            _ = task.ContinueWith(t =>
            {
                lock (_sessions)
                {
                    _sessions.Remove(t);
                }
            }, TaskScheduler.Default);
        }
    }

    private async Task RunSessionAsync(Socket client, CancellationToken stopping)
    {
        var started = Stopwatch.GetTimestamp();
        var remote = (IPEndPoint)client.RemoteEndPoint!;
        var id = SessionId.New();
        Interlocked.Increment(ref _openSessions);
        PalomaMetrics.RecordConnection(handler.Protocol);
        PalomaMetrics.RecordSessionOpened(handler.Protocol);
        HostingLog.Connected(logger, id, handler.Protocol, remote.Address, remote.Port,
            (IPEndPoint)client.LocalEndPoint!);
        try
        {
            using var connection = new Connection(id, new NetworkStream(client, ownsSocket: true), remote,
                (IPEndPoint)client.LocalEndPoint!, stopping);
            await handler.RunSessionAsync(connection).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException
                                      or ObjectDisposedException)
        {
            // The peer went away or the session timed out; the handler has nothing more to say.
        }
        catch (Exception e)
        {
            HostingLog.SessionFailed(logger, e, id, handler.Protocol);
        }
        finally
        {
            client.Dispose();
            Interlocked.Decrement(ref _openSessions);
            PalomaMetrics.RecordSessionClosed(handler.Protocol);
            HostingLog.Disconnected(logger, id, handler.Protocol, remote.Address,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
