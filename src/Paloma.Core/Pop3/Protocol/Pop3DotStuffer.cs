using System.Buffers;

namespace Paloma.Pop3.Protocol;

/// <summary>
/// Turns stored message octets into the body of a RETR or TOP response, fed in chunks of any size:
/// <list type="bullet">
/// <item>RFC 1939 §3: a line that begins with "." gets one more "." (byte-stuffing; case C25). The store holds
/// messages unstuffed, so this is the only place a dot is added and it is added exactly once.</item>
/// <item>Lines end with CRLF: a bare LF becomes CRLF; a bare CR inside a line is passed through unchanged.</item>
/// <item>A final line without a terminator gets one, then the ".CRLF" end marker follows.</item>
/// <item>For TOP, output stops after the header, the blank line and <c>bodyLines</c> lines of body
/// (RFC 1939 §7).</item>
/// </list>
/// </summary>
public sealed class Pop3DotStuffer(int? bodyLines = null)
{
    private bool _atLineStart = true;
    private bool _afterCr;
    private bool _lineHasContent;
    private bool _inBody;
    private int _bodyLinesSent;

    /// <summary>True once TOP's line count is reached; further input is ignored.</summary>
    public bool IsComplete { get; private set; }

    public void Encode(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        if (IsComplete || input.IsEmpty)
        {
            return;
        }

        // Worst case doubles the input: every octet an LF that needs a CR, or a line-leading dot.
        var destination = output.GetSpan(input.Length * 2);
        var written = 0;
        var position = 0;
        while (position < input.Length && !IsComplete)
        {
            var b = input[position];
            if (_atLineStart && b == (byte)'.')
            {
                destination[written++] = (byte)'.';
            }

            if (b == (byte)'\n')
            {
                if (!_afterCr)
                {
                    destination[written++] = (byte)'\r';
                }

                destination[written++] = (byte)'\n';
                position++;
                EndLine();
                continue;
            }

            if (b == (byte)'\r')
            {
                destination[written++] = (byte)'\r';
                position++;
                _afterCr = true;
                _atLineStart = false;
                continue;
            }

            // Copy the run of ordinary octets up to the next CR or LF in one go.
            var rest = input[position..];
            var run = rest.IndexOfAny((byte)'\r', (byte)'\n');
            if (run < 0)
            {
                run = rest.Length;
            }

            rest[..run].CopyTo(destination[written..]);
            written += run;
            position += run;
            _atLineStart = false;
            _afterCr = false;
            _lineHasContent = true;
        }

        output.Advance(written);
    }

    /// <summary>Terminates an unfinished last line and writes the ".CRLF" end of the multi-line response.</summary>
    public void Finish(IBufferWriter<byte> output)
    {
        var destination = output.GetSpan(5);
        var written = 0;
        if (!_atLineStart)
        {
            if (!_afterCr)
            {
                destination[written++] = (byte)'\r';
            }

            destination[written++] = (byte)'\n';
        }

        destination[written++] = (byte)'.';
        destination[written++] = (byte)'\r';
        destination[written++] = (byte)'\n';
        output.Advance(written);
        IsComplete = true;
    }

    private void EndLine()
    {
        if (!_inBody)
        {
            // RFC 5322 §2.1: the first empty line ends the header section.
            if (!_lineHasContent)
            {
                _inBody = true;
                IsComplete = bodyLines == 0;
            }
        }
        else if (bodyLines is { } limit && ++_bodyLinesSent >= limit)
        {
            IsComplete = true;
        }

        _atLineStart = true;
        _afterCr = false;
        _lineHasContent = false;
    }
}
