using Paloma.Imap.Message;

namespace Paloma.Imap.Protocol;

/// <summary>What a FETCH asks for (RFC 3501 §6.4.5).</summary>
public abstract record FetchItem;

public enum FetchAttribute
{
    Flags,
    Uid,
    InternalDate,
    Rfc822Size,
    Envelope,
    BodyStructure,
    /// <summary>BODY without a section: the non-extensible BODYSTRUCTURE.</summary>
    Body,
    /// <summary>RFC 7162 §3.1.4.</summary>
    ModSeq,
}

public sealed record FetchSimple(FetchAttribute Attribute) : FetchItem;

/// <summary>
/// BODY[section]&lt;partial&gt;, BODY.PEEK[...], and the RFC822, RFC822.HEADER, RFC822.TEXT forms, which are the
/// same data under another name (<see cref="LegacyName"/>).
/// </summary>
/// <param name="SectionText">The section as the response echoes it, e.g. "HEADER.FIELDS (SUBJECT)".</param>
public sealed record FetchSection(SectionSpec Section, string SectionText, bool Peek, uint? PartialStart,
    uint? PartialLength, string? LegacyName = null) : FetchItem
{
    /// <summary>The name in the response; a partial fetch names only its origin, "BODY[]&lt;10&gt;" (§7.4.2).
    /// </summary>
    public string ResponseName => LegacyName ?? $"BODY[{SectionText}]" + (PartialStart is { } s ? $"<{s}>" : "");
}

/// <summary>
/// BINARY[part]&lt;partial&gt;, BINARY.PEEK[part] and BINARY.SIZE[part] (RFC 3516 §4.2): the part with its
/// Content-Transfer-Encoding removed.
/// </summary>
public sealed record FetchBinary(IReadOnlyList<int> Part, bool Peek, bool SizeOnly, uint? PartialStart,
    uint? PartialLength) : FetchItem
{
    /// <summary>"BINARY[1.2]", "BINARY[1]&lt;0&gt;" or "BINARY.SIZE[1]"; PEEK is not echoed (RFC 3516 §4.2).
    /// </summary>
    public string ResponseName => (SizeOnly ? "BINARY.SIZE[" : "BINARY[") + string.Join('.', Part) + "]"
        + (PartialStart is { } s ? $"<{s}>" : "");
}
