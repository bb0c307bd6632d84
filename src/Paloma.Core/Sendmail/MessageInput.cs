namespace Paloma.Sendmail;

/// <summary>
/// Reads a message from a local program (stdin) line by line in a fixed buffer. Local programs end lines with
/// LF; a CR before the LF is dropped, and the caller writes CRLF, so the spooled message has RFC 5322 line
/// ends whichever the program used. A line longer than the buffer comes out in pieces, each with
/// <see cref="Line.EndsLine"/> false but the last, so memory stays bounded whatever the input.
/// </summary>
internal sealed class MessageInput(Stream input)
{
    private const int BufferOctets = 64 * 1024;

    private readonly byte[] _buffer = new byte[BufferOctets];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The next line (valid until the next call), or null at the end of input.</summary>
    public async ValueTask<Line?> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (lf >= 0)
            {
                var length = lf - _start;
                if (length > 0 && _buffer[lf - 1] == '\r')
                {
                    length--;
                }

                var line = new Line(_buffer.AsMemory(_start, length), true);
                _start = lf + 1;
                return line;
            }

            if (_eof)
            {
                if (_start == _end)
                {
                    return null;
                }

                // A last line without LF is still a line.
                var rest = new Line(_buffer.AsMemory(_start, _end - _start), true);
                _start = _end;
                return rest;
            }

            if (_start == 0 && _end == _buffer.Length)
            {
                // Keep a trailing CR back: it may be the first half of a CRLF.
                var piece = _buffer[_end - 1] == '\r' ? _end - 1 : _end;
                var part = new Line(_buffer.AsMemory(0, piece), false);
                _start = piece;
                return part;
            }

            Compact();
            var read = await input.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            _eof = read == 0;
            _end += read;
        }
    }

    private void Compact()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
    }

    /// <summary>One line's octets without its line end; <see cref="EndsLine"/> is false for a piece of a
    /// longer line.</summary>
    public readonly record struct Line(ReadOnlyMemory<byte> Octets, bool EndsLine);
}
