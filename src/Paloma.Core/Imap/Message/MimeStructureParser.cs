using System.Text;
using MimeKit;

namespace Paloma.Imap.Message;

/// <summary>
/// Splits raw message octets into the MIME tree with exact offsets, so that sections are the original octets
/// (RFC 3501 §6.4.5) and BODYSTRUCTURE sizes count them. It never throws on malformed input: whatever cannot
/// be split is shown as a text/plain leaf (case C36).
/// </summary>
internal static class MimeStructureParser
{
    /// <summary>Nesting beyond this depth is shown as a leaf: it bounds recursion and the work per message,
    /// which is proportional to the octets times the depth.</summary>
    public const int MaxDepth = 32;

    public static MessagePart ParseMessage(byte[] raw) => ParseEntity(raw, 0, raw.Length, 0, isInDigest: false);

    private static MessagePart ParseEntity(byte[] raw, int start, int end, int depth, bool isInDigest)
    {
        var header = HeaderSection.Parse(raw, start, end);
        var contentType = MimeHeaderReader.ReadContentType(raw, header, isInDigest);
        var canNest = depth < MaxDepth;

        if (IsType(contentType, "multipart"))
        {
            var parts = canNest ? SplitMultipart(raw, header.End, end, contentType, depth) : null;
            if (parts is null)
            {
                // RFC 2046 §5.1.1: without a usable boundary there are no body parts; a body-type-mpart needs at
                // least one body (RFC 3501 §9), so the whole body is shown as the default text/plain.
                return new MessagePart(header, end, MimeHeaderReader.DefaultContentType());
            }

            return new MessagePart(header, end, contentType) { Parts = parts };
        }

        var isRfc822 = contentType.MediaSubtype.Equals("rfc822", StringComparison.OrdinalIgnoreCase);
        if (IsType(contentType, "message") && isRfc822)
        {
            if (!canNest)
            {
                return new MessagePart(header, end, MimeHeaderReader.DefaultContentType());
            }

            var message = ParseEntity(raw, header.End, end, depth + 1, isInDigest: false);
            return new MessagePart(header, end, contentType) { Message = message };
        }

        return new MessagePart(header, end, contentType);
    }

    private static List<MessagePart>? SplitMultipart(byte[] raw, int start, int end, ContentType type, int depth)
    {
        var boundary = type.Boundary;
        if (string.IsNullOrEmpty(boundary))
        {
            return null;
        }

        // RFC 2046 §5.1.5: in a multipart/digest a part without Content-Type is message/rfc822.
        var isDigest = type.MediaSubtype.Equals("digest", StringComparison.OrdinalIgnoreCase);
        var delimiter = Encoding.UTF8.GetBytes("--" + boundary);
        var parts = new List<MessagePart>();
        var partStart = -1;
        var position = start;
        while (FindDelimiterLine(raw, delimiter, position, end) is var (lineStart, lineEnd, isClose) && lineStart >= 0)
        {
            if (partStart >= 0)
            {
                var partEnd = Math.Max(partStart, BeforeLineBreak(raw, lineStart, partStart));
                parts.Add(ParseEntity(raw, partStart, partEnd, depth + 1, isDigest));
            }

            if (isClose)
            {
                return parts.Count > 0 ? parts : null;
            }

            partStart = lineEnd;
            position = lineEnd;
        }

        if (partStart >= 0)
        {
            // The close delimiter never came (truncated message): the last part runs to the end of the body.
            parts.Add(ParseEntity(raw, partStart, end, depth + 1, isDigest));
        }

        return parts.Count > 0 ? parts : null;
    }

    /// <summary>RFC 2046 §5.1.1: a delimiter is a line that starts with "--" boundary and has only linear white
    /// space after it; the close delimiter has "--" right after the boundary. Returns lineStart -1 if none.
    /// </summary>
    private static (int LineStart, int LineEnd, bool IsClose) FindDelimiterLine(
        byte[] raw, byte[] delimiter, int position, int end)
    {
        while (position < end)
        {
            var found = raw.AsSpan(position, end - position).IndexOf(delimiter);
            if (found < 0)
            {
                break;
            }

            var lineStart = position + found;
            position = lineStart + 1;
            if (lineStart > 0 && raw[lineStart - 1] != '\n')
            {
                continue;
            }

            var after = lineStart + delimiter.Length;
            var newline = raw.AsSpan(after, end - after).IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? end : after + newline + 1;
            if (end - after >= 2 && raw[after] == '-' && raw[after + 1] == '-')
            {
                return (lineStart, lineEnd, true);
            }

            if (raw.AsSpan(after, lineEnd - after).TrimEnd("\r\n"u8).Trim(" \t"u8).IsEmpty)
            {
                return (lineStart, lineEnd, false);
            }
        }

        return (-1, -1, false);
    }

    /// <summary>RFC 2046 §5.1.1: the line break before a delimiter belongs to the delimiter, not to the part.
    /// </summary>
    private static int BeforeLineBreak(byte[] raw, int lineStart, int floor)
    {
        var end = lineStart;
        if (end > floor && raw[end - 1] == '\n')
        {
            end--;
            if (end > floor && raw[end - 1] == '\r')
            {
                end--;
            }
        }

        return end;
    }

    private static bool IsType(ContentType type, string mediaType) =>
        type.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);
}
