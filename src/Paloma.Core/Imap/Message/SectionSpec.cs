namespace Paloma.Imap.Message;

/// <summary>What part of a message a BODY[section] fetch names (RFC 3501 §6.4.5).</summary>
public enum SectionKind
{
    /// <summary>The whole part: BODY[] or BODY[1.2].</summary>
    All,
    Header,
    HeaderFields,
    HeaderFieldsNot,
    Text,
    Mime,
}

/// <summary>A parsed section specifier: the part path (empty for the top level message), what to take from
/// it, and for HEADER.FIELDS(.NOT) the field names.</summary>
public sealed record SectionSpec(IReadOnlyList<int> Part, SectionKind Kind, IReadOnlyList<string> Fields)
{
    public static readonly SectionSpec Whole = new([], SectionKind.All, []);
}
