using System.Text;
using MimeKit.Utils;

namespace Paloma.Imap.Message;

/// <summary>
/// One stored message, parsed once for what IMAP needs from its content: ENVELOPE, BODYSTRUCTURE, the octets of
/// any section, and the SEARCH predicates on headers and text. Parsing only locates the MIME structure (linear
/// in the octets, nesting bounded by <see cref="MimeStructureParser.MaxDepth"/>); the rest is computed on first
/// use. Nothing here throws on malformed input.
/// </summary>
/// <remarks>
/// <see cref="Envelope"/> and <see cref="BodyStructure"/> are response text to be sent as UTF-8: the count of
/// every literal they contain is the number of UTF-8 octets of its text. Header octets that are not valid UTF-8
/// are read one character per octet (ISO-8859-1) before that.
/// </remarks>
public sealed class MessageContent
{
    private readonly byte[] _raw;
    private readonly MessagePart _root;
    private readonly SearchText _search;
    private string? _envelope;
    private string? _body;
    private string? _bodyStructure;
    private SortHeaders? _sortHeaders;

    private MessageContent(byte[] raw)
    {
        _raw = raw;
        _root = MimeStructureParser.ParseMessage(raw);
        _search = new SearchText(raw, _root);
    }

    /// <summary>Parses the raw octets of a message exactly as stored. The array is kept, not copied: the caller
    /// must not change it afterwards.</summary>
    public static MessageContent Parse(byte[] raw) => new(raw);

    /// <summary>Reads the whole stream and parses it like <see cref="Parse(byte[])"/>.</summary>
    public static MessageContent Parse(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new MessageContent(buffer.ToArray());
    }

    /// <summary>The size of the message in octets (RFC822.SIZE).</summary>
    public int Size => _raw.Length;

    /// <summary>The ENVELOPE structure, RFC 3501 §7.4.2, as it goes on the wire: "(date subject ...)".</summary>
    public string Envelope => _envelope ??= BuildEnvelope();

    /// <summary>BODYSTRUCTURE (extended: true) or BODY (extended: false), RFC 3501 §7.4.2.</summary>
    public string BodyStructure(bool extended)
    {
        if (extended)
        {
            return _bodyStructure ??= BuildBodyStructure(extended: true);
        }

        return _body ??= BuildBodyStructure(extended: false);
    }

    /// <summary>The octets of a section, or null when the part does not exist (the caller then returns an
    /// empty string, as RFC 3501 §6.4.5 allows for a nonexistent section).</summary>
    public byte[]? GetSection(SectionSpec section) => SectionExtractor.Extract(_raw, _root, section);

    /// <summary>BINARY[part] (RFC 3516): the part's octets with their transfer encoding removed.</summary>
    public BinarySection GetBinary(IReadOnlyList<int> part) => BinaryExtractor.Extract(_raw, _root, part);

    /// <summary>The Date: header, for SENTBEFORE/SENTON/SENTSINCE; null if absent or unparsable.</summary>
    public DateTimeOffset? SentDate
    {
        get
        {
            if (_root.Header.Find("Date") is not { } dateField)
            {
                return null;
            }

            var length = dateField.ValueEnd - dateField.ValueStart;
            return DateUtils.TryParse(_raw, dateField.ValueStart, length, out var date) ? date : null;
        }
    }

    /// <summary>The header fields SORT and THREAD use (RFC 5256), read on first use.</summary>
    public SortHeaders SortHeaders => _sortHeaders ??= SortHeaders.Read(_raw, _root.Header);

    /// <summary>SEARCH HEADER/FROM/TO/CC/BCC/SUBJECT: the field exists and contains the value (case-insensitive,
    /// RFC 2047 decoded); an empty value matches any message that has the field (RFC 3501 §6.4.4).</summary>
    public bool HeaderContains(string fieldName, string value) => _search.HeaderContains(fieldName, value);

    /// <summary>SEARCH BODY: the decoded text of the message body contains the value.</summary>
    public bool BodyContains(string value) => _search.BodyContains(value);

    /// <summary>SEARCH TEXT: the header or the body contains the value.</summary>
    public bool TextContains(string value) => _search.TextContains(value);

    private string BuildEnvelope()
    {
        var builder = new StringBuilder(256);
        EnvelopeWriter.Append(builder, _raw, _root.Header);
        return builder.ToString();
    }

    private string BuildBodyStructure(bool extended)
    {
        var builder = new StringBuilder(256);
        BodyStructureWriter.Append(builder, _raw, _root, extended);
        return builder.ToString();
    }
}
