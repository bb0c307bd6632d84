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

/// <summary>SELECT, EXAMINE, CREATE, DELETE, SUBSCRIBE, UNSUBSCRIBE: one mailbox argument. SELECT and EXAMINE
/// may carry CONDSTORE or QRESYNC parameters (RFC 7162 §3.1.8, §3.2.5); CREATE may carry USE (RFC 6154 §3).
/// </summary>
public sealed record MailboxCommand(string Tag, string Name, byte[] Mailbox, SelectOptions? Select = null,
    IReadOnlyList<string>? Use = null) : ImapCommand(Tag, Name);

/// <summary>QRESYNC parameters of SELECT (RFC 7162 §3.2.5): what the client cached.</summary>
public sealed record QResyncParameters(uint UidValidity, ulong ModSeq, SequenceSet? KnownUids);

/// <summary>SELECT/EXAMINE parameters: (CONDSTORE) and/or (QRESYNC (...)).</summary>
public sealed record SelectOptions(bool CondStore, QResyncParameters? QResync);

public sealed record RenameCommand(string Tag, byte[] From, byte[] To) : ImapCommand(Tag, "RENAME");

/// <summary>LIST and LSUB (RFC 3501 §6.3.8-9); <see cref="SpecialUseOnly"/> is LIST (SPECIAL-USE) of RFC 6154 §5.1.
/// </summary>
public sealed record ListCommand(string Tag, string Name, byte[] Reference, byte[] Pattern, bool SpecialUseOnly = false)
    : ImapCommand(Tag, Name)
{
    /// <summary>Every pattern of LIST-EXTENDED's "(p1 p2 ...)" form (RFC 5258 §3); the first is <see cref="Pattern"/>.
    /// </summary>
    public IReadOnlyList<byte[]> Patterns { get; init; } = [Pattern];

    /// <summary>Selection options (RFC 5258 §3.1): SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL-USE.</summary>
    public IReadOnlyList<string> Selection { get; init; } = [];

    /// <summary>Return options (RFC 5258 §3.2): SUBSCRIBED, CHILDREN, SPECIAL-USE, STATUS.</summary>
    public IReadOnlyList<string> Return { get; init; } = [];

    /// <summary>The items of RETURN (STATUS (...)) (RFC 5819), or null.</summary>
    public IReadOnlyList<string>? StatusItems { get; init; }

    /// <summary>True for the extended form: its responses may carry extended data (RFC 5258 §3.5).</summary>
    public bool Extended { get; init; }
}

public sealed record StatusCommand(string Tag, byte[] Mailbox, IReadOnlyList<string> Items)
    : ImapCommand(Tag, "STATUS");

/// <summary>APPEND up to its message literal; the octets are still on the wire when the command is parsed.</summary>
/// <param name="Utf8">The message came as "UTF8 (~{n})" (RFC 6855 §4): a ")" follows the literal.</param>
public sealed record AppendCommand(string Tag, byte[] Mailbox, IReadOnlyList<string> Flags, DateTimeOffset? Date,
    LiteralSpec Message, bool Utf8 = false) : ImapCommand(Tag, "APPEND");

/// <summary>One more message of a MULTIAPPEND (RFC 3502 §6.3.11), parsed from the line after a literal.</summary>
public sealed record AppendPart(IReadOnlyList<string> Flags, DateTimeOffset? Date, LiteralSpec Message,
    bool Utf8 = false);

/// <summary>SEARCH; <see cref="Return"/> is the ESEARCH result options (RFC 4731 §3.1, RFC 5182), null when the
/// command had no RETURN, and empty for "RETURN ()" (which means ALL).</summary>
public sealed record SearchCommand(string Tag, bool Uid, string? Charset, SearchKey Key,
    IReadOnlyList<string>? Return = null) : ImapCommand(Tag, Uid ? "UID SEARCH" : "SEARCH");

/// <summary>FETCH with the RFC 7162 modifiers CHANGEDSINCE (§3.1.4.1) and VANISHED (§3.2.6).</summary>
public sealed record FetchCommand(string Tag, bool Uid, SequenceSet Set, IReadOnlyList<FetchItem> Items,
    ulong? ChangedSince = null, bool Vanished = false) : ImapCommand(Tag, Uid ? "UID FETCH" : "FETCH");

/// <summary>STORE with the RFC 7162 §3.1.3 modifier UNCHANGEDSINCE.</summary>
public sealed record StoreCommand(string Tag, bool Uid, SequenceSet Set, FlagStoreMode Mode, bool Silent,
    IReadOnlyList<string> Flags, ulong? UnchangedSince = null) : ImapCommand(Tag, Uid ? "UID STORE" : "STORE");

/// <summary>SORT (RFC 5256 §3): criteria such as "REVERSE", "ARRIVAL", then the search.</summary>
public sealed record SortCommand(string Tag, bool Uid, IReadOnlyList<string> Criteria, string Charset,
    SearchKey Key) : ImapCommand(Tag, Uid ? "UID SORT" : "SORT");

/// <summary>THREAD (RFC 5256 §3): ORDEREDSUBJECT or REFERENCES.</summary>
public sealed record ThreadCommand(string Tag, bool Uid, string Algorithm, string Charset, SearchKey Key)
    : ImapCommand(Tag, Uid ? "UID THREAD" : "THREAD");

/// <summary>GETQUOTA, GETQUOTAROOT (RFC 9208 §4.2-3): one root or mailbox argument.</summary>
public sealed record QuotaCommand(string Tag, string Name, byte[] Argument) : ImapCommand(Tag, Name);

/// <summary>SETQUOTA (RFC 9208 §4.1): a root and (resource limit) pairs.</summary>
public sealed record SetQuotaCommand(string Tag, byte[] Root, IReadOnlyList<(string Resource, ulong Limit)> Limits)
    : ImapCommand(Tag, "SETQUOTA");

/// <summary>COPY and MOVE (RFC 6851), by sequence number or UID.</summary>
public sealed record CopyCommand(string Tag, bool Move, bool Uid, SequenceSet Set, byte[] Mailbox)
    : ImapCommand(Tag, (Uid ? "UID " : "") + (Move ? "MOVE" : "COPY"));

/// <summary>UID EXPUNGE (RFC 4315 §2.1).</summary>
public sealed record UidExpungeCommand(string Tag, SequenceSet Set) : ImapCommand(Tag, "UID EXPUNGE");

/// <summary>COMPRESS (RFC 4978 §3) with its mechanism name.</summary>
public sealed record CompressCommand(string Tag, string Mechanism) : ImapCommand(Tag, "COMPRESS");
