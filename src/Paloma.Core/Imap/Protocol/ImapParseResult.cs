namespace Paloma.Imap.Protocol;

public enum ImapParseStatus
{
    /// <summary>The input ends before the command does; nothing was consumed.</summary>
    NeedMoreData,

    /// <summary>Like <see cref="NeedMoreData"/>, at the body of a literal announced at the end of the input.</summary>
    NeedLiteral,

    Complete,

    /// <summary>The command breaks the grammar; <see cref="ImapParseResult.Error"/> says how.</summary>
    Error,
}

/// <summary>The outcome of parsing one command. <see cref="Tag"/> is set whenever a tag could be read, so that an
/// error can be answered with a tagged BAD; <see cref="Name"/> (upper case) whenever the command name could.</summary>
public sealed record ImapParseResult(ImapParseStatus Status, ImapCommand? Command, long Consumed, string? Tag,
    string? Name, string? Error, LiteralSpec? Literal);
