using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Paloma.Queue.Delivery;

/// <summary>
/// One outbound SMTP connection: greeting, EHLO, STARTTLS, AUTH PLAIN, then any number of transactions
/// (<see cref="SmtpClientSession.SendAsync"/>, in SmtpClientSession.Transaction.cs). Our own client rather than
/// MailKit's because the queue sends the stored octets unchanged and needs the raw per-recipient replies and
/// per-recipient ORCPT; see docs/queue.md.
/// </summary>
public sealed partial class SmtpClientSession : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly TimeSpan _commandTimeout;
    private readonly byte[] _buffer = new byte[8192];
    private Stream _stream;
    private int _start;
    private int _end;

    private SmtpClientSession(TcpClient tcp, Stream stream, string host, TimeSpan commandTimeout)
    {
        _tcp = tcp;
        _stream = stream;
        Host = host;
        _commandTimeout = commandTimeout;
    }

    /// <summary>The host name we connected to, as reported in Remote-MTA (RFC 3464 §2.3.5).</summary>
    public string Host { get; }

    /// <summary>EHLO keywords in upper case, with their parameters.</summary>
    public Dictionary<string, string> Extensions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsTls { get; private set; }

    public bool Supports(string keyword) => Extensions.ContainsKey(keyword);

    /// <summary>Connects, reads the greeting and says EHLO. A failure becomes an
    /// <see cref="SmtpSessionException"/>: transient for anything but a 5yz greeting.</summary>
    public static async Task<SmtpClientSession> ConnectAsync(IPEndPoint endPoint, string host, bool implicitTls,
        bool verifyCertificate, string heloName, TimeSpan connectTimeout, TimeSpan commandTimeout,
        CancellationToken ct)
    {
        var tcp = new TcpClient(endPoint.AddressFamily);
        try
        {
            using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                cts.CancelAfter(connectTimeout);
                await tcp.ConnectAsync(endPoint, cts.Token).ConfigureAwait(false);
            }

            var session = new SmtpClientSession(tcp, tcp.GetStream(), host, commandTimeout);
            if (implicitTls)
            {
                // RFC 8314 §3.3: on the submissions port TLS starts before the greeting.
                await session.NegotiateTlsAsync(verifyCertificate, ct).ConfigureAwait(false);
            }

            var greeting = await session.ReadReplyAsync(ct).ConfigureAwait(false);
            if (greeting.Code != 220)
            {
                throw new SmtpSessionException(greeting);
            }

            await session.EhloAsync(heloName, ct).ConfigureAwait(false);
            return session;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException
                                      or System.Security.Authentication.AuthenticationException
                                  && !ct.IsCancellationRequested)
        {
            tcp.Dispose();
            throw new SmtpSessionException(
                SmtpReply.Transient("4.4.1", $"cannot talk to {host} [{endPoint}]: {e.Message}"), e);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>STARTTLS (RFC 3207) then EHLO again, since the extensions may differ after TLS (§4.2).</summary>
    public async Task StartTlsAsync(bool verifyCertificate, string heloName, CancellationToken ct)
    {
        var reply = await CommandAsync("STARTTLS", ct).ConfigureAwait(false);
        if (reply.Code != 220)
        {
            throw new SmtpSessionException(reply);
        }

        try
        {
            await NegotiateTlsAsync(verifyCertificate, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            throw new SmtpSessionException(SmtpReply.Transient("4.7.0", $"TLS with {Host} failed: {e.Message}"), e);
        }

        await EhloAsync(heloName, ct).ConfigureAwait(false);
    }

    /// <summary>AUTH PLAIN (RFC 4616) with the initial response (RFC 4954 §4).</summary>
    public async Task AuthenticateAsync(NetworkCredential credential, CancellationToken ct)
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{credential.UserName}\0{credential.Password}"));
        var reply = await CommandAsync("AUTH PLAIN " + token, ct).ConfigureAwait(false);
        if (reply.Code != 235)
        {
            // A refused login at the smart host is our configuration's fault and may be fixed: keep the mail.
            throw new SmtpSessionException(new SmtpReply(reply.IsTransient ? reply.Code : 454,
                $"4.7.0 AUTH refused by {Host}: {reply}"));
        }
    }

    public async Task QuitAsync(CancellationToken ct)
    {
        try
        {
            await CommandAsync("QUIT", ct).ConfigureAwait(false);
        }
        catch (SmtpSessionException)
        {
            // The peer hung up first; the transactions are already complete.
        }
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task EhloAsync(string heloName, CancellationToken ct)
    {
        var reply = await CommandAsync("EHLO " + heloName, ct).ConfigureAwait(false);
        Extensions.Clear();
        if (reply.Code == 250)
        {
            foreach (var line in reply.Text.Split('\n').Skip(1))
            {
                var space = line.IndexOf(' ');
                Extensions[space < 0 ? line.Trim() : line[..space]] = space < 0 ? "" : line[(space + 1)..].Trim();
            }

            return;
        }

        // RFC 5321 §3.2: a server that does not know EHLO gets HELO.
        reply = await CommandAsync("HELO " + heloName, ct).ConfigureAwait(false);
        if (reply.Code != 250)
        {
            throw new SmtpSessionException(reply);
        }
    }

    private async Task NegotiateTlsAsync(bool verifyCertificate, CancellationToken ct)
    {
        // RFC 7435: opportunistic TLS accepts any certificate, since the alternative is plain text.
        var ssl = new SslStream(_stream, false, verifyCertificate ? null : (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = Host }, ct)
            .ConfigureAwait(false);
        _stream = ssl;
        _start = _end = 0;
        IsTls = true;
    }

    internal async Task<SmtpReply> CommandAsync(string command, CancellationToken ct)
    {
        await WriteAsync(command + "\r\n", ct).ConfigureAwait(false);
        return await ReadReplyAsync(ct).ConfigureAwait(false);
    }

    internal async Task WriteAsync(string text, CancellationToken ct)
    {
        try
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);
            await _stream.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw Lost(e);
        }
    }

    internal async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        try
        {
            await _stream.WriteAsync(data, ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw Lost(e);
        }
    }

    /// <summary>Reads a reply, multi-line ones joined with '\n' (RFC 5321 §4.2.1).</summary>
    internal async Task<SmtpReply> ReadReplyAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_commandTimeout);
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                var line = await ReadLineAsync(cts.Token).ConfigureAwait(false);
                if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None,
                        CultureInfo.InvariantCulture, out var code))
                {
                    throw new SmtpSessionException(SmtpReply.Transient("4.5.0", $"{Host} sent a malformed reply"));
                }

                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(line.Length > 4 ? line[4..] : "");
                if (line.Length == 3 || line[3] != '-')
                {
                    return new SmtpReply(code, text.ToString());
                }
            }
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new SmtpSessionException(SmtpReply.Transient("4.4.2", $"timeout waiting for {Host}"), e);
        }
        catch (IOException e)
        {
            throw Lost(e);
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, ct).ConfigureAwait(false);
                if (_end == 0)
                {
                    throw Lost(null);
                }
            }

            var b = _buffer[_start++];
            if (b == '\n')
            {
                return Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
            }

            if (line.Count > 4096)
            {
                throw new SmtpSessionException(SmtpReply.Transient("4.5.0", $"{Host} sent an over-long reply"));
            }

            line.Add(b);
        }
    }

    private SmtpSessionException Lost(Exception? e) =>
        new(SmtpReply.Transient("4.4.2", $"connection to {Host} lost"), e);
}
