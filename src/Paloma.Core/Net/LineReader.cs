using System.Buffers;
using System.IO.Pipelines;

namespace Paloma.Net;

/// <summary>The outcome of reading one line: a line, an over-long line (already skipped), or end of input.</summary>
public enum LineStatus
{
    Line,
    TooLong,
    EndOfStream,
}

/// <summary>One line without its terminator.</summary>
/// <param name="Text">The octets of the line; empty unless <see cref="Status"/> is Line.</param>
/// <param name="BareLf">True when the line ended with LF alone, not CR LF.</param>
public readonly record struct LineResult(LineStatus Status, byte[] Text, bool BareLf);

/// <summary>
/// Reads CRLF-terminated protocol lines from a pipe with a hard limit on their length. An over-long line is
/// consumed up to and including its LF and reported as <see cref="LineStatus.TooLong"/> without ever being
/// buffered whole, so a client cannot make the server hold more than <c>maxLength</c> octets of one line.
/// </summary>
public sealed class LineReader(PipeReader reader)
{
    public PipeReader Reader { get; } = reader;

    public async ValueTask<LineResult> ReadLineAsync(int maxLength, CancellationToken ct)
    {
        var skipping = false;
        while (true)
        {
            var result = await Reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var lf = buffer.PositionOf((byte)'\n');
            if (lf is { } position)
            {
                var line = buffer.Slice(0, position);
                var tooLong = skipping || line.Length > maxLength + 1;
                // Copy before AdvanceTo: the pipe may recycle the examined memory as soon as it is advanced past.
                var bytes = tooLong ? [] : line.ToArray();
                Reader.AdvanceTo(buffer.GetPosition(1, position));
                if (tooLong)
                {
                    return new LineResult(LineStatus.TooLong, [], false);
                }

                var bareLf = bytes.Length == 0 || bytes[^1] != (byte)'\r';
                if (!bareLf)
                {
                    bytes = bytes[..^1];
                }

                if (bytes.Length > maxLength)
                {
                    return new LineResult(LineStatus.TooLong, [], false);
                }

                return new LineResult(LineStatus.Line, bytes, bareLf);
            }

            if (buffer.Length > maxLength + 1)
            {
                // No LF within the limit: drop what we have and keep discarding until the line ends.
                skipping = true;
                Reader.AdvanceTo(buffer.End);
            }
            else
            {
                Reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                return new LineResult(LineStatus.EndOfStream, [], false);
            }
        }
    }
}
