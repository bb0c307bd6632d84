namespace Paloma.Storage;

/// <summary>
/// A mailbox and every message in it, as of one committed state of the store: <see cref="Info"/>'s
/// HIGHESTMODSEQ covers exactly the messages listed, and every UID listed is below its UIDNEXT.
/// </summary>
/// <param name="Messages">In ascending UID order; shared between callers, so never modified.</param>
public sealed record MailboxIndex(MailboxInfo Info, IReadOnlyList<MessageInfo> Messages);
