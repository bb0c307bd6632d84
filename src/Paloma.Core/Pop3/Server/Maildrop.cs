using Paloma.Pop3.Protocol;
using Paloma.Storage;

namespace Paloma.Pop3.Server;

/// <summary>
/// The snapshot of INBOX a session works on (RFC 1939 §5): messages numbered 1..n when TRANSACTION begins,
/// plus the set marked deleted. Mail delivered later is not seen until the next session; deletion marks live
/// only here until QUIT applies them.
/// </summary>
public sealed class Maildrop(MailboxInfo inbox, IReadOnlyList<MessageInfo> messages)
{
    private readonly bool[] _deleted = new bool[messages.Count];

    public long MailboxId => inbox.Id;

    /// <summary>Messages in the snapshot, deleted ones included: the highest valid message number.</summary>
    public int Count => messages.Count;

    public int DeletedCount => _deleted.Count(d => d);

    public IEnumerable<(int Number, MessageInfo Message)> Visible =>
        messages.Select((m, i) => (i + 1, m)).Where(p => !_deleted[p.Item1 - 1]);

    public IReadOnlyCollection<uint> DeletedUids => messages.Where((_, i) => _deleted[i]).Select(m => m.Uid).ToList();

    /// <summary>The message of a number that exists and is not marked deleted (RFC 1939 §5).</summary>
    public MessageInfo Get(int number)
    {
        if (number > messages.Count)
        {
            Pop3ProtocolException.Throw(Pop3Error.NoSuchMessage);
        }

        if (_deleted[number - 1])
        {
            Pop3ProtocolException.Throw(Pop3Error.MessageDeleted);
        }

        return messages[number - 1];
    }

    public void Delete(int number)
    {
        Get(number);
        _deleted[number - 1] = true;
    }

    public void Reset() => Array.Clear(_deleted);

    /// <summary>
    /// RFC 1939 §7 UIDL: unique within the maildrop, persistent across sessions, never reused, 0x21-0x7E only.
    /// UIDs are never reused in a mailbox and UIDVALIDITY changes if the mailbox is ever recreated, so the pair
    /// satisfies all of that (case C27).
    /// </summary>
    public string UniqueId(MessageInfo message) => $"{inbox.UidValidity}.{message.Uid}";
}
