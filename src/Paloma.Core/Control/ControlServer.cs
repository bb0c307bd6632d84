using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Paloma.Hosting;

namespace Paloma.Control;

/// <summary>
/// The Unix domain socket {data_dir}/control.sock through which <c>paloma status|reload|stop</c> reach the
/// running server. Mode 0600: whoever may use it may stop the server, so only the server's own user may.
/// </summary>
public sealed class ControlServer(string path, IServerControl control, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan s_requestDeadline = TimeSpan.FromSeconds(10);

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _acceptLoop;
    private bool _bound;

    public string Path => path;

    /// <summary>Binds the socket. A socket file left by a crashed server is replaced; one that still answers
    /// means another server uses this data directory, which is an error. Requests wait in the backlog until
    /// <see cref="Accept"/>.</summary>
    public void Start()
    {
        if (File.Exists(path))
        {
            if (ControlClient.IsAnswering(path))
            {
                throw new InvalidOperationException(
                    $"another paloma is already running with this data directory (control socket {path} answers)");
            }

            File.Delete(path);
        }

        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _bound = true;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        _socket.Listen(16);
        OperationsLog.ControlListening(logger, path);
    }

    /// <summary>Starts answering requests. Called once the server is ready, so that no client (such as
    /// <c>paloma start</c> waiting for its server) takes a server that is still starting, and may yet fail, for a
    /// running one; requests made before wait for this, or fail when a failed start closes the socket.</summary>
    public void Accept() => _acceptLoop ??= AcceptLoopAsync(_stopping.Token);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Close();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        // Only a socket file this server bound: after "another paloma is already running", it is the other's.
        if (_bound)
        {
            File.Delete(path);
        }

        _stopping.Dispose();
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
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client, stopping), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(s_requestDeadline);
        await using var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            var line = await ControlClient.ReadLineAsync(stream, deadline.Token).ConfigureAwait(false);
            var request = line is null ? null : JsonSerializer.Deserialize<ControlRequest>(line, ControlProtocol.Json);
            var (reply, afterReply) = await DispatchAsync(request?.Command).ConfigureAwait(false);
            var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(reply, ControlProtocol.Json) + "\n");
            await stream.WriteAsync(bytes, deadline.Token).ConfigureAwait(false);
            await stream.FlushAsync(deadline.Token).ConfigureAwait(false);
            afterReply?.Invoke();
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException
                                      or JsonException)
        {
            OperationsLog.ControlRequestFailed(logger, e.Message);
        }
    }

    /// <summary>Runs one command; a stop is started only after its reply is written, so the client sees it.
    /// </summary>
    private async Task<(ControlReply Reply, Action? AfterReply)> DispatchAsync(string? command)
    {
        switch (command)
        {
            case ControlProtocol.Status:
                return (new ControlReply(true, null, control.GetStatus()), null);
            case ControlProtocol.Reload:
                var result = await control.ReloadAsync("control socket").ConfigureAwait(false);
                return (new ControlReply(result.Succeeded, result.Message), null);
            case ControlProtocol.Stop:
                var pid = Environment.ProcessId;
                return (new ControlReply(true, $"stopping pid {pid}"), () => control.RequestStop("control socket"));
            default:
                return (new ControlReply(false, $"unknown command \"{command}\"; known: status, reload, stop"), null);
        }
    }
}
