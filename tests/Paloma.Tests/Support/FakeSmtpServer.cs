using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Paloma.Tests.Support;

/// <summary>A message as the fake server received it.</summary>
public sealed record ReceivedMessage(string MailFrom, IReadOnlyList<string> RcptTo, byte[] Data, bool Tls,
    string? AuthUser)
{
    public string Text => Encoding.UTF8.GetString(Data);
}

/// <summary>
/// A scripted remote SMTP server for the outbound queue's tests, on a loopback address with an OS-chosen (or
/// given) port. <see cref="Script"/> may answer any command line ("DATA-END" stands for the final dot)
/// with a reply of its own, or "DROP" to close the connection; anything else gets a normal positive reply.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeSmtpServer(IPAddress? address = null, int port = 0)
    {
        _listener = new TcpListener(address ?? IPAddress.Loopback, port);
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>EHLO keywords; STARTTLS and AUTH are added when a certificate or credentials are set.</summary>
    public List<string> Extensions { get; } = ["PIPELINING", "8BITMIME", "SMTPUTF8", "DSN", "SIZE 10000000"];

    public X509Certificate2? Certificate { get; set; }

    /// <summary>TLS from the first byte with <see cref="Certificate"/>, as on port 465 (RFC 8314 §3.3), instead
    /// of offering STARTTLS.</summary>
    public bool ImplicitTls { get; set; }

    /// <summary>Counts concurrent connections and can hold them; assign one gauge to several servers to count
    /// over all of them.</summary>
    public ConnectionGauge Gauge { get; set; } = new();

    public (string User, string Password)? Credentials { get; set; }

    public string Greeting { get; set; } = "220 fake.example ESMTP";

    public Func<string, string?> Script { get; set; } = _ => null;

    public ConcurrentQueue<ReceivedMessage> Messages { get; } = new();

    /// <summary>Every command line received, in order, over all connections.</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    public int Connections;

    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=fake.example", key, HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref Connections);
            var gauge = Gauge;
            var held = gauge.Enter();
            _ = Task.Run(async () =>
            {
                var session = new SessionState(gauge);
                using (client)
                {
                    try
                    {
                        await held.WaitAsync(_stop.Token);
                        await SessionAsync(client.GetStream(), session);
                    }
                    catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException
                                                  or System.Security.Authentication.AuthenticationException)
                    {
                    }
                    finally
                    {
                        session.Finish();
                    }
                }
            });
        }
    }

    private async Task SessionAsync(Stream stream, SessionState session)
    {
        var tls = false;
        if (ImplicitTls)
        {
            var implicitSsl = new SslStream(stream);
            await implicitSsl.AuthenticateAsServerAsync(Certificate!);
            stream = implicitSsl;
            tls = true;
        }

        var reader = new Reader(stream);
        string? user = null;
        string? mailFrom = null;
        var rcpts = new List<string>();
        if (!await SendAsync(reader, Script("CONNECT") ?? Greeting))
        {
            return;
        }

        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            Commands.Enqueue(line);
            var verb = line.Split(' ')[0].ToUpperInvariant();
            var scripted = Script(line);
            if (scripted is not null && verb is not ("DATA" or "QUIT" or "STARTTLS"))
            {
                if (!await SendAsync(reader, scripted))
                {
                    return;
                }

                continue;
            }

            switch (verb)
            {
                case "EHLO":
                    var ext = new List<string>(Extensions);
                    if (Certificate is not null && !tls)
                    {
                        ext.Add("STARTTLS");
                    }

                    if (Credentials is not null)
                    {
                        ext.Add("AUTH PLAIN");
                    }

                    var lines = new[] { "fake.example" }.Concat(ext).ToList();
                    await SendAsync(reader, string.Join("\r\n", lines.Select((l, i) =>
                        (i == lines.Count - 1 ? "250 " : "250-") + l)));
                    break;
                case "STARTTLS":
                    await SendAsync(reader, "220 2.0.0 go ahead");
                    var ssl = new SslStream(reader.Stream);
                    await ssl.AuthenticateAsServerAsync(Certificate!);
                    reader = new Reader(ssl);
                    tls = true;
                    break;
                case "AUTH":
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(line.Split(' ')[2])).Split('\0');
                    var ok = Credentials is { } c && decoded[1] == c.User && decoded[2] == c.Password;
                    user = ok ? decoded[1] : null;
                    await SendAsync(reader, ok ? "235 2.7.0 ok" : "535 5.7.8 bad credentials");
                    break;
                case "MAIL":
                    mailFrom = line;
                    rcpts.Clear();
                    await SendAsync(reader, "250 2.1.0 ok");
                    break;
                case "RCPT":
                    rcpts.Add(line);
                    await SendAsync(reader, "250 2.1.5 ok");
                    break;
                case "DATA":
                    await SendAsync(reader, scripted ?? "354 go ahead");
                    if (scripted is not null)
                    {
                        break;
                    }

                    var data = await reader.ReadDataAsync(_stop.Token);
                    var end = Script("DATA-END");
                    if (end == "DROP")
                    {
                        return;
                    }

                    if (end is null || end.StartsWith('2'))
                    {
                        Messages.Enqueue(new ReceivedMessage(mailFrom!, [.. rcpts], data, tls, user));
                    }

                    await SendAsync(reader, end ?? "250 2.0.0 queued as FAKE");
                    break;
                case "QUIT":
                    // Finished before the 221, so that the client, which may open its next connection only after
                    // reading it, never finds this one still counted.
                    session.Finish();
                    await SendAsync(reader, "221 2.0.0 bye");
                    return;
                default:
                    await SendAsync(reader, "250 2.0.0 ok");
                    break;
            }
        }
    }

    private static async Task<bool> SendAsync(Reader reader, string reply)
    {
        if (reply == "DROP")
        {
            reader.Stream.Close();
            return false;
        }

        await reader.Stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"));
        return true;
    }

    /// <summary>Leaves the gauge exactly once, at QUIT or when the connection ends, whichever comes first.</summary>
    private sealed class SessionState(ConnectionGauge gauge)
    {
        private int _finished;

        public void Finish()
        {
            if (Interlocked.Exchange(ref _finished, 1) == 0)
            {
                gauge.Exit();
            }
        }
    }

    private sealed class Reader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public Stream Stream { get; } = stream;

        public async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            var bytes = await ReadLineBytesAsync(ct);
            return bytes is null ? null : Encoding.UTF8.GetString(bytes).TrimEnd('\r', '\n');
        }

        /// <summary>Reads until the line ".", undoing dot-stuffing.</summary>
        public async Task<byte[]> ReadDataAsync(CancellationToken ct)
        {
            var data = new MemoryStream();
            while (await ReadLineBytesAsync(ct) is { } line)
            {
                if (line is [(byte)'.', (byte)'\r', (byte)'\n'])
                {
                    break;
                }

                var skip = line.Length > 0 && line[0] == '.' ? 1 : 0;
                data.Write(line, skip, line.Length - skip);
            }

            return data.ToArray();
        }

        private async Task<byte[]?> ReadLineBytesAsync(CancellationToken ct)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await Stream.ReadAsync(_buffer, ct);
                    if (_end == 0)
                    {
                        return null;
                    }
                }

                var b = _buffer[_start++];
                line.Add(b);
                if (b == '\n')
                {
                    return [.. line];
                }
            }
        }
    }
}
