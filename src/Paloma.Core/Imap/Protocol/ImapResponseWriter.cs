using System.Globalization;
using System.Text;

namespace Paloma.Imap.Protocol;

/// <summary>
/// Builds responses (RFC 3501 §7) in memory and hands them to a stream in one write. Strings go out quoted when
/// every octet is printable US-ASCII, otherwise as a literal, so no client-supplied text can break the framing.
/// </summary>
public sealed class ImapResponseWriter
{
    /// <summary>Longer strings go as literals; clients handle those better than very long quoted strings.</summary>
    private const int MaxQuotedLength = 1024;

    // A plain array rather than a MemoryStream: responses are written a few bytes at a time (a FETCH 1:* of a big
    // mailbox is tens of thousands of small pieces), and per-byte stream calls were a measurable share of it.
    private byte[] _buffer = [];
    private int _length;

    public long BufferedLength => _length;

    /// <summary>How much a long response (FETCH of many messages) buffers before it is written out: large enough
    /// to make few system calls, small enough that a 100,000-message FETCH is never held whole.</summary>
    public const int FlushThreshold = 256 * 1024;

    /// <summary>True once the buffer holds more than <see cref="FlushThreshold"/>: time to flush.</summary>
    public bool IsLarge => _length > FlushThreshold;

    public ImapResponseWriter Raw(string ascii)
    {
        var target = Reserve(ascii.Length);
        if (Ascii.FromUtf16(ascii, target, out _) != System.Buffers.OperationStatus.Done)
        {
            for (var i = 0; i < ascii.Length; i++)
            {
                var c = ascii[i];
                target[i] = c < 0x80 ? (byte)c : (byte)'?';
            }
        }

        _length += ascii.Length;
        return this;
    }

    public ImapResponseWriter Bytes(ReadOnlySpan<byte> octets)
    {
        octets.CopyTo(Reserve(octets.Length));
        _length += octets.Length;
        return this;
    }

    public ImapResponseWriter Number(long value)
    {
        // 20 octets hold any long, sign included.
        value.TryFormat(Reserve(20), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    public ImapResponseWriter Line() => Bytes("\r\n"u8);

    /// <summary>A string: quoted if safe, else a literal of its UTF-8 octets.</summary>
    public ImapResponseWriter String(string value)
    {
        if (IsQuotable(value))
        {
            return Raw(Quote(value));
        }

        return Literal(Encoding.UTF8.GetBytes(value));
    }

    public ImapResponseWriter NString(string? value) => value is null ? Raw("NIL") : String(value);

    /// <summary>A literal; an empty one goes as "" (RFC 3501 §6.4.5 example "BODY[]&lt;300&gt; \"\"").</summary>
    public ImapResponseWriter Literal(ReadOnlySpan<byte> octets)
    {
        if (octets.IsEmpty)
        {
            return Raw("\"\"");
        }

        return Raw("{").Number(octets.Length).Raw("}\r\n").Bytes(octets);
    }

    /// <summary>literal8 (RFC 3516 §4.3): "~{n}" and octets that may include NUL.</summary>
    public ImapResponseWriter Literal8(ReadOnlySpan<byte> octets)
    {
        return Raw("~{").Number(octets.Length).Raw("}\r\n").Bytes(octets);
    }

    public ImapResponseWriter Untagged(string text) => Raw("* ").Raw(text).Line();

    /// <summary>"tag OK [CODE] text": the completion result of a command (RFC 3501 §7.1).</summary>
    public ImapResponseWriter Tagged(string tag, string status, string? code, string text)
    {
        Raw(tag).Raw(" ").Raw(status).Raw(" ");
        if (code is not null)
        {
            Raw("[").Raw(code).Raw("] ");
        }

        return Raw(Sanitize(text)).Line();
    }

    public ImapResponseWriter Continuation(string text) => Raw("+ ").Raw(Sanitize(text)).Line();

    public async Task FlushToAsync(Stream stream, CancellationToken ct)
    {
        if (_length == 0)
        {
            return;
        }

        await stream.WriteAsync(_buffer.AsMemory(0, _length), ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
        _length = 0;
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void Clear() => _length = 0;

    /// <summary>Room for <paramref name="count"/> more octets after what is buffered.</summary>
    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            var grown = new byte[Math.Max(Math.Max(256, _buffer.Length * 2), _length + count)];
            _buffer.AsSpan(0, _length).CopyTo(grown);
            _buffer = grown;
        }

        return _buffer.AsSpan(_length, count);
    }

    public static bool IsQuotable(string value) =>
        value.Length <= MaxQuotedLength && value.All(c => c is >= ' ' and <= '~');

    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
        + "\"";

    /// <summary>An astring as text: a bare atom when it is one, else quoted.</summary>
    public static string AStringText(string value) =>
        value.Length > 0 && value.All(c => c < 0x80 && ImapChars.IsAStringChar((byte)c)) ? value : Quote(value);

    /// <summary>Response text (resp-text) is TEXT-CHARs only; anything else would break the line.</summary>
    private static string Sanitize(string text) =>
        new(text.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}
