namespace Paloma.Imap.Protocol;

/// <summary>A SEARCH key (RFC 3501 §6.4.4); a list of keys is their AND.</summary>
public abstract record SearchKey;

public sealed record SearchAll : SearchKey;

public sealed record SearchAnd(IReadOnlyList<SearchKey> Keys) : SearchKey;

public sealed record SearchOr(SearchKey Left, SearchKey Right) : SearchKey;

public sealed record SearchNot(SearchKey Key) : SearchKey;

/// <summary>A system flag or keyword that must be present (<see cref="Present"/>) or absent.</summary>
public sealed record SearchFlag(string Flag, bool Present) : SearchKey;

/// <summary>RECENT (true) and OLD (false); NEW is RECENT UNSEEN.</summary>
public sealed record SearchRecent(bool Recent) : SearchKey;

public sealed record SearchSize(bool Larger, uint Size) : SearchKey;

public enum SearchDateComparison
{
    Before,
    On,
    Since,
}

/// <summary>BEFORE/ON/SINCE compare INTERNALDATE; SENTBEFORE/SENTON/SENTSINCE compare the Date: header. Both
/// disregard time and timezone (RFC 3501 §6.4.4).</summary>
public sealed record SearchDate(bool Sent, SearchDateComparison Comparison, DateTime Date) : SearchKey;

/// <summary>HEADER field string, and FROM/TO/CC/BCC/SUBJECT, which are HEADER with a fixed field.</summary>
public sealed record SearchHeader(string Field, string Value) : SearchKey;

public sealed record SearchBody(string Value) : SearchKey;

public sealed record SearchText(string Value) : SearchKey;

/// <summary>A sequence set of message numbers, or with <see cref="Uid"/> the UID key.</summary>
public sealed record SearchSet(SequenceSet Set, bool Uid) : SearchKey;

/// <summary>MODSEQ n: messages whose MODSEQ is at least n (RFC 7162 §3.1.5).</summary>
public sealed record SearchModSeq(ulong ModSeq) : SearchKey;
