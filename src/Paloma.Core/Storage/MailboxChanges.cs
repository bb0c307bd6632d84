namespace Paloma.Storage;

/// <summary>
/// What changed in a mailbox since a MODSEQ, as of one committed state: the mailbox row, every message row whose
/// MODSEQ is above it (new and re-flagged messages, ascending UID) and the UIDs expunged since (ascending).
/// </summary>
public sealed record MailboxChanges(MailboxInfo Info, IReadOnlyList<MessageInfo> Changed,
    IReadOnlyList<uint> Expunged);
