using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Paloma.Bench.ImapScale;

/// <summary>A minimal IMAP client that times one command at a time, reading (and counting, not keeping) the
/// response up to its tagged line, literals included.</summary>
internal sealed class ImapProbe : IDisposable
{
    private readonly TcpClient _client;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private int _tag;

    private ImapProbe(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<ImapProbe> ConnectAsync(IPEndPoint endPoint)
    {
        var client = new TcpClient();
        await client.ConnectAsync(endPoint);
        var probe = new ImapProbe(client);
        await probe.ReadLineAsync();
        return probe;
    }

    /// <summary>Sends the command; returns the wall time to its tagged reply, the octets received and the reply.
    /// </summary>
    public async Task<(TimeSpan Elapsed, long Octets, string Tagged)> RunAsync(string command)
    {
        var tag = "b" + ++_tag;
        var watch = Stopwatch.StartNew();
        await _stream.WriteAsync(Encoding.UTF8.GetBytes($"{tag} {command}\r\n"));
        long octets = 0;
        while (true)
        {
            var line = await ReadLineAsync();
            octets += line.Length + 2;
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return (watch.Elapsed, octets, line);
            }

            if (line.EndsWith('}') && line.LastIndexOf('{') is var open and >= 0
                && long.TryParse(line.AsSpan(open + 1, line.Length - open - 2), out var literal))
            {
                await SkipAsync(literal);
                octets += literal;
            }
        }
    }

    private async Task<string> ReadLineAsync()
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync())
            {
                throw new IOException("the server closed the connection");
            }

            var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = lf < 0 ? _end : lf;
            line.Append(Encoding.Latin1.GetString(_buffer, _start, stop - _start));
            _start = lf < 0 ? _end : lf + 1;
            if (lf >= 0)
            {
                return line.ToString().TrimEnd('\r');
            }
        }
    }

    private async Task SkipAsync(long count)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync())
            {
                throw new IOException("the server closed the connection inside a literal");
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private async Task<bool> FillAsync()
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer);
        return _end > 0;
    }

    public void Dispose() => _client.Dispose();
}
