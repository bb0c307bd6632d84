namespace Paloma.Imap.Message;

/// <summary>
/// One stored message, parsed once (with MimeKit) for what IMAP needs from its content: ENVELOPE,
/// BODYSTRUCTURE, the octets of any section, and the SEARCH predicates on headers and text.
/// </summary>
public sealed class MessageContent
{
    /// <summary>Parses the raw octets of a message exactly as stored.</summary>
    public static MessageContent Parse(byte[] raw) => throw new NotImplementedException();

    /// <summary>The ENVELOPE structure, RFC 3501 §7.4.2, as it goes on the wire: "(date subject ...)".</summary>
    public string Envelope => throw new NotImplementedException();

    /// <summary>BODYSTRUCTURE (extended: true) or BODY (extended: false), RFC 3501 §7.4.2.</summary>
    public string BodyStructure(bool extended) => throw new NotImplementedException();

    /// <summary>The octets of a section, or null when the part does not exist (the caller then returns an
    /// empty string, as RFC 3501 §6.4.5 allows for a nonexistent section).</summary>
    public byte[]? GetSection(SectionSpec section) => throw new NotImplementedException();

    /// <summary>The Date: header, for SENTBEFORE/SENTON/SENTSINCE; null if absent or unparsable.</summary>
    public DateTimeOffset? SentDate => throw new NotImplementedException();

    /// <summary>SEARCH HEADER/FROM/TO/CC/BCC/SUBJECT: the field exists and contains the value (case-insensitive,
    /// RFC 2047 decoded); an empty value matches any message that has the field (RFC 3501 §6.4.4).</summary>
    public bool HeaderContains(string fieldName, string value) => throw new NotImplementedException();

    /// <summary>SEARCH BODY: the decoded text of the message body contains the value.</summary>
    public bool BodyContains(string value) => throw new NotImplementedException();

    /// <summary>SEARCH TEXT: the header or the body contains the value.</summary>
    public bool TextContains(string value) => throw new NotImplementedException();
}
