using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Paloma.Control;

/// <summary>The client side of the control socket, used by <c>paloma status|reload|stop|start</c>.</summary>
public static class ControlClient
{
    /// <summary>Sends one command; null when nothing listens on <paramref name="path"/> (no server running).
    /// </summary>
    public static async Task<ControlReply?> SendAsync(string path, string command, TimeSpan timeout)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var cts = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // The file is left over from a server that did not exit cleanly.
            return null;
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var request = JsonSerializer.Serialize(new ControlRequest(command), ControlProtocol.Json) + "\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), cts.Token).ConfigureAwait(false);
        var line = await ReadLineAsync(stream, cts.Token).ConfigureAwait(false)
            ?? throw new IOException($"the server closed the control socket {path} without answering");
        return JsonSerializer.Deserialize<ControlReply>(line, ControlProtocol.Json)
            ?? throw new IOException($"empty answer on the control socket {path}");
    }

    /// <summary>True if a server accepts connections on the socket file.</summary>
    public static bool IsAnswering(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Reads one LF-terminated UTF-8 line of at most <see cref="ControlProtocol.MaxLineBytes"/>; null
    /// if the peer closes first.</summary>
    internal static async Task<string?> ReadLineAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (buffer.Length < ControlProtocol.MaxLineBytes)
        {
            var n = await stream.ReadAsync(chunk, ct).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }

            var lf = Array.IndexOf(chunk, (byte)'\n', 0, n);
            buffer.Write(chunk, 0, lf >= 0 ? lf : n);
            if (lf >= 0)
            {
                return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        }

        throw new IOException("control message too long");
    }
}
