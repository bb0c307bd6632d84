namespace Paloma.Smtp.Protocol;

/// <summary>
/// Decodes the octets that follow a 354 reply: removes dot-stuffing, finds the end of data and notes what makes
/// the message unacceptable, without ever holding more than one octet back. Pure and incremental: octets may
/// arrive split anywhere, down to one at a time, and the outcome is the same.
/// </summary>
/// <remarks>
/// Only CR LF "." CR LF ends the data (RFC 5321 §4.1.1.4); the CR LF before the dot belongs to the message. A
/// bare LF or bare CR is never a line end here (§2.3.8), so "\n.\n" and "\n.\r\n" cannot end the data and
/// smuggle a second message (case C01); they are recorded in <see cref="SawBareLineEnd"/> and the session
/// refuses the whole message after the real end.
/// </remarks>
public sealed class DataDecoder
{
    /// <summary>RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets including its CR LF.</summary>
    public const int MaxLineOctets = 998;

    private State _state = State.LineStart;
    private int _lineLength;

    private enum State
    {
        /// <summary>At the first octet of a line; the data begins here, right after the DATA command's CRLF.</summary>
        LineStart,
        LineStartDot,
        LineStartDotCr,
        InLine,
        InLineCr,
        Complete,
    }

    public bool IsComplete => _state == State.Complete;

    /// <summary>Octets of message content produced so far (after unstuffing).</summary>
    public long OutputLength { get; private set; }

    public bool SawBareLineEnd { get; private set; }

    public bool SawNul { get; private set; }

    public bool LineTooLong { get; private set; }

    /// <summary>
    /// Decodes from <paramref name="input"/> until it is used up or the end of data has been consumed.
    /// <paramref name="output"/> must have room for <c>input.Length + 1</c> octets.
    /// </summary>
    public (int Consumed, int Written) Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = 0;
        var consumed = 0;
        while (consumed < input.Length && _state != State.Complete)
        {
            if (_state == State.InLine)
            {
                // Inside a line only CR, LF and NUL need a look; the octets up to the next of them are copied
                // as one run, which is what the state machine below would do one octet at a time.
                var rest = input[consumed..];
                var run = rest.IndexOfAny((byte)'\r', (byte)'\n', (byte)0);
                run = run < 0 ? rest.Length : run;
                if (run > 0)
                {
                    rest[..run].CopyTo(output[written..]);
                    written += run;
                    consumed += run;
                    OutputLength += run;
                    _lineLength += run;
                    LineTooLong |= _lineLength > MaxLineOctets;
                    continue;
                }
            }

            var b = input[consumed++];
            switch (_state)
            {
                case State.LineStart when b == (byte)'.':
                    _state = State.LineStartDot;
                    break;
                case State.LineStartDot when b == (byte)'\r':
                    _state = State.LineStartDotCr;
                    break;
                case State.LineStartDot:
                    // RFC 5321 §4.5.2: a line that starts with a period and has more characters loses the period.
                    InLine(b, output, ref written);
                    break;
                case State.LineStartDotCr when b == (byte)'\n':
                    _state = State.Complete;
                    break;
                case State.LineStartDotCr:
                    // "." CR then something else: the stuffing dot goes, the CR was a bare CR.
                    Content((byte)'\r', output, ref written);
                    SawBareLineEnd = true;
                    _state = State.InLine;
                    InLine(b, output, ref written);
                    break;
                case State.InLineCr when b == (byte)'\n':
                    output[written++] = (byte)'\r';
                    output[written++] = (byte)'\n';
                    OutputLength += 2;
                    _lineLength = 0;
                    _state = State.LineStart;
                    break;
                case State.InLineCr:
                    Content((byte)'\r', output, ref written);
                    SawBareLineEnd = true;
                    _state = State.InLine;
                    InLine(b, output, ref written);
                    break;
                default:
                    InLine(b, output, ref written);
                    break;
            }
        }

        return (consumed, written);
    }

    private void InLine(byte b, Span<byte> output, ref int written)
    {
        if (b == (byte)'\r')
        {
            // Held back until we know whether an LF follows.
            _state = State.InLineCr;
            return;
        }

        _state = State.InLine;
        if (b == (byte)'\n')
        {
            SawBareLineEnd = true;
        }
        else if (b == 0)
        {
            SawNul = true;
        }

        Content(b, output, ref written);
    }

    private void Content(byte b, Span<byte> output, ref int written)
    {
        output[written++] = b;
        OutputLength++;
        if (++_lineLength > MaxLineOctets)
        {
            LineTooLong = true;
        }
    }
}
