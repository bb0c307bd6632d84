using Paloma.Storage;

namespace Paloma.Imap.Protocol;

/// <summary>
/// A parsed command (RFC 3501 §6). <see cref="Name"/> is the upper-cased command name, "UID FETCH" style for
/// UID commands. Mailbox names stay in their wire octets: whether a name is acceptable is the handler's
/// question (answered with NO), not the grammar's.
/// </summary>
public abstract record ImapCommand(string Tag, string Name)
{
    /// <summary>The first word, as the state table knows commands ("UID" for every UID command).</summary>
    public string Verb => Name.Split(' ')[0];
}

/// <summary>Commands without arguments: CAPABILITY, NOOP, LOGOUT, CHECK, CLOSE, UNSELECT, EXPUNGE, IDLE,
/// NAMESPACE.</summary>
public sealed record SimpleCommand(string Tag, string Name) : ImapCommand(Tag, Name);

public sealed record LoginCommand(string Tag, string UserName, string Password) : ImapCommand(Tag, "LOGIN");

/// <summary>AUTHENTICATE with an optional SASL-IR initial response (RFC 4959 §3; "=" is an empty one).</summary>
public sealed record AuthenticateCommand(string Tag, string Mechanism, string? InitialResponse)
    : ImapCommand(Tag, "AUTHENTICATE");

public sealed record EnableCommand(string Tag, IReadOnlyList<string> Capabilities) : ImapCommand(Tag, "ENABLE");

/// <summary>RFC 2971: the client's field/value pairs, or null for "ID NIL".</summary>
public sealed record IdCommand(string Tag, IReadOnlyList<(string Field, string? Value)>? Fields)
    : ImapCommand(Tag, "ID");

/// <summary>SELECT, EXAMINE, CREATE, DELETE, SUBSCRIBE, UNSUBSCRIBE: one mailbox argument.</summary>
public sealed record MailboxCommand(string Tag, string Name, byte[] Mailbox) : ImapCommand(Tag, Name);

public sealed record RenameCommand(string Tag, byte[] From, byte[] To) : ImapCommand(Tag, "RENAME");

/// <summary>LIST and LSUB (RFC 3501 §6.3.8-9); <see cref="SpecialUseOnly"/> is LIST (SPECIAL-USE) of RFC 6154 §5.1.
/// </summary>
public sealed record ListCommand(string Tag, string Name, byte[] Reference, byte[] Pattern, bool SpecialUseOnly = false)
    : ImapCommand(Tag, Name);

public sealed record StatusCommand(string Tag, byte[] Mailbox, IReadOnlyList<string> Items)
    : ImapCommand(Tag, "STATUS");

/// <summary>APPEND up to its message literal; the octets are still on the wire when the command is parsed.</summary>
public sealed record AppendCommand(string Tag, byte[] Mailbox, IReadOnlyList<string> Flags, DateTimeOffset? Date,
    LiteralSpec Message) : ImapCommand(Tag, "APPEND");

public sealed record SearchCommand(string Tag, bool Uid, string? Charset, SearchKey Key)
    : ImapCommand(Tag, Uid ? "UID SEARCH" : "SEARCH");

public sealed record FetchCommand(string Tag, bool Uid, SequenceSet Set, IReadOnlyList<FetchItem> Items)
    : ImapCommand(Tag, Uid ? "UID FETCH" : "FETCH");

public sealed record StoreCommand(string Tag, bool Uid, SequenceSet Set, FlagStoreMode Mode, bool Silent,
    IReadOnlyList<string> Flags) : ImapCommand(Tag, Uid ? "UID STORE" : "STORE");

/// <summary>COPY and MOVE (RFC 6851), by sequence number or UID.</summary>
public sealed record CopyCommand(string Tag, bool Move, bool Uid, SequenceSet Set, byte[] Mailbox)
    : ImapCommand(Tag, (Uid ? "UID " : "") + (Move ? "MOVE" : "COPY"));

/// <summary>UID EXPUNGE (RFC 4315 §2.1).</summary>
public sealed record UidExpungeCommand(string Tag, SequenceSet Set) : ImapCommand(Tag, "UID EXPUNGE");
