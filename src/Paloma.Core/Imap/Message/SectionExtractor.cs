namespace Paloma.Imap.Message;

/// <summary>
/// Takes the octets of a BODY[section] (RFC 3501 §6.4.5) from the raw message, exactly as stored: every
/// section is a slice of the original, except HEADER.FIELDS(.NOT), which joins the original field lines.
/// </summary>
internal static class SectionExtractor
{
    private static readonly byte[] EmptyLine = "\r\n"u8.ToArray();

    public static byte[]? Extract(byte[] raw, MessagePart root, SectionSpec section)
    {
        MessagePart? part = null;
        if (section.Part.Count > 0)
        {
            part = Resolve(root, section.Part);
            if (part is null)
            {
                return null;
            }
        }

        if (section.Kind == SectionKind.All)
        {
            return part is null ? raw.ToArray() : raw[part.BodyStart..part.BodyEnd];
        }

        if (section.Kind == SectionKind.Mime)
        {
            // RFC 3501 §6.4.5: the MIME part specifier MUST be prefixed by one or more numeric part specifiers.
            return part is null ? null : raw[part.Header.Start..part.Header.End];
        }

        // RFC 3501 §6.4.5: HEADER, HEADER.FIELDS(.NOT) and TEXT after a part number need a MESSAGE/RFC822 part;
        // alone they name the top-level message.
        var message = part is null ? root : part.Message;
        if (message is null)
        {
            return null;
        }

        return section.Kind switch
        {
            SectionKind.Header => raw[message.Header.Start..message.Header.End],
            SectionKind.Text => raw[message.BodyStart..message.BodyEnd],
            SectionKind.HeaderFields => SelectFields(raw, message.Header, section.Fields, include: true),
            SectionKind.HeaderFieldsNot => SelectFields(raw, message.Header, section.Fields, include: false),
            _ => null,
        };
    }

    /// <summary>Follows a part path. At the top, and inside a message/rfc822 part, a message that is not
    /// multipart has one part, its body (RFC 3501 §6.4.5); a leaf part has no sub-parts.</summary>
    internal static MessagePart? Resolve(MessagePart root, IReadOnlyList<int> path)
    {
        MessagePart? current = null;
        foreach (var number in path)
        {
            IReadOnlyList<MessagePart> candidates;
            if (current is null)
            {
                candidates = PartsOfMessage(root);
            }
            else if (current.Message is { } message)
            {
                candidates = PartsOfMessage(message);
            }
            else if (current.IsMultipart)
            {
                candidates = current.Parts;
            }
            else
            {
                return null;
            }

            if (number < 1 || number > candidates.Count)
            {
                return null;
            }

            current = candidates[number - 1];
        }

        return current;
    }

    private static IReadOnlyList<MessagePart> PartsOfMessage(MessagePart message) =>
        message.IsMultipart ? message.Parts : [message];

    /// <summary>RFC 3501 §6.4.5: the lines of the fields named (or not named), with their original folding, in
    /// the order of the header, followed by the blank line that ends a header.</summary>
    private static byte[] SelectFields(byte[] raw, HeaderSection header, IReadOnlyList<string> names, bool include)
    {
        using var output = new MemoryStream();
        foreach (var field in header.Fields)
        {
            var named = false;
            foreach (var name in names)
            {
                named |= field.HasName(raw, name);
            }

            if (named != include)
            {
                continue;
            }

            output.Write(raw, field.Start, field.End - field.Start);
            if (raw[field.End - 1] != '\n')
            {
                // The header ended at the end of the message without a line break; keep the lines apart.
                output.Write(EmptyLine);
            }
        }

        output.Write(EmptyLine);
        return output.ToArray();
    }
}
