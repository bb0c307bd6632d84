using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Paloma.Hosting;

/// <summary>
/// One listening socket for one protocol. Accepted connections run as tasks on the thread pool (no thread per
/// connection); the listener keeps track of them so that shutdown can wait for them to finish.
/// </summary>
internal sealed class Listener(IProtocolHandler handler, IPEndPoint endPoint, ILogger logger)
{
    private readonly Socket _socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private readonly HashSet<Task> _sessions = [];
    private Task? _acceptLoop;

    public IPEndPoint BoundEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public string Protocol => handler.Protocol;

    public void Start(CancellationToken stopping)
    {
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = endPoint.Address.Equals(IPAddress.IPv6Any);
        }

        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endPoint);
        _socket.Listen(512);
        HostingLog.Listening(logger, handler.Protocol, BoundEndPoint);
        _acceptLoop = AcceptLoopAsync(stopping);
    }

    /// <summary>Stops accepting, then waits for the running sessions (which see the stop token) to end.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        var bound = BoundEndPoint;
        _socket.Close();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        Task[] running;
        lock (_sessions)
        {
            running = [.. _sessions];
        }

        await Task.WhenAny(Task.WhenAll(running), Task.Delay(grace)).ConfigureAwait(false);
        HostingLog.StoppedListening(logger, handler.Protocol, bound);
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
            HostingLog.Disconnected(logger, id, handler.Protocol, remote.Address,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
