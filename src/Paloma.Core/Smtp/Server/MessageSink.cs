using System.Text;

namespace Paloma.Smtp.Server;

/// <summary>
/// Where the decoded message content goes on its way to the spool file. The header section is held in memory
/// (at most <c>maxHeaderBytes</c>, Sendmail's MaxHeadersLength) so that it can be checked and rewritten
/// (masquerading, X-Authentication-Warning) before anything is written; the body streams through. A header
/// section over the limit stops all writing: the message will be refused, and nothing is stored.
/// </summary>
internal sealed class MessageSink(Stream target, int maxHeaderBytes, Func<string, string>? rewriteHeader)
{
    private static readonly byte[] s_blankLine = "\r\n\r\n"u8.ToArray();

    private readonly MemoryStream _header = new();
    private bool _inBody;

    /// <summary>The header section passed the limit before its end; the message must be refused.</summary>
    public bool HeaderTooLarge { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (HeaderTooLarge || data.Length == 0)
        {
            return;
        }

        if (_inBody)
        {
            await target.WriteAsync(data, ct).ConfigureAwait(false);
            return;
        }

        var searchFrom = (int)Math.Max(0, _header.Length - 3);
        _header.Write(data.Span);
        var buffer = _header.GetBuffer().AsMemory(0, (int)_header.Length);

        // RFC 5322 §2.1: the header section ends at the first empty line; a message may start with it.
        var end = buffer.Span.StartsWith("\r\n"u8) ? 0 : IndexOf(buffer.Span, searchFrom);
        if (end < 0)
        {
            HeaderTooLarge = _header.Length > maxHeaderBytes;
            return;
        }

        if (end > maxHeaderBytes)
        {
            HeaderTooLarge = true;
            return;
        }

        _inBody = true;
        await WriteHeaderAsync(buffer[..end], ct).ConfigureAwait(false);
        await target.WriteAsync(buffer[end..], ct).ConfigureAwait(false);
        _header.SetLength(0);
    }

    /// <summary>At the end of the data: a message that is all header (no empty line) is written now.</summary>
    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        if (!_inBody && !HeaderTooLarge && _header.Length > 0)
        {
            _inBody = true;
            await WriteHeaderAsync(_header.GetBuffer().AsMemory(0, (int)_header.Length), ct).ConfigureAwait(false);
        }
    }

    private async ValueTask WriteHeaderAsync(ReadOnlyMemory<byte> header, CancellationToken ct)
    {
        if (rewriteHeader is null)
        {
            await target.WriteAsync(header, ct).ConfigureAwait(false);
            return;
        }

        // Latin-1 maps every octet to one char and back, so 8-bit header octets survive the rewrite unchanged.
        var rewritten = rewriteHeader(Encoding.Latin1.GetString(header.Span));
        await target.WriteAsync(Encoding.Latin1.GetBytes(rewritten), ct).ConfigureAwait(false);
    }

    /// <summary>The index just after the CRLF that ends the last header line (before the empty line).</summary>
    private static int IndexOf(ReadOnlySpan<byte> buffer, int from)
    {
        var at = buffer[from..].IndexOf(s_blankLine);
        return at < 0 ? -1 : from + at + 2;
    }
}
