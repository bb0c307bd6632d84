namespace Paloma.Storage;

/// <summary>A mailbox (an IMAP folder) of one user, as stored.</summary>
/// <param name="Name">The full hierarchical name with '/' as delimiter; INBOX is always spelled "INBOX".</param>
/// <param name="SpecialUse">An RFC 6154 attribute such as <c>\Sent</c>, or null.</param>
/// <param name="HighestModSeq">The highest MODSEQ given to any change in this mailbox (RFC 7162).</param>
public sealed record MailboxInfo(
    long Id,
    long UserId,
    string Name,
    uint UidValidity,
    uint UidNext,
    string? SpecialUse,
    bool Subscribed,
    ulong HighestModSeq);
