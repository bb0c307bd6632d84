using MimeKit;

namespace Paloma.Imap.Message;

/// <summary>
/// One entity of the MIME tree (RFC 2045 §2.4): its header section and the [BodyStart, BodyEnd) range of its
/// encoded body in the raw message. A multipart has its <see cref="Parts"/>; a message/rfc822 part has the
/// encapsulated <see cref="Message"/> (RFC 2046 §5.2.1), whose header and body lie inside this body.
/// </summary>
internal sealed class MessagePart
{
    public MessagePart(HeaderSection header, int bodyEnd, ContentType contentType)
    {
        Header = header;
        BodyEnd = bodyEnd;
        ContentType = contentType;
    }

    public HeaderSection Header { get; }

    public int BodyStart => Header.End;

    public int BodyEnd { get; }

    /// <summary>The effective type: the header's Content-Type, or the RFC 2045 §5.2 / RFC 2046 §5.1.5 default
    /// when it is absent, invalid, or names a multipart that cannot be split.</summary>
    public ContentType ContentType { get; }

    public IReadOnlyList<MessagePart> Parts { get; init; } = [];

    public MessagePart? Message { get; init; }

    public bool IsMultipart => Parts.Count > 0;

    public bool IsMessage => Message is not null;

    public bool IsText => ContentType.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase);

    public int BodyLength => BodyEnd - BodyStart;
}
