using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Paloma.Hosting;

/// <summary>
/// One accepted client connection, handed to a protocol handler. The handler owns it until it returns;
/// the listener then closes the socket.
/// </summary>
public sealed class Connection : IDisposable
{
    private readonly CancellationTokenSource _inactivity = new();
    private readonly CancellationTokenSource _aborted;

    public Connection(string sessionId, Stream stream, IPEndPoint remote, IPEndPoint local,
        CancellationToken serverStopping)
    {
        SessionId = sessionId;
        Stream = stream;
        RemoteEndPoint = remote;
        LocalEndPoint = local;
        ServerStopping = serverStopping;
        _aborted = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, _inactivity.Token);
        Reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
    }

    /// <summary>A short id that appears in every log line and error reply of this session.</summary>
    public string SessionId { get; }

    /// <summary>The transport; replaced when STARTTLS wraps it.</summary>
    public Stream Stream { get; private set; }

    public PipeReader Reader { get; private set; }

    /// <summary>The TLS client certificate, set only once it has been validated against [tls] client_ca and
    /// mapped to an account; SASL EXTERNAL is offered on this connection only then.</summary>
    public X509Certificate2? ClientCertificate { get; private set; }

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Cancelled when the server shuts down; a handler should then say goodbye and return.</summary>
    public CancellationToken ServerStopping { get; }

    /// <summary>Cancelled when the server stops or the inactivity timer set by <see cref="SetTimeout"/> ends.</summary>
    public CancellationToken Aborted => _aborted.Token;

    /// <summary>Cancelled only when the inactivity timer ends, not by a stop: for work a graceful stop lets
    /// finish, such as an SMTP message in transfer (bounded by the server's stop grace).</summary>
    public CancellationToken Inactive => _inactivity.Token;

    public bool TimedOut => _inactivity.IsCancellationRequested && !ServerStopping.IsCancellationRequested;

    /// <summary>(Re)starts the inactivity timer: if nothing resets it within <paramref name="timeout"/>,
    /// <see cref="Inactive"/> and <see cref="Aborted"/> are cancelled.</summary>
    public void SetTimeout(TimeSpan timeout)
    {
        if (!_inactivity.IsCancellationRequested)
        {
            _inactivity.CancelAfter(timeout);
        }
    }

    /// <summary>Swaps the transport (for STARTTLS). Octets the client sent before the swap and that are still
    /// buffered are discarded, never executed (RFC 3207 §4.2, the C03/C04 injection cases).</summary>
    public void ReplaceStream(Stream stream, X509Certificate2? clientCertificate = null)
    {
        Reader.Complete();
        Stream = stream;
        ClientCertificate = clientCertificate;
        Reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await Stream.WriteAsync(data, ct).ConfigureAwait(false);
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        await Stream.FlushAsync(ct).ConfigureAwait(false);
    }

    public void Dispose()
    {
        Reader.Complete();
        Stream.Dispose();
        _aborted.Dispose();
        _inactivity.Dispose();
    }
}
