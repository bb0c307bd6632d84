using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Paloma.Tests.Support;

/// <summary>
/// A byte-exact line client for transcript tests: writes exactly what the test gives (no CRLF added) and reads
/// replies line by line, so malformed input (bare LF, NUL, over-long lines) reaches the server unchanged.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[64 * 1024];

    private RawClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public Stream Stream => _stream;

    public static async Task<RawClient> ConnectAsync(IPEndPoint endPoint)
    {
        var client = new TcpClient();
        await client.ConnectAsync(endPoint);
        return new RawClient(client);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one line (without CRLF) as Latin-1; null at end of stream.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var lf = _pending.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = _pending.GetRange(0, lf).ToArray();
                _pending.RemoveRange(0, lf + 1);
                var text = Encoding.Latin1.GetString(line);
                return text.EndsWith('\r') ? text[..^1] : text;
            }

            var n = await _stream.ReadAsync(_buffer, cts.Token);
            if (n == 0)
            {
                return _pending.Count == 0 ? null : Flush();
            }

            _pending.AddRange(_buffer.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>Reads an SMTP reply, joining continuation lines ("250-...") up to the last ("250 ...").</summary>
    public async Task<string> ReadSmtpReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new IOException("connection closed while reading a reply: "
                + string.Join(" | ", lines));
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join("\n", lines);
            }
        }
    }

    /// <summary>Reads lines until one starts with <paramref name="prefix"/>; returns all of them.</summary>
    public async Task<List<string>> ReadUntilAsync(string prefix)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new IOException("connection closed before \"" + prefix
                + "\": " + string.Join(" | ", lines));
            lines.Add(line);
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return lines;
            }
        }
    }

    /// <summary>True if the server closed the connection (reads end of stream) within the timeout.</summary>
    public async Task<bool> IsClosedAsync()
    {
        try
        {
            while (await ReadLineAsync() is not null)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private string Flush()
    {
        var text = Encoding.Latin1.GetString(_pending.ToArray());
        _pending.Clear();
        return text;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
