using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Paloma.Tests.Auth;

/// <summary>
/// A byte-exact line client that can switch to TLS in the middle of a session (STARTTLS, STLS) or start in
/// TLS (465, 995). Like RawClient it sends exactly what the test gives; the server's certificate is accepted
/// whatever it is and kept for the test to inspect.
/// </summary>
internal sealed class TlsLineClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Stream _stream;

    private TlsLineClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The certificate the server presented in the last handshake.</summary>
    public X509Certificate2? ServerCertificate { get; private set; }

    public SslStream? Tls => _stream as SslStream;

    /// <summary>The certificate offered when the server asks for one (SASL EXTERNAL tests); null offers none.
    /// </summary>
    public X509Certificate2? ClientCertificate { get; set; }

    public static async Task<TlsLineClient> ConnectAsync(IPEndPoint endPoint, bool implicitTls = false,
        X509Certificate2? clientCertificate = null)
    {
        var client = new TcpClient();
        await client.ConnectAsync(endPoint);
        var line = new TlsLineClient(client) { ClientCertificate = clientCertificate };
        if (implicitTls)
        {
            await line.StartTlsAsync();
        }

        return line;
    }

    /// <summary>Handshakes over the current stream. Bytes the client had already read stay unread, so a test
    /// sees if the server wrongly sent plaintext after its go-ahead.</summary>
    public async Task StartTlsAsync()
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        using var cts = new CancellationTokenSource(Timeout);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "mx.example.com",
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                ServerCertificate = certificate is null ? null : new X509Certificate2(certificate);
                return true;
            },
        };
        if (ClientCertificate is { } clientCertificate)
        {
            // Offered whatever CA names the server lists, so that the server's own checks are what is tested.
            options.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        await ssl.AuthenticateAsClientAsync(options, cts.Token);
        _stream = ssl;
    }

    /// <summary>True when no octets were left over from before the handshake.</summary>
    public bool NothingPending => _pending.Count == 0;

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Sends a line plus CRLF and reads one line back.</summary>
    public async Task<string?> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadLineAsync();
    }

    /// <summary>Sends a line plus CRLF and reads a whole SMTP reply (continuation lines joined with LF).</summary>
    public async Task<string> SmtpAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadSmtpReplyAsync();
    }

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

            int n;
            try
            {
                n = await _stream.ReadAsync(_buffer, cts.Token);
            }
            catch (IOException)
            {
                n = 0;
            }

            if (n == 0)
            {
                return null;
            }

            _pending.AddRange(_buffer.AsSpan(0, n).ToArray());
        }
    }

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

    /// <summary>Reads POP3 multi-line data up to the terminating ".".</summary>
    public async Task<List<string>> ReadMultiLineAsync()
    {
        var lines = new List<string>();
        while (await ReadLineAsync() is { } line && line != ".")
        {
            lines.Add(line);
        }

        return lines;
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
