namespace Paloma.Storage;

/// <summary>Counts of one mailbox computed by the store without reading every message record (STATUS).</summary>
/// <param name="Recent">Messages with a UID at or above the first-recent UID the caller gave.</param>
/// <param name="Deleted">Messages flagged \Deleted (RFC 9051 STATUS DELETED).</param>
/// <param name="Size">Sum of message sizes in octets (RFC 8438 STATUS SIZE).</param>
public sealed record MailboxStats(long Messages, long Unseen, long Recent, long Deleted, long Size);
