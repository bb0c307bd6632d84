namespace Paloma.Sendmail;

/// <summary>Reads from one stream and writes to another, so that stdin and stdout can stand in for a socket
/// (sendmail -bs).</summary>
internal sealed class DuplexStream(Stream input, Stream output) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException("standard input and output cannot seek");

    public override long Position
    {
        get => throw new NotSupportedException("standard input and output cannot seek");
        set => throw new NotSupportedException("standard input and output cannot seek");
    }

    public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
        input.ReadAsync(buffer, ct);

    public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) =>
        output.WriteAsync(buffer, ct);

    public override void Flush() => output.Flush();

    public override Task FlushAsync(CancellationToken ct) => output.FlushAsync(ct);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("standard input and output cannot seek");

    public override void SetLength(long value) => throw new NotSupportedException("standard input and output cannot seek");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.Dispose();
            output.Dispose();
        }

        base.Dispose(disposing);
    }
}
