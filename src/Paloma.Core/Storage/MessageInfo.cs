namespace Paloma.Storage;

/// <summary>One message in one mailbox: the index entry, not the content.</summary>
/// <param name="BlobId">The stored message file; several mailbox entries may share one (COPY, multi-recipient).</param>
/// <param name="Size">Size in octets of the stored message (RFC822.SIZE).</param>
/// <param name="Flags">System flags (<c>\Seen</c>, <c>\Answered</c>, <c>\Flagged</c>, <c>\Deleted</c>,
/// <c>\Draft</c>) and keywords, as the client spelled them; compared case-insensitively.</param>
public sealed record MessageInfo(
    long MailboxId,
    uint Uid,
    long BlobId,
    long Size,
    DateTimeOffset InternalDate,
    IReadOnlyList<string> Flags,
    ulong ModSeq)
{
    public bool HasFlag(string flag)
    {
        // A loop, not LINQ: SELECT and SEARCH ask this of every message of the mailbox.
        for (var i = 0; i < Flags.Count; i++)
        {
            if (string.Equals(Flags[i], flag, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
