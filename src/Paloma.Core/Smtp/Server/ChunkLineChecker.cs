using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>
/// The line rules for 7BIT and 8BITMIME content that arrives by BDAT. RFC 3030 §2 removes dot-stuffing and
/// the end-of-data line, not the content rules: only BINARYMIME content (§3) may have bare CR or LF, NUL or long
/// lines. So a BDAT message is checked as DATA content is (RFC 5321 §2.3.8, §4.5.3.1.6, RFC 2045 §2.7), across
/// chunk boundaries, and refused the same way after its LAST chunk.
/// </summary>
internal sealed class ChunkLineChecker
{
    private int _lineLength;
    private bool _afterCr;
    private bool _any;

    public bool SawBareLineEnd { get; private set; }

    public bool SawNul { get; private set; }

    public bool LineTooLong { get; private set; }

    /// <summary>The content so far is empty or ends with CR LF.</summary>
    public bool EndsWithLineEnd => !_any || (_lineLength == 0 && !_afterCr);

    /// <summary>At the LAST chunk: a CR that no LF followed is a bare CR.</summary>
    public void Finish()
    {
        SawBareLineEnd |= _afterCr;
        _afterCr = false;
    }

    public void Check(ReadOnlySpan<byte> data)
    {
        _any |= data.Length > 0;
        foreach (var b in data)
        {
            if (_afterCr)
            {
                _afterCr = false;
                if (b == (byte)'\n')
                {
                    _lineLength = 0;
                    continue;
                }

                SawBareLineEnd = true;
            }

            switch (b)
            {
                case (byte)'\r':
                    _afterCr = true;
                    break;
                case (byte)'\n':
                    SawBareLineEnd = true;
                    _lineLength = 0;
                    break;
                default:
                    SawNul |= b == 0;
                    _lineLength++;
                    LineTooLong |= _lineLength > DataDecoder.MaxLineOctets;
                    break;
            }
        }
    }
}
