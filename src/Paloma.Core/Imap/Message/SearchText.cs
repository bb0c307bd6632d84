using MimeKit;
using MimeKit.Utils;

namespace Paloma.Imap.Message;

/// <summary>
/// The decoded text that SEARCH compares against (RFC 3501 §6.4.4): header values with RFC 2047 decoded, and the
/// text/* parts with their transfer encoding and charset removed. Matching is a case-insensitive substring test.
/// Each piece is decoded at most once per message, on first use.
/// </summary>
internal sealed class SearchText
{
    private readonly byte[] _raw;
    private readonly MessagePart _root;
    private string[]? _headerValues;
    private List<string>? _bodyTexts;

    public SearchText(byte[] raw, MessagePart root)
    {
        _raw = raw;
        _root = root;
    }

    public bool HeaderContains(string fieldName, string value)
    {
        var fields = _root.Header.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (!fields[i].HasName(_raw, fieldName))
            {
                continue;
            }

            // RFC 3501 §6.4.4 HEADER: an empty string matches every message that has the field.
            if (value.Length == 0 || Contains(HeaderValues()[i], value))
            {
                return true;
            }
        }

        return false;
    }

    public bool BodyContains(string value)
    {
        foreach (var text in BodyTexts())
        {
            if (Contains(text, value))
            {
                return true;
            }
        }

        return false;
    }

    public bool TextContains(string value)
    {
        var fields = _root.Header.Fields;
        var values = HeaderValues();
        for (var i = 0; i < fields.Count; i++)
        {
            var name = HeaderSection.DecodeOctets(_raw.AsSpan(fields[i].Start, fields[i].NameEnd - fields[i].Start));
            if (Contains(name, value) || Contains(values[i], value))
            {
                return true;
            }
        }

        return BodyContains(value);
    }

    private static bool Contains(string text, string value) => text.Contains(value, StringComparison.OrdinalIgnoreCase);

    private string[] HeaderValues()
    {
        if (_headerValues is not null)
        {
            return _headerValues;
        }

        var fields = _root.Header.Fields;
        var values = new string[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            values[i] = DecodeHeaderValue(fields[i]);
        }

        return _headerValues = values;
    }

    private string DecodeHeaderValue(HeaderField field)
    {
        var value = field.Value(_raw);
        var unfolded = new byte[value.Length];
        var length = 0;
        foreach (var octet in value)
        {
            if (octet != '\r' && octet != '\n')
            {
                unfolded[length++] = octet;
            }
        }

        // RFC 2047 §6.1: encoded-words are decoded before comparison; 8-bit octets are read by MimeKit as UTF-8
        // with a fallback charset.
        return Rfc2047.DecodeText(MimeHeaderReader.Options, unfolded, 0, length);
    }

    private List<string> BodyTexts()
    {
        if (_bodyTexts is null)
        {
            // Built aside and published whole, so a concurrent reader never sees half a list.
            var texts = new List<string>();
            CollectTexts(_root, texts);
            _bodyTexts = texts;
        }

        return _bodyTexts;
    }

    /// <summary>The text/* leaves in order, including those of encapsulated messages. The recursion is bounded
    /// by <see cref="MimeStructureParser.MaxDepth"/>.</summary>
    private void CollectTexts(MessagePart part, List<string> texts)
    {
        if (part.IsMultipart)
        {
            foreach (var child in part.Parts)
            {
                CollectTexts(child, texts);
            }
        }
        else if (part.Message is { } message)
        {
            CollectTexts(message, texts);
        }
        else if (part.IsText)
        {
            texts.Add(DecodeText(part));
        }
    }

    private string DecodeText(MessagePart part)
    {
        var encoding = ReadTransferEncoding(part.Header.GetUnfolded("Content-Transfer-Encoding"));
        var stream = new MemoryStream(_raw, part.BodyStart, part.BodyLength, writable: false);
        var textPart = new TextPart("plain") { Content = new MimeContent(stream, encoding) };
        var charset = part.ContentType.Charset;
        if (!string.IsNullOrWhiteSpace(charset))
        {
            try
            {
                return textPart.GetText(charset);
            }
            catch (Exception exception) when (exception is NotSupportedException or ArgumentException)
            {
                // An unknown charset: fall through to MimeKit's own guess (UTF-8, then ISO-8859-1).
            }
        }

        return textPart.Text;
    }

    /// <summary>RFC 2045 §6.1 mechanisms; anything unknown is taken as the identity encoding 7bit.</summary>
    private static ContentEncoding ReadTransferEncoding(string? value) =>
        value?.ToLowerInvariant() switch
        {
            "base64" => ContentEncoding.Base64,
            "quoted-printable" => ContentEncoding.QuotedPrintable,
            "x-uuencode" or "uuencode" or "x-uue" => ContentEncoding.UUEncode,
            "8bit" => ContentEncoding.EightBit,
            "binary" => ContentEncoding.Binary,
            _ => ContentEncoding.SevenBit,
        };
}
