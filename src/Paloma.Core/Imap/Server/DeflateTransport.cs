using System.IO.Compression;

namespace Paloma.Imap.Server;

/// <summary>
/// COMPRESS=DEFLATE (RFC 4978 §4): raw DEFLATE (RFC 1951, no zlib header) in both directions over the current
/// transport, which is the TLS stream when TLS is on, so data is compressed before it is encrypted (§3). Each
/// flush ends the compressed block with a sync flush, so every response reaches the client whole at once.
/// </summary>
internal sealed class DeflateTransport : Stream
{
    private readonly Stream _inner;
    private readonly DeflateStream _inflate;
    private readonly DeflateStream _deflate;

    public DeflateTransport(Stream inner)
    {
        _inner = inner;
        _inflate = new DeflateStream(inner, CompressionMode.Decompress, leaveOpen: true);
        _deflate = new DeflateStream(inner, CompressionLevel.Fastest, leaveOpen: true);
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException("a compressed stream cannot seek");

    public override long Position
    {
        get => throw new NotSupportedException("a compressed stream cannot seek");
        set => throw new NotSupportedException("a compressed stream cannot seek");
    }

    public override int Read(byte[] buffer, int offset, int count) => _inflate.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
        _inflate.ReadAsync(buffer, ct);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        _inflate.ReadAsync(buffer, offset, count, ct);

    public override void Write(byte[] buffer, int offset, int count) => _deflate.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) =>
        _deflate.WriteAsync(buffer, ct);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        _deflate.WriteAsync(buffer, offset, count, ct);

    public override void Flush()
    {
        _deflate.Flush();
        _inner.Flush();
    }

    public override async Task FlushAsync(CancellationToken ct)
    {
        // DeflateStream.Flush writes what it holds with Z_SYNC_FLUSH: the peer can inflate it all now.
        await _deflate.FlushAsync(ct).ConfigureAwait(false);
        await _inner.FlushAsync(ct).ConfigureAwait(false);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a compressed stream cannot seek");

    public override void SetLength(long value) => throw new NotSupportedException("a compressed stream cannot seek");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflate.Dispose();
            try
            {
                _deflate.Dispose();
            }
            catch (IOException)
            {
                // The peer is gone; the last compressed block has no one to go to.
            }

            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
