using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Paloma.Hosting;

namespace Paloma.Metrics;

/// <summary>
/// The <c>[metrics] listen</c> endpoint: a deliberately tiny HTTP/1.1 responder that answers <c>GET /metrics</c>
/// with <see cref="PrometheusExporter.Render"/> and closes the connection. It reads at most one request head of
/// 8 KiB with a 10-second deadline, so a slow or hostile client cannot hold memory or a task for long.
/// </summary>
public sealed class MetricsEndpoint(IPEndPoint endPoint, PrometheusExporter exporter, ILogger logger)
    : IAsyncDisposable
{
    private const int MaxRequestHeadBytes = 8192;

    private static readonly TimeSpan s_requestDeadline = TimeSpan.FromSeconds(10);

    private readonly Socket _socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _acceptLoop;
    private IPEndPoint? _bound;

    public IPEndPoint BoundEndPoint => _bound ?? endPoint;

    /// <summary>Binds and starts serving; throws <see cref="InvalidOperationException"/> naming the address
    /// when it cannot bind.</summary>
    public void Start()
    {
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(endPoint);
            _socket.Listen(64);
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"cannot listen for metrics on {endPoint}: {e.Message}", e);
        }

        _bound = (IPEndPoint)_socket.LocalEndPoint!;
        HostingLog.Listening(logger, "metrics", BoundEndPoint);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Close();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
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
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                HostingLog.AcceptFailed(logger, "metrics", BoundEndPoint, e.Message);
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                continue;
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
            var head = await ReadRequestHeadAsync(stream, deadline.Token).ConfigureAwait(false);
            var requestLine = head?.Split("\r\n", 2)[0].Split(' ');
            var (status, body) = requestLine switch
            {
                null => ("400 Bad Request", "bad request\n"),
                [var method, ..] when method != "GET" && method != "HEAD" => ("405 Method Not Allowed",
                    "only GET\n"),
                [_, var target, ..] when IsMetricsPath(target) => ("200 OK", exporter.Render()),
                _ => ("404 Not Found", "try /metrics\n"),
            };
            var bodyBytes = Encoding.UTF8.GetBytes(body);
            var header = $"HTTP/1.1 {status}\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + $"Content-Length: {bodyBytes.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header), deadline.Token).ConfigureAwait(false);
            if (requestLine is not ["HEAD", ..])
            {
                await stream.WriteAsync(bodyBytes, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // The scraper went away or was too slow; there is nobody left to answer.
        }
    }

    private static bool IsMetricsPath(string target) =>
        target == "/metrics" || target.StartsWith("/metrics?", StringComparison.Ordinal);

    /// <summary>Reads up to the blank line ending the request head; null if it is longer than the limit or the
    /// client closes first.</summary>
    private static async Task<string?> ReadRequestHeadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxRequestHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }

            length += n;
            var text = Encoding.Latin1.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal) || text.Contains("\n\n", StringComparison.Ordinal))
            {
                return text.Replace("\r\n", "\n").Replace("\n", "\r\n");
            }
        }

        return null;
    }
}
